/**
 * A built network in the sim host: its host arrays (the only copy of the state; both tiers read
 * and write them in place), its step counter and its monitors' growable buffers. Runs proceed in
 * chunks; a full monitor buffer stops the generated code before the step that would overflow it,
 * the buffer doubles (amortised growth, never per step) and the call resumes.
 */
import { GROWABLE_ARRAY_KINDS, connectRuntimeSource, type ArraySpec, type NetworkCodeContext, type SynapsesCode } from '../../../src-shared/codegen';
import type { HostArray, Kernel } from './kernel';
import { processConnectionCache, type ConnectionCache } from './connectionCache';

/** The recorded data of one monitor: `values[variable][k]` is the trace of index `indices[k]`. */
export interface MonitorData {
  readonly t: Float64Array;
  readonly indices: readonly number[];
  readonly values: Readonly<Record<string, Float64Array[]>>;
  readonly count: number;
}

/** The events (spikes) a SpikeMonitor or EventMonitor holds, and its count per neuron. */
export interface SpikeData {
  readonly i: Int32Array;
  readonly t: Float64Array;
  readonly count: Int32Array;
  readonly total: number;
  /** Recorded variables: `values[variable][0][k]` is the value at event k (one trace, as the batches carry it). */
  readonly values: Readonly<Record<string, Float64Array[]>>;
}

/** A connect call that produced a target index out of range. */
export interface InvalidConnection {
  readonly synapses: string;
  readonly call: number;
  readonly i: number;
  readonly j: number;
}

type ConnectFunction = (arrays: Record<string, HostArray>, emit: (i: number, j: number) => void, invalid: (call: number, i: number, j: number) => void, count: () => number, runtime: unknown) => void;

let connectRuntime: unknown;

/** The random-number runtime of connect code, compiled once per process so it stays warm. */
function getConnectRuntime(): unknown {
  if (connectRuntime === undefined) {
    // Generated from the codegen's own printer (ARCHITECTURE.md §13), not from user text.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating generated support code
    const evaluate = new Function(`return (\n${connectRuntimeSource()}\n)();`) as () => unknown;
    connectRuntime = evaluate();
  }
  return connectRuntime;
}

/** A growable list of int32 pairs (amortised doubling, no per-pair allocation). */
class PairList {
  private pre: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private post: Int32Array<ArrayBuffer> = new Int32Array(1024);
  length = 0;
  push(i: number, j: number): void {
    if (this.length === this.pre.length) {
      const grow = (old: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
        const next = new Int32Array(old.length * 2);
        next.set(old);
        return next;
      };
      this.pre = grow(this.pre);
      this.post = grow(this.post);
    }
    this.pre[this.length] = i;
    this.post[this.length] = j;
    this.length++;
  }
  take(): { pre: Int32Array; post: Int32Array } {
    return { pre: this.pre.slice(0, this.length), post: this.post.slice(0, this.length) };
  }
}

const STATUS_MONITOR_FULL = 1;

/**
 * Groups synapses by row (`keys[s]`: source or target neuron) as a CSR: `start[r]..start[r+1]`
 * indexes `list`, which holds synapse numbers in creation order — or, given `steps`, sorted by
 * delay (stable). Synapses made in row order (connect emits them so) need no scatter.
 */
function groupByRow(keys: Int32Array, n: number, rows: number, start: Int32Array, list: Int32Array, steps: Int32Array | undefined): void {
  start.fill(0);
  let sorted = true;
  let previous = 0;
  for (let s = 0; s < n; s++) {
    const row = keys[s] as number;
    start[row + 1] = (start[row + 1] as number) + 1;
    if (row < previous) sorted = false;
    previous = row;
  }
  for (let r = 0; r < rows; r++) start[r + 1] = (start[r + 1] as number) + (start[r] as number);
  if (sorted) {
    for (let s = 0; s < n; s++) list[s] = s;
  } else {
    const fill = start.slice(0, rows);
    for (let s = 0; s < n; s++) {
      const row = keys[s] as number;
      list[fill[row] as number] = s;
      fill[row] = (fill[row] as number) + 1;
    }
  }
  if (steps === undefined) return;
  for (let r = 0; r < rows; r++) {
    const a = start[r] as number;
    const b = start[r + 1] as number;
    if (b - a < 2) continue;
    const row = Array.from(list.subarray(a, b)).sort((x, y) => (steps[x] as number) - (steps[y] as number) || x - y);
    list.set(row, a);
  }
}

function allocate(spec: ArraySpec, elements: number): HostArray {
  const array = spec.dtype === 'float64' ? new Float64Array(elements) : spec.dtype === 'int32' ? new Int32Array(elements) : new Uint8Array(elements);
  if (spec.initial !== undefined && spec.initial !== 0) array.fill(spec.initial);
  if (spec.values !== undefined && elements === spec.values.length) array.set(spec.values);
  return array;
}

