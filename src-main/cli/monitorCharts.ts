/**
 * Charts of a finished run for `spikeforge run … --png`: the figures the app draws, built from the
 * same `src-shared/plots` functions over the batches the run streamed, in the light theme and as
 * SVG traces (no WebGL in a headless browser): a raster per SpikeMonitor/EventMonitor, a line chart
 * per recorded variable of a StateMonitor, and a PopulationRateMonitor's rate smoothed as Brian2
 * users plot it (`smooth_rate(window='gaussian', width=1*ms)`, the raw per-step rate being mostly
 * zeros and 1/(N·dt) spikes).
 */
import type { MonitorBatch, MonitorInfo } from '../../src-shared/ipc';
import { chooseAxisUnit, smoothRate, toRasterFigure, toTraceFigure } from '../../src-shared/plots';
import type { PlotFigure } from '../services/plotImage';

/** Points a static raster draws at most (SVG markers: more makes the browser slow, not the image better). */
const STATIC_RASTER_POINTS = 20_000;
/** Standard deviation of the Gaussian that smooths a population rate, seconds. */
const RATE_SMOOTHING_WIDTH = 1e-3;

/** One chart: the file stem it is saved under and the figure. */
export interface MonitorChart {
  readonly stem: string;
  readonly figure: PlotFigure;
}

function concat(parts: readonly ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The batches of one monitor joined: times, event indices, and per variable one row per recorded index. */
function joinBatches(monitor: MonitorInfo, batches: readonly MonitorBatch[]): { t: Float64Array; i: Float64Array; rows: Record<string, Float64Array[]> } {
  const mine = batches.filter((b) => b.monitor === monitor.name);
  const rows: Record<string, Float64Array[]> = {};
  for (const variable of monitor.variables) {
    const width = Math.max(0, ...mine.map((b) => b.values[variable]?.length ?? 0));
    rows[variable] = Array.from({ length: width }, (_, k) => concat(mine.map((b) => b.values[variable]?.[k] ?? new Float64Array(b.t.length))));
  }
  return { t: concat(mine.map((b) => b.t)), i: concat(mine.map((b) => b.spikeIndices ?? new Int32Array(0))), rows };
}

/** The charts of every monitor of a run of `duration` seconds, in the monitors' order. */
export function monitorCharts(monitors: readonly MonitorInfo[], batches: readonly MonitorBatch[], duration: number): MonitorChart[] {
  const charts: MonitorChart[] = [];
  for (const monitor of monitors) {
    const { t, i, rows } = joinBatches(monitor, batches);
    if (monitor.kind === 'SpikeMonitor') {
      const figure = toRasterFigure({ t, i, neurons: monitor.indices.length, duration, monitor: monitor.name, source: monitor.source, maxPoints: STATIC_RASTER_POINTS, traceType: 'scatter', theme: 'light' });
      charts.push({ stem: monitor.name, figure });
      continue;
    }
    for (const variable of monitor.variables) {
      let values = rows[variable] ?? [];
      let title = `${monitor.name}: ${variable}`;
      if (monitor.kind === 'PopulationRateMonitor') {
        const dt = t.length > 1 ? (t[1] as number) - (t[0] as number) : 0;
        const smoothed = dt > 0 ? smoothRate(values[0] ?? [], dt, { kind: 'gaussian', width: RATE_SMOOTHING_WIDTH }).rate : undefined;
        if (smoothed !== undefined) {
          values = [smoothed];
          title = `${monitor.name}: rate of ${monitor.source}, smoothed (gaussian, 1 ms)`;
        }
      }
      const unit = monitor.units[variable] ?? '1';
      const figure = toTraceFigure({ t, values, indices: monitor.kind === 'PopulationRateMonitor' ? [0] : monitor.indices, variable, unit, axisUnit: chooseAxisUnit(unit, values), title, traceType: 'scatter', theme: 'light' });
      charts.push({ stem: monitor.variables.length === 1 && monitor.kind !== 'StateMonitor' ? monitor.name : `${monitor.name}_${variable}`, figure });
    }
  }
  return charts;
}
