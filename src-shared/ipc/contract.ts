/**
 * The one typed contract between the renderer and the backend (Electron main or the web host).
 * `SPIKEFORGE_CHANNELS` maps each member to its `sf:` channel; the preload and the WebSocket
 * client are built mechanically from it, and `registerHandlers` must `satisfies` the request part.
 * Requests are validated with the zod schemas in `schemas.ts` on the receiving side.
 */
import type { Diagnostic } from '../diagnostics';
import type { IpcResult } from './ipcResult';

/** Removes a listener. */
export type Unsubscribe = () => void;

/** A physical value as it crosses the boundary: SI value plus the unit it is shown in. */
export interface QuantityDto {
  readonly value: number;
  readonly unit: string;
}

/** What the backend knows at start-up. */
export interface StartupInfo {
  readonly version: string;
  /** The Quick Start model text the app opens on. */
  readonly quickStart: ExampleModel;
  readonly examples: readonly ExampleSummary[];
  readonly toolchain: ToolchainInfo;
}

export interface ExampleSummary {
  readonly name: string;
  readonly title: string;
}

export interface ExampleModel extends ExampleSummary {
  readonly fileName: string;
  readonly text: string;
}

/** The native compiler found by the probe, or why there is none. */
export interface ToolchainInfo {
  readonly available: boolean;
  readonly compiler?: string;
  readonly version?: string;
  readonly message: string;
}

export interface CheckRequest {
  readonly text: string;
  readonly fileName?: string;
}

export interface CheckInfo {
  readonly diagnostics: readonly Diagnostic[];
}

export interface BuildRequest {
  readonly text: string;
  readonly fileName?: string;
  /** `auto` (default) prefers native when a compiler exists. */
  readonly tier?: 'js' | 'native' | 'auto';
}

/** Per-stage timings of a build, in milliseconds. */
export interface BuildTimings {
  readonly parseMs: number;
  readonly codegenMs: number;
  readonly renderMs: number;
  readonly compileMs: number;
  readonly loadMs: number;
}

export interface BuildInfo {
  readonly networkId: string;
  readonly networkName: string;
  readonly namespace: string;
  readonly tier: 'js' | 'native';
  readonly cacheHit: boolean;
  readonly libraryPath?: string;
  readonly timings: BuildTimings;
  readonly cppSource: string;
  readonly jsSource: string;
  /** Monitors the run will stream, so the renderer can prepare charts. */
  readonly monitors: readonly MonitorInfo[];
  /** Simulated duration of the script's `run(...)` calls, seconds. */
  readonly duration: number;
  readonly dt: number;
  readonly warnings: readonly Diagnostic[];
  /**
   * True when the network starts on the JS tier while its native library compiles in the
   * background (tier `auto`); the swap is reported later in `RunProgress.swap`.
   */
  readonly nativeInBackground?: boolean;
}

export interface MonitorInfo {
  readonly name: string;
  /** `SpikeMonitor` covers Brian2's EventMonitor too (a SpikeMonitor is `EventMonitor(G, 'spike')`): see `event`. */
  readonly kind: 'StateMonitor' | 'SpikeMonitor' | 'PopulationRateMonitor';
  readonly source: string;
  /** An EventMonitor's custom event (absent: spikes). */
  readonly event?: string;
  readonly variables: readonly string[];
  /** Display unit per variable (e.g. `mV`, or `1` for dimensionless). */
  readonly units: Readonly<Record<string, string>>;
  readonly indices: readonly number[];
}

export interface RunRequest {
  readonly networkId: string;
  /** Overrides the script's duration, seconds. */
  readonly duration?: number;
}

export interface RunHandle {
  readonly runId: string;
}

/**
 * A chunk of recorded samples. `t` holds `count` times (seconds); `values[variable][k]` holds the
 * samples of recorded index `indices[k]` for those times (row per recorded neuron, column per time).
 */
export interface MonitorBatch {
  readonly runId: string;
  readonly monitor: string;
  readonly indices: readonly number[];
  readonly t: Float64Array;
  readonly values: Readonly<Record<string, readonly Float64Array[]>>;
  /**
   * SpikeMonitor (and EventMonitor) batches: the neuron index of each event (`t` holds the event
   * times); recorded variables come as one trace per variable, `values[variable][0][k]` at event k.
   */
  readonly spikeIndices?: Int32Array;
  /** Samples (spikes, for a SpikeMonitor) recorded so far in this run, including this batch. */
  readonly totalSamples: number;
}

