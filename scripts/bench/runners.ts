/**
 * Runs one measurement of one simulator in a fresh process and normalises what it reports into a
 * `RunRecord`: SpikeForge through scripts/bench/sfWorker.ts (Node + tsx, SimHostCore in-process,
 * as in the sim-host child), Brian 2 through bench/brian2/run_model.py (Debian's python3-brian).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runJsonChild, repoRoot } from './common';
import type { BenchModel } from './models';
import type { SfWorkerConfig, SfWorkerResult } from './sfWorker';

/** The Python interpreter Debian's python3-brian installs into. */
export const PYTHON = '/usr/bin/python3';

/** Which simulator/configuration a record is about. */
export type SimConfig = 'sf-native' | 'sf-js' | 'sf-auto' | 'brian-cython' | 'brian-standalone' | 'brian-numpy';

/** What was measured: a whole run, time to first result on a warm or cold cache, or the CLI. */
export type RunKind = 'steady' | 'ttfr-warm' | 'ttfr-cold' | 'cli';

/** One measurement, the same fields for both simulators (seconds, MB). */
export interface RunRecord {
  readonly model: string;
  readonly sim: SimConfig;
  readonly kind: RunKind;
  readonly rep: number;
  /** One-minute load average just before the run, and whether it was above the gate's threshold. */
  readonly load: number;
  readonly loadHigh: boolean;
  readonly wallS: number;
  readonly ttfrS?: number;
  /** TTFR without process start-up, imports and warm-up (SpikeForge: the app with its sim host running). */
  readonly ttfrHostS?: number;
  /** Process start → ready (SpikeForge: imports and the sim host's warm-up; Brian: `import brian2`). */
  readonly importS?: number;
  readonly buildS?: number;
  readonly compileS?: number;
  readonly cacheHit?: boolean;
  readonly loopS?: number;
  readonly paramChangeS?: number;
  readonly spikes?: number;
  readonly rateHz?: number;
  readonly synapses?: number;
  readonly events?: number;
  /** Peak RSS of the process that ran the simulation (sim host / Python / standalone binary). */
  readonly peakRssMB?: number;
  /** Brian: peak RSS of the Python process itself (for standalone: the driver, not the binary). */
  readonly pythonRssMB?: number;
  readonly weights?: { readonly below01: number; readonly above09: number; readonly mean: number };
  readonly versions?: Record<string, string>;
}

/** Load recorded before a run. */
export interface LoadMark {
  readonly load: number;
  readonly high: boolean;
}

/** Throws the one command that installs Brian 2 when it is missing (never a silent skip). */
export function assertBrian2(): string {
  const probe = existsSync(PYTHON) ? spawnSync(PYTHON, ['-c', 'import brian2, numpy; print(brian2.__version__, numpy.__version__)'], { encoding: 'utf8' }) : undefined;
  if (probe === undefined || probe.status !== 0) {
    throw new Error(`Brian 2 is not installed for ${PYTHON} (the benchmark compares against it): run  apt-get install -y python3-brian`);
  }
  return probe.stdout.trim();
}

function rate(model: BenchModel, spikes: number, durationS: number): number {
  return spikes / model.activity.neurons / durationS;
}

