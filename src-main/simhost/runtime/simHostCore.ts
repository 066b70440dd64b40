/**
 * The sim host's request handlers, independent of the transport: builds networks, runs them in
 * chunks while streaming monitor batches and progress, serves the seed's step-by-step calls and
 * the inspector. Native compilation, loading and the namespace registry come in through
 * `NativeBackend`, so this module never touches koffi or the compiler itself.
 */
import { makeDiagnostic, type Diagnostic, type Result } from '../../../src-shared/diagnostics';
import type {
  ArrayReport,
  ConflictReport,
  MonitorBatch,
  NamespaceScan,
  ObjectReport,
  RunProgress,
  SimBuildArgs,
  SimBuildResult,
  SimHostMethods,
  SimMonitorData,
  SimRunArgs,
  SimRunResult,
  SimToolchain,
  SnapshotDiff,
  SnapshotInfo,
  TierSwap,
} from '../../../src-shared/ipc';
import type { TemplateEnvironment } from '../render/renderNetwork';
import { compareSnapshots, computeArrayStats, takeSnapshot, type Snapshot } from './arrayStats';
import { entryPointNames, entryPointSignature, generateNetwork, type GeneratedNetwork } from './buildNetwork';
import { createJsKernel, type Kernel } from './kernel';
import { NetworkInstance } from './networkInstance';
import { RunClock } from './runClock';

/** A compiler diagnostic line from the native toolchain. */
export interface CompilerMessage {
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning' | 'note';
  readonly message: string;
}

/** What a native build gives back. */
export interface NativeBuild {
  readonly kernel: Kernel;
  readonly cacheHit: boolean;
  readonly compileMs: number;
  readonly loadMs: number;
  readonly libraryPath: string;
}

/** The native half of the sim host (compiler, cache, koffi, registry), injected by the entry. */
export interface NativeBackend {
  probe(): Promise<SimToolchain>;
  build(request: {
    readonly networkId: string;
    readonly networkName: string;
    readonly namespace: string;
    readonly prefix: string;
    readonly cppSource: string;
    readonly jsSource: string;
    readonly entryPoints: readonly { readonly entry: string; readonly name: string; readonly signature: string }[];
    readonly arrays: readonly { readonly name: string; readonly owner: string; readonly variable: string; readonly dtype: string; readonly unit: string; readonly array: () => Float64Array | Int32Array | Uint8Array | undefined }[];
  }): Promise<Result<NativeBuild> & { readonly compilerMessages?: readonly CompilerMessage[] }>;
  release(networkId: string): void;
  scanNamespaces(): NamespaceScan;
  checkConflicts(names?: readonly string[]): ConflictReport;
}

interface BuiltNetwork {
  readonly id: string;
  /** Key of this build's library in the namespace registry. */
  readonly registryId: string;
  readonly generated: GeneratedNetwork;
  readonly instance: NetworkInstance;
  /** Tier 1 compiled in the background (tier 'auto'), waiting for the next chunk boundary. */
  pendingKernel?: { readonly kernel: Kernel; readonly libraryPath: string; readonly readyMs: number; readonly cacheHit: boolean; readonly compileMs: number; readonly loadMs: number };
  /** Why the background native build failed (the network stays on tier 0). */
  swapFailure?: readonly Diagnostic[];
  /** Set by `stop()`: the running chunk loop ends after the current chunk. */
  stopRequested?: boolean;
  /** The `runAsync` in progress, if any. */
  runningId?: string;
  libraryPathAfterSwap?: string;
  /** The swap: network step, ms from the end of `build`, whether the library came from the cache, its compile and load times. */
  swap?: { readonly step: number; readonly afterBuildMs: number; readonly readyMs: number; readonly cacheHit: boolean; readonly compileMs: number; readonly loadMs: number };
  builtAt?: number;
  /** Settles when the background native build has finished (swapped in later, or failed). */
  nativeReady?: Promise<void>;
  /** Starts the background native build (idempotent): after the first streamed chunk, or soon after the build. */
  startNative?: () => void;
  readonly libraryPath?: string;
  readonly entryPoints: readonly { readonly name: string; readonly signature: string }[];
}

