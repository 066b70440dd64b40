/**
 * Monitor data outside React (UI.md §5): batches from `onDidRecord` are appended to growable
 * typed-array buffers, one per monitor, and charts read them on animation frames. React state
 * never holds samples, so a run with many batches costs no re-renders. A state monitor keeps its
 * times and one row per recorded index and variable; a spike monitor keeps two columns, spike
 * times (`Float64Array`) and neuron indices (`Int32Array`): no object per spike, 12 bytes each.
 */
import type { MonitorBatch, MonitorInfo } from '../../../../src-shared/ipc';
import type { MonitorRecording } from '../../../../src-shared/plots';

/** How many batches may arrive before the run id is known (they are rare: the reply usually wins). */
const MAX_EARLY_BATCHES = 64;

type TypedArray = Float64Array | Int32Array;

/** A typed-array buffer that grows by doubling. */
class Growable<A extends TypedArray> {
  private data: A;
  length = 0;

  constructor(private readonly create: (length: number) => A, initialCapacity = 256) {
    this.data = create(initialCapacity);
  }

  append(values: ArrayLike<number>): void {
    if (this.length + values.length > this.data.length) {
      let capacity = this.data.length;
      while (capacity < this.length + values.length) capacity *= 2;
      const grown = this.create(capacity);
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(values, this.length);
    this.length += values.length;
  }

  /** Keeps the first `length` values. */
  truncate(length: number): void {
    this.length = Math.max(0, Math.min(this.length, length));
  }

  /** The filled part, as a view (valid until the next append). */
  view(): A {
    // Safe: subarray of an A is an A (Float64Array → Float64Array, Int32Array → Int32Array).
    return this.data.subarray(0, this.length) as A;
  }

  /** Bytes allocated. */
  get capacityBytes(): number {
    return this.data.byteLength;
  }
}

/** A buffer of doubles that grows by doubling. */
class GrowableSamples extends Growable<Float64Array> {
  constructor() {
    super((length) => new Float64Array(length));
  }
}

/** The spikes of a spike monitor so far (views into the buffers, valid until the next append). */
export interface SpikeRecording {
  /** Spike times, seconds. */
  readonly t: Float64Array;
  /** Neuron index of each spike. */
  readonly i: Int32Array;
  /** Spikes buffered (`t.length`). */
  readonly count: number;
  /** Spikes the sim host says it recorded (`totalSamples` of the last batch); at least `count`. */
  readonly total: number;
  /** Neurons the monitor watches (its `indices`). */
  readonly neurons: number;
}

interface SpikeBuffer {
  readonly info: MonitorInfo;
  readonly t: Growable<Float64Array>;
  readonly i: Growable<Int32Array>;
  total: number;
}

/** Initial spike capacity: 4096 spikes (48 KiB); doubling reaches 10^6 spikes in 8 steps. */
const INITIAL_SPIKE_CAPACITY = 4096;

interface MonitorBuffer {
  readonly info: MonitorInfo;
  indices: readonly number[];
  readonly t: GrowableSamples;
  readonly values: Map<string, GrowableSamples[]>;
  count: number;
}

/** The recordings of the current run, per monitor. */
export class RecordingBuffers {
  private runId: string | undefined;
  /** Batches that arrived before `startRun` told us the run id (bounded). */
  private early: MonitorBatch[] = [];
  private readonly buffers = new Map<string, MonitorBuffer>();
  private readonly spikeBuffers = new Map<string, SpikeBuffer>();
  private readonly listeners = new Set<() => void>();
  private revision = 0;
  private generation = 0;
  private monitorOrder: readonly MonitorInfo[] = [];

  /** Starts a new run: drops old data; batches of other runs are ignored from now on. */
  reset(runId: string | undefined, monitors: readonly MonitorInfo[]): void {
    this.runId = runId;
    this.early = [];
    this.generation++;
    this.monitorOrder = [...monitors];
    this.buffers.clear();
    this.spikeBuffers.clear();
    for (const info of monitors) {
      if (info.kind === 'SpikeMonitor') {
        this.spikeBuffers.set(info.name, {
          info,
          t: new Growable((length) => new Float64Array(length), INITIAL_SPIKE_CAPACITY),
          i: new Growable((length) => new Int32Array(length), INITIAL_SPIKE_CAPACITY),
          total: 0,
        });
      } else this.buffers.set(info.name, { info, indices: info.indices, t: new GrowableSamples(), values: new Map(), count: 0 });
    }
    this.notify();
  }

  /**
   * A run that continues the recorded one is about to start: keep the data, and hold batches
   * until `acceptRun` names the new run.
   */
  continueRun(): void {
    this.runId = undefined;
    this.early = [];
  }

  /**
   * Drops every sample at or after `before` (seconds): after Brian2's `restore()`, the monitors
   * hold only what was recorded before the restored time. Times are in recording order, so the
   * cut is one index per monitor. Charts start over (new generation).
   */
  truncate(before: number): void {
    const keep = (t: Float64Array): number => {
      let k = t.length;
      while (k > 0 && (t[k - 1] ?? 0) >= before) k--;
      return k;
    };
    for (const buffer of this.buffers.values()) {
      const count = keep(buffer.t.view());
      buffer.t.truncate(count);
      for (const rows of buffer.values.values()) for (const row of rows) row.truncate(count);
      buffer.count = count;
    }
    for (const buffer of this.spikeBuffers.values()) {
      const count = keep(buffer.t.view());
      buffer.t.truncate(count);
      buffer.i.truncate(count);
      buffer.total = count;
    }
    this.generation++;
    this.notify();
  }

