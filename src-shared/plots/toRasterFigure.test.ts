import { describe, expect, it } from 'vitest';
import { countKeptSpikes, formatCount, formatRate, keepsSpike, meanFiringRate, rasterStride, toRasterFigure, toRasterLegend, toRasterPoints, toRasterSummary, toRasterTitle } from './toRasterFigure';

/** Spike k at t = k * 0.1 ms, neuron k mod n. */
function spikes(count: number, neurons = 100): { t: Float64Array; i: Int32Array } {
  const t = new Float64Array(count);
  const i = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    t[k] = k * 1e-4;
    i[k] = k % neurons;
  }
  return { t, i };
}

describe('rasterStride', () => {
  it('draws everything up to the limit', () => {
    expect(rasterStride(0)).toBe(1);
    expect(rasterStride(200_000)).toBe(1);
    expect(rasterStride(10, 10)).toBe(1);
  });

  it('doubles the stride until the expected drawn points fit', () => {
    expect(rasterStride(200_001)).toBe(2);
    expect(rasterStride(1_000_000)).toBe(8);
    expect(rasterStride(11, 10)).toBe(2);
    expect(rasterStride(41, 10)).toBe(8);
  });
});

describe('keepsSpike / countKeptSpikes', () => {
  it('keeps every spike at stride 1', () => {
    expect(countKeptSpikes(0, 1000, 1)).toBe(1000);
    expect(countKeptSpikes(10, 5, 1)).toBe(0);
  });

  it('keeps about one spike in `stride`', () => {
    for (const stride of [2, 8, 64]) {
      const kept = countKeptSpikes(0, 1_000_000, stride);
      expect(Math.abs(kept - 1_000_000 / stride) / (1_000_000 / stride)).toBeLessThan(0.03);
    }
    for (const count of [200_001, 1_000_000, 3_333_333]) expect(countKeptSpikes(0, count, rasterStride(count))).toBeLessThan(200_000 * 1.01);
  });

  it('is nested: a spike kept at 2s is kept at s', () => {
    for (let k = 0; k < 10_000; k++) if (keepsSpike(k, 16)) expect(keepsSpike(k, 8)).toBe(true);
  });

  it('does not alias with the order of neurons within a step', () => {
    // 300 neurons firing together at every step: spike k is neuron k mod 300.
    for (const stride of [2, 4, 8]) {
      const neurons = new Set<number>();
      for (let k = 0; k < 300 * 100; k++) if (keepsSpike(k, stride)) neurons.add(k % 300);
      expect(neurons.size).toBe(300);
    }
  });
});

