// dependency-cruiser: the layering half of ARCHITECTURE.md §3 (ESLint, eslint.config.mjs, does
// import owners by import name, type safety and deep imports in the editor).
//
//   npm run depcheck    (= node scripts/depcruise.mjs; on Node >= 22 also
//                         npx depcruise src-shared src-main src-renderer src-preload --config .dependency-cruiser.cjs)
//
// `a → b` means "a may import b". Type-only imports are seen (tsPreCompilationDeps) and count
// like any other import unless a rule says "types only". Test files follow the same rules except
// where a rule says otherwise (the sim-host subpackages may reach the sim-host test models).
//
// Verified by scripts/checkRules.mjs (`node scripts/checkRules.mjs`): in a scratch copy of the tree
// (never the shared checkout) it adds one violating import per rule (e.g. `import '../codegen'` in
// src-shared/units, `import 'node:fs'` in src-shared/model, `../../src-main/…` in the renderer, a
// cycle a → b → a, `../render/renderNetwork` in simhost/jit, `import('koffi')` in services, a web
// host module reaching electron through src-main/ipc) plus the allowed case next to it, and checks
// that each rule fires exactly where expected and that every rule below fired at least once.
//
// dependency-cruiser 18's CLI refuses Node 20; `npm run depcheck` (scripts/depcruise.mjs) runs the
// same config through its API.

/** Regex for npm packages by name, installed (`node_modules/<name>/…`) or unresolved (`<name>`). */
const npm = (...names) => `(^|/)node_modules/(${names.join('|')})(/|$)|^(${names.join('|')})(/|$)`;

// src-shared layering. Each package lists what it may import besides itself (the transitive
// closure of §3: a higher package may import anything lower in its chain). `__fixtures__` is open
// to every package (test models shared by all stages).
const CHAIN = ['codegen', 'stateupdate', 'model', 'equations', 'expressions', 'units', 'diagnostics'];
const below = (pkg) => CHAIN.slice(CHAIN.indexOf(pkg) + 1);
const SHARED_LAYERS = {
  ...Object.fromEntries(CHAIN.map((pkg) => [pkg, below(pkg)])),
  script: ['model', 'expressions', ...below('model')],
  api: ['model', ...below('model')],
  export: ['model', ...below('model')],
  // The test oracle evaluates abstract code and code-object specs.
  reference: ['codegen', ...below('codegen')],
  ipc: ['diagnostics'],
  // Charts choose their axis units from the data (units/bestUnitFor), so plots may call units.
  plots: ['ipc', 'units', 'diagnostics'],
};
// ... plus type-only imports (ipc carries model types; plots reads them).
const SHARED_TYPES_ONLY = {
  ipc: ['model', ...below('model')],
  plots: ['model', ...below('model')],
};
const alternation = (pkgs) => pkgs.join('|');

