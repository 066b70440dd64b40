/**
 * Spike-monitor recordings → a raster plot (UI.md §7), as plain data: x = spike time in ms,
 * y = neuron index, one small vertical tick per spike. Runs can record millions of spikes; above
 * `maxPoints` (default 200 000) the figure keeps about one spike in `stride`, with `stride` a power
 * of two so that a streaming chart changes it rarely, and the title always states the full count
 * ("showing N of M", UI.md §3). Which spikes are kept is decided by a hash of the spike's position
 * in the recording, not by "every stride-th": spikes arrive ordered by neuron within a time step,
 * so a plain stride would alias with the group size (every 2nd spike of 300 synchronous neurons is
 * the even neurons only). The hash keeps the choice deterministic, independent of how the
 * recording was split into batches, and nested: the spikes kept at stride 2s are a subset of
 * those kept at stride s. Points are split over traces of at most `maxPointsPerTrace` (scattergl
 * is slow on one very long trace, plotly.js #7065); the traces share one legend entry.
 */
import { type PlotAxis, type PlotLayout, type PlotTheme } from './toTraceFigure';

/** Seconds per millisecond: the time axis is always in ms. */
const MS = 1e-3;

/** Points sent to Plotly at most, by default. */
export const DEFAULT_RASTER_MAX_POINTS = 200_000;
/** Points per trace at most, by default. */
export const DEFAULT_RASTER_MAX_POINTS_PER_TRACE = 100_000;

const COLOURS: Readonly<Record<PlotTheme, { paper: string; text: string; grid: string; zero: string; marker: string }>> = {
  light: { paper: '#ffffff', text: '#1f2328', grid: '#e4e7eb', zero: '#b9c0c8', marker: '#1f2328' },
  dark: { paper: '#1e1e1e', text: '#d4d4d4', grid: '#333840', zero: '#555c66', marker: '#4fc1ff' },
};

/** One Plotly marker trace of a raster. */
export interface RasterTrace {
  readonly type: 'scattergl' | 'scatter';
  readonly mode: 'markers';
  readonly name: string;
  readonly x: readonly number[] | Float64Array;
  readonly y: readonly number[] | Float64Array;
  readonly marker: {
    readonly symbol: 'line-ns-open';
    readonly size: number;
    readonly color: string;
    readonly line: { readonly width: number; readonly color: string };
  };
  /** All traces of one raster form one legend entry. */
  readonly legendgroup: string;
  readonly showlegend: boolean;
  readonly hovertemplate: string;
}

/** An axis of a raster: fixed ranges keep the chart still while spikes stream in. */
export interface RasterAxis extends PlotAxis {
  readonly range?: readonly [number, number];
  readonly autorange?: boolean;
  readonly zeroline: boolean;
}

/** The Plotly layout of a raster. */
export interface RasterLayout extends Omit<PlotLayout, 'xaxis' | 'yaxis' | 'legend' | 'title'> {
  /** Left-aligned over the plot area, so the legend can sit on the right. */
  readonly title: { readonly text: string; readonly font: { readonly size: number }; readonly x: number; readonly xref: 'paper'; readonly xanchor: 'left' };
  readonly xaxis: RasterAxis;
  readonly yaxis: RasterAxis;
  readonly legend: {
    readonly orientation: 'h';
    readonly x: number;
    readonly xanchor: 'right';
    readonly y: number;
    readonly yanchor: 'bottom';
    readonly font: { readonly color: string };
    readonly bgcolor: string;
  };
}

/** What the raster shows, in numbers (also used for its title). */
export interface RasterSummary {
  /** Spikes recorded (the full count, whatever is drawn). */
  readonly spikes: number;
  /** Spikes drawn. */
  readonly shown: number;
  /** About one buffered spike in `stride` is drawn (1: all of them; see {@link keepsSpike}). */
  readonly stride: number;
  readonly neurons: number;
  /** Simulated time the rate is taken over, seconds (0: unknown). */
  readonly duration: number;
  /** Mean firing rate per neuron, Hz: spikes / neurons / duration; undefined when unknown. */
  readonly meanRate?: number;
}

/** A raster as Plotly data, with its summary. */
export interface RasterFigure {
  readonly data: readonly RasterTrace[];
  readonly layout: RasterLayout;
  readonly summary: RasterSummary;
}

