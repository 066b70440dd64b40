/**
 * The protocol between a sim-host client (the services, the CLI, the TypeScript API) and the sim
 * host process: `{id, method, args}` requests answered by `{id, ok, value | diagnostics}`, plus
 * events. It is the only way into the sim host: nothing imports its modules.
 */
import type { Diagnostic } from '../diagnostics';
import type { ModelIR } from '../model';
import type {
  ArrayReport,
  BuildTimings,
  CacheCleanResult,
  CacheInfo,
  ConflictReport,
  ConflictRequest,
  MonitorBatch,
  MonitorInfo,
  NamespaceScan,
  ObjectReport,
  RunProgress,
  RunTimings,
  SnapshotDiff,
  SnapshotInfo,
} from './contract';

export interface SimBuildArgs {
  readonly ir: ModelIR;
  readonly tier: 'js' | 'native' | 'auto';
  /** Reuse this id (rebuilding a network replaces it). */
  readonly networkId?: string;
}

export interface SimBuildResult {
  readonly networkId: string;
  readonly networkName: string;
  readonly namespace: string;
  readonly tier: 'js' | 'native';
  readonly cacheHit: boolean;
  readonly libraryPath?: string;
  readonly timings: BuildTimings;
  readonly cppSource: string;
  readonly jsSource: string;
  readonly lineMap: readonly { readonly line: number; readonly start: number; readonly end: number }[];
  readonly monitors: readonly MonitorInfo[];
  readonly entryPoints: readonly { readonly name: string; readonly signature: string }[];
  readonly toolchainMessage?: string;
  readonly warnings: readonly Diagnostic[];
  /** Tier `auto` with a compiler: starts on JS, native compiles in the background. */
  readonly nativeInBackground?: boolean;
}

export interface SimRunArgs {
  readonly networkId: string;
  readonly runId: string;
  readonly steps: number;
  /** Stream monitor batches and progress while running. */
  readonly stream: boolean;
}

export interface SimRunResult {
  readonly steps: number;
  readonly step: number;
  readonly elapsedMs: number;
  readonly nsPerStep: number;
  /** How the run ended: all steps, or stopped at a chunk boundary. */
  readonly state: 'done' | 'stopped';
  readonly timings: RunTimings;
}

export interface SimMonitorData {
  readonly t: Float64Array;
  readonly indices: readonly number[];
  readonly values: Readonly<Record<string, readonly Float64Array[]>>;
  /**
   * SpikeMonitor (EventMonitor): the neuron of each event (`t` holds the event times) and the count
   * per neuron; recorded variables in `values[variable][0]`, one value per event.
   */
  readonly spikeIndices?: Int32Array;
  readonly spikeCounts?: Int32Array;
}

export interface SimToolchain {
  readonly available: boolean;
  readonly compiler?: string;
  readonly version?: string;
  readonly message: string;
}

/** Every sim-host method: arguments and result. */
export interface SimHostMethods {
  probe: { args: Record<string, never>; result: SimToolchain };
  build: { args: SimBuildArgs; result: SimBuildResult };
  run: { args: SimRunArgs; result: SimRunResult };
  update: { args: { readonly networkId: string; readonly group: string; readonly steps: number }; result: { readonly step: number; readonly callMs: number } };
  record: { args: { readonly networkId: string; readonly monitor: string }; result: { readonly count: number } };
  monitorData: { args: { readonly networkId: string; readonly monitor: string }; result: SimMonitorData };
  getArray: { args: { readonly networkId: string; readonly array: string }; result: { readonly values: Float64Array | Int32Array | Uint8Array; readonly address?: string } };
  setArray: { args: { readonly networkId: string; readonly array: string; readonly value: number | readonly number[] }; result: { readonly length: number } };
  inspectObject: { args: { readonly networkId: string; readonly object: string }; result: ObjectReport };
  inspectArray: { args: { readonly networkId: string; readonly array: string; readonly slice?: { readonly start: number; readonly end: number } }; result: ArrayReport };
  takeSnapshot: { args: { readonly networkId: string; readonly label: string }; result: SnapshotInfo };
  compareSnapshots: { args: { readonly a: string; readonly b: string }; result: SnapshotDiff };
  scanNamespaces: { args: Record<string, never>; result: NamespaceScan };
  checkConflicts: { args: ConflictRequest; result: ConflictReport };
  dispose: { args: { readonly networkId: string }; result: { readonly disposed: boolean } };
  /**
   * Ends a running `run` after its current chunk (handled at once, not queued behind the run).
   * With `runId`, a run that is still queued ends before its first chunk when it starts.
   */
  stop: { args: { readonly networkId: string; readonly runId?: string }; result: { readonly stopping: boolean } };
  /** Brian2's `store(name)` / `restore(name)` of a network's whole state; `names`: every stored name. */
  store: { args: { readonly networkId: string; readonly name: string }; result: { readonly step: number; readonly names: readonly string[] } };
  restore: { args: { readonly networkId: string; readonly name: string }; result: { readonly step: number; readonly names: readonly string[] } };
  /** The compile cache of this sim host: folder, entries, bytes, least and most recently used. */
  cacheInfo: { args: Record<string, never>; result: CacheInfo };
  /** Empties the compile cache except libraries loaded in this sim host. */
  cleanCache: { args: Record<string, never>; result: CacheCleanResult };
  /**
   * Test-only: fail the way generated code can. `segfault` and `abort` kill the process by signal
   * (SIGSEGV, SIGABRT) without cleanup; `hang` spins forever, so only the client's watchdog ends it.
   */
  crashForTest: { args: { readonly kind: 'segfault' | 'abort' | 'hang' }; result: Record<string, never> };
}

export type SimHostMethod = keyof SimHostMethods;

export interface SimRequest {
  readonly kind: 'request';
  readonly id: number;
  readonly method: SimHostMethod;
  readonly args: unknown;
}

export type SimResponse =
  | { readonly kind: 'response'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'response'; readonly id: number; readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export type SimEvent =
  | { readonly kind: 'event'; readonly event: 'record'; readonly payload: MonitorBatch }
  | { readonly kind: 'event'; readonly event: 'progress'; readonly payload: RunProgress }
  | { readonly kind: 'event'; readonly event: 'ready'; readonly payload: { readonly pid: number } };

export type SimMessage = SimResponse | SimEvent;

/** Narrows an unknown message from the sim host. */
export function isSimMessage(value: unknown): value is SimMessage {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'response' || kind === 'event';
}

/** Narrows an unknown message to the sim host. */
export function isSimRequest(value: unknown): value is SimRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; id?: unknown; method?: unknown };
  return v.kind === 'request' && typeof v.id === 'number' && typeof v.method === 'string';
}