const sharedLayerRules = Object.entries(SHARED_LAYERS).flatMap(([pkg, allowed]) => {
  const typesOnly = SHARED_TYPES_ONLY[pkg] ?? [];
  const open = [pkg, ...allowed, ...typesOnly, '__fixtures__'];
  const rules = [
    {
      name: `shared-layer-${pkg}`,
      comment: `src-shared/${pkg} may import only ${allowed.length ? allowed.join(', ') : 'nothing else in src-shared'}${
        typesOnly.length ? ` (+ types from ${typesOnly.join(', ')})` : ''
      } (ARCHITECTURE §3: codegen → stateupdate → model → equations → expressions → units → diagnostics; script → model, expressions; api → model; export → model; plots → ipc, units → diagnostics).`,
      severity: 'error',
      from: { path: `^src-shared/${pkg}/` },
      to: { path: '^src-shared/', pathNot: `^src-shared/(${alternation(open)})/` },
    },
  ];
  if (typesOnly.length) {
    rules.push({
      name: `shared-layer-${pkg}-types-only`,
      comment: `src-shared/${pkg} may import only types from ${typesOnly.join(', ')}.`,
      severity: 'error',
      from: { path: `^src-shared/${pkg}/` },
      to: { path: `^src-shared/(${alternation(typesOnly.filter((p) => !allowed.includes(p)))})/`, dependencyTypesNot: ['type-only'] },
    });
  }
  return rules;
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle is a design bug: move a type down a layer or pass an interface in (ARCHITECTURE §3).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },

    // ---- src-shared -------------------------------------------------------------------------
    {
      name: 'shared-is-pure',
      comment: 'src-shared is pure: no src-main/src-renderer/src-preload, electron, koffi, nunjucks, react, monaco or plotly.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: [`^src-(main|renderer|preload)/`, npm('electron', 'koffi', 'nunjucks', 'react', 'react-dom', 'monaco-editor', 'plotly\\.js[^/]*', 'playwright-core', 'ws')] },
    },
    {
      name: 'shared-is-pure-node',
      comment: 'src-shared is pure: no Node built-ins (it runs in the sandboxed renderer too).',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-through-index',
      comment: 'Another src-shared package is imported through its index.ts only (`../units`, not `../units/unitTable`).',
      severity: 'error',
      from: { path: '^src-shared/([^/]+)/' },
      to: { path: '^src-shared/(?!__fixtures__/)[^/]+/', pathNot: ['^src-shared/$1/', '^src-shared/[^/]+/index\\.ts$'] },
    },
    {
      name: 'shared-through-index-outside',
      comment: 'Outside src-shared, a src-shared package is imported through its index.ts only.',
      severity: 'error',
      from: { pathNot: '^src-shared/' },
      to: { path: '^src-shared/(?!__fixtures__/)[^/]+/', pathNot: '^src-shared/[^/]+/index\\.ts$' },
    },
    ...sharedLayerRules,

    // ---- renderer and preload ----------------------------------------------------------------
    {
      name: 'renderer-not-main',
      comment: 'The renderer imports src-shared and its own files, and only types from src-preload; no src-main, Node, electron, koffi or nunjucks.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: ['^src-main/', npm('electron', 'koffi', 'nunjucks', 'ws', 'playwright-core')] },
    },
    {
      name: 'renderer-not-node',
      comment: 'The renderer is sandboxed: no Node built-ins.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-preload-types-only',
      comment: 'The renderer sees the preload only as types (window.spikeforge).',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-preload/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'preload-only-ipc',
      comment: 'The preload imports electron (contextBridge, ipcRenderer) and src-shared/ipc only.',
      severity: 'error',
      from: { path: '^src-preload/' },
      to: { path: ['^src-(main|renderer)/', '^src-shared/(?!ipc/)'] },
    },
    {
      name: 'main-not-renderer',
      comment: 'src-main never imports the renderer or the preload.',
      severity: 'error',
      from: { path: '^src-main/' },
      to: { path: '^src-(renderer|preload)/' },
    },

    // ---- single owners (ESLint checks these too, by import name; this catches dynamic imports,
    // require() and files ESLint does not lint) -------------------------------------------------
    {
      name: 'owner-koffi',
      comment: 'koffi only in src-main/simhost/jit/nativeLibrary.ts.',
      severity: 'error',
      from: { pathNot: '^src-main/simhost/jit/nativeLibrary\\.ts$' },
      to: { path: npm('koffi') },
    },
    {
      name: 'owner-nunjucks',
      comment: 'nunjucks only in src-main/simhost/render/.',
      severity: 'error',
      from: { pathNot: '^src-main/simhost/render/' },
      to: { path: npm('nunjucks') },
    },
    {
      name: 'owner-electron',
      comment: 'electron only in src-main/electron/, src-main/ipc/ (ipcMain) and src-preload/ (contextBridge, ipcRenderer).',
      severity: 'error',
      from: { pathNot: '^(src-main/electron/|src-main/ipc/|src-preload/)' },
      to: { path: npm('electron') },
    },
    {
      name: 'owner-child-process',
      comment: 'Process spawning only in src-main/simhost/jit/, the sim-host launchers (services/simHostLauncher*.ts, cli/), and tests.',
      severity: 'error',
      from: { path: '^src-', pathNot: ['^src-main/simhost/jit/', '^src-main/services/simHostLauncher[^/]*\\.ts$', '^src-main/cli/', '\\.(test|spec)\\.tsx?$'] },
      to: { dependencyTypes: ['core'], path: '^(node:)?child_process$' },
    },

    // ---- src-main ----------------------------------------------------------------------------
    {
      name: 'main-services-no-electron',
      comment: 'services never import electron, src-main/electron, src-main/ipc or the composition root: the web host and CLI reuse them (Electron adapters implement interfaces that services declare).',
      severity: 'error',
      from: { path: '^src-main/services/' },
      to: { path: ['^src-main/(electron|ipc)/', '^src-main/index\\.ts$', npm('electron')] },
    },
    {
      name: 'main-hosts-no-electron',
      comment: 'The CLI and the web host run without Electron: no electron, src-main/electron or composition root (src-main/ipc is fine as long as it stays electron-free, see the next rule).',
      severity: 'error',
      from: { path: '^src-main/(cli|webhost)/' },
      to: { path: ['^src-main/electron/', '^src-main/index\\.ts$', npm('electron')] },
    },
    {
      name: 'main-node-hosts-never-reach-electron',
      comment: 'Nothing the CLI, the web host or the services load may lead to electron, even through other modules (they run in plain Node).',
      severity: 'error',
      from: { path: '^src-main/(cli|webhost|services)/' },
      to: { path: npm('electron'), reachable: true },
    },
    {
      name: 'main-composition-root',
      comment: 'Nothing imports the Electron composition root src-main/index.ts.',
      severity: 'error',
      from: {},
      to: { path: '^src-main/index\\.ts$' },
    },

    // ---- sim host ----------------------------------------------------------------------------
    {
      name: 'simhost-not-imported',
      comment: 'Nothing outside src-main/simhost imports it: it is a separate process, reached by its entry path and src-shared/ipc/simHostProtocol.',
      severity: 'error',
      from: { pathNot: '^src-main/simhost/' },
      to: { path: '^src-main/simhost/' },
    },
    {
      name: 'simhost-self-contained',
      comment: 'The sim host imports src-shared and itself only (no other src-main, no electron).',
      severity: 'error',
      from: { path: '^src-main/simhost/' },
      to: { path: ['^src-main/(?!simhost/)', '^src-(renderer|preload)/', npm('electron')] },
    },
    {
      name: 'simhost-jit-leaf',
      comment: 'simhost/jit imports nothing else from the sim host (index → runtime → registry → jit).',
      severity: 'error',
      from: { path: '^src-main/simhost/jit/' },
      to: { path: '^src-main/simhost/(?!jit/)' },
    },
    {
      name: 'simhost-render-leaf',
      comment: 'simhost/render imports nothing else from the sim host (runtime → render).',
      severity: 'error',
      from: { path: '^src-main/simhost/render/' },
      to: { path: '^src-main/simhost/(?!render/)' },
    },
    {
      name: 'simhost-registry-jit-only',
      comment: 'simhost/registry may import simhost/jit only (index → runtime → registry → jit).',
      severity: 'error',
      from: { path: '^src-main/simhost/registry/' },
      to: { path: '^src-main/simhost/(?!registry/|jit/)' },
    },
    {
      name: 'simhost-runtime-down-only',
      comment: 'simhost/runtime may import registry, render and jit, never the entry layer (simhost/*.ts); its tests may use the sim-host test models.',
      severity: 'error',
      from: { path: '^src-main/simhost/runtime/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src-main/simhost/(?!runtime/|registry/|render/|jit/)' },
    },
  ],

  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^out/', '^\\.cache/', '/__golden__/'] },
    // Keep `import type` edges: several rules are about types.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.main.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'],
    },
    moduleSystems: ['es6', 'cjs'],
    cache: { folder: '.cache/depcruise', strategy: 'content' },
  },
};
