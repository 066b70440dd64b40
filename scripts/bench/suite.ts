/**
 * The benchmark suite of `npm run bench` (issue 8): SpikeForge (tiers native and js) against
 * Brian 2 (Cython runtime and C++ standalone) on the models of PERFORMANCE.md §4, following its
 * protocol (§1): same edited script, dt and duration on both sides, runs interleaved and rotated,
 * several repetitions, load recorded before every run, medians and minimums, ratios, the activity
 * check of CONFORMANCE.md C67–C73, and the triad probe as the floor of the Large LIF (§3).
 * Used by scripts/bench.mjs (full and --quick) and by the smoke test (tiny sizes).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilerFlags } from '../../src-main/simhost/jit/toolchainProbe';
import { machineInfo, median, minimum, waitForLowLoad, type MachineInfo } from './common';
import type { BenchModel } from './models';
import { runProbe, type ProbeResult } from './probe';
import { assertBrian2, runBrian2, runCli, runSpikeForge, type LoadMark, type RunKind, type RunRecord, type SimConfig } from './runners';

export type BrianTarget = 'cython' | 'cpp_standalone' | 'numpy';

export interface SuiteOptions {
  readonly mode: 'full' | 'quick' | 'smoke';
  readonly models: readonly BenchModel[];
  readonly scaling: readonly BenchModel[];
  /** Repetitions of each whole run (PERFORMANCE.md §1: ≥ 3). */
  readonly reps: number;
  /** Repetitions of time to first result on a warm cache (§1: ≥ 5). */
  readonly ttfrReps: number;
  /** Cython cold-cache repetitions on the first model (the other models get one: their first run). */
  readonly coldReps: number;
  readonly scalingReps: number;
  /** Whole runs of the js tier: the first `jsReps` repetitions only (it is tier 0, not the goal's tier 1). */
  readonly jsReps: number;
  /** Seconds after which the remaining scaling points are skipped. */
  readonly budgetS: number;
  readonly brianTargets: readonly BrianTarget[];
  readonly tiers: readonly ('native' | 'js')[];
  /** SpikeForge tiers of the scaling series (the js tier there costs minutes and has no goal). */
  readonly scalingTiers: readonly ('native' | 'js')[];
  /** Measure the CLI (`spikeforge run`, fresh process) on the first model. */
  readonly cli: boolean;
  readonly probe: boolean;
  /** One-minute load above which a run waits (up to maxWaitS, at most maxTotalWaitS in all) and is marked. */
  readonly loadThreshold: number;
  readonly maxWaitS: number;
  readonly maxTotalWaitS: number;
  /** Time-to-first-result repetitions of the models after the first (the first gets ttfrReps). */
  readonly ttfrRepsOthers: number;
  /**
   * Keep Brian's Cython cache, standalone folders and SpikeForge's warm cache here between runs
   * (--quick: the second run skips Brian's compiles). Unset: a fresh temporary folder, removed
   * at the end. The cold-cache runs always use fresh folders.
   */
  readonly cacheRoot?: string;
  readonly log: (line: string) => void;
}

export interface Stat {
  readonly median: number;
  readonly min: number;
  readonly n: number;
}

export interface SimSummary {
  readonly runs: number;
  readonly loopS: Stat;
  readonly loopPerSimulatedS: number;
  readonly nsPerNeuronStep: number;
  readonly nsPerEvent: number;
  readonly buildS: Stat;
  /** Brian: the first run (standalone: fresh project folder; Cython: compiles into the cache) vs the later ones. */
  readonly buildFirstS?: number;
  readonly compileS?: Stat;
  readonly peakRssMB: Stat;
  readonly rateHz: number;
  readonly spikes: readonly number[];
  readonly synapses: number;
  readonly events: number;
  readonly loads: readonly number[];
  readonly highLoadRuns: number;
  readonly weights?: RunRecord['weights'];
}

export interface TtfrSummary {
  readonly sfWarm?: Stat;
  readonly sfCold?: Stat;
  /** Run → first batch with the host already running (no process start, no imports). */
  readonly sfHostRunning?: Stat;
  readonly sfImportS?: Stat;
  readonly brianWarm?: Stat;
  readonly brianCold?: Stat;
  readonly brianTarget?: BrianTarget;
  readonly cliS?: Stat;
  readonly sfParamChangeS?: Stat;
  readonly brianParamChangeS?: Stat;
}

