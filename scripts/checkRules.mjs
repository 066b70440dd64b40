#!/usr/bin/env node
// Self-test of the architecture rules: proves that every rule of eslint.config.mjs (import owners,
// deep imports, type safety) and .dependency-cruiser.cjs (layering, cycles, purity) fires on a
// violation and stays quiet on the allowed case next to it.
//
// It copies the source trees to a scratch directory (node_modules symlinked; the checkout is never
// touched), writes small probe files there, runs ESLint on the probes and dependency-cruiser on
// the trees, and compares what was reported with what each probe expects. Run it after editing
// either config:   node scripts/checkRules.mjs        (~30 s; exit code 1 if a rule misbehaves)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'spikeforge-rules-'));
const keep = process.argv.includes('--keep');

const COPY = ['src-shared', 'src-main', 'src-renderer', 'src-preload', 'e2e', 'examples', 'scripts', 'bin', 'package.json', 'vitest.config.ts', 'electron.vite.config.ts', 'eslint.config.mjs', '.dependency-cruiser.cjs'];
for (const entry of COPY) {
  if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(scratch, entry), { recursive: true, filter: (src) => !src.includes('/__golden__') });
}
for (const f of ['tsconfig.json', 'tsconfig.base.json', 'tsconfig.shared.json', 'tsconfig.main.json', 'tsconfig.preload.json', 'tsconfig.web.json']) {
  // The copies keep their build info out of the checkout's .cache.
  if (existsSync(join(ROOT, f))) writeFileSync(join(scratch, f), readFileSync(join(ROOT, f), 'utf8'));
}
symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');

function write(file, code) {
  mkdirSync(dirname(join(scratch, file)), { recursive: true });
  writeFileSync(join(scratch, file), code);
}
function stub(file, code) {
  if (!existsSync(join(scratch, file))) write(file, code);
}

// Packages a probe imports must exist (as an index) for the import to resolve.
const SHARED = ['diagnostics', 'units', 'expressions', 'equations', 'model', 'stateupdate', 'codegen', 'script', 'api', 'export', 'reference', 'ipc', 'plots'];
for (const pkg of SHARED) stub(`src-shared/${pkg}/index.ts`, `export const zzStub${pkg} = 1;\n`);
stub('src-main/index.ts', 'export const zzRoot = 1;\n');
stub('src-main/simhost/index.ts', 'export const zzSimhost = 1;\n');
stub('src-main/simhost/locateAppRoot.ts', 'export const zzLocate = 1;\n');
stub('src-main/simhost/jit/runProcess.ts', 'export const zzRun = 1;\n');
stub('src-main/simhost/runtime/kernel.ts', 'export const zzKernel = 1;\n');
stub('src-main/simhost/render/renderNetwork.ts', 'export const zzRender = 1;\n');
stub('src-main/services/backend.ts', 'export const zzBackend = 1;\n');
stub('src-shared/units/unitTable.ts', 'export const zzTable = 1;\n');

/**
 * Probes: `eslint` = [ruleId, message fragment] pairs that must be reported for the file (and no
 * other no-restricted-imports error); `depcruise` = rule names that must be reported from the file
 * (and no others). An empty list means "must be clean" for that tool.
 * @type {{ file: string, code: string, eslint?: [string, string][], depcruise?: string[] }[]}
 */