type Emit = (event: { event: 'record'; payload: MonitorBatch } | { event: 'progress'; payload: RunProgress }) => void;

const CHUNK_TARGET_MS = 20;
/** How long a tier-auto build waits for its first run chunk before starting g++ anyway. */
const NATIVE_START_GRACE_MS = 30;
/** Chunks while tier 1 compiles in the background: its completion is seen at a chunk boundary. */
const CHUNK_TARGET_SWAP_PENDING_MS = 5;

function fail<T>(diagnostics: readonly Diagnostic[]): Result<T> {
  return { ok: false, diagnostics };
}

function okResult<T>(value: T): Result<T> {
  return { ok: true, value, diagnostics: [] };
}

/** Maps compiler messages on generated lines back to the model spans those lines came from. */
export function mapCompilerMessages(messages: readonly CompilerMessage[], generated: GeneratedNetwork): Diagnostic[] {
  const lines = generated.rendered.cppSource.split('\n');
  return messages
    .filter((m) => m.severity === 'error')
    .slice(0, 10)
    .map((m) => {
      // The nearest model comment at or above the failing line (the line itself when it has one).
      const origin = generated.rendered.lineMap.findLast((entry) => entry.line <= m.line);
      const span = origin === undefined ? undefined : { start: origin.start, end: origin.end };
      return makeDiagnostic('SF7001', { message: m.message }, span, [`generated C++ line ${m.line}: ${(lines[m.line - 1] ?? '').trim()}`]);
    });
}

/**
 * One run in progress: steps in chunks sized to ~20 ms of work and streams what the monitors
 * recorded since the last flush. `run` and `runAsync` differ only in what happens between chunks.
 */
class ChunkedRun {
  private readonly drained: Map<string, number>;
  private readonly startStep: number;
  private readonly totalSteps: number;
  private readonly clock: RunClock;
  // One step first: the first samples reach the charts after one (cold) step, not sixteen.
  private chunk = 1;
  private done = 0;

  constructor(
    private readonly network: BuiltNetwork,
    private readonly args: SimRunArgs,
    private readonly emit: Emit,
  ) {
    const { instance, generated } = network;
    this.totalSteps = Math.max(0, Math.floor(args.steps));
    this.clock = new RunClock(this.totalSteps, performance.now());
    this.startStep = instance.step;
    this.drained = new Map([...generated.context.monitors, ...generated.context.spikeMonitors].map((m) => [m.name, instance.monitorCount(m.name)]));
  }

  /** Runs one chunk; true when steps remain afterwards. */
  next(): boolean {
    if (this.done >= this.totalSteps) return false;
    const steps = Math.min(this.chunk, this.totalSteps - this.done);
    const chunkStart = performance.now();
    this.network.instance.runSteps(steps);
    this.done += steps;
    const chunkMs = performance.now() - chunkStart;
    this.clock.chunk(steps, chunkMs, this.network.instance.tier);
    const network = this.network;
    const swapPending = network.nativeReady !== undefined && network.swap === undefined && network.swapFailure === undefined && network.instance.tier === 'js';
    const target = swapPending ? CHUNK_TARGET_SWAP_PENDING_MS : CHUNK_TARGET_MS;
    this.chunk = Math.max(1, Math.round(chunkMs > 0 ? Math.min(this.chunk * 4, (this.chunk * target) / chunkMs) : this.chunk * 4));
    return this.done < this.totalSteps;
  }

  resetChunk(): void {
    this.chunk = 16;
  }