export interface ActivityCheckResult {
  readonly ok: boolean;
  readonly detail: string;
}

export interface ModelSummary {
  readonly id: string;
  readonly label: string;
  readonly durationS: number;
  readonly neurons: number;
  readonly scaling?: { readonly n: number; readonly k: number };
  readonly steady: Partial<Record<SimConfig, SimSummary>>;
  readonly ttfr?: TtfrSummary;
  readonly ratios: Record<string, number>;
  readonly activity: ActivityCheckResult;
}

export interface TargetRow {
  readonly model: string;
  readonly metric: string;
  readonly goal: string;
  readonly value: number;
  readonly limit: number;
  readonly holds: boolean;
}

export interface SuiteReport {
  readonly generatedAt: string;
  readonly mode: SuiteOptions['mode'];
  readonly machine: MachineInfo;
  readonly versions: Record<string, string | undefined>;
  readonly protocol: { readonly reps: number; readonly jsReps: number; readonly ttfrReps: number; readonly ttfrRepsOthers: number; readonly waitedS: number; readonly coldReps: number; readonly scalingReps: number; readonly brianTargets: readonly string[]; readonly tiers: readonly string[]; readonly scalingTiers: readonly string[]; readonly loadThreshold: number; readonly dt: string; readonly seed: string; readonly profile: string };
  readonly probe?: ProbeResult;
  readonly models: readonly ModelSummary[];
  readonly scaling: readonly ModelSummary[];
  /** Scaling points left out because the time budget was spent. */
  readonly skipped: readonly string[];
  /** Set by `--scaling-only`: the scaling series comes from this later run. */
  readonly scalingRun?: { readonly generatedAt: string; readonly totalS: number; readonly profile: string; readonly machine: MachineInfo; readonly probe?: ProbeResult };
  /** Measurements that failed (command and the tail of its output). */
  readonly failures: readonly string[];
  readonly targets: readonly TargetRow[];
  readonly totalS: number;
  readonly runs: readonly RunRecord[];
}

function stat(values: readonly (number | undefined)[]): Stat {
  const xs = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  return { median: median(xs), min: minimum(xs), n: xs.length };
}

/** Rotates a list by `k` (interleaving: each configuration takes every position in turn). */
function rotate<T>(xs: readonly T[], k: number): T[] {
  const n = xs.length;
  return n === 0 ? [] : xs.map((_, i) => xs[(i + k) % n] as T);
}

const BRIAN_SIM: Record<BrianTarget, SimConfig> = { cython: 'brian-cython', cpp_standalone: 'brian-standalone', numpy: 'brian-numpy' };