/** A network instance bound to a kernel. */
export class NetworkInstance {
  private readonly arrays = new Map<string, HostArray>();
  private readonly order: readonly ArraySpec[];
  private readonly status = new Int32Array(2);
  /** `store(name)` snapshots: the step and a copy of every host array (state, monitors, spike rings). */
  private readonly stored = new Map<string, { readonly step: number; readonly arrays: ReadonlyMap<string, HostArray> }>();
  private currentStep = 0;
  private kernel: Kernel;
  /** Arrays shared with the connection cache (read-only here): copied before any write. */
  private readonly sharedArrays = new Set<HostArray>();

  constructor(
    readonly context: NetworkCodeContext,
    kernel: Kernel,
    initialMonitorRows = 64,
  ) {
    this.kernel = kernel;
    this.order = context.arrays;
    for (const spec of context.arrays) {
      if (GROWABLE_ARRAY_KINDS.has(spec.kind)) this.arrays.set(spec.name, allocate(spec, initialMonitorRows * spec.rowWidth));
      else if (spec.kind === 'monitor-count') this.arrays.set(spec.name, Int32Array.of(0, initialMonitorRows));
      else this.arrays.set(spec.name, allocate(spec, spec.length));
    }
  }

  /** The current time step (t = step · dt). */
  get step(): number {
    return this.currentStep;
  }

  /** The tier now running. */
  get tier(): 'js' | 'native' {
    return this.kernel.tier;
  }

  /** Replaces the kernel at a chunk boundary; the state stays in the same host arrays. */
  swapKernel(kernel: Kernel): void {
    this.kernel.release();
    this.kernel = kernel;
  }

  /** A host array by name (live: writes are seen by the next step). */
  array(name: string): HostArray | undefined {
    return this.arrays.get(name);
  }

  /** All array specs with their live arrays. */
  listArrays(): readonly { readonly spec: ArraySpec; readonly array: HostArray }[] {
    return this.order.map((spec) => ({ spec, array: this.arrays.get(spec.name) as HostArray })); // every spec got an array in the constructor
  }

  /** The address the native code sees for an array (undefined on the JS tier). */
  addressOf(name: string): bigint | undefined {
    const array = this.arrays.get(name);
    return array === undefined ? undefined : this.kernel.addressOf(array);
  }

  private orderedArrays(): HostArray[] {
    return this.order.map((spec) => this.arrays.get(spec.name) as HostArray); // see listArrays
  }

  /** Grows every buffer of a monitor that reported it has no room for a whole step. */
  private growMonitor(monitorIndex: number): void {
    const monitor = this.context.monitors[monitorIndex] ?? this.context.spikeMonitors[monitorIndex - this.context.monitors.length];
    if (monitor === undefined) throw new Error(`generated code reported unknown monitor ${monitorIndex}`);
    const count = this.arrays.get(monitor.countArray) as Int32Array; // created in the constructor
    const rows = count[1] ?? 0;
    // A SpikeMonitor needs room for a spike of every source neuron before a step starts.
    const needed = 'perNeuronArray' in monitor ? (count[0] ?? 0) + monitor.sourceN : rows + 1;
    const newRows = Math.max(64, rows * 2, needed);
    for (const spec of this.order) {
      if (spec.owner !== monitor.name || !GROWABLE_ARRAY_KINDS.has(spec.kind)) continue;
      const old = this.arrays.get(spec.name) as HostArray; // created in the constructor
      const next = allocate(spec, newRows * spec.rowWidth);
      next.set(old.subarray(0, rows * spec.rowWidth));
      this.arrays.set(spec.name, next);
    }
    count[1] = newRows;
  }

  private invokeUntilDone(entry: string, t0: number, steps: number): number {
    let done = 0;
    while (done < steps) {
      const did = this.kernel.invoke(entry, t0 + done, steps - done, this.orderedArrays(), this.status);
      done += did;
      if (this.status[0] === STATUS_MONITOR_FULL) {
        this.growMonitor(this.status[1] ?? 0);
        continue;
      }
      if (this.status[0] !== 0) throw new Error(`generated code returned status ${this.status[0]}`);
      if (did === 0 && steps > 0) break;
    }
    return done;
  }

  /** Runs `steps` steps of the full schedule (monitors record at the start of each step). */
  runSteps(steps: number): void {
    const done = this.invokeUntilDone('run', this.currentStep, steps);
    this.currentStep += done;
  }