  /** Emits the new monitor samples and a progress event (streaming runs only). */
  flush(state: RunProgress['state']): void {
    if (!this.args.stream) return;
    const { instance, generated } = this.network;
    const runId = this.args.runId;
    const fresh = (name: string): { from: number; count: number } | undefined => {
      const from = this.drained.get(name) ?? 0;
      const count = instance.monitorCount(name);
      if (count <= from) return undefined;
      this.drained.set(name, count);
      return { from, count };
    };
    for (const monitor of generated.context.monitors) {
      const range = fresh(monitor.name);
      const data = range === undefined ? undefined : instance.monitorData(monitor.name, range.from, range.count);
      if (range !== undefined && data !== undefined) this.emit({ event: 'record', payload: { runId, monitor: monitor.name, indices: data.indices, t: data.t, values: data.values, totalSamples: range.count } });
    }
    for (const monitor of generated.context.spikeMonitors) {
      const range = fresh(monitor.name);
      const data = range === undefined ? undefined : instance.spikeData(monitor.name, range.from, range.count);
      if (range !== undefined && data !== undefined) this.emit({ event: 'record', payload: { runId, monitor: monitor.name, indices: [], t: data.t, values: data.values, spikeIndices: data.i, totalSamples: range.count } });
    }
    this.emit({ event: 'progress', payload: this.progress(state) });
  }

  /** A progress event: absolute times, recent rate and ETA while running, average rate and timings at the end. */
  private progress(state: RunProgress['state']): RunProgress {
    const { instance, generated } = this.network;
    const dt = generated.model.ir.dt;
    const now = performance.now();
    const running = state === 'running';
    if (running) this.clock.sample(now, this.done);
    const swap = toTierSwap(this.network, dt);
    return {
      runId: this.args.runId,
      state,
      t: instance.step * dt,
      duration: (this.startStep + this.totalSteps) * dt,
      step: instance.step,
      stepsPerSecond: running ? this.clock.recentStepsPerSecond() : this.clock.averageStepsPerSecond(now, this.done),
      etaSeconds: running ? this.clock.etaSeconds(this.done) : 0,
      tier: instance.tier,
      ...(swap === undefined ? {} : { swap }),
      ...(running ? {} : { timings: this.clock.timings(now, this.done, instance.tier) }),
    };
  }

  /** The final flush and the run's result. */
  finish(state: 'done' | 'stopped'): SimRunResult {
    this.flush(state);
    const now = performance.now();
    const timings = this.clock.timings(now, this.done, this.network.instance.tier);
    const elapsedMs = timings.elapsedMs;
    return { steps: this.done, step: this.network.instance.step, elapsedMs, nsPerStep: this.done > 0 ? (elapsedMs * 1e6) / this.done : 0, state, timings };
  }
}

/** Whether a network has a library registered (loaded, swapped in, or waiting to be swapped in). */
function holdsNativeLibrary(network: BuiltNetwork): boolean {
  return network.libraryPath !== undefined || network.libraryPathAfterSwap !== undefined || network.pendingKernel !== undefined;
}

function stopRequested(network: { readonly stopRequested?: boolean }): boolean {
  return network.stopRequested === true;
}

/** The network's tier swap as the contract reports it (undefined before any swap). */
function toTierSwap(network: BuiltNetwork, dt: number): TierSwap | undefined {
  const swap = network.swap;
  if (swap === undefined) return undefined;
  return { step: swap.step, t: swap.step * dt, afterBuildMs: swap.afterBuildMs, compileMs: swap.compileMs, cacheHit: swap.cacheHit, loadMs: swap.loadMs };
}

/** The sim host's state and handlers. */
export class SimHostCore {
  private readonly networks = new Map<string, BuiltNetwork>();
  private readonly snapshots = new Map<string, Snapshot>();
  /** Runs stopped before they started (their `runAsync` ends before the first chunk). */
  private readonly stopsBeforeStart = new Set<string>();
  private nextId = 1;

  constructor(
    private readonly env: TemplateEnvironment,
    private readonly native: NativeBackend | undefined,
  ) {}

