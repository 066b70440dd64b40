// ESLint: the import-owner and type-safety half of ARCHITECTURE.md §3 (dependency-cruiser,
// `.dependency-cruiser.cjs`, does the package layering and cycles; the per-environment tsconfigs
// keep Node and DOM types out of src-shared).
//
// What is enforced here:
//   * type safety (typescript-eslint, type-checked): no `any`, no-unsafe-* (assignment, call,
//     member access, return, argument), exhaustive `switch` over unions, no floating promises,
//     no `enum` (string-literal unions, §2), no non-null `!` outside tests (§17.3: suppress one
//     with `// eslint-disable-next-line ... -- why it is safe`);
//   * single owners (`no-restricted-imports`, type imports included unless said otherwise):
//       koffi          only src-main/simhost/jit/nativeLibrary.ts
//       nunjucks       only src-main/simhost/render/**
//       electron       only src-main/electron/** (not ipcMain/contextBridge/ipcRenderer),
//                      src-main/ipc/** (ipcMain + types), src-preload/** (contextBridge,
//                      ipcRenderer + types)
//       child_process  only src-main/simhost/jit/**, src-main/services/simHostLauncher*.ts,
//                      src-main/cli/**, scripts/**, bin/**, e2e/** and tests
//       window.spikeforge only src-renderer/src/ipc/client.ts
//   * src-shared: no Node built-ins (`node:*`, `fs`, `path`, …), no electron/koffi/nunjucks/
//     react/monaco/plotly, no imports of src-main/src-renderer/src-preload; src-renderer: no Node
//     built-ins;
//   * no deep imports into a src-shared package from outside it: `../units`, never
//     `../units/unitTable` (`__fixtures__` excepted).
//
// How the restrictions are laid out: flat config does not merge the options of one rule across
// blocks (the last matching block wins), so `importRules()` below emits one block per region with
// the full option list for that region, general regions first, each followed by its test-file
// variant (`files: [[region, tests, *.ts]]` = all must match). Regions are nested or disjoint, so the
// last matching block always carries exactly the restrictions of the innermost region.
//
// Verified by scripts/checkRules.mjs (`node scripts/checkRules.mjs`, ~20 s): in a scratch copy of
// the tree it writes one probe file per restriction and region (a violation and the allowed case
// next to it: koffi outside/inside nativeLibrary.ts, a type-only nunjucks import in runtime/,
// electron `app` in ipc/, ipcMain in electron/ and preload/, child_process in services/ vs jit/,
// simHostLauncher*.ts, cli/ and a test, node:fs/path/react/src-main and `../units/unitTable` in
// src-shared at depth 1 and 2, window.spikeforge in the renderer, a non-exhaustive switch, `any`,
// unsafe assignment/member access/return, `!` in source and in a test, an enum) and checks that
// ESLint reports exactly the expected errors. Run it after editing this file; to see the options
// one file gets: `npx eslint --print-config <file>`.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

const TS = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const TESTS = [
  '**/*.test.ts',
  '**/*.test.tsx',
  '**/*.spec.ts',
  '**/*.spec.tsx',
  '**/__fixtures__/**',
  '**/*TestSupport.ts',
  '**/testModels.ts',
  'e2e/**',
];

// ---------------------------------------------------------------------------------------------
// Restrictions (options of @typescript-eslint/no-restricted-imports).

const NODE_BUILTINS_REGEX = `^(node:.*|(${builtinModules
  .filter((m) => !m.startsWith('_') && !m.startsWith('node:'))
  .map((m) => m.replace(/[/]/g, '\\/'))
  .join('|')})(\\/.*)?)$`;

/** @typedef {{ paths?: object[], patterns?: object[] }} Restriction */