/** Input of {@link toRasterFigure}. */
export interface RasterFigureInput {
  /** Spike times, seconds, in recording order. */
  readonly t: ArrayLike<number>;
  /** Neuron index of each spike (`i[k]` fired at `t[k]`). */
  readonly i: ArrayLike<number>;
  /** Buffered spikes to use (default: all of `t`); buffers may be longer than what was recorded. */
  readonly count?: number;
  /** Spikes recorded in total when more than were buffered (default: `count`). */
  readonly totalSpikes?: number;
  /** Neurons of the source group: the y range and the denominator of the mean rate. */
  readonly neurons: number;
  /** Simulated time so far, seconds, for the mean rate (absent or 0: no rate). */
  readonly duration?: number;
  /** The x range in seconds (default: `[0, duration]` when known, else automatic). */
  readonly timeRange?: readonly [number, number];
  /** The monitor's name (`spikes`), used in the title. */
  readonly monitor: string;
  /** The source group (`G`), used as the legend entry. */
  readonly source?: string;
  readonly maxPoints?: number;
  readonly maxPointsPerTrace?: number;
  /** `scattergl` (default, WebGL) or `scatter` (SVG: static images, no WebGL). */
  readonly traceType?: 'scattergl' | 'scatter';
  /** Emit `Float64Array` coordinates instead of number arrays (faster for the renderer). */
  readonly typedArrays?: boolean;
  readonly theme?: PlotTheme;
}

/**
 * The decimation stride for `spikes` spikes: the smallest power of two that keeps about
 * `maxPoints` of them at most (1 when all fit).
 */
export function rasterStride(spikes: number, maxPoints = DEFAULT_RASTER_MAX_POINTS): number {
  const limit = Math.max(1, Math.floor(maxPoints));
  let stride = 1;
  while (Math.ceil(spikes / stride) > limit) stride *= 2;
  return stride;
}

