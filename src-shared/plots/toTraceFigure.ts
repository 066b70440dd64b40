/**
 * State-monitor recordings → Plotly figures, as plain data. No Plotly import here: the same
 * figure is drawn by the renderer (WebGL `scattergl`, streaming) and by Node tools that render a
 * PNG in headless Chromium (`scatter`, JSON-serialised), so the output must be plain objects and,
 * unless asked otherwise, plain number arrays.
 */
import type { MonitorInfo } from '../ipc';
import { toAxisTitle, toUnscaledAxisUnit, type AxisUnit } from './toAxisTitle';

/** One Plotly line trace. */
export interface PlotTrace {
  readonly type: 'scattergl' | 'scatter';
  readonly mode: 'lines';
  readonly name: string;
  readonly x: readonly number[] | Float64Array;
  readonly y: readonly number[] | Float64Array;
  /** `simplify: false` on SVG traces: Plotly would otherwise drop points and draw visible corners. */
  readonly line: { readonly width: number; readonly simplify?: boolean };
  readonly hovertemplate: string;
}

/** The Plotly layout fields SpikeForge sets. */
export interface PlotLayout {
  readonly title?: { readonly text: string; readonly font: { readonly size: number } };
  readonly xaxis: PlotAxis;
  readonly yaxis: PlotAxis;
  readonly showlegend: boolean;
  readonly legend: { readonly orientation: 'v' | 'h'; readonly font: { readonly color: string } };
  readonly margin: { readonly l: number; readonly r: number; readonly t: number; readonly b: number };
  readonly paper_bgcolor: string;
  readonly plot_bgcolor: string;
  readonly font: { readonly family: string; readonly size: number; readonly color: string };
  /** Keeps zoom and pan while the data is replaced (Plotly's `uirevision`). */
  readonly uirevision: string;
}

/** One axis of {@link PlotLayout}. */
export interface PlotAxis {
  readonly title: { readonly text: string };
  readonly gridcolor: string;
  readonly zerolinecolor: string;
  readonly automargin: boolean;
}

/** A Plotly figure as plain data (`Plotly.newPlot(div, figure.data, figure.layout)`). */
export interface PlotFigure {
  readonly data: readonly PlotTrace[];
  readonly layout: PlotLayout;
}

/** Colours: `light` for exported images, `dark` for the app. */
export type PlotTheme = 'light' | 'dark';

/** Input of {@link toTraceFigure}. */
export interface TraceFigureInput {
  /** Sample times in seconds. */
  readonly t: ArrayLike<number>;
  /** One row of SI values per recorded index (`values[k]` belongs to `indices[k]`). */
  readonly values: readonly ArrayLike<number>[];
  readonly indices: readonly number[];
  /** The recorded variable (`v`). */
  readonly variable: string;
  /**
   * How y is shown: display symbol and SI value of one display unit (`{ symbol: 'mV', scale: 1e-3 }`;
   * `{ scale: 1 }` for plain numbers). Absent: the values as recorded, labelled with `unit`.
   */
  readonly axisUnit?: AxisUnit;
  /** Unit of the recorded values (`volt`, `1`), used when `axisUnit` is absent. */
  readonly unit: string;
  readonly title?: string;
  /** Use only the first `count` samples (buffers may be longer than what was recorded). */
  readonly count?: number;
  /** `scattergl` (default, WebGL) or `scatter` (SVG: static images, no WebGL). */
  readonly traceType?: 'scattergl' | 'scatter';
  /** Emit `Float64Array` coordinates instead of number arrays (faster for the renderer). */
  readonly typedArrays?: boolean;
  readonly theme?: PlotTheme;
}

const THEMES: Readonly<Record<PlotTheme, { paper: string; plot: string; text: string; grid: string; zero: string }>> = {
  light: { paper: '#ffffff', plot: '#ffffff', text: '#1f2328', grid: '#e4e7eb', zero: '#b9c0c8' },
  dark: { paper: '#1e1e1e', plot: '#1e1e1e', text: '#d4d4d4', grid: '#333840', zero: '#555c66' },
};

/** Seconds per millisecond: the time axis is always in ms. */
const MS = 1e-3;

function scaled(source: ArrayLike<number>, count: number, scale: number, typed: boolean): readonly number[] | Float64Array {
  const n = Math.min(count, source.length);
  const out = typed ? new Float64Array(n) : new Array<number>(n);
  for (let k = 0; k < n; k++) out[k] = (source[k] ?? NaN) / scale;
  return out;
}