  async probe(): Promise<SimToolchain> {
    return this.native === undefined ? { available: false, message: 'native tier disabled' } : this.native.probe();
  }

  async build(args: SimBuildArgs): Promise<Result<SimBuildResult>> {
    const buildStarted = performance.now();
    const generated = generateNetwork(args.ir, this.env);
    if (!generated.ok) return generated;
    const g = generated.value;
    const networkId = args.networkId ?? `net${this.nextId++}`;
    // Each build registers its library under its own key: a stale background build (of a network
    // rebuilt meanwhile) can then never replace or unload the library of the newer build.
    const registryId = `${networkId}@${this.nextId++}`;
    const previous = this.networks.get(networkId);
    const prefix = g.rendered.prefix;
    const entries = entryPointNames(g.context).map((entry) => ({ entry, name: `${prefix}_${entry}`, signature: entryPointSignature(prefix, entry, g.context) }));
    const jsKernel = createJsKernel(g.rendered.jsSource, g.context.arrays.map((a) => a.name));
    let instance = new NetworkInstance(g.context, jsKernel);
    let tier: 'js' | 'native' = 'js';
    let cacheHit = false;
    let compileMs = 0;
    let loadMs = 0;
    let libraryPath: string | undefined;
    let toolchainMessage: string | undefined;
    const warnings: Diagnostic[] = [...g.warnings];
    const holder: { instance?: NetworkInstance } = {};
    let background: Promise<void> | undefined;
    let startNative: (() => void) | undefined;
    if (args.tier !== 'js') {
      const toolchain = await this.probe();
      const native = this.native;
      // The library's arrays are the host arrays of whichever instance holds them when it is asked.
      const nativeRequest = {
        networkId: registryId,
        networkName: args.ir.name,
        namespace: g.rendered.namespace,
        prefix,
        cppSource: g.rendered.cppSource,
        jsSource: g.rendered.jsSource,
        entryPoints: entries,
        arrays: g.context.arrays.map((a) => ({ name: a.name, owner: a.owner, variable: a.variable, dtype: a.dtype, unit: a.unit, array: () => holder.instance?.array(a.name) })),
      };
      if (!toolchain.available || native === undefined) {
        if (args.tier === 'native') return fail([makeDiagnostic('SF7002', {}, undefined, [toolchain.message])]);
        toolchainMessage = toolchain.message;
        warnings.push(makeDiagnostic('SF7002', {}, undefined, [toolchain.message]));
      } else if (args.tier === 'auto') {
        // Tier 0 now; tier 1 compiles in the background and is swapped in at a chunk boundary
        // (the state stays in the same host arrays, so the swap is invisible in the results).
        // The compile starts once the first chunk has been streamed (or shortly after the build
        // when no run comes): starting g++ forks this process, which blocks it for 10-30 ms and
        // would delay the first result by as much.
        background = new Promise<void>((settle, reject) => {
          let begun = false;
          startNative = (): void => {
            if (begun) return;
            begun = true;
            native
              .build(nativeRequest)
              .then((built) => {
                const current = this.networks.get(networkId);
                if (current === undefined) {
                  if (built.ok) native.release(registryId); // disposed meanwhile: unload what was just loaded
                  return;
                }
                if (current.instance !== holder.instance) {
                  if (built.ok) native.release(registryId); // rebuilt meanwhile: this library is not needed
                  return;
                }
                if (!built.ok) {
                  current.swapFailure = built.diagnostics;
                  return;
                }
                // Measured from the start of the build: what the user waits for after "run".
                current.pendingKernel = { kernel: built.value.kernel, libraryPath: built.value.libraryPath, readyMs: performance.now() - buildStarted, cacheHit: built.value.cacheHit, compileMs: built.value.compileMs, loadMs: built.value.loadMs };
              })
              .then(settle, reject);
          };
        });
      } else {
        const built = await native.build(nativeRequest);
        if (!built.ok) {
          const mapped = built.compilerMessages === undefined ? [] : mapCompilerMessages(built.compilerMessages, g);
          return fail(mapped.length > 0 ? mapped : built.diagnostics);
        }
        instance.dispose();
        instance = new NetworkInstance(g.context, built.value.kernel);
        tier = 'native';
        cacheHit = built.value.cacheHit;
        compileMs = built.value.compileMs;
        loadMs = built.value.loadMs;
        libraryPath = built.value.libraryPath;
      }
    }
    for (const group of g.model.groups) {
      for (const init of group.ir.initial) if (init.code === undefined) instance.setVariable(`_array_${group.ir.name}_${init.variable}`, init.value, init.range);
    }
    const invalid = instance.connectSynapses();
    if (invalid !== undefined) {
      instance.dispose();
      const synapses = g.context.synapses.find((s) => s.name === invalid.synapses);
      return fail([
        makeDiagnostic('SF4011', { callee: `${invalid.synapses}.connect`, detail: `source neuron ${invalid.i} gets target ${invalid.j}, outside 0 to ${(synapses?.targetN ?? 0) - 1} (pass skip_if_invalid=True to drop such targets)` }, synapses?.connectSpans[invalid.call]),
      ]);
    }
    for (const syn of g.model.synapses) {
      const count = instance.synapseCount(syn.ir.name);
      for (const init of syn.ir.initial) {
        if (init.code !== undefined) continue;
        if (typeof init.value !== 'number' && init.value.length !== count) {
          instance.dispose();
          return fail([makeDiagnostic('SF4007', { name: `${syn.ir.name}.${init.variable}`, expected: count, actual: init.value.length }, init.span)]);
        }
        instance.setVariable(`_array_${syn.ir.name}_${init.variable}`, init.value);
      }
    }
    for (const monitor of g.model.monitors) {
      if (monitor.ofSynapses !== true) continue;
      const count = instance.synapseCount(monitor.group.ir.name);
      const bad = monitor.indices.findIndex((index) => index >= count);
      if (bad >= 0) {
        instance.dispose();
        return fail([makeDiagnostic('SF4002', { index: String(monitor.indices[bad]), size: `${count} synapses; ${monitor.group.ir.name}`, max: count - 1 }, monitor.ir.recordSpans?.[bad] ?? monitor.ir.span)]);
      }
    }
    instance.initialise();
    instance.prepareSynapses();
    if (previous !== undefined) {
      previous.instance.dispose();
      if (holdsNativeLibrary(previous)) this.native?.release(previous.registryId);
    }
    holder.instance = instance;
    this.networks.set(networkId, { ...(background === undefined ? {} : { nativeReady: background }), ...(startNative === undefined ? {} : { startNative }), builtAt: performance.now(), id: networkId, registryId, generated: g, instance, ...(libraryPath ? { libraryPath } : {}), entryPoints: entries.map((e) => ({ name: e.name, signature: e.signature })) });
    // No run within a moment (a build alone, or the run request still on its way): compile anyway.
    if (startNative !== undefined) setTimeout(() => this.networks.get(networkId)?.startNative?.(), NATIVE_START_GRACE_MS);
    return okResult({
      networkId,
      networkName: args.ir.name,
      namespace: g.rendered.namespace,
      tier,
      cacheHit,
      ...(libraryPath ? { libraryPath } : {}),
      timings: { parseMs: g.parseMs, codegenMs: g.codegenMs, renderMs: g.rendered.renderMs, compileMs, loadMs },
      cppSource: g.rendered.cppSource,
      jsSource: g.rendered.jsSource,
      lineMap: g.rendered.lineMap,
      monitors: g.monitors,
      entryPoints: entries.map((e) => ({ name: e.name, signature: e.signature })),
      ...(toolchainMessage ? { toolchainMessage } : {}),
      warnings,
      ...(background === undefined ? {} : { nativeInBackground: true }),
    });
  }