/**
 * The moment a network built with tier `auto` moved from the JS tier to its native library (at a
 * chunk boundary, same host arrays), with what the background build cost.
 */
export interface TierSwap {
  /** Network step at which the native library took over. */
  readonly step: number;
  /** Simulated time at `step`, seconds. */
  readonly t: number;
  /** Wall-clock time from the end of the build to the swap, ms. */
  readonly afterBuildMs: number;
  /** Compiler run time, ms (0 on a cache hit). */
  readonly compileMs: number;
  readonly cacheHit: boolean;
  /** Loading the library, ms. */
  readonly loadMs: number;
}

/** Where the wall-clock time of one run went (the build's own stages are in `BuildTimings`). */
export interface RunTimings {
  /** Steps simulated by this run. */
  readonly steps: number;
  /** Wall-clock time of the whole run, ms (chunks, streaming and the pauses between chunks). */
  readonly elapsedMs: number;
  /** The first chunk (JS warm-up or the first native call), ms, and its steps. */
  readonly firstChunkMs: number;
  readonly firstChunkSteps: number;
  /**
   * Steps per second of the chunks after the first one on the tier the run ended on (pure
   * stepping, without streaming); that first chunk's rate when the tier ran only one chunk.
   */
  readonly steadyStepsPerSecond: number;
  /** The tier that ran the last chunk. */
  readonly tier: 'js' | 'native';
}

/**
 * A progress event of a run, sent between chunks (at most every ~20 ms of work) and once at the end
 * (`done`, `stopped` or `error`). Times are absolute network times, so a run that continues an
 * earlier one reports `t` and `duration` from t = 0.
 */
export interface RunProgress {
  readonly runId: string;
  readonly state: 'running' | 'done' | 'stopped' | 'error';
  /** Simulated time reached, seconds. */
  readonly t: number;
  /** Simulated time at which the run will end, seconds. */
  readonly duration: number;
  /** Network step reached (`t / dt`). */
  readonly step: number;
  /** Steps per second: recent rate while running, the run's average in the final event. */
  readonly stepsPerSecond: number;
  /** Estimated wall-clock seconds until the run ends, at the recent rate (0 once it has ended). */
  readonly etaSeconds: number;
  /** The tier that ran the last chunk. */
  readonly tier: 'js' | 'native';
  /** When the native library was swapped in (this run or an earlier one of the same build). */
  readonly swap?: TierSwap;
  /** In the final event of a run that stepped: where its time went. */
  readonly timings?: RunTimings;
  readonly diagnostics?: readonly Diagnostic[];
}

/** `stopRun`: ends the network's run at the next chunk boundary; what was recorded is kept. */
export interface StopRunRequest {
  readonly networkId: string;
  /** Stop only this run (default: whatever run the network has in flight). */
  readonly runId?: string;
}

/** What `stopRun` did. */
export interface StopRunResult {
  /** False when the network had no run in flight (nothing to stop). */
  readonly stopping: boolean;
  readonly runId?: string;
}

/** `storeState` / `restoreState`: Brian2's `store(name)` / `restore(name)` of a whole network. */
export interface NetworkStateRequest {
  readonly networkId: string;
  /** Brian2's default name is `'default'`. */
  readonly name?: string;
}

/** The network state after `storeState` or `restoreState`. */
export interface NetworkStateInfo {
  readonly networkId: string;
  readonly name: string;
  /** Network step stored, or restored to. */
  readonly step: number;
  /** Simulated time at `step`, seconds. */
  readonly t: number;
  /** Every name stored for this network so far. */
  readonly storedNames: readonly string[];
}

export interface CrashReport {
  readonly signal: string;
  readonly networkName?: string;
  readonly tier?: 'js' | 'native';
  /** Last step of the network known before the crash (from run results and progress). */
  readonly step?: number;
  readonly message: string;
  /** Why the sim host ended: killed by a signal, exited with a code, or killed by the watchdog. */
  readonly cause?: 'signal' | 'exit' | 'watchdog';
  readonly networkId?: string;
  /** Simulated time at `step`, seconds. */
  readonly t?: number;
  /** The code object or entry point the request was running (e.g. `sf_net_<h>_neurons_stateupdate`). */
  readonly codeObject?: string;
  /** The sim-host request that was being served (`run`, `update`, …). */
  readonly request?: string;
  readonly libraryPath?: string;
  /** True when a fresh sim host was started at once; built networks are rebuilt on next use. */
  readonly restarted?: boolean;
  /** The full diagnostic (SF8001, or SF8007 for the watchdog) with notes. */
  readonly diagnostics?: readonly Diagnostic[];
}

