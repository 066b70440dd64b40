import { describe, expect, it } from 'vitest';
import { countKeptSpikes, toRasterFigure } from '../../../../src-shared/plots';
import { planRasterUpdate, type DrawnRaster, type RasterUpdate, type RasterUpdateInput } from './rasterUpdate';
import type { SpikeRecording } from './recordingBuffers';

/** The first `count` of `capacity` spikes: spike k at t = k * 0.01 ms, neuron k mod 100. */
function recording(count: number, capacity = count): SpikeRecording {
  const t = Float64Array.from({ length: capacity }, (_, k) => k * 1e-5);
  const i = Int32Array.from({ length: capacity }, (_, k) => k % 100);
  return { t: t.subarray(0, count), i: i.subarray(0, count), count, total: count, neurons: 100 };
}

function input(spikes: SpikeRecording, overrides: Partial<RasterUpdateInput> = {}): RasterUpdateInput {
  return { generation: 1, spikes, monitor: 'spikes', source: 'G', elapsed: 0.1, timeRange: [0, 0.1], maxPoints: 40, maxPointsPerTrace: 25, ...overrides };
}

function drawnOf(update: RasterUpdate): DrawnRaster {
  if (update.kind === 'none') throw new Error('nothing was drawn');
  return update.drawn;
}

describe('planRasterUpdate', () => {
  it('plots the first time, even with no spikes yet', () => {
    const update = planRasterUpdate(undefined, input(recording(0)));
    expect(update.kind).toBe('plot');
    expect(drawnOf(update)).toMatchObject({ count: 0, stride: 1, traceLengths: [0], title: 'spikes: 0 spikes, mean rate 0 Hz' });
  });

  it('extends the last trace with the new spikes only, and retitles', () => {
    const first = drawnOf(planRasterUpdate(undefined, input(recording(10))));
    const update = planRasterUpdate(first, input(recording(15)));
    if (update.kind !== 'extend') throw new Error(`expected extend, got ${update.kind}`);
    expect(update.trace).toBe(0);
    expect(Array.from(update.points.y)).toEqual([10, 11, 12, 13, 14]);
    expect(update.points.x[0]).toBeCloseTo(0.1);
    expect(update.title).toBe('spikes: 15 spikes, mean rate 1.50 Hz');
    expect(update.drawn).toMatchObject({ count: 15, traceLengths: [15] });
  });

  it('replots when the last trace would overflow, the stride changes, or a new run starts', () => {
    const ten = drawnOf(planRasterUpdate(undefined, input(recording(10))));
    expect(planRasterUpdate(ten, input(recording(30))).kind).toBe('plot'); // 30 > 25 per trace
    const thirty = drawnOf(planRasterUpdate(undefined, input(recording(30))));
    expect(thirty.traceLengths).toEqual([25, 5]);
    expect(planRasterUpdate(thirty, input(recording(40))).kind).toBe('extend');
    const stride = planRasterUpdate(thirty, input(recording(41))); // 41 > 40 points: about 1 in 2
    expect(stride.kind).toBe('plot');
    expect(drawnOf(stride)).toMatchObject({ stride: 2, traceLengths: [countKeptSpikes(0, 41, 2)] });
    expect(planRasterUpdate(thirty, input(recording(30), { generation: 2 })).kind).toBe('plot');
    expect(planRasterUpdate(thirty, input(recording(30), { timeRange: [0, 0.2] })).kind).toBe('plot');
  });

  it('streams exactly the points a full plot would draw, decimated or not', () => {
    const capacity = 400;
    let drawn: DrawnRaster | undefined;
    let traces: number[][] = [];
    for (let count = 0; count <= capacity; count += 7) {
      const update = planRasterUpdate(drawn, input(recording(count, capacity)));
      if (update.kind === 'plot') traces = update.figure.data.map((trace) => Array.from(trace.y));
      if (update.kind === 'extend') traces[update.trace]?.push(...Array.from(update.points.y));
      drawn = drawnOf(update);
    }
    const final = recording(Math.floor(capacity / 7) * 7, capacity);
    const full = toRasterFigure({ t: final.t, i: final.i, neurons: 100, duration: 0.1, monitor: 'spikes', maxPoints: 40, maxPointsPerTrace: 25 });
    expect(traces.flat()).toEqual(full.data.flatMap((trace) => Array.from(trace.y)));
    expect(drawn?.stride).toBe(16);
    expect(drawn?.title).toBe(full.layout.title.text);
  });

  it('only retitles when the simulated time moves without new spikes, and does nothing otherwise', () => {
    const drawn = drawnOf(planRasterUpdate(undefined, input(recording(10), { elapsed: 0.05 })));
    const update = planRasterUpdate(drawn, input(recording(10), { elapsed: 0.1 }));
    expect(update).toMatchObject({ kind: 'title', title: 'spikes: 10 spikes, mean rate 1.00 Hz' });
    expect(planRasterUpdate(drawnOf(update), input(recording(10), { elapsed: 0.1 })).kind).toBe('none');
  });
});