/** A 32-bit integer hash with well-mixed low bits (Wellons' lowbias32; a bijection). */
function mix32(k: number): number {
  let x = k >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Whether the spike at position `k` of a recording is drawn at `stride` (a power of two): about
 * one in `stride`, chosen by a hash of `k`. Nested: kept at `2 * stride` implies kept at `stride`.
 */
export function keepsSpike(k: number, stride: number): boolean {
  return stride <= 1 || (mix32(k) & (stride - 1)) === 0;
}

/** How many of the spikes `[from, to)` are drawn at `stride`. */
export function countKeptSpikes(from: number, to: number, stride: number): number {
  const start = Math.max(0, from);
  if (stride <= 1) return Math.max(0, to - start);
  let kept = 0;
  for (let k = start; k < to; k++) if (keepsSpike(k, stride)) kept++;
  return kept;
}

/** Mean rate per neuron in Hz, or undefined when neurons or duration are unknown. */
export function meanFiringRate(spikes: number, neurons: number, duration: number): number | undefined {
  return neurons > 0 && duration > 0 && Number.isFinite(duration) ? spikes / neurons / duration : undefined;
}

/** Input of {@link toRasterSummary}. */
export interface RasterSummaryInput {
  /** Buffered spikes. */
  readonly count: number;
  /** Spikes recorded in total, when more than were buffered. */
  readonly totalSpikes?: number;
  readonly neurons: number;
  /** Simulated time so far, seconds (0: unknown). */
  readonly duration?: number;
  readonly maxPoints?: number;
  /** Spikes drawn, when the caller knows (default: counted with {@link countKeptSpikes}). */
  readonly shown?: number;
}

/** What a raster of `count` buffered spikes draws, and its mean rate. */
export function toRasterSummary(input: RasterSummaryInput): RasterSummary {
  const count = Math.max(0, input.count);
  const spikes = Math.max(count, input.totalSpikes ?? 0);
  const stride = rasterStride(count, input.maxPoints ?? DEFAULT_RASTER_MAX_POINTS);
  const duration = input.duration ?? 0;
  const meanRate = meanFiringRate(spikes, input.neurons, duration);
  const shown = input.shown ?? countKeptSpikes(0, count, stride);
  return { spikes, shown, stride, neurons: input.neurons, duration, ...(meanRate === undefined ? {} : { meanRate }) };
}

/** An integer with thin-space thousands separators: `1 234 567` (narrow no-break spaces). */
export function formatCount(n: number): string {
  const digits = String(Math.round(Math.abs(n)));
  const grouped = digits.length <= 4 ? digits : digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return n < 0 ? `-${grouped}` : grouped;
}

/** A rate with three significant digits: `54.0 Hz`, `0.512 Hz`, `1230 Hz`. */
export function formatRate(hz: number): string {
  if (hz === 0) return '0 Hz';
  if (Math.abs(hz) >= 1000) return `${formatCount(hz)} Hz`;
  return `${hz.toPrecision(3)} Hz`;
}

/** The raster title: `spikes: 540 spikes, mean rate 54.0 Hz`, plus `(showing N)` when decimated. */
export function toRasterTitle(monitor: string, summary: RasterSummary): string {
  const noun = summary.spikes === 1 ? 'spike' : 'spikes';
  const rate = summary.meanRate === undefined ? '' : `, mean rate ${formatRate(summary.meanRate)}`;
  const decimated = summary.shown < summary.spikes ? ` (showing ${formatCount(summary.shown)} of ${formatCount(summary.spikes)})` : '';
  return `${monitor}: ${formatCount(summary.spikes)} ${noun}${rate}${decimated}`;
}

/** The legend entry: the source group, and how many spikes are drawn when decimated. */
export function toRasterLegend(source: string, stride: number): string {
  return stride === 1 ? source : `${source}, 1 in ${stride} spikes`;
}

/** Coordinates of a run of raster points: x in ms, y the neuron index. */
export interface RasterPoints {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/**
 * The drawn points among spikes `[from, to)` (those {@link keepsSpike} keeps at `stride`), x in
 * ms and y the neuron index. Used for the figure and for streaming extensions alike.
 */
export function toRasterPoints(t: ArrayLike<number>, i: ArrayLike<number>, from: number, to: number, stride = 1): RasterPoints {
  const start = Math.max(0, from);
  const end = Math.min(to, t.length, i.length);
  const n = end > start ? countKeptSpikes(start, end, stride) : 0;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let k = start, p = 0; p < n; k++) {
    if (!keepsSpike(k, stride)) continue;
    x[p] = (t[k] ?? NaN) / MS;
    y[p] = i[k] ?? NaN;
    p++;
  }
  return { x, y };
}

/** Tick length by group size: every row stays distinguishable up to a few hundred neurons. */
function markerSize(neurons: number): number {
  if (neurons <= 50) return 8;
  if (neurons <= 200) return 4;
  if (neurons <= 1000) return 3;
  return 2;
}

function toAxis(text: string, theme: PlotTheme, range: readonly [number, number] | undefined): RasterAxis {
  const colours = COLOURS[theme];
  const base = { title: { text }, gridcolor: colours.grid, zerolinecolor: colours.zero, automargin: true, zeroline: false };
  return range === undefined ? { ...base, autorange: true } : { ...base, range };
}

/**
 * A raster of a spike monitor: x = spike time in ms, y = neuron index (`line-ns-open` ticks),
 * titled with the spike count and the mean rate; decimated above `maxPoints` with the full count
 * kept in the title.
 */
export function toRasterFigure(input: RasterFigureInput): RasterFigure {
  const theme = input.theme ?? 'light';
  const colours = COLOURS[theme];
  const count = Math.max(0, Math.min(input.count ?? input.t.length, input.t.length, input.i.length));
  const stride = rasterStride(count, input.maxPoints ?? DEFAULT_RASTER_MAX_POINTS);
  const points = toRasterPoints(input.t, input.i, 0, count, stride);
  const shown = points.x.length;
  const summary = toRasterSummary({ count, totalSpikes: input.totalSpikes, neurons: input.neurons, duration: input.duration, maxPoints: input.maxPoints, shown });
  const { duration } = summary;
  const perTrace = Math.max(1, Math.floor(input.maxPointsPerTrace ?? DEFAULT_RASTER_MAX_POINTS_PER_TRACE));

  const source = input.source ?? input.monitor;
  const name = toRasterLegend(source, stride);
  const size = markerSize(input.neurons);
  const typed = input.typedArrays === true;
  const data: RasterTrace[] = [];
  // An empty raster still has one (empty) trace, so streaming can extend it.
  for (let start = 0; start < shown || data.length === 0; start += perTrace) {
    const end = Math.min(shown, start + perTrace);
    const x = points.x.subarray(start, end);
    const y = points.y.subarray(start, end);
    data.push({
      type: input.traceType ?? 'scattergl',
      mode: 'markers',
      name,
      x: typed ? x.slice() : Array.from(x),
      y: typed ? y.slice() : Array.from(y),
      marker: { symbol: 'line-ns-open', size, color: colours.marker, line: { width: 1, color: colours.marker } },
      legendgroup: input.monitor,
      showlegend: data.length === 0,
      hovertemplate: `${source}[%{y}]<br>t = %{x:.4g} ms<extra></extra>`,
    });
  }

  const timeRange = input.timeRange ?? (duration > 0 ? ([0, duration] as const) : undefined);
  return {
    data,
    layout: {
      title: { text: toRasterTitle(input.monitor, summary), font: { size: 14 }, x: 0, xref: 'paper', xanchor: 'left' },
      xaxis: toAxis('t (ms)', theme, timeRange === undefined ? undefined : [timeRange[0] / MS, timeRange[1] / MS]),
      yaxis: toAxis('neuron index', theme, input.neurons > 0 ? [-0.5, input.neurons - 0.5] : undefined),
      showlegend: true,
      legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1.01, yanchor: 'bottom', font: { color: colours.text }, bgcolor: 'rgba(0,0,0,0)' },
      margin: { l: 60, r: 20, t: 40, b: 50 },
      paper_bgcolor: colours.paper,
      plot_bgcolor: colours.paper,
      font: { family: 'system-ui, -apple-system, "Segoe UI", sans-serif', size: 12, color: colours.text },
      uirevision: `raster:${input.monitor}`,
    },
    summary,
  };
}