describe('toRasterPoints', () => {
  const { t, i } = spikes(10, 3);

  it('converts t to ms and keeps neuron indices', () => {
    const points = toRasterPoints(t, i, 0, 4);
    expect(Array.from(points.x).map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(Array.from(points.y)).toEqual([0, 1, 2, 0]);
  });

  it('takes the same spikes however the recording is split (streaming extends what was drawn)', () => {
    const many = spikes(5000, 7);
    const all = toRasterPoints(many.t, many.i, 0, 5000, 4);
    expect(all.x.length).toBe(countKeptSpikes(0, 5000, 4));
    const parts = [0, 1, 17, 1000, 1001, 4999, 5000];
    const joined: number[] = [];
    for (let p = 1; p < parts.length; p++) joined.push(...Array.from(toRasterPoints(many.t, many.i, parts[p - 1] ?? 0, parts[p] ?? 0, 4).x));
    expect(joined).toEqual(Array.from(all.x));
  });

  it('stops at the shorter of t, i and `to`', () => {
    expect(toRasterPoints(t, i.subarray(0, 6), 0, 100).x).toHaveLength(6);
  });
});

describe('formatting', () => {
  it('groups thousands with narrow spaces from five digits', () => {
    expect(formatCount(540)).toBe('540');
    expect(formatCount(1234)).toBe('1234');
    expect(formatCount(29_884_083)).toBe('29\u202f884\u202f083');
  });

  it('shows rates with three significant digits', () => {
    expect(formatRate(54)).toBe('54.0 Hz');
    expect(formatRate(0.5123)).toBe('0.512 Hz');
    expect(formatRate(0)).toBe('0 Hz');
    expect(formatRate(12_345)).toBe('12\u202f345 Hz');
  });

  it('computes the mean rate per neuron over the simulated time', () => {
    expect(meanFiringRate(540, 100, 0.1)).toBeCloseTo(54);
    expect(meanFiringRate(540, 100, 0)).toBeUndefined();
    expect(meanFiringRate(540, 0, 0.1)).toBeUndefined();
  });

  it('titles with count, rate and what is drawn', () => {
    expect(toRasterTitle('spikes', { spikes: 540, shown: 540, stride: 1, neurons: 100, duration: 0.1, meanRate: 54 })).toBe('spikes: 540 spikes, mean rate 54.0 Hz');
    expect(toRasterTitle('m', { spikes: 1, shown: 1, stride: 1, neurons: 1, duration: 0 })).toBe('m: 1 spike');
    expect(toRasterTitle('m', { spikes: 1_000_000, shown: 125_000, stride: 8, neurons: 1000, duration: 1, meanRate: 1000 })).toBe(
      'm: 1\u202f000\u202f000 spikes, mean rate 1000 Hz (showing 125\u202f000 of 1\u202f000\u202f000)',
    );
    expect(toRasterLegend('G', 1)).toBe('G');
    expect(toRasterLegend('G', 8)).toBe('G, 1 in 8 spikes');
  });
});

describe('toRasterFigure', () => {
  const { t, i } = spikes(540);
  const figure = toRasterFigure({ t, i, neurons: 100, duration: 0.1, monitor: 'spikes', source: 'G' });

  it('draws every spike as a vertical tick at (t in ms, neuron index)', () => {
    expect(figure.data).toHaveLength(1);
    const trace = figure.data[0];
    expect(trace).toMatchObject({ type: 'scattergl', mode: 'markers', name: 'G', showlegend: true, marker: { symbol: 'line-ns-open' } });
    expect(trace?.x).toHaveLength(540);
    expect(trace?.x[10]).toBeCloseTo(1);
    expect(trace?.y[123]).toBe(23);
  });

  it('states the spike count and the mean rate in the title', () => {
    expect(figure.layout.title.text).toBe('spikes: 540 spikes, mean rate 54.0 Hz');
    expect(figure.summary).toEqual({ spikes: 540, shown: 540, stride: 1, neurons: 100, duration: 0.1, meanRate: expect.closeTo(54) as number });
  });

  it('fixes the axes to the run and the group', () => {
    expect(figure.layout.xaxis.title.text).toBe('t (ms)');
    expect(figure.layout.xaxis.range?.[1]).toBeCloseTo(100);
    expect(figure.layout.yaxis.title.text).toBe('neuron index');
    expect(figure.layout.yaxis.range).toEqual([-0.5, 99.5]);
    expect(figure.layout.showlegend).toBe(true);
  });

  it('is JSON-serialisable with plain arrays by default', () => {
    const copy = JSON.parse(JSON.stringify(figure)) as typeof figure;
    expect(copy.data[0]?.y.slice(0, 3)).toEqual([0, 1, 2]);
  });

  it('emits Float64Arrays on request, honours count and the trace type', () => {
    const typed = toRasterFigure({ t, i, count: 10, neurons: 100, monitor: 'spikes', typedArrays: true, traceType: 'scatter', theme: 'dark' });
    expect(typed.data[0]?.x).toBeInstanceOf(Float64Array);
    expect(typed.data[0]?.x).toHaveLength(10);
    expect(typed.data[0]?.type).toBe('scatter');
    expect(typed.data[0]?.name).toBe('spikes');
    expect(typed.layout.paper_bgcolor).toBe('#1e1e1e');
    // Without a duration there is no rate, and the time axis ranges itself.
    expect(typed.layout.title.text).toBe('spikes: 10 spikes');
    expect(typed.layout.xaxis.autorange).toBe(true);
  });

  it('has one empty trace before the first spike', () => {
    const empty = toRasterFigure({ t: new Float64Array(0), i: new Int32Array(0), neurons: 100, duration: 0.1, monitor: 'spikes' });
    expect(empty.data).toHaveLength(1);
    expect(empty.data[0]?.x).toHaveLength(0);
    expect(empty.layout.title.text).toBe('spikes: 0 spikes, mean rate 0 Hz');
  });

  it('decimates above maxPoints, keeps the full count in the title and splits long traces', () => {
    const many = spikes(1_000_000, 1000);
    const big = toRasterFigure({ t: many.t, i: many.i, neurons: 1000, duration: 1, monitor: 'spikes', source: 'G', typedArrays: true });
    const shown = countKeptSpikes(0, 1_000_000, 8);
    expect(big.summary).toMatchObject({ spikes: 1_000_000, shown, stride: 8 });
    expect(big.data.map((trace) => trace.x.length)).toEqual([100_000, shown - 100_000]);
    expect(big.data.map((trace) => trace.showlegend)).toEqual([true, false]);
    expect(new Set(big.data.map((trace) => trace.legendgroup)).size).toBe(1);
    expect(big.data[0]?.name).toBe('G, 1 in 8 spikes');
    expect(big.layout.title.text).toBe(`spikes: 1\u202f000\u202f000 spikes, mean rate 1000 Hz (showing ${formatCount(shown)} of 1\u202f000\u202f000)`);
    // Every neuron still appears, and the points are drawn spikes (t in ms, t = k * 0.1 ms and i = k mod 1000).
    const rows = new Set<number>();
    for (const trace of big.data) for (const y of trace.y) rows.add(y);
    expect(rows.size).toBe(1000);
    const k = Math.round((big.data[1]?.x[5] ?? NaN) / 0.1);
    expect(keepsSpike(k, 8)).toBe(true);
    expect(big.data[1]?.y[5]).toBe(k % 1000);
  });

  it('counts spikes that were recorded but not buffered', () => {
    const partial = toRasterFigure({ t, i, neurons: 100, duration: 0.1, monitor: 'spikes', totalSpikes: 600 });
    expect(partial.summary).toMatchObject({ spikes: 600, shown: 540 });
    expect(partial.layout.title.text).toBe('spikes: 600 spikes, mean rate 60.0 Hz (showing 540 of 600)');
  });
});

describe('toRasterSummary', () => {
  it('summarises without building points', () => {
    expect(toRasterSummary({ count: 1_000_000, neurons: 1000, duration: 1 })).toEqual({ spikes: 1_000_000, shown: countKeptSpikes(0, 1_000_000, 8), stride: 8, neurons: 1000, duration: 1, meanRate: 1000 });
    expect(toRasterSummary({ count: 5, totalSpikes: 9, neurons: 3, maxPoints: 2 })).toEqual({ spikes: 9, shown: countKeptSpikes(0, 5, 4), stride: 4, neurons: 3, duration: 0 });
    expect(toRasterSummary({ count: 5, neurons: 3, maxPoints: 2, shown: 2 }).shown).toBe(2);
  });
});