const R = '@typescript-eslint/no-restricted-imports';
const probes = [
  // ---- single owners
  {
    file: 'src-main/services/zzOwners.ts',
    code: `import koffi from 'koffi';\nimport nunjucks from 'nunjucks';\nimport { app } from 'electron';\nimport { spawn } from 'node:child_process';\nexport const probe = [koffi, nunjucks, app, spawn];\n`,
    eslint: [[R, "'koffi'"], [R, "'nunjucks'"], [R, "'electron'"], [R, "'node:child_process'"]],
    depcruise: ['owner-koffi', 'owner-nunjucks', 'owner-electron', 'owner-child-process', 'main-services-no-electron', 'main-node-hosts-never-reach-electron'],
  },
  {
    file: 'src-main/services/zzDynamic.ts',
    code: `export async function load(): Promise<unknown> {\n  return import('koffi');\n}\n`,
    eslint: [],
    depcruise: ['owner-koffi'],
  },
  { file: 'src-main/simhost/jit/zzSpawn.ts', code: `import { spawn } from 'node:child_process';\nexport const p = spawn;\n`, eslint: [], depcruise: [] },
  { file: 'src-main/simhost/jit/zzKoffi.ts', code: `import koffi from 'koffi';\nexport const p = koffi;\n`, eslint: [[R, "'koffi'"]], depcruise: ['owner-koffi'] },
  { file: 'src-main/simhost/render/zzNunjucks.ts', code: `import nunjucks from 'nunjucks';\nexport const p = nunjucks;\n`, eslint: [], depcruise: [] },
  { file: 'src-main/simhost/runtime/zzNunjucksType.ts', code: `import type nunjucks from 'nunjucks';\nexport type P = nunjucks.Environment;\n`, eslint: [[R, "'nunjucks'"]], depcruise: ['owner-nunjucks'] },
  { file: 'src-main/services/simHostLauncherZz.ts', code: `import { fork } from 'node:child_process';\nexport const p = fork;\n`, eslint: [], depcruise: [] },
  { file: 'src-main/cli/zzSpawn.ts', code: `import { spawn } from 'child_process';\nexport const p = spawn;\n`, eslint: [], depcruise: [] },
  { file: 'src-main/services/zzSpawn.test.ts', code: `import { spawn } from 'node:child_process';\nexport const p = spawn;\n`, eslint: [], depcruise: [] },
  { file: 'src-main/ipc/zzIpcMain.ts', code: `import { ipcMain, type IpcMainInvokeEvent } from 'electron';\nexport const p = ipcMain;\nexport type E = IpcMainInvokeEvent;\n`, eslint: [], depcruise: [] },
  { file: 'src-main/ipc/zzApp.ts', code: `import { app } from 'electron';\nexport const p = app;\n`, eslint: [[R, "'app' import from 'electron'"]], depcruise: [] },
  { file: 'src-main/electron/zzWindow.ts', code: `import { app, BrowserWindow } from 'electron';\nexport const p = [app, BrowserWindow];\n`, eslint: [], depcruise: [] },
  { file: 'src-main/electron/zzIpcMain.ts', code: `import { ipcMain } from 'electron';\nexport const p = ipcMain;\n`, eslint: [[R, "'ipcMain' import from 'electron'"]], depcruise: [] },
  { file: 'src-preload/zzBridge.ts', code: `import { contextBridge, ipcRenderer } from 'electron';\nimport type { WebContents } from 'electron';\nexport const p = [contextBridge, ipcRenderer];\nexport type W = WebContents;\n`, eslint: [], depcruise: [] },
  {
    file: 'src-preload/zzBad.ts',
    code: `import { ipcMain } from 'electron';\nimport * as model from '../src-shared/model';\nexport const p = [ipcMain, model];\n`,
    eslint: [[R, "'ipcMain' import from 'electron'"]],
    depcruise: ['preload-only-ipc'],
  },

  // ---- src-shared purity, deep imports, layering
  {
    file: 'src-shared/model/zzImpure.ts',
    code: `import { readFileSync } from 'node:fs';\nimport { join } from 'path';\nimport { zzTable } from '../units/unitTable';\nimport * as units from '../units';\nimport * as api from '../../src-main/cli/zzSpawn';\nimport React from 'react';\nimport * as diagnostics from '../diagnostics';\nexport const p = [readFileSync, join, zzTable, units, api, React, diagnostics];\n`,
    eslint: [[R, "'node:fs'"], [R, "'path'"], [R, "'../units/unitTable'"], [R, "'../../src-main/cli/zzSpawn'"], [R, "'react'"]],
    depcruise: ['shared-is-pure-node', 'shared-through-index', 'shared-is-pure'],
  },
  {
    file: 'src-shared/codegen/cpp/zzDepth2.ts',
    code: `import { zzTable } from '../../units/unitTable';\nimport * as own from '../index';\nimport * as units from '../../units';\nexport const p = [zzTable, own, units];\n`,
    eslint: [[R, "'../../units/unitTable'"]],
    depcruise: ['shared-through-index'],
  },
  { file: 'src-shared/units/zzLayerOk.ts', code: `import * as d from '../diagnostics';\nexport const p = d;\n`, eslint: [], depcruise: [] },
  { file: 'src-shared/ipc/zzValueFromModel.ts', code: `import * as model from '../model';\nexport const p = model;\n`, eslint: [], depcruise: ['shared-layer-ipc-types-only'] },
  { file: 'src-shared/plots/zzValueFromModel.ts', code: `import * as model from '../model';\nexport const p = model;\n`, eslint: [], depcruise: ['shared-layer-plots-types-only'] },
  { file: 'src-shared/ipc/zzTypeFromModel.ts', code: `import type * as model from '../model';\nexport type P = typeof model;\n`, eslint: [], depcruise: [] },
  { file: 'src-shared/units/zzCycleA.ts', code: `import { b } from './zzCycleB';\nexport const a = (): number => b() + 1;\n`, eslint: [], depcruise: ['no-circular'] },
  // A cycle is reported once, from one of its modules.
  { file: 'src-shared/units/zzCycleB.ts', code: `import { a } from './zzCycleA';\nexport const b = (): number => a() + 1;\n`, eslint: [], depcruise: null },

  // ---- renderer and main
  { file: 'src-preload/zzPreloadApi.ts', code: `export const zzPreloadValue = 1;\nexport type ZzPreloadType = number;\n`, eslint: [], depcruise: [] },
  {
    file: 'src-renderer/src/zzRenderer.ts',
    code: `import { readFileSync } from 'node:fs';\nimport * as backend from '../../src-main/services/backend';\nimport { zzPreloadValue } from '../../src-preload/zzPreloadApi';\nimport type { ZzPreloadType } from '../../src-preload/zzPreloadApi';\nexport const p = [readFileSync, backend, zzPreloadValue, (window as unknown as { spikeforge: unknown }).spikeforge];\nexport type T = ZzPreloadType;\n`,
    eslint: [[R, "'node:fs'"]],
    depcruise: ['renderer-not-node', 'renderer-not-main', 'renderer-preload-types-only'],
  },
  { file: 'src-renderer/src/zzWindow.ts', code: `export const p: unknown = window.spikeforge;\n`, eslint: [['no-restricted-properties', 'window.spikeforge']], depcruise: [] },
  {
    file: 'src-main/services/zzReachesOut.ts',
    code: `import { zzTable } from '../../src-shared/units/unitTable';\nimport * as locate from '../simhost/locateAppRoot';\nimport * as root from '../index';\nimport * as renderer from '../../src-renderer/src/zzWindow';\nimport * as window from '../electron/zzWindow';\nexport const p = [zzTable, locate, root, renderer, window];\n`,
    eslint: [[R, "'../../src-shared/units/unitTable'"]],
    depcruise: ['shared-through-index-outside', 'simhost-not-imported', 'main-composition-root', 'main-not-renderer', 'main-services-no-electron', 'main-services-no-electron', 'main-node-hosts-never-reach-electron'],
  },
  { file: 'src-main/cli/zzWindow.ts', code: `import * as window from '../electron/zzWindow';\nexport const p = window;\n`, eslint: [], depcruise: ['main-hosts-no-electron', 'main-node-hosts-never-reach-electron'] },
  { file: 'src-main/webhost/zzIndirect.ts', code: `import { p as q } from '../ipc/zzIpcMain';\nexport const p = q;\n`, eslint: [], depcruise: ['main-node-hosts-never-reach-electron'] },

  // ---- sim host internals
  { file: 'src-main/simhost/jit/zzLeaf.ts', code: `import * as render from '../render/renderNetwork';\nexport const p = render;\n`, eslint: [], depcruise: ['simhost-jit-leaf'] },
  { file: 'src-main/simhost/render/zzLeaf.ts', code: `import * as jit from '../jit/runProcess';\nexport const p = jit;\n`, eslint: [], depcruise: ['simhost-render-leaf'] },
  { file: 'src-main/simhost/registry/zzUp.ts', code: `import * as kernel from '../runtime/kernel';\nimport * as jit from '../jit/runProcess';\nexport const p = [kernel, jit];\n`, eslint: [], depcruise: ['simhost-registry-jit-only'] },
  {
    file: 'src-main/simhost/runtime/zzUp.ts',
    code: `import * as entry from '../index';\nimport * as services from '../../services/zzSpawn.test';\nimport * as render from '../render/renderNetwork';\nexport const p = [entry, services, render];\n`,
    eslint: [],
    depcruise: ['simhost-runtime-down-only', 'simhost-self-contained'],
  },

  // ---- type safety
  {
    file: 'src-shared/model/zzTypes.ts',
    code: `export type Kind = 'a' | 'b';\nexport function f(k: Kind): number {\n  switch (k) {\n    case 'a':\n      return 1;\n  }\n  return 0;\n}\nexport function g(k: Kind): number {\n  switch (k) {\n    case 'a':\n      return 1;\n    default:\n      return 0;\n  }\n}\nexport const v: any = 1;\nexport const n: number = JSON.parse('1');\nexport const m = (JSON.parse('{}') as { x: unknown } | undefined)!.x;\nexport const w = (JSON.parse('{}') as Record<string, unknown>).y;\nexport enum E {\n  A,\n}\n`,
    eslint: [
      ['@typescript-eslint/switch-exhaustiveness-check', 'Cases not matched: "b"'],
      ['@typescript-eslint/no-explicit-any', ''],
      ['@typescript-eslint/no-unsafe-assignment', ''],
      ['@typescript-eslint/no-non-null-assertion', ''],
      ['no-restricted-syntax', 'enum'],
    ],
    depcruise: [],
  },
  { file: 'src-main/services/zzUnsafe.ts', code: `export function h(): unknown {\n  const x = JSON.parse('{}');\n  return x.y;\n}\nexport function k(): number {\n  return JSON.parse('1');\n}\n`, eslint: [['@typescript-eslint/no-unsafe-assignment', ''], ['@typescript-eslint/no-unsafe-member-access', ''], ['@typescript-eslint/no-unsafe-return', '']], depcruise: [] },
  { file: 'src-shared/model/zzTypes.test.ts', code: `export const n = [1][0]!;\n`, eslint: [], depcruise: [] },
];

