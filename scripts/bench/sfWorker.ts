/**
 * SpikeForge side of `npm run bench`: one measurement in a fresh Node process, which plays the
 * sim host (it runs SimHostCore in-process, as src-main/simhost/index.ts does in the sim-host
 * child), so its peak RSS is the sim host's. Started by runners.ts as
 *
 *   node --import tsx scripts/bench/sfWorker.ts <config.json>
 *
 * and prints one line `SF_RESULT <json>`. Modes:
 *   steady  build on the given tier, run the whole duration without streaming: build and loop
 *           times, spikes, synaptic events, peak RSS;
 *   ttfr    tier 'auto' (the app's default), 10 ms streamed: time from process start to the first
 *           monitor batch, then a parameter change (text edit → rebuild → first batch). Like the
 *           sim host, the process first warms the pipeline (Quick Start on the JS tier, templates,
 *           compiler probe), so "host running" is the app's Run → first batch.
 * Times are epoch milliseconds so that the parent can subtract its spawn time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { epochMs, expectOk, peakRssMB, repoRoot } from './common';

const tProcess = performance.timeOrigin;
const { readScript } = await import('../../src-shared/script/index');
const { createTemplateEnvironment, precompileTemplates, TEMPLATE_NAMES } = await import('../../src-main/simhost/render/renderNetwork');
const { quickStartIR } = await import('../../src-main/simhost/sampleModels');
const { SimHostCore } = await import('../../src-main/simhost/runtime/simHostCore');
const { createNativeBackend } = await import('../../src-main/simhost/nativeBackend');
const tImported = epochMs();

/** What the parent passes in (see runners.ts). */
export interface SfWorkerConfig {
  readonly mode: 'steady' | 'ttfr';
  readonly tier: 'native' | 'js' | 'auto';
  readonly text: string;
  readonly cacheDir: string;
  readonly activity: { readonly monitor: string };
  readonly synapses: readonly (readonly [string, string])[];
  readonly param?: { readonly name: string; readonly factor: number };
  readonly weights?: { readonly synapses: string; readonly max: string };
}

/** What the worker prints. */
export interface SfWorkerResult {
  readonly tier: string;
  readonly tProcess: number;
  readonly importMs: number;
  /** Epoch ms when the host was ready (imports done; ttfr: warm-up done). */
  readonly tReady: number;
  /** readScript + build (parse, check, codegen, compile or cache load, synapses, initial values). */
  readonly buildMs: number;
  readonly compileMs: number;
  readonly cacheHit: boolean;
  readonly loopMs: number;
  readonly steps: number;
  readonly tFirstResult?: number;
  readonly tRunDone?: number;
  readonly paramChangeMs?: number;
  readonly paramChangeRunMs?: number;
  readonly spikes: number;
  readonly synapses: number;
  readonly events: number;
  readonly weights?: { readonly below01: number; readonly above09: number; readonly mean: number };
  readonly baseRssMB?: number;
  readonly peakRssMB?: number;
}

/** `name = expr` on its own line → `name = (expr)*factor` (the user editing one constant). */
export function changeParameter(text: string, name: string, factor: number): string {
  const pattern = new RegExp(`^${name} = ([^#\\n]+?)(\\s*#.*)?$`, 'm');
  if (!pattern.test(text)) throw new Error(`parameter ${name} is not defined on a line of its own`);
  return text.replace(pattern, (_all, expr: string, comment: string | undefined) => `${name} = (${expr})*${factor}${comment ?? ''}`);
}

const config = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as SfWorkerConfig;
const templates = createTemplateEnvironment(join(repoRoot, 'templates'));
const core = new SimHostCore(templates, createNativeBackend({ cacheDir: config.cacheDir }));
if (config.mode === 'ttfr') {
  // What src-main/simhost/index.ts does right after start-up, before the user's first request.
  const warm = await core.build({ ir: quickStartIR({ name: 'warmup' }), tier: 'js', networkId: '__warmup' });
  if (warm.ok) core.dispose('__warmup');
  precompileTemplates(templates, TEMPLATE_NAMES);
  await core.probe();
}
const tReady = epochMs();
const baseRssMB = peakRssMB();

