#!/usr/bin/env node
// `npm run bench:jit`: the JIT host's figures of issue 7, measured in this process (and one fresh
// child process for the cache-hit load), reported as medians over repetitions:
//   1. "run" on a changed CUBA model (4000 neurons) → first monitor batch, tier 0 (target ≤ 50 ms);
//   2. tier 1 swapped in after "run": cache miss (≤ 300 ms) and cache hit in a fresh process (≤ 15 ms);
//      the compile of the whole-network translation unit alone (≤ 200 ms);
//   3. steady state tier 1 vs tier 0 on CUBA (≥ 1.5×);
//   4. 50 networks compiled and loaded in one host: namespaces, conflicts, memory after disposal.
// Writes bench/results/jit.json. Options: --reps N (default 5), --quick (3 reps, 20 networks).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { readScript } = await import('../src-shared/script/index.ts');
const { createTemplateEnvironment } = await import('../src-main/simhost/render/renderNetwork.ts');
const { SimHostCore } = await import('../src-main/simhost/runtime/simHostCore.ts');
const { createNativeBackend } = await import('../src-main/simhost/nativeBackend.ts');
const { expectOk, median } = await import('./bench/common.ts');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const repsArg = args.indexOf('--reps');
const REPS = repsArg >= 0 ? Number(args[repsArg + 1]) : quick ? 3 : 5;
const NETWORKS = quick ? 20 : 50;
const env = createTemplateEnvironment(join(root, 'templates'));
const cubaText = readFileSync(join(root, 'examples', 'cuba.py'), 'utf8');
const noEvents = () => undefined;

/** CUBA with a changed constant (a new model for the cache: a user editing the weight). */
function cuba(k) {
  const ir = readScript(cubaText.replace('we = (60*0.27/10)*mV', `we = (60*0.27/10 + ${k}e-9)*mV`)).ir;
  if (ir === undefined) throw new Error('examples/cuba.py does not read');
  return { ...ir, name: `cuba_${k}` };
}

// Child mode: load a library that is already in the cache, in a fresh process.
if (args[0] === '--child-cache-hit') {
  const core = new SimHostCore(env, createNativeBackend({ cacheDir: args[1] }));
  await core.probe();
  const started = performance.now();
  const built = expectOk(await core.build({ ir: cuba(Number(args[2])), tier: 'native' }));
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ cacheHit: built.cacheHit, buildMs: ms, loadMs: built.timings.loadMs }));
  process.exit(0);
}

const cacheDir = mkdtempSync(join(tmpdir(), 'spikeforge-bench-jit-'));
const core = new SimHostCore(env, createNativeBackend({ cacheDir }));
await core.probe();
// Warm the JS pipeline once (as the sim host does while idle after start-up).
core.dispose(expectOk(await core.build({ ir: cuba(0), tier: 'js' })).networkId);

const results = { firstBatchMs: [], swapMissMs: [], compileMs: [], swapHitFreshMs: [], jsStepUs: [], nativeStepUs: [] };
for (let rep = 1; rep <= REPS; rep++) {
  // 1 and 2: run → first batch on tier 0; the native library compiles meanwhile and is swapped in.
  const t0 = performance.now();
  const built = expectOk(await core.build({ ir: cuba(rep), tier: 'auto' }));
  let firstBatch;
  const done = core.runAsync({ networkId: built.networkId, runId: 'r', steps: 3000, stream: true }, (e) => {
    if (e.event === 'record' && firstBatch === undefined) firstBatch = performance.now() - t0;
  });
  await done;
  await core.nativeReady(built.networkId);
  // The swap happens at the next chunk boundary of a run: measure from build end to swap.
  expectOk(await core.runAsync({ networkId: built.networkId, runId: 'r2', steps: 10, stream: false }, noEvents));
  const swap = core.swapInfo(built.networkId);
  results.firstBatchMs.push(firstBatch ?? NaN);
  results.swapMissMs.push(swap?.readyMs ?? NaN);
  results.compileMs.push(swap?.compileMs ?? NaN);
  core.dispose(built.networkId);
  // Cache hit in a fresh process.
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child-cache-hit', cacheDir, String(rep)], { encoding: 'utf8' });
  const hit = JSON.parse(child.stdout || '{}');
  results.swapHitFreshMs.push(hit.cacheHit === true ? hit.loadMs : NaN);
  // 3: steady state per step on each tier (the same model, 2000 steps after 500 of warm-up).
  for (const tier of ['js', 'native']) {
    const b = expectOk(await core.build({ ir: { ...cuba(rep), name: `steady_${tier}_${rep}` }, tier }));
    core.run({ networkId: b.networkId, runId: 'w', steps: 500, stream: false }, noEvents);
    const r = expectOk(core.run({ networkId: b.networkId, runId: 's', steps: 2000, stream: false }, noEvents));
    (tier === 'js' ? results.jsStepUs : results.nativeStepUs).push(r.nsPerStep / 1000);
    core.dispose(b.networkId);
  }
}