/** The compile cache as `spikeforge cache info` shows it. */
export interface CacheInfo {
  readonly dir: string;
  /** Complete entries (one library with its source each). */
  readonly entries: number;
  /** Bytes of all complete entries. */
  readonly bytes: number;
  /** Size cap: least recently used entries are evicted above it. */
  readonly maxBytes: number;
  /** Least recently used entry; `lastUsed` in ms since the epoch (the entry folder's mtime, touched on every hit). */
  readonly oldest?: CacheEntryInfo;
  /** Most recently used entry. */
  readonly newest?: CacheEntryInfo;
  /** Unfinished build folders (`<key>.tmp-<pid>-<random>`). */
  readonly tempDirs: number;
}

export interface CacheEntryInfo {
  readonly key: string;
  readonly bytes: number;
  readonly lastUsed: number;
}

export interface CacheCleanResult {
  /** Entries and stale temp folders removed. */
  readonly removed: number;
  /** Bytes freed. */
  readonly bytes: number;
  /** Entries kept because a running sim host has them loaded. */
  readonly kept: number;
}

export interface GeneratedCodeRequest {
  readonly networkId: string;
}

export interface GeneratedCode {
  readonly cpp: string;
  readonly js: string;
  /** C++ line (1-based) → model span offsets, for the model↔code links. */
  readonly lineMap: readonly { readonly line: number; readonly start: number; readonly end: number }[];
}

export interface InspectObjectRequest {
  readonly networkId: string;
  readonly object: string;
}

/** A compiled code object or group as the inspector shows it. */
export interface ObjectReport {
  readonly name: string;
  readonly kind: string;
  readonly namespace: string;
  readonly library?: string;
  readonly symbols: readonly { readonly name: string; readonly signature: string; readonly kind: string }[];
  readonly variables: readonly { readonly name: string; readonly unit: string; readonly dtype: string; readonly length: number }[];
  readonly equations?: string;
}

export interface InspectArrayRequest {
  readonly networkId: string;
  readonly array: string;
  readonly slice?: { readonly start: number; readonly end: number };
}

export interface ArrayReport {
  readonly name: string;
  readonly dtype: 'float64' | 'int32' | 'int64' | 'uint8';
  readonly length: number;
  readonly capacity: number;
  readonly bytes: number;
  /** Host address as hex (`0x…`), as the native code sees it; absent on the JS tier. */
  readonly address?: string;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
  readonly nanCount: number;
  readonly infCount: number;
  readonly slice: readonly number[];
  readonly sliceStart: number;
}

export interface SnapshotRequest {
  readonly networkId: string;
  readonly label: string;
}

export interface SnapshotInfo {
  readonly id: string;
  readonly label: string;
  readonly t: number;
  readonly step: number;
}

export interface CompareSnapshotsRequest {
  readonly a: string;
  readonly b: string;
}

export interface SnapshotDiff {
  readonly a: string;
  readonly b: string;
  readonly arrays: readonly {
    readonly name: string;
    readonly changed: number;
    readonly length: number;
    readonly maxAbsDiff: number;
    readonly firstChanged: readonly number[];
  }[];
}

export interface NamespaceScan {
  readonly namespaces: readonly {
    readonly networkName: string;
    readonly namespace: string;
    readonly library: string;
    readonly symbols: readonly string[];
    readonly arrays: readonly string[];
    readonly refcount: number;
  }[];
}

export interface ConflictRequest {
  /** Names to check; absent means every exported symbol. */
  readonly names?: readonly string[];
}

export interface ConflictReport {
  readonly checked: number;
  readonly conflicts: readonly {
    readonly name: string;
    readonly kind: 'duplicate-export' | 'shadows-global' | 'namespace-collision';
    readonly where: readonly string[];
  }[];
}