function readIr(text: string): NonNullable<ReturnType<typeof readScript>['ir']> {
  const read = readScript(text);
  const errors = read.diagnostics.filter((d) => d.severity === 'error');
  if (read.ir === undefined || errors.length > 0) throw new Error(`the benchmark model does not read: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return read.ir;
}

const tBuild0 = epochMs();
const ir = readIr(config.text);
const tier = config.mode === 'ttfr' ? 'auto' : config.tier;
const built = expectOk(await core.build({ ir, tier, networkId: 'bench' }));
const buildMs = epochMs() - tBuild0;
const steps = Math.round(ir.duration / ir.dt);

let loopMs: number;
let tFirstResult: number | undefined;
let tRunDone: number | undefined;
if (config.mode === 'ttfr') {
  const run = expectOk(
    await core.runAsync({ networkId: 'bench', runId: 'first', steps, stream: true }, () => {
      tFirstResult ??= epochMs();
    }),
  );
  tRunDone = epochMs();
  loopMs = run.elapsedMs;
} else {
  loopMs = expectOk(core.run({ networkId: 'bench', runId: 'steady', steps, stream: false }, () => undefined)).elapsedMs;
}
const peak = peakRssMB();

function spikeCounts(monitor: string): Int32Array {
  const data = expectOk(core.monitorData('bench', monitor));
  if (data.spikeCounts === undefined) throw new Error(`${monitor} is not a SpikeMonitor`);
  return data.spikeCounts;
}

const spikes = spikeCounts(config.activity.monitor).reduce((a, b) => a + b, 0);
let synapses = 0;
let events = 0;
for (const [name, monitor] of config.synapses) {
  const counts = spikeCounts(monitor);
  const pre = expectOk(core.getArray('bench', `_array_${name}__synaptic_pre`)).values;
  synapses += pre.length;
  for (const i of pre) events += counts[i] ?? 0;
}
let weights: SfWorkerResult['weights'];
if (config.weights !== undefined) {
  const w = expectOk(core.getArray('bench', `_array_${config.weights.synapses}_w`)).values;
  const max = config.text.match(/^gmax = ([0-9.e-]+)/m)?.[1];
  const gmax = Number(max);
  if (!Number.isFinite(gmax)) throw new Error('STDP model: gmax = <number> not found');
  let below = 0;
  let above = 0;
  let sum = 0;
  for (const x of w) {
    const r = x / gmax;
    if (r < 0.1) below++;
    if (r > 0.9) above++;
    sum += r;
  }
  weights = { below01: below / w.length, above09: above / w.length, mean: sum / w.length };
}

let paramChangeMs: number | undefined;
let paramChangeRunMs: number | undefined;
if (config.mode === 'ttfr' && config.param !== undefined) {
  // The app's path after an edit: read the new text, rebuild on tier 'auto', run, first batch.
  const t0 = epochMs();
  const changed = readIr(changeParameter(config.text, config.param.name, config.param.factor));
  expectOk(await core.build({ ir: changed, tier: 'auto', networkId: 'bench' }));
  let first: number | undefined;
  expectOk(
    await core.runAsync({ networkId: 'bench', runId: 'changed', steps, stream: true }, () => {
      first ??= epochMs();
    }),
  );
  paramChangeMs = (first ?? NaN) - t0;
  paramChangeRunMs = epochMs() - t0;
  await core.nativeReady('bench');
}

const result: SfWorkerResult = {
  tier: built.tier,
  tProcess,
  importMs: tImported - tProcess,
  tReady,
  buildMs,
  compileMs: built.timings.compileMs,
  cacheHit: built.cacheHit,
  loopMs,
  steps,
  ...(tFirstResult === undefined ? {} : { tFirstResult }),
  ...(tRunDone === undefined ? {} : { tRunDone }),
  ...(paramChangeMs === undefined ? {} : { paramChangeMs, paramChangeRunMs }),
  spikes,
  synapses,
  events,
  ...(weights === undefined ? {} : { weights }),
  ...(baseRssMB === undefined ? {} : { baseRssMB }),
  ...(peak === undefined ? {} : { peakRssMB: peak }),
};
if (config.mode === 'ttfr') await core.nativeReady('bench'); // let a background compile finish before exit (the cache stays consistent)
core.dispose('bench');
process.stdout.write(`SF_RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