// 4: many networks in one host.
const rssBefore = process.memoryUsage().rss;
const ids = [];
const small = (k) => readScript(`from brian2 import *\nG = NeuronGroup(100, 'dv/dt = (${1 + k / 1000} - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')\nS = SpikeMonitor(G)\nrun(10*ms)\n`).ir;
for (let k = 0; k < NETWORKS; k++) ids.push(expectOk(await core.build({ ir: { ...small(k), name: `net_${k}` }, tier: 'native' })).networkId);
const namespaces = core.scanNamespaces().namespaces.length;
const conflicts = core.checkConflicts().conflicts.length;
const rssLoaded = process.memoryUsage().rss;
for (const id of ids) core.dispose(id);
globalThis.gc?.();
const rssAfter = process.memoryUsage().rss;
rmSync(cacheDir, { recursive: true, force: true });

const summary = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg(), node: process.version },
  reps: REPS,
  firstBatchMs: median(results.firstBatchMs),
  swapCacheMissMs: median(results.swapMissMs),
  compileMs: median(results.compileMs),
  loadCacheHitFreshProcessMs: median(results.swapHitFreshMs),
  stepUs: { js: median(results.jsStepUs), native: median(results.nativeStepUs) },
  speedup: median(results.jsStepUs) / median(results.nativeStepUs),
  networks: { built: NETWORKS, namespaces, conflicts, rssBeforeMB: rssBefore / 2 ** 20, rssLoadedMB: rssLoaded / 2 ** 20, rssAfterMB: rssAfter / 2 ** 20 },
  raw: results,
};
const row = (label, value, target) => console.log(`${label.padEnd(58)} ${String(value).padStart(10)}   ${target}`);
console.log(`SpikeForge JIT host, CUBA 4000 neurons, ${REPS} repetitions (medians), load ${loadavg()[0].toFixed(2)}`);
row('run → first monitor batch, tier 0 (ms)', summary.firstBatchMs.toFixed(1), 'target ≤ 50');
row('run → tier 1 ready, cache miss (ms)', summary.swapCacheMissMs.toFixed(1), 'target ≤ 300');
row('compile of the network translation unit (ms)', summary.compileMs.toFixed(1), 'target ≤ 200');
row('load, cache hit, fresh process (ms)', summary.loadCacheHitFreshProcessMs.toFixed(2), 'target ≤ 15');
row('steady state per step: tier 0 / tier 1 (µs)', `${summary.stepUs.js.toFixed(1)} / ${summary.stepUs.native.toFixed(1)}`, '');
row('tier 1 speed-up over tier 0', `${summary.speedup.toFixed(2)}×`, 'target ≥ 1.5×');
row(`${NETWORKS} networks: namespaces listed / conflicts`, `${namespaces} / ${conflicts}`, `target ${NETWORKS} / 0`);
row('RSS before / loaded / after dispose (MB)', `${summary.networks.rssBeforeMB.toFixed(0)} / ${summary.networks.rssLoadedMB.toFixed(0)} / ${summary.networks.rssAfterMB.toFixed(0)}`, 'target after within ±10 % of before');
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'jit.json'), `${JSON.stringify(summary, null, 2)}\n`);
