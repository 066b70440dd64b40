import { describe, expect, it } from 'vitest';
import type { MonitorBatch, MonitorInfo } from '../../../../src-shared/ipc';
import { toRasterFigure, toTraceFigure } from '../../../../src-shared/plots';
import { RecordingBuffers, toTraceExtension } from './recordingBuffers';

const monitor: MonitorInfo = { name: 'monitor', kind: 'StateMonitor', source: 'neurons', variables: ['v'], units: { v: 'volt' }, indices: [0, 50, 99] };

function batch(runId: string, t0: number, n: number): MonitorBatch {
  const t = Float64Array.from({ length: n }, (_, k) => (t0 + k) * 1e-4);
  const row = (offset: number): Float64Array => Float64Array.from({ length: n }, (_, k) => -0.07 + offset + (t0 + k) * 1e-5);
  return { runId, monitor: 'monitor', indices: [0, 50, 99], t, values: { v: [row(0), row(0.001), row(0.002)] }, totalSamples: t0 + n };
}

describe('RecordingBuffers', () => {
  it('appends batches of the current run and grows past its initial capacity', () => {
    const buffers = new RecordingBuffers();
    buffers.reset('run1', [monitor]);
    for (let k = 0; k < 10; k++) expect(buffers.append(batch('run1', k * 100, 100))).toBe(true);
    const recording = buffers.recording('monitor');
    expect(recording?.count).toBe(1000);
    expect(recording?.t.length).toBe(1000);
    expect(recording?.values.v?.[2]?.[999]).toBeCloseTo(-0.07 + 0.002 + 999e-5);
  });

  it('ignores batches of other runs, unknown monitors and malformed shapes', () => {
    const buffers = new RecordingBuffers();
    buffers.reset('run2', [monitor]);
    expect(buffers.append(batch('run1', 0, 10))).toBe(false);
    expect(buffers.append({ ...batch('run2', 0, 10), monitor: 'other' })).toBe(false);
    expect(buffers.append({ ...batch('run2', 0, 10), t: new Float64Array(3) })).toBe(false);
    expect(buffers.recording('monitor')?.count).toBe(0);
  });

  it('keeps batches that arrive before the run id is known', () => {
    const buffers = new RecordingBuffers();
    buffers.reset(undefined, [monitor]);
    expect(buffers.append(batch('run3', 0, 10))).toBe(false);
    buffers.acceptRun('run3');
    expect(buffers.recording('monitor')?.count).toBe(10);
  });

  it('notifies subscribers and counts generations', () => {
    const buffers = new RecordingBuffers();
    let calls = 0;
    buffers.subscribe(() => calls++);
    buffers.reset('run1', [monitor]);
    const generation = buffers.getGeneration();
    buffers.append(batch('run1', 0, 5));
    buffers.reset('run2', [monitor]);
    expect(calls).toBe(3);
    expect(buffers.getGeneration()).toBe(generation + 1);
    expect(buffers.recording('monitor')?.count).toBe(0);
  });
});

describe('batch → traces', () => {
  it('draws one trace per recorded index with t in ms and values in the axis unit', () => {
    const buffers = new RecordingBuffers();
    buffers.reset('run1', [monitor]);
    buffers.append(batch('run1', 0, 100));
    const recording = buffers.recording('monitor');
    if (recording === undefined) throw new Error('no recording');
    const figure = toTraceFigure({ t: recording.t, values: recording.values.v ?? [], indices: recording.indices, variable: 'v', unit: 'volt', axisUnit: { symbol: 'mV', scale: 1e-3 }, typedArrays: true });
    expect(figure.data).toHaveLength(3);
    expect(figure.data.map((trace) => trace.name)).toEqual(['v[0]', 'v[50]', 'v[99]']);
    expect(figure.data[1]?.y[0]).toBeCloseTo(-69);
    expect(figure.data[0]?.x[99]).toBeCloseTo(9.9);
  });

  it('extends traces with only the new samples, converted the same way', () => {
    const buffers = new RecordingBuffers();
    buffers.reset('run1', [monitor]);
    buffers.append(batch('run1', 0, 100));
    buffers.append(batch('run1', 100, 50));
    const recording = buffers.recording('monitor');
    if (recording === undefined) throw new Error('no recording');
    const extension = toTraceExtension(recording, 'v', 100, 1e-3);
    expect(extension.x).toHaveLength(3);
    expect(extension.y.map((y) => y.length)).toEqual([50, 50, 50]);
    expect(extension.x[0]?.[0]).toBeCloseTo(10);
    expect(extension.y[0]?.[0]).toBeCloseTo((-0.07 + 100e-5) / 1e-3);
    expect(extension.x[0]).not.toBe(extension.x[1]);
  });
});