/** The contract. Every request resolves to an `IpcResult`; subscriptions return `Unsubscribe`. */
export interface SpikeForgeApi {
  getStartup(): Promise<IpcResult<StartupInfo>>;
  openExample(req: { readonly name: string }): Promise<IpcResult<ExampleModel>>;
  checkModel(req: CheckRequest): Promise<IpcResult<CheckInfo>>;
  buildNetwork(req: BuildRequest): Promise<IpcResult<BuildInfo>>;
  startRun(req: RunRequest): Promise<IpcResult<RunHandle>>;
  stopRun(req: StopRunRequest): Promise<IpcResult<StopRunResult>>;
  storeState(req: NetworkStateRequest): Promise<IpcResult<NetworkStateInfo>>;
  restoreState(req: NetworkStateRequest): Promise<IpcResult<NetworkStateInfo>>;
  getGeneratedCode(req: GeneratedCodeRequest): Promise<IpcResult<GeneratedCode>>;
  inspectObject(req: InspectObjectRequest): Promise<IpcResult<ObjectReport>>;
  inspectArray(req: InspectArrayRequest): Promise<IpcResult<ArrayReport>>;
  takeSnapshot(req: SnapshotRequest): Promise<IpcResult<SnapshotInfo>>;
  compareSnapshots(req: CompareSnapshotsRequest): Promise<IpcResult<SnapshotDiff>>;
  scanNamespaces(): Promise<IpcResult<NamespaceScan>>;
  checkConflicts(req: ConflictRequest): Promise<IpcResult<ConflictReport>>;
  onDidRecord(listener: (batch: MonitorBatch) => void): Unsubscribe;
  onDidProgress(listener: (progress: RunProgress) => void): Unsubscribe;
  onDidSimHostCrash(listener: (report: CrashReport) => void): Unsubscribe;
}

/** The request members (everything that is not an `onDid*` subscription). */
export type SpikeForgeRequests = {
  [K in keyof SpikeForgeApi as K extends `onDid${string}` ? never : K]: SpikeForgeApi[K];
};

/** The subscription members. */
export type SpikeForgeEvents = {
  [K in keyof SpikeForgeApi as K extends `onDid${string}` ? K : never]: SpikeForgeApi[K];
};

/** Payload type of an event member. */
export type EventPayload<K extends keyof SpikeForgeEvents> = Parameters<Parameters<SpikeForgeEvents[K]>[0]>[0];

/** Channel per member: requests `sf:<noun>.<verb>`, events `sf:event.<name>`. */
export const SPIKEFORGE_CHANNELS = {
  getStartup: 'sf:startup.get',
  openExample: 'sf:example.open',
  checkModel: 'sf:model.check',
  buildNetwork: 'sf:network.build',
  startRun: 'sf:run.start',
  stopRun: 'sf:run.stop',
  storeState: 'sf:state.store',
  restoreState: 'sf:state.restore',
  getGeneratedCode: 'sf:code.get',
  inspectObject: 'sf:inspector.object',
  inspectArray: 'sf:inspector.array',
  takeSnapshot: 'sf:inspector.snapshot',
  compareSnapshots: 'sf:inspector.compare',
  scanNamespaces: 'sf:inspector.scan',
  checkConflicts: 'sf:inspector.conflicts',
  onDidRecord: 'sf:event.record',
  onDidProgress: 'sf:event.progress',
  onDidSimHostCrash: 'sf:event.crash',
} as const satisfies Record<keyof SpikeForgeApi, string>;

/** Request member names, for building bridges mechanically. */
export const REQUEST_MEMBERS = Object.keys(SPIKEFORGE_CHANNELS).filter((k) => !k.startsWith('onDid')) as (keyof SpikeForgeRequests)[];
/** Event member names. */
export const EVENT_MEMBERS = Object.keys(SPIKEFORGE_CHANNELS).filter((k) => k.startsWith('onDid')) as (keyof SpikeForgeEvents)[];

/**
 * The backend side of the contract, implemented once by the services (`src-main/services`) and
 * exposed by each transport (Electron IPC, WebSocket) without knowing what it does.
 */
export interface SpikeForgeBackend extends SpikeForgeRequests {
  subscribe<K extends keyof SpikeForgeEvents>(event: K, listener: (payload: EventPayload<K>) => void): Unsubscribe;
  dispose(): Promise<void>;
}