/** SpikeForge in a fresh worker process: `steady` on a tier, or time to first result (tier auto, 10 ms). */
export async function runSpikeForge(model: BenchModel, args: { kind: RunKind; tier: 'native' | 'js' | 'auto'; cacheDir: string; workDir: string; rep: number; mark: LoadMark }): Promise<RunRecord> {
  const ttfr = args.kind === 'ttfr-warm' || args.kind === 'ttfr-cold';
  const config: SfWorkerConfig = {
    mode: ttfr ? 'ttfr' : 'steady',
    tier: args.tier,
    text: ttfr ? model.shortText : model.text,
    cacheDir: args.cacheDir,
    activity: model.activity,
    synapses: model.synapses,
    param: model.param,
    ...(model.weights === undefined ? {} : { weights: model.weights }),
  };
  const configPath = join(args.workDir, `sf-${model.id}-${args.kind}-${args.tier}-${args.rep}.json`);
  writeFileSync(configPath, JSON.stringify(config));
  const child = await runJsonChild<SfWorkerResult>(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts', 'bench', 'sfWorker.ts'), configPath], { marker: 'SF_RESULT', timeoutMs: 30 * 60_000 });
  const r = child.value;
  const durationS = ttfr ? 0.01 : model.durationS;
  return {
    model: model.id,
    sim: ttfr ? 'sf-auto' : args.tier === 'js' ? 'sf-js' : 'sf-native',
    kind: args.kind,
    rep: args.rep,
    load: args.mark.load,
    loadHigh: args.mark.high,
    wallS: child.wallMs / 1000,
    ...(r.tFirstResult === undefined ? {} : { ttfrS: (r.tFirstResult - child.spawnedAt) / 1000, ttfrHostS: (r.tFirstResult - r.tReady) / 1000 }),
    importS: (r.tReady - child.spawnedAt) / 1000,
    buildS: r.buildMs / 1000,
    compileS: r.compileMs / 1000,
    cacheHit: r.cacheHit,
    loopS: r.loopMs / 1000,
    ...(r.paramChangeMs === undefined ? {} : { paramChangeS: r.paramChangeMs / 1000 }),
    spikes: r.spikes,
    rateHz: rate(model, r.spikes, durationS),
    synapses: r.synapses,
    events: r.events,
    ...(r.peakRssMB === undefined ? {} : { peakRssMB: r.peakRssMB }),
    ...(r.weights === undefined ? {} : { weights: r.weights }),
  };
}

interface BrianResult {
  readonly target: string;
  readonly tProcess: number;
  readonly importS: number;
  readonly setupS: number;
  readonly runCallS: number;
  readonly loopS: number;
  readonly tFirstResult: number;
  readonly spikes: number;
  readonly synapses: number;
  readonly events: number;
  readonly makeS?: number | null;
  readonly binaryS?: number | null;
  readonly binaryPeakRssMB?: number;
  readonly paramChangeS?: number;
  readonly peakRssMB: number;
  readonly peakRssChildrenMB: number;
  readonly weights?: { readonly below01: number; readonly above09: number; readonly mean: number };
  readonly versions: Record<string, string>;
}

/**
 * Brian 2 in a fresh Python process on the same edited script: `steady` (the whole run) or time
 * to first result (10 ms, then a parameter change in the same process for the runtime targets).
 * `cacheDir` is the private Cython cache, `buildDir` the private standalone project folder.
 */
export async function runBrian2(model: BenchModel, args: { kind: RunKind; target: 'cython' | 'cpp_standalone' | 'numpy'; cacheDir: string; buildDir: string; workDir: string; rep: number; mark: LoadMark; seed?: number }): Promise<RunRecord> {
  const ttfr = args.kind === 'ttfr-warm' || args.kind === 'ttfr-cold';
  const modelPath = join(args.workDir, `${model.id}${ttfr ? '_10ms' : ''}.py`);
  writeFileSync(modelPath, ttfr ? model.shortText : model.text);
  const config = {
    model: modelPath,
    target: args.target,
    cacheDir: args.cacheDir,
    buildDir: args.buildDir,
    seed: args.seed ?? 4242,
    activity: model.activity.monitor,
    synapses: model.synapses,
    ...(ttfr ? { param: model.param } : {}),
    ...(model.weights === undefined ? {} : { weights: model.weights }),
  };
  const configPath = join(args.workDir, `brian-${model.id}-${args.kind}-${args.target}-${args.rep}.json`);
  writeFileSync(configPath, JSON.stringify(config));
  const child = await runJsonChild<BrianResult>(PYTHON, [join(repoRoot, 'bench', 'brian2', 'run_model.py'), configPath], { marker: 'BENCH_RESULT', timeoutMs: 30 * 60_000, env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
  const r = child.value;
  const durationS = ttfr ? 0.01 : model.durationS;
  const standalone = args.target === 'cpp_standalone';
  return {
    model: model.id,
    sim: standalone ? 'brian-standalone' : args.target === 'numpy' ? 'brian-numpy' : 'brian-cython',
    kind: args.kind,
    rep: args.rep,
    load: args.mark.load,
    loadHigh: args.mark.high,
    wallS: child.wallMs / 1000,
    ttfrS: (r.tFirstResult * 1000 - child.spawnedAt) / 1000,
    importS: (r.tProcess * 1000 - child.spawnedAt) / 1000 + r.importS,
    // Everything that is not the loop (PERFORMANCE.md §1): set-up + run() − loop; standalone: code
    // generation, make and the binary's own initialisation.
    buildS: r.setupS + r.runCallS - r.loopS,
    ...(standalone && typeof r.makeS === 'number' ? { compileS: r.makeS } : {}),
    loopS: r.loopS,
    ...(r.paramChangeS === undefined ? {} : { paramChangeS: r.paramChangeS }),
    spikes: r.spikes,
    rateHz: rate(model, r.spikes, durationS),
    synapses: r.synapses,
    events: r.events,
    peakRssMB: standalone ? (r.binaryPeakRssMB ?? NaN) : r.peakRssMB,
    pythonRssMB: r.peakRssMB,
    ...(r.weights === undefined ? {} : { weights: r.weights }),
    versions: r.versions,
  };
}

/** `spikeforge run` through the CLI (bin/spikeforge.mjs, fresh process, tier auto): wall time to the printed result. */
export function runCli(modelPath: string, cacheDir: string): number {
  const started = performance.now();
  const out = spawnSync(process.execPath, [join(repoRoot, 'bin', 'spikeforge.mjs'), 'run', modelPath, '--tier', 'auto'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, SPIKEFORGE_CACHE_DIR: cacheDir } });
  const wallS = (performance.now() - started) / 1000;
  if (out.status !== 0) throw new Error(`spikeforge run ${modelPath} exited with ${String(out.status)}:\n${out.stderr}`);
  return wallS;
}