describe('RecordingBuffers: spike monitors', () => {
  const spikeMonitor: MonitorInfo = { name: 'spikes', kind: 'SpikeMonitor', source: 'G', variables: [], units: {}, indices: Array.from({ length: 100 }, (_, k) => k) };

  /** `n` spikes numbered from `k0`: spike k at t = k * 0.01 ms, neuron k mod 100. */
  function spikeBatch(runId: string, k0: number, n: number): MonitorBatch {
    const t = Float64Array.from({ length: n }, (_, k) => (k0 + k) * 1e-5);
    const spikeIndices = Int32Array.from({ length: n }, (_, k) => (k0 + k) % 100);
    return { runId, monitor: 'spikes', indices: [], t, values: {}, spikeIndices, totalSamples: k0 + n };
  }

  it('keeps spike times and neuron indices as typed columns, next to state monitors', () => {
    const buffers = new RecordingBuffers();
    buffers.reset('run1', [monitor, spikeMonitor]);
    expect(buffers.append(spikeBatch('run1', 0, 30))).toBe(true);
    expect(buffers.append(batch('run1', 0, 10))).toBe(true);
    expect(buffers.append(spikeBatch('run1', 30, 12))).toBe(true);
    const spikes = buffers.spikes('spikes');
    expect(spikes?.t).toBeInstanceOf(Float64Array);
    expect(spikes?.i).toBeInstanceOf(Int32Array);
    expect(spikes).toMatchObject({ count: 42, total: 42, neurons: 100 });
    expect(spikes?.t[41]).toBeCloseTo(41e-5);
    expect(spikes?.i[41]).toBe(41);
    // The state monitor is untouched by the spikes, and the spike monitor is no state recording.
    expect(buffers.recording('monitor')?.count).toBe(10);
    expect(buffers.recording('spikes')).toBeUndefined();
    expect(buffers.spikes('monitor')).toBeUndefined();
    expect(buffers.monitors().map((m) => m.name)).toEqual(['monitor', 'spikes']);
  });

  it('continues a run without losing data, and cuts everything back to a restored time', () => {
    const buffers = new RecordingBuffers();
    buffers.reset('run1', [monitor, spikeMonitor]);
    buffers.append(spikeBatch('run1', 0, 30));
    buffers.append(batch('run1', 0, 10));
    buffers.continueRun();
    // A batch of the continued run that comes before its id is kept, then accepted.
    expect(buffers.append(spikeBatch('run2', 30, 20))).toBe(false);
    buffers.acceptRun('run2');
    expect(buffers.spikes('spikes')).toMatchObject({ count: 50, total: 50 });
    expect(buffers.append(batch('run1', 10, 5))).toBe(false);
    const generation = buffers.getGeneration();
    // Restored to t = 0.25 ms: spikes at 0, 0.01, …, 0.24 ms stay (25); samples before it stay.
    buffers.truncate(0.25e-3 - 0.5e-5);
    expect(buffers.spikes('spikes')).toMatchObject({ count: 25, total: 25 });
    expect(buffers.spikes('spikes')?.t.at(-1)).toBeCloseTo(24e-5);
    const recording = buffers.recording('monitor');
    expect(recording?.count).toBe(recording?.t.length);
    expect(Array.from(recording?.t ?? []).every((t) => t < 0.25e-3)).toBe(true);
    expect(recording?.count).toBe(3);
    expect(recording?.values.v?.map((row) => row.length)).toEqual([3, 3, 3]);
    expect(buffers.getGeneration()).toBe(generation + 1);
    // Recording goes on from the cut.
    buffers.continueRun();
    buffers.acceptRun('run3');
    expect(buffers.append(spikeBatch('run3', 25, 5))).toBe(true);
    expect(buffers.spikes('spikes')?.count).toBe(30);
  });

  it('grows by doubling to a million spikes without per-spike objects', () => {
    const buffers = new RecordingBuffers();
    buffers.reset('run1', [spikeMonitor]);
    for (let k = 0; k < 100; k++) expect(buffers.append(spikeBatch('run1', k * 10_000, 10_000))).toBe(true);
    const spikes = buffers.spikes('spikes');
    expect(spikes?.count).toBe(1_000_000);
    expect(spikes?.i[999_999]).toBe(99);
    expect(spikes?.t[500_000]).toBeCloseTo(5);
    // 12 bytes a spike, at most doubled: 2^20 spikes of capacity.
    expect(buffers.spikeBytes()).toBe(2 ** 20 * 12);
  });

  it('rejects spike batches without matching indices and batches of other runs', () => {
    const buffers = new RecordingBuffers();
    buffers.reset('run1', [spikeMonitor]);
    const { spikeIndices: _dropped, ...withoutIndices } = spikeBatch('run1', 0, 5);
    expect(buffers.append(withoutIndices)).toBe(false);
    expect(buffers.append({ ...spikeBatch('run1', 0, 5), spikeIndices: new Int32Array(4) })).toBe(false);
    expect(buffers.append(spikeBatch('run0', 0, 5))).toBe(false);
    expect(buffers.spikes('spikes')?.count).toBe(0);
  });

  it('keeps spike batches that arrive before the run id and drops them on reset', () => {
    const buffers = new RecordingBuffers();
    buffers.reset(undefined, [spikeMonitor]);
    expect(buffers.append(spikeBatch('run1', 0, 7))).toBe(false);
    buffers.acceptRun('run1');
    expect(buffers.spikes('spikes')?.count).toBe(7);
    const generation = buffers.getGeneration();
    buffers.reset('run2', [spikeMonitor]);
    expect(buffers.getGeneration()).toBe(generation + 1);
    expect(buffers.spikes('spikes')?.count).toBe(0);
  });

  it('reports the total the sim host counted when batches were missed', () => {
    const buffers = new RecordingBuffers();
    buffers.reset('run1', [spikeMonitor]);
    buffers.append(spikeBatch('run1', 0, 10));
    buffers.append(spikeBatch('run1', 50, 10)); // spikes 10-49 never arrived
    expect(buffers.spikes('spikes')).toMatchObject({ count: 20, total: 60 });
  });

  it('feeds toRasterFigure directly', () => {
    const buffers = new RecordingBuffers();
    buffers.reset('run1', [spikeMonitor]);
    buffers.append(spikeBatch('run1', 0, 540));
    const spikes = buffers.spikes('spikes');
    if (spikes === undefined) throw new Error('no spikes');
    const figure = toRasterFigure({ t: spikes.t, i: spikes.i, count: spikes.count, totalSpikes: spikes.total, neurons: spikes.neurons, duration: 0.1, monitor: 'spikes', source: 'G', typedArrays: true });
    expect(figure.layout.title.text).toBe('spikes: 540 spikes, mean rate 54.0 Hz');
    expect(figure.data[0]?.y[140]).toBe(40);
  });
});