/** @type {Record<string, Restriction>} */
const R = {
  koffi: {
    paths: [{ name: 'koffi', message: 'koffi is owned by src-main/simhost/jit/nativeLibrary.ts (ARCHITECTURE §3).' }],
  },
  nunjucks: {
    paths: [{ name: 'nunjucks', message: 'nunjucks is owned by src-main/simhost/render/ (ARCHITECTURE §3); pass a TemplateSource/renderer in.' }],
  },
  electron: {
    paths: [{ name: 'electron', message: 'electron is owned by src-main/electron/ (and ipcMain by src-main/ipc/, contextBridge/ipcRenderer by src-preload/).' }],
    patterns: [{ regex: '^electron/', message: 'electron is owned by src-main/electron/ (ARCHITECTURE §3).' }],
  },
  electronMainLayer: {
    paths: [{ name: 'electron', importNames: ['ipcMain', 'contextBridge', 'ipcRenderer'], message: 'ipcMain belongs to src-main/ipc/, contextBridge/ipcRenderer to src-preload/ (ARCHITECTURE §3).' }],
  },
  electronIpc: {
    paths: [{ name: 'electron', allowImportNames: ['ipcMain'], allowTypeImports: true, message: 'src-main/ipc/ may use ipcMain (and electron types) only; the rest of electron lives in src-main/electron/.' }],
    patterns: [{ regex: '^electron/', message: 'import from "electron" (ipcMain only).' }],
  },
  electronPreload: {
    paths: [{ name: 'electron', allowImportNames: ['contextBridge', 'ipcRenderer'], allowTypeImports: true, message: 'src-preload/ may use contextBridge and ipcRenderer (and electron types) only.' }],
    patterns: [{ regex: '^electron/', message: 'import from "electron" (contextBridge, ipcRenderer only).' }],
  },
  childProcess: {
    paths: ['child_process', 'node:child_process'].map((name) => ({
      name,
      message: 'Process spawning is owned by src-main/simhost/jit/ (compilers) and the sim-host launchers (services/simHostLauncher*.ts, cli/); scripts, e2e and tests may spawn too.',
    })),
  },
  nodeBuiltins: {
    patterns: [{ regex: NODE_BUILTINS_REGEX, message: 'No Node built-ins here (src-shared is pure; the renderer is sandboxed). Take the capability as a parameter.' }],
  },
  sharedForeign: {
    patterns: [
      { regex: '^(electron|koffi|nunjucks|react|react-dom|monaco-editor|plotly\\.js[^/]*)(\\/.*)?$', message: 'src-shared is pure: no electron, koffi, nunjucks, react, monaco or plotly (ARCHITECTURE §3).' },
      { regex: '(^|\\/)src-(main|renderer|preload)(\\/|$)', message: 'src-shared may not import src-main, src-renderer or src-preload (ARCHITECTURE §3).' },
    ],
  },
  // Deep imports into a src-shared package. Outside src-shared any `src-shared/<pkg>/<file>` is
  // deep; inside, it depends on the file's depth, hence one pattern per depth.
  deepSharedOutside: {
    patterns: [{ regex: '(^|\\/)src-shared\\/(?!__fixtures__\\/)[^/]+\\/(?!index(\\.ts)?$).+', message: 'Import a src-shared package through its index (e.g. src-shared/units), not one of its files.' }],
  },
  deepShared1: {
    patterns: [{ regex: '^\\.\\.\\/(?!__fixtures__\\/)[^./][^/]*\\/(?!index(\\.ts)?$).+', message: 'Import another src-shared package through its index (`../units`), not one of its files.' }],
  },
  deepShared2: {
    patterns: [{ regex: '^\\.\\.\\/\\.\\.\\/(?!__fixtures__\\/)[^./][^/]*\\/(?!index(\\.ts)?$).+', message: 'Import another src-shared package through its index (`../../units`), not one of its files.' }],
  },
  deepShared3: {
    patterns: [{ regex: '^\\.\\.\\/\\.\\.\\/\\.\\.\\/(?!__fixtures__\\/)[^./][^/]*\\/(?!index(\\.ts)?$).+', message: 'Import another src-shared package through its index (`../../../units`), not one of its files.' }],
  },
};

/** Builds the no-restricted-imports options from restriction keys. */
function restrictedImports(keys) {
  const paths = keys.flatMap((k) => R[k].paths ?? []);
  const patterns = keys.flatMap((k) => R[k].patterns ?? []);
  return ['error', { paths, patterns }];
}

/**
 * Regions, outermost first; `keys` = what the region's sources may not import, `testKeys` = the
 * same for its test files (tests may spawn processes).
 */
