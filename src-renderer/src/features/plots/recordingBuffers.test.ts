import { describe, expect, it } from 'vitest';
import type { MonitorBatch, MonitorInfo } from '../../../../src-shared/ipc';
import { toTraceFigure } from '../../../../src-shared/plots';
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
