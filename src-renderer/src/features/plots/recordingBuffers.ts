/**
 * Monitor data outside React (UI.md §5): batches from `onDidRecord` are appended to growable
 * typed-array buffers, one per monitor, and charts read them on animation frames. React state
 * never holds samples, so a run with many batches costs no re-renders.
 */
import type { MonitorBatch, MonitorInfo } from '../../../../src-shared/ipc';
import type { MonitorRecording } from '../../../../src-shared/plots';

/** How many batches may arrive before the run id is known (they are rare: the reply usually wins). */
const MAX_EARLY_BATCHES = 64;

/** A buffer of doubles that grows by doubling. */
class GrowableSamples {
  private data = new Float64Array(256);
  length = 0;

  append(values: ArrayLike<number>): void {
    if (this.length + values.length > this.data.length) {
      let capacity = this.data.length;
      while (capacity < this.length + values.length) capacity *= 2;
      const grown = new Float64Array(capacity);
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(values, this.length);
    this.length += values.length;
  }

  /** The filled part, as a view (valid until the next append). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

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
  private readonly listeners = new Set<() => void>();
  private revision = 0;
  private generation = 0;

  /** Starts a new run: drops old data; batches of other runs are ignored from now on. */
  reset(runId: string | undefined, monitors: readonly MonitorInfo[]): void {
    this.runId = runId;
    this.early = [];
    this.generation++;
    this.buffers.clear();
    for (const info of monitors) this.buffers.set(info.name, { info, indices: info.indices, t: new GrowableSamples(), values: new Map(), count: 0 });
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
   * Appends a batch. Returns false (and keeps nothing) for another run, an unknown monitor or a
   * batch whose rows do not match its times.
   */
  append(batch: MonitorBatch): boolean {
    if (this.runId === undefined && this.buffers.has(batch.monitor) && this.early.length < MAX_EARLY_BATCHES) {
      this.early.push(batch);
      return false;
    }
    if (batch.runId !== this.runId) return false;
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

  /** The monitors of the current run. */
  monitors(): readonly MonitorInfo[] {
    return [...this.buffers.values()].map((buffer) => buffer.info);
  }

  /** A monitor's recording so far (views into the buffers, valid until the next append). */
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