const OWNER_KEYS = ['koffi', 'nunjucks', 'electron', 'childProcess'];
const without = (keys, ...drop) => keys.filter((k) => !drop.includes(k));
const MAIN = [...OWNER_KEYS, 'deepSharedOutside'];
const regions = [
  // Anything not covered below (scripts, bin, examples, config files, e2e).
  { files: TS, keys: MAIN },
  { files: ['scripts/**', 'bin/**', 'e2e/**'], keys: without(MAIN, 'childProcess') },
  { files: ['src-main/**'], keys: MAIN },
  { files: ['src-main/electron/**'], keys: [...without(MAIN, 'electron'), 'electronMainLayer'] },
  { files: ['src-main/ipc/**'], keys: [...without(MAIN, 'electron'), 'electronIpc'] },
  { files: ['src-main/services/simHostLauncher*.ts', 'src-main/cli/**'], keys: without(MAIN, 'childProcess') },
  { files: ['src-main/simhost/jit/**'], keys: without(MAIN, 'childProcess') },
  { files: ['src-main/simhost/jit/nativeLibrary.ts'], keys: without(MAIN, 'childProcess', 'koffi') },
  { files: ['src-main/simhost/render/**'], keys: without(MAIN, 'nunjucks') },
  { files: ['src-preload/**'], keys: [...without(MAIN, 'electron'), 'electronPreload'] },
  { files: ['src-renderer/**'], keys: [...MAIN, 'nodeBuiltins'] },
  { files: ['src-shared/**'], keys: [...OWNER_KEYS, 'nodeBuiltins', 'sharedForeign'] },
  { files: ['src-shared/*/*.{ts,tsx}'], keys: [...OWNER_KEYS, 'nodeBuiltins', 'sharedForeign', 'deepShared1'] },
  { files: ['src-shared/*/*/*.{ts,tsx}'], keys: [...OWNER_KEYS, 'nodeBuiltins', 'sharedForeign', 'deepShared2'] },
  { files: ['src-shared/*/*/*/**/*.{ts,tsx}'], keys: [...OWNER_KEYS, 'nodeBuiltins', 'sharedForeign', 'deepShared3'] },
];

const TS_GLOB = '**/*.{ts,tsx,mts,cts}';
function importRules() {
  return regions.flatMap(({ files, keys }) => [
    { files: files.map((f) => [f, TS_GLOB]), rules: { '@typescript-eslint/no-restricted-imports': restrictedImports(keys) } },
    {
      files: files.flatMap((f) => TESTS.map((t) => [f, t, TS_GLOB])),
      rules: { '@typescript-eslint/no-restricted-imports': restrictedImports(without(keys, 'childProcess')) },
    },
  ]);
}

// ---------------------------------------------------------------------------------------------

const NODE_GLOBALS = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'structuredClone', 'AbortController', 'TextEncoder', 'TextDecoder', 'fetch', 'performance', 'queueMicrotask'].map((g) => [g, 'readonly']),
);

export default defineConfig(
  {
    name: 'spikeforge/ignores',
    ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'coverage/**', 'test-results/**', 'resources/**', 'templates/**', '**/__golden__/**', 'bench/results/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Plain JavaScript (scripts/*.mjs, bin/*.mjs, config files): untyped.
  {
    name: 'spikeforge/js',
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: NODE_GLOBALS },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...NODE_GLOBALS, module: 'writable', require: 'readonly', __dirname: 'readonly' } },
  },

  // TypeScript: type-checked. One program per environment tsconfig (ARCHITECTURE §2), so a
  // src-shared file is linted against the Node-free, DOM-free program.
  {
    name: 'spikeforge/ts',
    files: TS,
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.main.json'], tsconfigRootDir: root },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      // A `default:` counts as handling the remaining members (a deliberate catch-all); a switch
      // over a union without one must list every member. Set considerDefaultExhaustiveForUnions
      // to false to demand every member be listed even with a default.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Contract handlers implement `Promise`-returning interfaces; `async` without `await` is the
      // plain way to write one whose body happens to be synchronous.
      '@typescript-eslint/require-await': 'off',
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a string-literal union, not an enum (ARCHITECTURE §2).' }],
    },
  },
  { files: ['src-shared/**'], languageOptions: { parserOptions: { project: ['./tsconfig.shared.json'] } } },
  { files: ['src-preload/**'], languageOptions: { parserOptions: { project: ['./tsconfig.preload.json'] } } },
  { files: ['src-renderer/**'], languageOptions: { parserOptions: { project: ['./tsconfig.web.json'] } } },
  {
    files: ['src-renderer/**'],
    ignores: ['src-renderer/src/ipc/client.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'window', property: 'spikeforge', message: 'window.spikeforge is read only in src-renderer/src/ipc/client.ts (ARCHITECTURE §3).' }],
      'no-restricted-globals': ['error', { name: 'spikeforge', message: 'window.spikeforge is read only in src-renderer/src/ipc/client.ts (ARCHITECTURE §3).' }],
    },
  },

  // Import owners (see the header).
  ...importRules().map((block) => ({ ...block, name: 'spikeforge/imports' })),

  // Tests may be looser: `!` on values the test just asserted, untyped JSON fixtures, spies.
  {
    name: 'spikeforge/tests',
    files: TESTS,
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
);