  /** Sets the run whose batches are accepted (once `startRun` has answered) and keeps its early batches. */
  acceptRun(runId: string): void {
    this.runId = runId;
    const early = this.early;
    this.early = [];
    for (const batch of early) this.append(batch);
  }

  /**
   * Appends a batch. Returns false (and keeps nothing) for another run, an unknown monitor, a
   * batch whose rows do not match its times, or a spike batch without one index per spike time.
   */
  append(batch: MonitorBatch): boolean {
    const known = this.buffers.has(batch.monitor) || this.spikeBuffers.has(batch.monitor);
    if (this.runId === undefined && known && this.early.length < MAX_EARLY_BATCHES) {
      this.early.push(batch);
      return false;
    }
    if (batch.runId !== this.runId) return false;
    const spikeBuffer = this.spikeBuffers.get(batch.monitor);
    if (spikeBuffer !== undefined) return this.appendSpikes(spikeBuffer, batch);
    const buffer = this.buffers.get(batch.monitor);
    if (buffer === undefined) return false;
    const n = batch.t.length;
    const variables = Object.entries(batch.values);
    if (variables.some(([, rows]) => rows.length !== batch.indices.length || rows.some((row) => row.length !== n))) return false;
    if (buffer.count === 0) buffer.indices = batch.indices;
    else if (batch.indices.length !== buffer.indices.length) return false;
    buffer.t.append(batch.t);
    for (const [variable, rows] of variables) {
      let stored = buffer.values.get(variable);
      if (stored === undefined) {
        stored = rows.map(() => new GrowableSamples());
        // A variable that starts late is padded so its rows stay aligned with t.
        for (const row of stored) row.append(new Float64Array(buffer.count).fill(NaN));
        buffer.values.set(variable, stored);
      }
      rows.forEach((row, k) => stored[k]?.append(row));
    }
    buffer.count += n;
    this.notify();
    return true;
  }

  /** Appends the spikes of a spike-monitor batch (times and indices of equal length). */
  private appendSpikes(buffer: SpikeBuffer, batch: MonitorBatch): boolean {
    const indices = batch.spikeIndices;
    if (indices === undefined || indices.length !== batch.t.length) return false;
    buffer.t.append(batch.t);
    buffer.i.append(indices);
    buffer.total = Math.max(buffer.total, batch.totalSamples, buffer.t.length);
    this.notify();
    return true;
  }

  /** The monitors of the current run, in the order of the build. */
  monitors(): readonly MonitorInfo[] {
    return this.monitorOrder;
  }

  /** A spike monitor's spikes so far; undefined for other monitors. */
  spikes(monitor: string): SpikeRecording | undefined {
    const buffer = this.spikeBuffers.get(monitor);
    if (buffer === undefined) return undefined;
    return { t: buffer.t.view(), i: buffer.i.view(), count: buffer.t.length, total: buffer.total, neurons: buffer.info.indices.length };
  }

  /** Bytes allocated by the spike buffers (for tests and the status of very long runs). */
  spikeBytes(): number {
    let bytes = 0;
    for (const buffer of this.spikeBuffers.values()) bytes += buffer.t.capacityBytes + buffer.i.capacityBytes;
    return bytes;
  }

  /** A state monitor's recording so far (views into the buffers, valid until the next append). */
  recording(monitor: string): MonitorRecording | undefined {
    const buffer = this.buffers.get(monitor);
    if (buffer === undefined) return undefined;
    const values: Record<string, Float64Array[]> = {};
    for (const [variable, rows] of buffer.values) values[variable] = rows.map((row) => row.view());
    return { t: buffer.t.view(), indices: buffer.indices, values, count: buffer.count };
  }

  /** Increases with every reset: a chart that drew an older generation starts over. */
  getGeneration(): number {
    return this.generation;
  }

  /** Increases with every change; charts compare it to what they drew. */
  getRevision(): number {
    return this.revision;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private notify(): void {
    this.revision++;
    for (const listener of [...this.listeners]) listener();
  }
}

/** New points for `Plotly.extendTraces`: one x and one y array per trace. */
export interface TraceExtension {
  readonly x: Float64Array[];
  readonly y: Float64Array[];
}

/**
 * The samples `[from, count)` of one variable as trace extensions, x in ms and y divided by the
 * axis `scale` (the same conversion `toTraceFigure` applied to the first points).
 */
export function toTraceExtension(recording: MonitorRecording, variable: string, from: number, scale: number): TraceExtension {
  const count = recording.count ?? recording.t.length;
  const start = Math.min(from, count);
  const x = new Float64Array(count - start);
  for (let k = start; k < count; k++) x[k - start] = (recording.t[k] ?? NaN) / 1e-3;
  const rows = recording.values[variable] ?? [];
  const y = recording.indices.map((_, r) => {
    const row = rows[r];
    const out = new Float64Array(count - start);
    for (let k = start; k < count; k++) out[k - start] = (row?.[k] ?? NaN) / scale;
    return out;
  });
  return { x: y.map((_, r) => (r === 0 ? x : x.slice())), y };
}