  private network(networkId: string): Result<BuiltNetwork> {
    const network = this.networks.get(networkId);
    return network === undefined ? fail([makeDiagnostic('SF8002', { name: networkId })]) : okResult(network);
  }

  /**
   * Stops a running `runAsync` of the network after its current chunk (Brian2's `stop()`). With
   * `runId`, a run that has not started yet (queued behind another request) is stopped too: it
   * ends before its first chunk.
   */
  stop(networkId: string, runId?: string): Result<{ readonly stopping: boolean }> {
    const found = this.network(networkId);
    if (!found.ok) return found;
    const running = found.value.runningId;
    if (runId !== undefined && running !== runId) {
      this.stopsBeforeStart.add(runId);
      return okResult({ stopping: true });
    }
    found.value.stopRequested = true;
    return okResult({ stopping: running !== undefined });
  }

  /** Settles when a background native build of the network has finished (tests, benchmarks). */
  async nativeReady(networkId: string): Promise<void> {
    const network = this.networks.get(networkId);
    network?.startNative?.();
    await network?.nativeReady;
  }

  /** The tier swap of a network built with tier 'auto', once it happened. */
  swapInfo(networkId: string): BuiltNetwork['swap'] {
    return this.networks.get(networkId)?.swap;
  }

  /** Swaps in a tier-1 kernel that finished compiling in the background (at a chunk boundary). */
  private swapIfReady(network: BuiltNetwork): boolean {
    const pending = network.pendingKernel;
    if (pending === undefined) return false;
    network.pendingKernel = undefined;
    network.instance.swapKernel(pending.kernel);
    network.libraryPathAfterSwap = pending.libraryPath;
    network.swap = { step: network.instance.step, afterBuildMs: performance.now() - (network.builtAt ?? performance.now()), readyMs: pending.readyMs, cacheHit: pending.cacheHit, compileMs: pending.compileMs, loadMs: pending.loadMs };
    return true;
  }