  /**
   * Creates every Synapses object's connections by running its connect code (generated JS, on
   * the host for both tiers, so both see the same synapses), sizes the per-synapse arrays and
   * fills indices and the scalar delay. Returns the first invalid connection, if any. Connections
   * made earlier in this process from the same code and inputs are reused (`cache`; undefined: none).
   */
  connectSynapses(cache: ConnectionCache | undefined = processConnectionCache()): InvalidConnection | undefined {
    for (const syn of this.context.synapses) {
      const inputs = syn.connectReads.map((name) => this.arrays.get(name)).filter((array) => array !== undefined);
      let made = cache?.get(syn.connectJs, inputs);
      if (made !== undefined) {
        this.sharedArrays.add(made.pre);
        this.sharedArrays.add(made.post);
      } else {
        // The connect code is generated from the checked AST only (ARCHITECTURE.md §13).
        // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running generated connect code is the point
        const evaluate = new Function(`return (\n${syn.connectJs}\n);`) as () => ConnectFunction;
        const connect = evaluate();
        const pairs = new PairList();
        let invalid: InvalidConnection | undefined;
        const table: Record<string, HostArray> = Object.fromEntries(this.arrays);
        connect(table, (i, j) => pairs.push(i, j), (call, i, j) => (invalid ??= { synapses: syn.name, call, i, j }), () => pairs.length, getConnectRuntime());
        if (invalid !== undefined) return invalid;
        made = pairs.take();
        cache?.set(syn.connectJs, inputs, made);
      }
      const { pre, post } = made;
      for (const spec of this.order) if (spec.owner === syn.name && spec.kind === 'synaptic') this.arrays.set(spec.name, allocate(spec, pre.length));
      this.arrays.set(syn.pre, pre);
      this.arrays.set(syn.post, post);
      if (syn.scalarDelay !== undefined) (this.arrays.get(syn.delay) as Float64Array).fill(syn.scalarDelay);
      const countPer = (keys: Int32Array, rows: number, arrayName: string | undefined): void => {
        if (arrayName === undefined) return;
        const perRow = new Int32Array(rows);
        for (const k of keys) perRow[k] = (perRow[k] as number) + 1;
        const out = this.arrays.get(arrayName) as Int32Array;
        keys.forEach((k, s) => (out[s] = perRow[k] as number));
      };
      countPer(post, syn.targetN, syn.nIncoming);
      countPer(pre, syn.sourceN, syn.nOutgoing);
      const meta = this.arrays.get(syn.meta) as Int32Array;
      meta[0] = pre.length;
    }
    return undefined;
  }

  /** Number of synapses of a Synapses object. */
  synapseCount(name: string): number {
    const syn = this.context.synapses.find((s) => s.name === name);
    return syn === undefined ? 0 : (this.arrays.get(syn.pre)?.length ?? 0);
  }

  /**
   * Builds the spike-delivery structures from the current delays: delays in steps
   * (`(int)(delay/dt + 0.5)`, Brian2's rounding), synapses grouped by source and sorted by delay,
   * grouped by target for on_post, and a spike ring long enough for the longest delay. Run
   * before the first step and whenever delays change; pending spikes are kept when the ring
   * keeps its size.
   */
  prepareSynapses(): void {
    const dt = this.context.dt.value;
    for (const syn of this.context.synapses) this.prepareOne(syn, dt);
  }

  private prepareOne(syn: SynapsesCode, dt: number): void {
    const pre = this.arrays.get(syn.pre) as Int32Array;
    const post = this.arrays.get(syn.post) as Int32Array;
    const delay = this.arrays.get(syn.delay) as Float64Array;
    const steps = this.arrays.get(syn.delaySteps) as Int32Array;
    const n = pre.length;
    let maxSteps = 0;
    let homogeneous = 1;
    const first = n > 0 ? Math.trunc((delay[0] as number) / dt + 0.5) : 0;
    for (let s = 0; s < n; s++) {
      const d = Math.trunc((delay[s] as number) / dt + 0.5);
      steps[s] = d;
      if (d > maxSteps) maxSteps = d;
      if (d !== first) homogeneous = 0;
    }
    groupByRow(pre, n, syn.sourceN, this.arrays.get(syn.preStart) as Int32Array, this.arrays.get(syn.preSyn) as Int32Array, homogeneous === 1 ? undefined : steps);
    if (syn.postStart !== undefined && syn.postSyn !== undefined) {
      groupByRow(post, n, syn.targetN, this.arrays.get(syn.postStart) as Int32Array, this.arrays.get(syn.postSyn) as Int32Array, undefined);
    }
    const slots = maxSteps + 1;
    const meta = this.arrays.get(syn.meta) as Int32Array;
    if (meta[3] !== slots) {
      this.arrays.set(syn.ring, new Int32Array(slots * syn.sourceN));
      this.arrays.set(syn.ringCount, new Int32Array(slots));
    }
    meta[0] = n;
    meta[1] = maxSteps;
    meta[2] = homogeneous;
    meta[3] = slots;
  }

