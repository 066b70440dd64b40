/**
 * How a streaming raster catches up with its buffer, decided without Plotly (UI.md §7): a full
 * `newPlot` when the run, the decimation stride or the time axis changed, or the last trace is
 * full; otherwise `extendTraces` of the last trace with only the new points (the same spikes a
 * full plot would draw: `keepsSpike` depends on the spike's position only); a `relayout` of the
 * title when only the simulated time moved (the mean rate changed). A power-of-two stride keeps
 * full redraws rare: about two per doubling of the spike count beyond the point limit.
 */
import {
  DEFAULT_RASTER_MAX_POINTS,
  DEFAULT_RASTER_MAX_POINTS_PER_TRACE,
  rasterStride,
  toRasterFigure,
  toRasterPoints,
  toRasterSummary,
  toRasterTitle,
  type PlotTheme,
  type RasterFigure,
  type RasterPoints,
} from '../../../../src-shared/plots';
import type { SpikeRecording } from './recordingBuffers';

/** What a raster chart has drawn. */
export interface DrawnRaster {
  readonly generation: number;
  /** Buffered spikes consumed. */
  readonly count: number;
  readonly stride: number;
  /** Points in each trace. */
  readonly traceLengths: readonly number[];
  readonly title: string;
  readonly timeRange: readonly [number, number] | undefined;
}

/** What to do to the graph. */
export type RasterUpdate =
  | { readonly kind: 'none' }
  | { readonly kind: 'plot'; readonly figure: RasterFigure; readonly drawn: DrawnRaster }
  | { readonly kind: 'extend'; readonly trace: number; readonly points: RasterPoints; readonly title: string; readonly drawn: DrawnRaster }
  | { readonly kind: 'title'; readonly title: string; readonly drawn: DrawnRaster };

/** Input of {@link planRasterUpdate}. */
export interface RasterUpdateInput {
  /** Buffers generation (a new run starts over). */
  readonly generation: number;
  readonly spikes: SpikeRecording;
  readonly monitor: string;
  readonly source: string;
  /** Simulated time of this run so far, seconds (for the mean rate). */
  readonly elapsed: number;
  /** The x range of the run, seconds (undefined: automatic). */
  readonly timeRange: readonly [number, number] | undefined;
  readonly maxPoints?: number;
  readonly maxPointsPerTrace?: number;
  readonly theme?: PlotTheme;
}

function sameRange(a: readonly [number, number] | undefined, b: readonly [number, number] | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1]);
}

/** The next step for a raster that drew `previous` (undefined: nothing yet). */
export function planRasterUpdate(previous: DrawnRaster | undefined, input: RasterUpdateInput): RasterUpdate {
  const { spikes } = input;
  const maxPoints = input.maxPoints ?? DEFAULT_RASTER_MAX_POINTS;
  const perTrace = input.maxPointsPerTrace ?? DEFAULT_RASTER_MAX_POINTS_PER_TRACE;
  const stride = rasterStride(spikes.count, maxPoints);
  /** The title once `shown` points are drawn. */
  const titleFor = (shown: number): string =>
    toRasterTitle(input.monitor, toRasterSummary({ count: spikes.count, totalSpikes: spikes.total, neurons: spikes.neurons, duration: input.elapsed, maxPoints, shown }));

  const plot = (): RasterUpdate => {
    const figure = toRasterFigure({
      t: spikes.t,
      i: spikes.i,
      count: spikes.count,
      totalSpikes: spikes.total,
      neurons: spikes.neurons,
      duration: input.elapsed,
      timeRange: input.timeRange,
      monitor: input.monitor,
      source: input.source,
      maxPoints,
      maxPointsPerTrace: perTrace,
      typedArrays: true,
      theme: input.theme ?? 'dark',
    });
    const drawn: DrawnRaster = {
      generation: input.generation,
      count: spikes.count,
      stride: figure.summary.stride,
      traceLengths: figure.data.map((trace) => trace.x.length),
      title: figure.layout.title.text,
      timeRange: input.timeRange,
    };
    return { kind: 'plot', figure, drawn };
  };

  if (previous === undefined || previous.generation !== input.generation || previous.stride !== stride || !sameRange(previous.timeRange, input.timeRange) || spikes.count < previous.count) {
    return plot();
  }
  const drawnPoints = previous.traceLengths.reduce((sum, length) => sum + length, 0);
  if (spikes.count > previous.count) {
    const points = toRasterPoints(spikes.t, spikes.i, previous.count, spikes.count, stride);
    const last = previous.traceLengths.length - 1;
    const lastLength = previous.traceLengths[last] ?? 0;
    if (lastLength + points.x.length > perTrace) return plot();
    const traceLengths = previous.traceLengths.map((length, k) => (k === last ? length + points.x.length : length));
    const title = titleFor(drawnPoints + points.x.length);
    return { kind: 'extend', trace: last, points, title, drawn: { ...previous, count: spikes.count, traceLengths, title } };
  }
  const title = titleFor(drawnPoints);
  if (title !== previous.title) return { kind: 'title', title, drawn: { ...previous, title } };
  return { kind: 'none' };
}