  /**
   * The sim host's run: chunks of ~20 ms with the event loop free between them, so that `stop`
   * requests and a background native build are seen; a finished native build is swapped in at
   * the next chunk boundary. Same results as `run` (the tiers are bit-identical).
   */
  async runAsync(args: SimRunArgs, emit: Emit): Promise<Result<SimRunResult>> {
    const found = this.network(args.networkId);
    if (!found.ok) return found;
    const network = found.value;
    network.stopRequested = false;
    this.swapIfReady(network);
    const run = new ChunkedRun(network, args, emit);
    if (this.stopsBeforeStart.delete(args.runId)) return okResult(run.finish('stopped'));
    network.runningId = args.runId;
    let stopped = false;
    while (run.next()) {
      run.flush('running');
      network.startNative?.(); // tier 1 starts compiling once the first result is out
      await new Promise<void>((resolve) => setImmediate(resolve));
      // stop() may have been handled while the event loop was free.
      if (stopRequested(network)) {
        stopped = true;
        break;
      }
      if (this.swapIfReady(network)) run.resetChunk(); // re-measure the chunk size on the new tier
    }
    network.stopRequested = false;
    network.runningId = undefined;
    return okResult(run.finish(stopped ? 'stopped' : 'done'));
  }

  /** Runs in chunks of ~20 ms without yielding, emitting batches and progress between chunks when streaming. */
  run(args: SimRunArgs, emit: Emit): Result<SimRunResult> {
    const found = this.network(args.networkId);
    if (!found.ok) return found;
    const run = new ChunkedRun(found.value, args, emit);
    while (run.next()) run.flush('running');
    return okResult(run.finish('done'));
  }

  /** Brian2's `store(name)` on a network. */
  store(networkId: string, name: string): Result<{ step: number; names: string[] }> {
    const found = this.network(networkId);
    if (!found.ok) return found;
    found.value.instance.store(name);
    return okResult({ step: found.value.instance.step, names: found.value.instance.storedNames() });
  }

