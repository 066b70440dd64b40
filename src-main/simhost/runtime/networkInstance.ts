/**
 * A built network in the sim host: its host arrays (the only copy of the state; both tiers read
 * and write them in place), its step counter and its monitors' growable buffers. Runs proceed in
 * chunks; a full monitor buffer stops the generated code before the step that would overflow it,
 * the buffer doubles (amortised growth, never per step) and the call resumes.
 */
import { GROWABLE_ARRAY_KINDS, type ArraySpec, type NetworkCodeContext } from '../../../src-shared/codegen';
import type { HostArray, Kernel } from './kernel';

/** The recorded data of one monitor: `values[variable][k]` is the trace of index `indices[k]`. */
export interface MonitorData {
  readonly t: Float64Array;
  readonly indices: readonly number[];
  readonly values: Readonly<Record<string, Float64Array[]>>;
  readonly count: number;
}

/** The spikes a SpikeMonitor holds, and its count per neuron. */
export interface SpikeData {
  readonly i: Int32Array;
  readonly t: Float64Array;
  readonly count: Int32Array;
  readonly total: number;
}

const STATUS_MONITOR_FULL = 1;

function allocate(spec: ArraySpec, elements: number): HostArray {
  const array = spec.dtype === 'float64' ? new Float64Array(elements) : spec.dtype === 'int32' ? new Int32Array(elements) : new Uint8Array(elements);
  if (spec.initial !== undefined && spec.initial !== 0) array.fill(spec.initial);
  return array;
}

/** A network instance bound to a kernel. */
export class NetworkInstance {
  private readonly arrays = new Map<string, HostArray>();
  private readonly order: readonly ArraySpec[];
  private readonly status = new Int32Array(2);
  private currentStep = 0;
  private kernel: Kernel;

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
    const needed = 'sourceN' in monitor ? (count[0] ?? 0) + monitor.sourceN : rows + 1;
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

  /** Copies spikes `[from, to)` of a SpikeMonitor, with the current count per neuron. */
  spikeData(name: string, from = 0, to?: number): SpikeData | undefined {
    const monitor = this.context.spikeMonitors.find((m) => m.name === name);
    if (monitor === undefined) return undefined;
    const total = this.monitorCount(name);
    const end = Math.min(to ?? total, total);
    const start = Math.min(from, end);
    return {
      i: (this.arrays.get(monitor.iArray) as Int32Array).slice(start, end), // created in the constructor
      t: (this.arrays.get(monitor.tArray) as Float64Array).slice(start, end),
      count: (this.arrays.get(monitor.perNeuronArray) as Int32Array).slice(),
      total,
    };
  }

  /** Sets a state variable: one value for all neurons or one per neuron (SI units). */
  setVariable(arrayName: string, value: number | ArrayLike<number>): void {
    const array = this.arrays.get(arrayName);
    if (array === undefined) throw new Error(`unknown array ${arrayName}`);
    if (typeof value === 'number') array.fill(value);
    else array.set(value);
  }

  /** Releases the kernel. */
  dispose(): void {
    this.kernel.release();
  }
}
