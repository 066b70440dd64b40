/**
 * Charts of a run: the figures built from streamed batches (split anywhere, joined in order), and
 * `spikeforge run … --out dir --png` writing real PNG files through headless Chromium.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { MonitorBatch, MonitorInfo } from '../../src-shared/ipc';
import { findAppRoot } from '../services/appRoot';
import { monitorCharts } from './monitorCharts';

const batch = (monitor: string, t: number[], values: Record<string, number[][]>, spikeIndices?: number[]): MonitorBatch => ({
  runId: 'r',
  monitor,
  indices: [],
  t: Float64Array.from(t),
  values: Object.fromEntries(Object.entries(values).map(([k, rows]) => [k, rows.map((row) => Float64Array.from(row))])),
  ...(spikeIndices === undefined ? {} : { spikeIndices: Int32Array.from(spikeIndices) }),
  totalSamples: t.length,
});

interface Trace {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
}
const traces = (figure: { data: readonly object[] }): Trace[] => figure.data as Trace[];

describe('monitorCharts', () => {
  const monitors: MonitorInfo[] = [
    { name: 'spikes', kind: 'SpikeMonitor', source: 'G', variables: [], units: {}, indices: [0, 1, 2, 3] },
    { name: 'trace', kind: 'StateMonitor', source: 'G', variables: ['v', 'w'], units: { v: 'volt', w: '1' }, indices: [0, 2] },
    { name: 'rate', kind: 'PopulationRateMonitor', source: 'G', variables: ['rate'], units: { rate: 'Hz' }, indices: [0] },
  ];
  const batches = [
    batch('spikes', [0.001, 0.002], {}, [3, 1]),
    batch('trace', [0, 0.0001], { v: [[-0.07, -0.069], [-0.06, -0.059]], w: [[1, 2], [3, 4]] }),
    batch('spikes', [0.004], {}, [0]),
    batch('trace', [0.0002], { v: [[-0.068], [-0.058]], w: [[5], [6]] }),
    batch('rate', Array.from({ length: 101 }, (_, k) => k * 1e-4), { rate: [Array.from({ length: 101 }, (_, k) => (k === 50 ? 10_000 : 0))] }),
  ];
  const charts = monitorCharts(monitors, batches, 0.01);

  it('one raster per spike monitor, one chart per recorded variable, one rate chart, named for their files', () => {
    expect(charts.map((c) => c.stem)).toEqual(['spikes', 'trace_v', 'trace_w', 'rate']);
  });

  it('joins the batches of each monitor in order: spikes (ms, index), traces per recorded index in display units', () => {
    const raster = traces(charts[0]?.figure ?? { data: [] });
    expect(raster.flatMap((t) => [...t.x])).toEqual([1, 2, 4]);
    expect(raster.flatMap((t) => [...t.y])).toEqual([3, 1, 0]);
    const v = traces(charts[1]?.figure ?? { data: [] });
    expect(v.map((t) => t.name)).toEqual(['v[0]', 'v[2]']);
    expect(v[0]?.x).toEqual([0, 0.1, 0.2]);
    expect(v[1]?.y.map((y) => Math.round(y * 1000) / 1000)).toEqual([-60, -59, -58]); // mV
    expect(JSON.stringify(charts[1]?.figure.layout)).toContain('v (mV)');
    expect(traces(charts[2]?.figure ?? { data: [] })[1]?.y).toEqual([3, 4, 6]);
  });

  it('smooths a population rate with a 1 ms gaussian, keeping its mean', () => {
    const rate = traces(charts[3]?.figure ?? { data: [] })[0]?.y ?? [];
    expect(rate).toHaveLength(101);
    expect(Math.max(...rate)).toBeLessThan(10_000 / 5); // one spike's 1/dt spread over ±2 ms
    expect(rate.reduce((a, b) => a + b, 0)).toBeCloseTo(10_000, 6);
    expect(JSON.stringify(charts[3]?.figure.layout)).toContain('smoothed (gaussian, 1 ms)');
  });
});

describe('spikeforge run --png', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spikeforge-png-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bin = join(findAppRoot(), 'bin', 'spikeforge.mjs');
  const run = promisify(execFile);

  it('writes one PNG per chart next to the CSV files', async () => {
    const model = join(dir, 'tiny.py');
    writeFileSync(model, "from brian2 import *\nG = NeuronGroup(5, 'dv/dt = (1.2 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')\nG.v = 'i*0.2'\nS = SpikeMonitor(G)\nM = StateMonitor(G, 'v', record=[0, 4])\nrun(30*ms)\n");
    const { stdout } = await run(process.execPath, [bin, 'run', model, '--tier', 'js', '--out', dir, '--png'], { cwd: dir, env: { ...process.env, SPIKEFORGE_CACHE_DIR: join(dir, 'cache') } }); // from another folder: tsx must still resolve
    expect(stdout).toContain('tiny_S.png');
    const pngs = readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
    expect(pngs).toEqual(['tiny_M_v.png', 'tiny_S.png']);
    for (const png of pngs) {
      const bytes = readFileSync(join(dir, png));
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(bytes.length).toBeGreaterThan(10_000);
    }
  });

  it('asks for --out when --png has no folder', async () => {
    const failure = await run(process.execPath, [bin, 'run', 'model.py', '--png']).catch((error: unknown) => error as { code: number; stderr: string });
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('give --out dir');
  });
});