  /** Brian2's `restore(name)`: state, synapses, spike queues, monitors and t as stored. */
  restore(networkId: string, name: string): Result<{ step: number; names: string[] }> {
    const found = this.network(networkId);
    if (!found.ok) return found;
    if (!found.value.instance.restore(name)) {
      const stored = found.value.instance.storedNames();
      return fail([makeDiagnostic('SF8004', { id: name }, undefined, [stored.length === 0 ? 'nothing was stored; call store() first' : `stored: ${stored.join(', ')}`])]);
    }
    return okResult({ step: found.value.instance.step, names: found.value.instance.storedNames() });
  }

  update(networkId: string, group: string, steps: number): Result<{ step: number; callMs: number }> {
    const found = this.network(networkId);
    if (!found.ok) return found;
    if (!found.value.generated.context.groups.some((g) => g.name === group)) return fail([makeDiagnostic('SF4010', { name: group })]);
    const started = performance.now();
    found.value.instance.updateGroup(group, steps);
    return okResult({ step: found.value.instance.step, callMs: performance.now() - started });
  }

  record(networkId: string, monitor: string): Result<{ count: number }> {
    const found = this.network(networkId);
    if (!found.ok) return found;
    if (!found.value.generated.context.monitors.some((m) => m.name === monitor)) return fail([makeDiagnostic('SF4010', { name: monitor })]);
    found.value.instance.recordMonitor(monitor);
    return okResult({ count: found.value.instance.monitorCount(monitor) });
  }

  monitorData(networkId: string, monitor: string): Result<SimMonitorData> {
    const found = this.network(networkId);
    if (!found.ok) return found;
    const spikes = found.value.instance.spikeData(monitor);
    if (spikes !== undefined) return okResult({ t: spikes.t, indices: [], values: spikes.values, spikeIndices: spikes.i, spikeCounts: spikes.count });
    const data = found.value.instance.monitorData(monitor);
    return data === undefined ? fail([makeDiagnostic('SF4010', { name: monitor })]) : okResult({ t: data.t, indices: data.indices, values: data.values });
  }

  getArray(networkId: string, arrayName: string): Result<SimHostMethods['getArray']['result']> {
    const found = this.network(networkId);
    if (!found.ok) return found;
    const array = found.value.instance.array(arrayName);
    if (array === undefined) return fail([makeDiagnostic('SF8003', { name: arrayName, network: networkId })]);
    const address = found.value.instance.addressOf(arrayName);
    return okResult({ values: array.slice(), ...(address === undefined ? {} : { address: `0x${address.toString(16)}` }) });
  }

  setArray(networkId: string, arrayName: string, value: number | readonly number[]): Result<{ length: number }> {
    const found = this.network(networkId);
    if (!found.ok) return found;
    const array = found.value.instance.array(arrayName);
    if (array === undefined) return fail([makeDiagnostic('SF8003', { name: arrayName, network: networkId })]);
    if (typeof value !== 'number' && value.length !== array.length) return fail([makeDiagnostic('SF4007', { name: arrayName, expected: array.length, actual: value.length })]);
    found.value.instance.setVariable(arrayName, value);
    // New delays change the spike-delivery structures.
    if (found.value.generated.context.synapses.some((s) => s.delay === arrayName)) found.value.instance.prepareSynapses();
    return okResult({ length: array.length });
  }