// One layer probe per src-shared package: import a package above it (not allowed) via its index.
const ABOVE = { diagnostics: 'units', units: 'expressions', expressions: 'equations', equations: 'model', model: 'stateupdate', stateupdate: 'codegen', codegen: 'script', script: 'codegen', api: 'codegen', export: 'codegen', reference: 'script', ipc: 'codegen', plots: 'codegen' };
for (const [pkg, above] of Object.entries(ABOVE)) {
  probes.push({ file: `src-shared/${pkg}/zzLayer.ts`, code: `import * as above from '../${above}';\nexport const p = above;\n`, eslint: [], depcruise: [`shared-layer-${pkg}`] });
}
// The owner of koffi may import it (appended to the real file in the scratch copy).
const nativeLibrary = 'src-main/simhost/jit/nativeLibrary.ts';
if (existsSync(join(scratch, nativeLibrary))) appendFileSync(join(scratch, nativeLibrary), `\nimport zzKoffi from 'koffi';\nexport const zzKoffiProbe = zzKoffi;\n`);
else write(nativeLibrary, `import zzKoffi from 'koffi';\nexport const zzKoffiProbe = zzKoffi;\n`);
probes.push({ file: nativeLibrary, code: '', eslint: undefined, depcruise: [], ownerOnly: 'koffi' });