/** Runs the suite; every measurement is a fresh process, one at a time. */
export async function runSuite(options: SuiteOptions): Promise<SuiteReport> {
  const started = performance.now();
  const brianVersion = assertBrian2();
  const root = mkdtempSync(join(tmpdir(), 'spikeforge-bench-'));
  const dir = (name: string, base = root): string => {
    const path = join(base, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const caches = options.cacheRoot ?? root;
  const work = dir('work');
  const sfCache = dir('sf-cache', caches);
  const runs: RunRecord[] = [];
  const log = options.log;
  let waitedS = 0;
  const gate = async (): Promise<LoadMark> => {
    const g = await waitForLowLoad(options.loadThreshold, Math.max(0, Math.min(options.maxWaitS, options.maxTotalWaitS - waitedS)));
    waitedS += g.waitedS;
    if (g.high) log(`  (load ${g.load.toFixed(2)} ≥ ${options.loadThreshold} after waiting ${g.waitedS.toFixed(0)} s: run marked)`);
    return { load: g.load, high: g.high };
  };
  const record = (r: RunRecord): void => {
    runs.push(r);
    const bits = [
      r.ttfrS !== undefined && r.kind !== 'steady' ? `ttfr ${r.ttfrS.toFixed(3)} s` : undefined,
      r.paramChangeS !== undefined ? `param change ${r.paramChangeS.toFixed(3)} s` : undefined,
      r.kind === 'steady' && r.buildS !== undefined ? `build ${r.buildS.toFixed(2)} s` : undefined,
      r.kind === 'steady' && r.loopS !== undefined ? `loop ${r.loopS.toFixed(3)} s` : undefined,
      r.rateHz !== undefined ? `${r.rateHz.toFixed(2)} Hz (${r.spikes} spikes)` : undefined,
      r.peakRssMB !== undefined ? `peak ${r.peakRssMB.toFixed(0)} MB` : undefined,
    ].filter((b) => b !== undefined);
    log(`  ${r.model.padEnd(16)} ${r.sim.padEnd(17)} ${r.kind.padEnd(9)} #${r.rep} load ${r.load.toFixed(2)}${r.loadHigh ? '!' : ' '} ${bits.join(', ')}`);
  };
  // One private Cython cache for all models (filled by the first whole run of each; the cold-cache
  // runs use fresh folders), and a standalone project folder per model (the first run builds it
  // from scratch, later ones reuse it; the scaling series shares one).
  // A failed measurement is logged and kept in the report; the suite goes on with the others.
  const failures: string[] = [];
  const attempt = async (job: () => Promise<RunRecord>): Promise<void> => {
    try {
      record(await job());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(message);
      log(`  FAILED: ${message}`);
    }
  };
  const brianDirs = (model: BenchModel): { cacheDir: string; buildDir: string } => ({
    cacheDir: dir('cython', caches),
    buildDir: join(caches, model.scaling === undefined ? `standalone-${model.id}` : 'standalone-scaling'),
  });

  try {
    const probe = options.probe ? runProbe(work, options.mode === 'full' ? 1 << 25 : options.mode === 'quick' ? 1 << 24 : 1 << 20) : undefined;
    if (probe !== undefined) log(`probe (${probe.flags}): triad ${probe.lifSize.triadGBs.toFixed(1)} GB/s at 10⁶ doubles, ${probe.dram.triadGBs.toFixed(1)} GB/s at ${probe.dram.elements} → LIF floor ${probe.floorNsPerNeuronStep.toFixed(3)} ns/neuron-step (fused C++ LIF ${probe.lifSize.lifNsPerNeuronStep.toFixed(3)})`);

    // 1. Whole runs, interleaved: every configuration of every model once per repetition (the
    // js tier in the first `jsReps` only); the scaling series stops when the time budget is spent.
    const steady = async (models: readonly BenchModel[], reps: number, title: string): Promise<void> => {
      for (let rep = 1; rep <= reps; rep++) {
        log(`${title}: repetition ${rep} of ${reps}`);
        for (const model of models) {
          if (model.scaling !== undefined && (performance.now() - started) / 1000 > options.budgetS) {
            log(`  ${model.id}: skipped (time budget of ${options.budgetS} s spent)`);
            continue;
          }
          const all = model.scaling === undefined ? options.tiers : options.scalingTiers;
          const tiers = rep <= options.jsReps ? all : all.filter((t) => t !== 'js');
          const jobs: (() => Promise<RunRecord>)[] = [
            ...tiers.map((tier) => async () => runSpikeForge(model, { kind: 'steady', tier, cacheDir: sfCache, workDir: work, rep, mark: await gate() })),
            ...options.brianTargets.map((target) => async () => runBrian2(model, { kind: 'steady', target, ...brianDirs(model), workDir: work, rep, mark: await gate() })),
          ];
          for (const job of rotate(jobs, rep)) await attempt(job);
        }
      }
    };
    await steady(options.models, options.reps, 'whole runs');

    // 2. Time to first result and parameter change (10 ms runs), warm and cold caches. After the
    // whole runs, so that Brian's shared Cython cache already holds every model's code objects.
    const ttfrBrian: BrianTarget = options.brianTargets.includes('cython') ? 'cython' : (options.brianTargets[0] ?? 'numpy');
    for (const [index, model] of options.models.entries()) {
      const ttfrReps = index === 0 ? options.ttfrReps : options.ttfrRepsOthers;
      if (ttfrReps === 0) continue;
      log(`time to first result: ${model.label}`);
      // Cold Cython (the first model only, as in PERFORMANCE.md §2): a fresh, empty cache each time.
      const coldCount = ttfrBrian === 'cython' && index === 0 ? options.coldReps : 0;
      for (let rep = 1; rep <= coldCount; rep++) {
        const cold = dir(`cython-cold-${rep}`);
        await attempt(async () => runBrian2(model, { kind: 'ttfr-cold', target: 'cython', cacheDir: cold, buildDir: join(root, 'unused'), workDir: work, rep, mark: await gate() }));
        rmSync(cold, { recursive: true, force: true });
      }
      const { cacheDir } = brianDirs(model);
      if (options.reps === 0) await runBrian2(model, { kind: 'ttfr-warm', target: ttfrBrian, cacheDir, buildDir: join(root, 'unused'), workDir: work, rep: 0, mark: { load: NaN, high: false } }); // fills the cache
      // SpikeForge's warm cache is shared by all models: make sure it holds this one (not recorded).
      await runSpikeForge(model, { kind: 'ttfr-warm', tier: 'auto', cacheDir: sfCache, workDir: work, rep: 0, mark: { load: NaN, high: false } }).catch((error: unknown) => log(`  warm-up failed: ${String(error)}`));
      for (let rep = 1; rep <= ttfrReps; rep++) {
        const jobs: (() => Promise<RunRecord>)[] = [
          async () => runSpikeForge(model, { kind: 'ttfr-warm', tier: 'auto', cacheDir: sfCache, workDir: work, rep, mark: await gate() }),
          async () => {
            const coldCache = dir(`sf-cold-${model.id}-${rep}`);
            try {
              return await runSpikeForge(model, { kind: 'ttfr-cold', tier: 'auto', cacheDir: coldCache, workDir: work, rep, mark: await gate() });
            } finally {
              rmSync(coldCache, { recursive: true, force: true });
            }
          },
          async () => runBrian2(model, { kind: 'ttfr-warm', target: ttfrBrian, cacheDir, buildDir: join(root, 'unused'), workDir: work, rep, mark: await gate() }),
        ];
        for (const job of rotate(jobs, rep)) await attempt(job);
      }
      if (options.cli && index === 0) {
        const path = join(work, `${model.id}_cli_10ms.py`);
        writeFileSync(path, model.shortText);
        for (let rep = 1; rep <= options.ttfrReps; rep++) {
          const mark = await gate();
          let wallS: number;
          try {
            wallS = runCli(path, sfCache);
          } catch (error) {
            failures.push(String(error));
            log(`  FAILED: ${String(error)}`);
            continue;
          }
          runs.push({ model: model.id, sim: 'sf-auto', kind: 'cli', rep, load: mark.load, loadHigh: mark.high, wallS, ttfrS: wallS });
          log(`  ${model.id.padEnd(16)} ${'spikeforge run'.padEnd(17)} cli       #${rep} load ${mark.load.toFixed(2)}${mark.high ? '!' : ' '} ${wallS.toFixed(3)} s to the printed result`);
        }
      }
    }

    // 3. The scaling series (last: it gives way when the time budget is spent).
    await steady(options.scaling, options.scalingReps, 'scaling series');

    const models = options.models.map((m) => summariseModel(m, runs, probe, ttfrBrian));
    const ran = (m: BenchModel): boolean => runs.some((r) => r.model === m.id);
    const scaling = options.scaling.filter(ran).map((m) => summariseModel(m, runs, probe, ttfrBrian));
    const skipped = options.scaling.filter((m) => !ran(m)).map((m) => m.id);
    const versions = brianVersions(runs, brianVersion);
    return {
      generatedAt: new Date().toISOString(),
      mode: options.mode,
      machine: machineInfo(),
      versions,
      protocol: {
        reps: options.reps,
        jsReps: options.jsReps,
        ttfrReps: options.ttfrReps,
        ttfrRepsOthers: options.ttfrRepsOthers,
        waitedS,
        coldReps: options.coldReps,
        scalingReps: options.scalingReps,
        brianTargets: options.brianTargets,
        tiers: options.tiers,
        scalingTiers: options.scalingTiers,
        loadThreshold: options.loadThreshold,
        dt: '0.1 ms (the scripts default)',
        seed: 'Brian seed(4242); SpikeForge default seed',
        profile: `SpikeForge release profile (g++ ${sfOptimisationFlags()}); Brian's own flags (-O3 -ffast-math -march=native)`,
      },
      ...(probe === undefined ? {} : { probe }),
      models,
      scaling,
      skipped,
      failures,
      targets: evaluateTargets(models, probe),
      totalS: (performance.now() - started) / 1000,
      runs,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The optimisation flags SpikeForge's native tier compiles with (read from the code, not assumed). */
function sfOptimisationFlags(): string {
  return compilerFlags({ family: 'gnu' })
    .filter((f) => /^-(O|march|mtune|ffast-math|ffp-contract|fno-math)/.test(f))
    .join(' ');
}

function brianVersions(runs: readonly RunRecord[], probed: string): Record<string, string | undefined> {
  const fromRun: Record<string, string> = Object.assign({}, ...runs.map((r) => r.versions ?? {})) as Record<string, string>;
  const [brian2, numpy] = probed.split(' ');
  const info = machineInfo();
  return { node: process.version, gxx: info.gxx, brian2: fromRun.brian2 ?? brian2, numpy: fromRun.numpy ?? numpy, cython: fromRun.cython, python: fromRun.python };
}

function summariseSim(model: BenchModel, runs: readonly RunRecord[]): SimSummary {
  const loop = stat(runs.map((r) => r.loopS));
  const steps = Math.round(model.durationS / 1e-4);
  const events = median(runs.map((r) => r.events ?? NaN));
  const sim = runs[0]?.sim;
  const byRep = [...runs].sort((a, b) => a.rep - b.rep);
  const first = byRep[0];
  const brian = sim === 'brian-standalone' || sim === 'brian-cython';
  const standaloneFirst = brian && first !== undefined && first.buildS !== undefined ? { buildFirstS: first.buildS } : {};
  const buildRuns = brian && byRep.length > 1 ? byRep.slice(1) : byRep;
  const compile = stat(runs.map((r) => r.compileS));
  const weights = runs.find((r) => r.weights !== undefined)?.weights;
  return {
    runs: runs.length,
    loopS: loop,
    loopPerSimulatedS: loop.median / model.durationS,
    nsPerNeuronStep: (loop.median * 1e9) / (steps * model.neurons),
    nsPerEvent: events > 0 ? (loop.median * 1e9) / events : NaN,
    buildS: stat(buildRuns.map((r) => r.buildS)),
    ...standaloneFirst,
    ...(compile.n > 0 ? { compileS: compile } : {}),
    peakRssMB: stat(runs.map((r) => r.peakRssMB)),
    rateHz: median(runs.map((r) => r.rateHz ?? NaN)),
    spikes: runs.map((r) => r.spikes ?? NaN),
    synapses: median(runs.map((r) => r.synapses ?? NaN)),
    events,
    loads: runs.map((r) => r.load),
    highLoadRuns: runs.filter((r) => r.loadHigh).length,
    ...(weights === undefined ? {} : { weights }),
  };
}

function checkActivity(model: BenchModel, steady: Partial<Record<SimConfig, SimSummary>>, ttfrBrian: BrianTarget): ActivityCheckResult {
  const entries = Object.entries(steady) as [SimConfig, SimSummary][];
  if (entries.length === 0) return { ok: false, detail: 'no runs' };
  const check = model.check;
  switch (check.kind) {
    case 'exact': {
      const counts = new Set(entries.flatMap(([, s]) => s.spikes));
      const detail = entries.map(([sim, s]) => `${sim} ${[...new Set(s.spikes)].join('/')}`).join(', ');
      return { ok: counts.size === 1, detail: `${counts.size === 1 ? 'identical spike counts' : 'spike counts differ'}: ${detail}` };
    }
    case 'band': {
      const bad = entries.filter(([, s]) => !(s.rateHz >= check.lo && s.rateHz <= check.hi));
      const rates = entries.map(([sim, s]) => `${sim} ${s.rateHz.toFixed(2)} Hz`).join(', ');
      let weights = '';
      let weightsOk = true;
      if (model.weights !== undefined) {
        const ws = entries.map(([sim, s]) => [sim, s.weights] as const);
        weightsOk = ws.every(([, w]) => w !== undefined && w.below01 > 0.15 && w.above09 > 0.1 && w.mean >= 0.4 && w.mean <= 0.55);
        weights = `; w/gmax <0.1 / >0.9 / mean: ${ws.map(([sim, w]) => `${sim} ${w === undefined ? '?' : `${(w.below01 * 100).toFixed(1)} % / ${(w.above09 * 100).toFixed(1)} % / ${w.mean.toFixed(3)}`}`).join(', ')}`;
      }
      return { ok: bad.length === 0 && weightsOk, detail: `${check.case} band ${check.lo}–${check.hi} Hz: ${rates}${weights}` };
    }
    case 'relative': {
      const reference = steady[BRIAN_SIM[ttfrBrian]] ?? entries.find(([sim]) => sim.startsWith('brian'))?.[1];
      if (reference === undefined) return { ok: false, detail: 'no Brian run to compare with' };
      const bad = entries.filter(([, s]) => Math.abs(s.rateHz - reference.rateHz) > check.tolerance * reference.rateHz);
      return { ok: bad.length === 0, detail: `rates within ±${(check.tolerance * 100).toFixed(0)} % of Brian: ${entries.map(([sim, s]) => `${sim} ${s.rateHz.toFixed(2)} Hz`).join(', ')}` };
    }
    default:
      return { ok: false, detail: 'unknown check' };
  }
}

function summariseModel(model: BenchModel, runs: readonly RunRecord[], probe: ProbeResult | undefined, ttfrBrian: BrianTarget): ModelSummary {
  const mine = runs.filter((r) => r.model === model.id);
  const steadyRuns = mine.filter((r) => r.kind === 'steady');
  const steady: Partial<Record<SimConfig, SimSummary>> = {};
  for (const sim of [...new Set(steadyRuns.map((r) => r.sim))]) steady[sim] = summariseSim(model, steadyRuns.filter((r) => r.sim === sim));
  const of = (sim: SimConfig, kind: RunKind): RunRecord[] => mine.filter((r) => r.sim === sim && r.kind === kind);
  const brianSim = BRIAN_SIM[ttfrBrian];
  const ttfrRuns = mine.filter((r) => r.kind !== 'steady');
  const ttfr: TtfrSummary | undefined =
    ttfrRuns.length === 0
      ? undefined
      : {
          sfWarm: stat(of('sf-auto', 'ttfr-warm').map((r) => r.ttfrS)),
          sfCold: stat(of('sf-auto', 'ttfr-cold').map((r) => r.ttfrS)),
          sfHostRunning: stat(of('sf-auto', 'ttfr-warm').map((r) => r.ttfrHostS)),
          sfImportS: stat(of('sf-auto', 'ttfr-warm').map((r) => r.importS)),
          brianWarm: stat(of(brianSim, 'ttfr-warm').map((r) => r.ttfrS)),
          brianCold: stat(of(brianSim, 'ttfr-cold').map((r) => r.ttfrS)),
          brianTarget: ttfrBrian,
          ...(of('sf-auto', 'cli').length > 0 ? { cliS: stat(of('sf-auto', 'cli').map((r) => r.wallS)) } : {}),
          sfParamChangeS: stat([...of('sf-auto', 'ttfr-warm'), ...of('sf-auto', 'ttfr-cold')].map((r) => r.paramChangeS)),
          brianParamChangeS: stat([...of(brianSim, 'ttfr-warm'), ...of(brianSim, 'ttfr-cold')].map((r) => r.paramChangeS)),
        };
  const ratios: Record<string, number> = {};
  const loop = (sim: SimConfig): number => steady[sim]?.loopS.median ?? NaN;
  ratios.nativeVsStandalone = loop('sf-native') / loop('brian-standalone');
  ratios.nativeVsCython = loop('sf-native') / loop('brian-cython');
  ratios.jsVsStandalone = loop('sf-js') / loop('brian-standalone');
  ratios.jsVsCython = loop('sf-js') / loop('brian-cython');
  ratios.nativeVsNumpy = loop('sf-native') / loop('brian-numpy');
  if (probe !== undefined && model.synapses.length === 0) ratios.nativeVsFloor = (steady['sf-native']?.nsPerNeuronStep ?? NaN) / probe.floorNsPerNeuronStep;
  if (ttfr !== undefined) {
    ratios.ttfrWarm = (ttfr.sfWarm?.median ?? NaN) / (ttfr.brianWarm?.median ?? NaN);
    ratios.ttfrCold = (ttfr.sfCold?.median ?? NaN) / (ttfr.brianCold?.median ?? NaN);
    ratios.paramChange = (ttfr.sfParamChangeS?.median ?? NaN) / (ttfr.brianParamChangeS?.median ?? NaN);
  }
  // Peak RSS of the process that simulates: the sim host vs Brian's Python process (runtime
  // targets) and vs the standalone binary (which holds nothing but the simulation).
  const sfPeak = steady['sf-native']?.peakRssMB.median ?? NaN;
  ratios.peakRssVsCython = sfPeak / (steady['brian-cython']?.peakRssMB.median ?? NaN);
  ratios.peakRssVsStandalone = sfPeak / (steady['brian-standalone']?.peakRssMB.median ?? NaN);
  ratios.peakRssVsNumpy = sfPeak / (steady['brian-numpy']?.peakRssMB.median ?? NaN);
  for (const key of Object.keys(ratios)) if (!Number.isFinite(ratios[key])) delete ratios[key];
  return {
    id: model.id,
    label: model.label,
    durationS: model.durationS,
    neurons: model.neurons,
    ...(model.scaling === undefined ? {} : { scaling: model.scaling }),
    steady,
    ...(ttfr === undefined ? {} : { ttfr }),
    ratios,
    activity: checkActivity(model, steady, ttfrBrian),
  };
}

/** Loop-time goals against Brian standalone (issue 8 / PERFORMANCE.md §1). */
const STANDALONE_GOAL: Record<string, number> = { cuba: 0.8, brunel2000: 0.8, stdp: 0.8, cobahh: 1.0, brunel_hakim: 1.0, lif: 1.0 };

/** The issue's targets, each with the measured value and whether it holds. */
export function evaluateTargets(models: readonly ModelSummary[], probe: ProbeResult | undefined): TargetRow[] {
  const rows: TargetRow[] = [];
  const add = (model: string, metric: string, goal: string, value: number | undefined, limit: number): void => {
    if (value === undefined || !Number.isFinite(value)) return;
    rows.push({ model, metric, goal, value, limit, holds: value <= limit });
  };
  for (const m of models) {
    const r = m.ratios;
    add(m.id, 'loop, native / Brian standalone', `≤ ${STANDALONE_GOAL[m.id] ?? 1}×`, r.nativeVsStandalone, STANDALONE_GOAL[m.id] ?? 1);
    add(m.id, 'loop, native / Brian Cython', '≤ 0.3×', r.nativeVsCython, 0.3);
    if (probe !== undefined && m.id.startsWith('lif')) add(m.id, 'ns per neuron-step / probe floor', '≤ 1.5×', r.nativeVsFloor, 1.5);
    add(m.id, 'TTFR warm, SpikeForge / Brian Cython warm', '≤ 1/50', r.ttfrWarm, 1 / 50);
    add(m.id, 'TTFR cold, SpikeForge / Brian Cython cold', '≤ 1/400', r.ttfrCold, 1 / 400);
    if (m.id === 'cuba') add(m.id, 'Run → first batch, sim host running (s)', '≤ 0.05 s', m.ttfr?.sfHostRunning?.median, 0.05);
    add(m.id, 'parameter change → new result (s)', '≤ 0.1 s', m.ttfr?.sfParamChangeS?.median, 0.1);
    add(m.id, 'peak RSS, sim host / Brian Cython process', '≤ 1×', r.peakRssVsCython, 1);
    add(m.id, 'peak RSS, sim host / Brian standalone binary', '≤ 1×', r.peakRssVsStandalone, 1);
  }
  return rows;
}