  /**
   * Brian2's `store(name)`: everything a later `restore(name)` needs to continue exactly from
   * here — state variables, synapses and their pending spikes, monitors' recordings and t.
   */
  store(name = 'default'): void {
    this.stored.set(name, { step: this.currentStep, arrays: new Map([...this.arrays].map(([key, array]) => [key, array.slice()])) });
  }

  /** Brian2's `restore(name)`; false when nothing was stored under that name. */
  restore(name = 'default'): boolean {
    const snapshot = this.stored.get(name);
    if (snapshot === undefined) return false;
    for (const [key, array] of snapshot.arrays) this.arrays.set(key, array.slice());
    this.currentStep = snapshot.step;
    return true;
  }

  /** Names of the stored snapshots. */
  storedNames(): string[] {
    return [...this.stored.keys()];
  }

  /** Evaluates the initial values given as expressions (once, after the numeric ones). */
  initialise(): void {
    this.kernel.invoke('init', this.currentStep, 1, this.orderedArrays(), this.status);
  }

  /** The seed's `update()`: advances one group by `steps` steps without recording. */
  updateGroup(group: string, steps = 1): void {
    this.invokeUntilDone(`${group}_stateupdate`, this.currentStep, steps);
    this.currentStep += steps;
  }

  /** The seed's `record_timestep()`: one sample of a monitor at the current time. */
  recordMonitor(monitor: string): void {
    this.invokeUntilDone(`${monitor}_record`, this.currentStep, 1);
  }

  /** Number of samples (a SpikeMonitor: spikes) a monitor holds. */
  monitorCount(name: string): number {
    const monitor = this.context.monitors.find((m) => m.name === name) ?? this.context.spikeMonitors.find((m) => m.name === name);
    if (monitor === undefined) return 0;
    return (this.arrays.get(monitor.countArray) as Int32Array)[0] ?? 0; // created in the constructor
  }

  /** Copies samples `[from, to)` of a monitor out as one trace per recorded index. */
  monitorData(name: string, from = 0, to?: number): MonitorData | undefined {
    const monitor = this.context.monitors.find((m) => m.name === name);
    if (monitor === undefined) return undefined;
    const count = this.monitorCount(name);
    const end = Math.min(to ?? count, count);
    const start = Math.min(from, end);
    const rows = end - start;
    const width = monitor.indices.length;
    const t = (this.arrays.get(monitor.tArray) as Float64Array).slice(start, end); // created in the constructor
    const values: Record<string, Float64Array[]> = {};
    for (const v of monitor.variables) {
      const buffer = this.arrays.get(v.valuesArray) as Float64Array; // created in the constructor
      const traces = monitor.indices.map(() => new Float64Array(rows));
      for (let r = 0; r < rows; r++) {
        const base = (start + r) * width;
        for (let k = 0; k < width; k++) (traces[k] as Float64Array)[r] = buffer[base + k] as number;
      }
      values[v.name] = traces;
    }
    return { t, indices: monitor.indices, values, count: rows };
  }

  /** Copies events `[from, to)` of a SpikeMonitor or EventMonitor (with its variables), and the current count per neuron. */
  spikeData(name: string, from = 0, to?: number): SpikeData | undefined {
    const monitor = this.context.spikeMonitors.find((m) => m.name === name);
    if (monitor === undefined) return undefined;
    const total = this.monitorCount(name);
    // A counts-only monitor (record=False) keeps no spike list.
    const end = monitor.countsOnly ? 0 : Math.min(to ?? total, total);
    const start = Math.min(from, end);
    const values: Record<string, Float64Array[]> = {};
    for (const v of monitor.variables) values[v.name] = [(this.arrays.get(v.valuesArray) as Float64Array).slice(start, end)]; // created in the constructor
    return {
      i: (this.arrays.get(monitor.iArray) as Int32Array).slice(start, end), // created in the constructor
      t: (this.arrays.get(monitor.tArray) as Float64Array).slice(start, end),
      count: (this.arrays.get(monitor.perNeuronArray) as Int32Array).slice(),
      total,
      values,
    };
  }

  /** Sets a state variable: one value for all neurons or one per neuron (SI units). */
  setVariable(arrayName: string, value: number | ArrayLike<number>, range?: { readonly start: number; readonly stop: number }): void {
    let array = this.arrays.get(arrayName);
    if (array === undefined) throw new Error(`unknown array ${arrayName}`);
    if (this.sharedArrays.delete(array)) {
      array = array.slice();
      this.arrays.set(arrayName, array);
    }
    const start = range?.start ?? 0;
    if (typeof value === 'number') array.fill(value, start, range?.stop ?? array.length);
    else array.set(value, start);
  }

  /** Releases the kernel. */
  dispose(): void {
    this.kernel.release();
  }
}