for (const p of probes) if (p.code) write(p.file, p.code);

// ---- run the tools in the scratch copy
const eslintRun = spawnSync(process.execPath, [join(scratch, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', ...probes.map((p) => p.file)], { cwd: scratch, encoding: 'utf8', maxBuffer: 1 << 28 });
const depRun = spawnSync(process.execPath, [join(scratch, 'scripts/depcruise.mjs'), '--output-type', 'json'], { cwd: scratch, encoding: 'utf8', maxBuffer: 1 << 28 });
let eslintReport;
let depReport;
try {
  eslintReport = JSON.parse(eslintRun.stdout);
  depReport = JSON.parse(depRun.stdout.slice(depRun.stdout.indexOf('{')));
} catch (error) {
  console.error('could not run the tools:', error, eslintRun.stderr, depRun.stderr);
  process.exit(2);
}

const eslintByFile = new Map(eslintReport.map((f) => [relative(scratch, f.filePath), f.messages]));
const depByFile = new Map();
for (const v of depReport.summary.violations) {
  const list = depByFile.get(v.from) ?? [];
  list.push(v.rule.name);
  depByFile.set(v.from, list);
}

let failures = 0;
const fired = new Map(); // rule → times it fired as expected
const check = (ok, text) => {
  if (!ok) failures += 1;
  console.log(`${ok ? '✓' : '✗'} ${text}`);
};
const sorted = (a) => [...a].sort();
for (const p of probes) {
  const messages = (eslintByFile.get(p.file) ?? []).filter((m) => m.severity === 2);
  const fatal = messages.filter((m) => m.ruleId === null);
  if (fatal.length) check(false, `${p.file}: ESLint could not parse it: ${fatal[0].message}`);
  if (p.ownerOnly) {
    const koffi = messages.filter((m) => m.ruleId === R && m.message.includes(`'${p.ownerOnly}'`));
    check(koffi.length === 0, `${p.file}: the owner may import ${p.ownerOnly} (ESLint)`);
  } else if (p.eslint) {
    for (const [rule, fragment] of p.eslint) {
      const hit = messages.find((m) => m.ruleId === rule && m.message.includes(fragment));
      check(Boolean(hit), `${p.file}: ESLint ${rule}${fragment ? ` (${fragment})` : ''}`);
      if (hit) fired.set(rule, (fired.get(rule) ?? 0) + 1);
    }
    if (p.eslint.length === 0) {
      check(messages.length === 0, `${p.file}: ESLint clean${messages.length ? `  (got: ${messages.map((m) => `${m.ruleId}: ${m.message}`).join(' | ')})` : ''}`);
    }
    const expectedRestricted = p.eslint.filter(([rule]) => rule === R).length;
    const restricted = messages.filter((m) => m.ruleId === R);
    if (restricted.length !== expectedRestricted) {
      check(false, `${p.file}: expected ${expectedRestricted} no-restricted-imports error(s), got ${restricted.length}: ${restricted.map((m) => m.message).join(' | ')}`);
    }
  }
  if (p.depcruise === null) continue;
  const got = sorted(depByFile.get(p.file) ?? []);
  const want = sorted(p.depcruise ?? []);
  const ok = JSON.stringify([...new Set(got)]) === JSON.stringify([...new Set(want)]);
  check(ok, `${p.file}: depcruise ${want.length ? [...new Set(want)].join(', ') : 'clean'}${ok ? '' : `  (got: ${[...new Set(got)].join(', ') || 'nothing'})`}`);
  if (ok) for (const rule of new Set(want)) fired.set(rule, (fired.get(rule) ?? 0) + 1);
}

// Every dependency-cruiser rule must have been shown to fire at least once.
const config = (await import(join(ROOT, '.dependency-cruiser.cjs'))).default;
for (const rule of config.forbidden) check(fired.has(rule.name), `dependency-cruiser rule ${rule.name} fired on its probe`);

if (!keep) rmSync(scratch, { recursive: true, force: true });
else console.log(`scratch copy kept at ${scratch}`);
console.log(`\n${failures === 0 ? 'all rules behave' : `${failures} rule check(s) failed`}`);
process.exitCode = failures === 0 ? 0 : 1;