function toAxis(text: string, theme: PlotTheme): PlotAxis {
  return { title: { text }, gridcolor: THEMES[theme].grid, zerolinecolor: THEMES[theme].zero, automargin: true };
}

/**
 * One figure for one recorded variable: a line trace per recorded index (named `v[50]`),
 * x = t in ms, y in the axis unit; axis titles `t (ms)` and `v (mV)` (`v` alone when
 * dimensionless).
 */
export function toTraceFigure(input: TraceFigureInput): PlotFigure {
  const theme = input.theme ?? 'light';
  const count = Math.min(input.count ?? input.t.length, input.t.length);
  const typed = input.typedArrays === true;
  const axisUnit: AxisUnit = input.axisUnit ?? toUnscaledAxisUnit(input.unit);
  const x = scaled(input.t, count, MS, typed);
  const unitSuffix = axisUnit.symbol === undefined ? '' : ` ${axisUnit.symbol}`;
  const data = input.indices.map((index, k): PlotTrace => {
    // Each trace gets its own x array: Plotly may extend traces independently while streaming.
    const xs = k === 0 ? x : typed ? new Float64Array(x) : [...x];
    return {
      type: input.traceType ?? 'scattergl',
      mode: 'lines',
      name: `${input.variable}[${index}]`,
      x: xs,
      y: scaled(input.values[k] ?? [], count, axisUnit.scale, typed),
      line: input.traceType === 'scatter' ? { width: 1.5, simplify: false } : { width: 1.5 },
      hovertemplate: `${input.variable}[${index}] = %{y:.4g}${unitSuffix}<br>t = %{x:.4g} ms<extra></extra>`,
    };
  });
  const colours = THEMES[theme];
  return {
    data,
    layout: {
      ...(input.title === undefined ? {} : { title: { text: input.title, font: { size: 14 } } }),
      xaxis: toAxis('t (ms)', theme),
      yaxis: toAxis(toAxisTitle(input.variable, axisUnit), theme),
      showlegend: true,
      legend: { orientation: 'v', font: { color: colours.text } },
      margin: { l: 60, r: 20, t: input.title === undefined ? 20 : 40, b: 50 },
      paper_bgcolor: colours.paper,
      plot_bgcolor: colours.plot,
      font: { family: 'system-ui, -apple-system, "Segoe UI", sans-serif', size: 12, color: colours.text },
      uirevision: input.variable,
    },
  };
}

/** A monitor's recording: times (s) and, per variable, one row of SI values per recorded index. */
export interface MonitorRecording {
  readonly t: ArrayLike<number>;
  readonly indices: readonly number[];
  readonly values: Readonly<Record<string, readonly ArrayLike<number>[]>>;
  /** Samples to use (defaults to `t.length`). */
  readonly count?: number;
}

/** Options shared by every figure of {@link toMonitorFigures}. */
export interface MonitorFigureOptions extends Pick<TraceFigureInput, 'traceType' | 'typedArrays' | 'theme'> {
  /**
   * Picks the axis unit of a variable from its unit and recorded rows (first `count` samples),
   * e.g. with `units/bestUnitFor`; absent: values as recorded, labelled with the monitor's unit.
   */
  readonly chooseAxisUnit?: (unit: string, rows: readonly ArrayLike<number>[], count: number) => AxisUnit;
}

/** One figure per recorded variable of a state monitor, titled `monitor: v`, in the monitor's order. */
export function toMonitorFigures(monitor: MonitorInfo, recording: MonitorRecording, options: MonitorFigureOptions = {}): PlotFigure[] {
  const { chooseAxisUnit, ...figureOptions } = options;
  const count = recording.count ?? recording.t.length;
  return monitor.variables.map((variable) => {
    const unit = monitor.units[variable] ?? '1';
    const rows = recording.values[variable] ?? [];
    return toTraceFigure({
      ...figureOptions,
      t: recording.t,
      values: rows,
      indices: recording.indices,
      variable,
      unit,
      ...(chooseAxisUnit === undefined ? {} : { axisUnit: chooseAxisUnit(unit, rows, count) }),
      title: `${monitor.name}: ${variable}`,
      count,
    });
  });
}