  inspectObject(networkId: string, object: string): Result<ObjectReport> {
    const found = this.network(networkId);
    if (!found.ok) return found;
    const { generated, entryPoints, libraryPath } = found.value;
    const ctx = generated.context;
    const group = generated.model.groups.find((g) => g.ir.name === object);
    const monitor = ctx.monitors.find((m) => m.name === object);
    const symbols = entryPoints
      .filter((e) => object === 'network' || e.name.endsWith(`_${object}_stateupdate`) || e.name.endsWith(`_${object}_record`) || (object === ctx.networkName && e.name.endsWith('_run')))
      .map((e) => ({ name: e.name, signature: e.signature, kind: e.name.endsWith('_run') ? 'run' : e.name.endsWith('_record') ? 'record' : 'update' }));
    const arrays = ctx.arrays.filter((a) => a.owner === object || object === ctx.networkName);
    if (group === undefined && monitor === undefined && object !== ctx.networkName) return fail([makeDiagnostic('SF4010', { name: object })]);
    return okResult({
      name: object,
      kind: group !== undefined ? 'NeuronGroup' : monitor !== undefined ? 'StateMonitor' : 'Network',
      namespace: generated.rendered.namespace,
      ...(libraryPath ? { library: libraryPath } : {}),
      symbols,
      variables: arrays.map((a) => ({ name: a.variable, unit: a.unit, dtype: a.dtype, length: found.value.instance.array(a.name)?.length ?? 0 })),
      ...(group !== undefined ? { equations: group.ir.equations.trim() } : {}),
    });
  }

  inspectArray(networkId: string, arrayName: string, slice?: { start: number; end: number }): Result<ArrayReport> {
    const found = this.network(networkId);
    if (!found.ok) return found;
    const spec = found.value.generated.context.arrays.find((a) => a.name === arrayName || `${a.owner}.${a.variable}` === arrayName);
    const array = spec === undefined ? undefined : found.value.instance.array(spec.name);
    if (spec === undefined || array === undefined) return fail([makeDiagnostic('SF8003', { name: arrayName, network: networkId })]);
    const used = spec.kind === 'monitor-t' ? found.value.instance.monitorCount(spec.owner) : spec.kind === 'monitor-values' ? found.value.instance.monitorCount(spec.owner) * spec.rowWidth : array.length;
    const view = array.subarray(0, used);
    const start = Math.max(0, Math.min(slice?.start ?? 0, used));
    const end = Math.max(start, Math.min(slice?.end ?? start + 20, used));
    const address = found.value.instance.addressOf(spec.name);
    return okResult({
      name: spec.name,
      dtype: spec.dtype,
      length: used,
      capacity: array.length,
      bytes: array.byteLength,
      ...(address === undefined ? {} : { address: `0x${address.toString(16)}` }),
      unit: spec.unit,
      ...computeArrayStats(view),
      slice: Array.from(view.subarray(start, end)),
      sliceStart: start,
    });
  }

  takeSnapshot(networkId: string, label: string): Result<SnapshotInfo> {
    const found = this.network(networkId);
    if (!found.ok) return found;
    const id = `snap${this.nextId++}`;
    const { instance, generated } = found.value;
    const stateArrays = instance.listArrays().filter((a) => a.spec.kind === 'state').map((a): [string, Float64Array | Int32Array | Uint8Array] => [a.spec.name, a.array]);
    const snapshot = takeSnapshot(id, label, networkId, instance.step, generated.model.ir.dt, stateArrays);
    this.snapshots.set(id, snapshot);
    return okResult({ id, label, t: snapshot.t, step: snapshot.step });
  }

  compareSnapshots(a: string, b: string): Result<SnapshotDiff> {
    const first = this.snapshots.get(a);
    const second = this.snapshots.get(b);
    if (first === undefined) return fail([makeDiagnostic('SF8004', { id: a })]);
    if (second === undefined) return fail([makeDiagnostic('SF8004', { id: b })]);
    return okResult(compareSnapshots(first, second));
  }

  scanNamespaces(): NamespaceScan {
    return this.native?.scanNamespaces() ?? { namespaces: [] };
  }

  checkConflicts(names?: readonly string[]): ConflictReport {
    return this.native?.checkConflicts(names) ?? { checked: 0, conflicts: [] };
  }

  dispose(networkId: string): boolean {
    const network = this.networks.get(networkId);
    if (network === undefined) return false;
    network.instance.dispose();
    if (holdsNativeLibrary(network)) this.native?.release(network.registryId);
    this.networks.delete(networkId);
    return true;
  }
}
