/**
 * One streaming raster: the spikes of a spike monitor (UI.md §7). Like `MonitorChart`, the graph
 * div is driven by Plotly directly, outside React: `planRasterUpdate` decides between a full
 * `newPlot` (figure from `src-shared/plots`), an `extendTraces` of the new spikes and a title
 * `relayout` when only the simulated time moved. The title states the spike count and the mean
 * rate; above 200 000 spikes the figure draws about one spike in `stride` and says so.
 *
 * One Plotly call at a time: what arrives meanwhile is drawn together afterwards, at most ~10
 * times per second and, while the run goes on, after a pause as long as the last call took with
 * its paint. With software WebGL (headless Chromium, machines without a usable GPU) painting costs
 * about 20 µs per point, 2-4 s for a full raster of 10^5-10^6 spikes, so the chart then updates
 * every few seconds and leaves the UI thread free half of the time; once the run is over the rest
 * is drawn at once. `Plotly.purge` on unmount frees the WebGL context.
 */
import type { PlotlyConfig, PlotlyStatic } from 'plotly.js-strict-dist-min';
import { useEffect, useRef } from 'react';
import type { MonitorInfo } from '../../../../src-shared/ipc';
import type { Store } from '../../state/createStore';
import type { RunState } from '../../state/runMachine';
import { loadPlotly } from './loadPlotly';
import { planRasterUpdate, type DrawnRaster } from './rasterUpdate';
import type { RecordingBuffers } from './recordingBuffers';

const MIN_REDRAW_INTERVAL_MS = 100;
const MAX_REDRAW_INTERVAL_MS = 5000;
const PLOT_CONFIG: PlotlyConfig = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ['select2d', 'lasso2d'] };

/** Resolves once the next frame has been painted (WebGL draws happen in it). */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => window.setTimeout(resolve, 0)));
}

function reportPlotError(error: unknown): void {
  console.error('SpikeForge: drawing a raster failed', error);
}

/** Props of {@link RasterChart}. */
export interface RasterChartProps {
  readonly recordings: RecordingBuffers;
  readonly monitor: MonitorInfo;
  /** The run state: its simulated time gives the mean rate. */
  readonly run: Store<RunState>;
  /** Simulated duration of the built network's run, seconds (the x range). */
  readonly duration: number;
}

/**
 * The time axis and the time the rate is taken over, seconds. The buffers hold the built network's
 * whole history (a continued run appends, a restore cuts back), and progress reports absolute
 * times, so the axis runs from 0 to the end of the current run while it runs, and to the time
 * reached once it has stopped or was restored; the rate is over 0 to t.
 */
function runTimes(run: RunState, duration: number): { end: number; elapsed: number } {
  const elapsed = Math.max(0, run.t);
  const end = run.phase === 'running' || elapsed === 0 ? Math.max(run.duration, duration) : elapsed;
  return { end, elapsed };
}

/** A live raster of `monitor`: x = spike time (ms), y = neuron index. */
export function RasterChart({ recordings, monitor, run, duration }: RasterChartProps): React.JSX.Element {
  const graphRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = graphRef.current;
    if (element === null) return undefined;
    const graph: HTMLDivElement = element; // typed, not narrowed: `draw` below is hoisted
    let drawn: DrawnRaster | undefined;
    let drawnRevision = -1;
    let drawnRun: RunState | undefined;
    let pendingDraw: number | undefined;
    let disposed = false;
    let lastDraw = 0;
    /** How long the last Plotly call took with its paint, ms: the next one waits as long. */
    let lastCost = 0;
    /** One Plotly call at a time; changes meanwhile are drawn together when it is done. */
    let inFlight = false;
    let dirty = false;
    let busy: Promise<unknown> = Promise.resolve();

    /** When the pending draw is due (performance.now() time). */
    let pendingDue = 0;
    const schedule = (): void => {
      if (inFlight) {
        dirty = true;
        return;
      }
      // While spikes stream in, pause as long as the last draw took; once the run is over, draw the rest at once.
      const pause = run.get().phase === 'running' ? Math.min(MAX_REDRAW_INTERVAL_MS, Math.max(MIN_REDRAW_INTERVAL_MS, lastCost)) : MIN_REDRAW_INTERVAL_MS;
      const now = performance.now();
      const due = Math.max(now, lastDraw + pause);
      if (pendingDraw !== undefined) {
        if (due >= pendingDue) return;
        window.clearTimeout(pendingDraw); // the run ended during a long pause: draw sooner
      }
      pendingDue = due;
      pendingDraw = window.setTimeout(() => requestAnimationFrame(draw), due - now);
    };

    /** Runs one Plotly call, then draws what changed meanwhile. */
    const callPlotly = (call: (plotly: PlotlyStatic) => Promise<unknown>): void => {
      inFlight = true;
      busy = busy
        .then(async () => {
          const plotly = await loadPlotly(); // not timed: the first call also parses Plotly
          const started = performance.now();
          await call(plotly);
          await afterNextPaint();
          lastCost = performance.now() - started;
        })
        .catch(reportPlotError)
        .finally(() => {
          inFlight = false;
          lastDraw = performance.now();
          if (dirty && !disposed) {
            dirty = false;
            schedule();
          }
        });
    };

    function draw(): void {
      pendingDraw = undefined;
      if (disposed) return;
      const revision = recordings.getRevision();
      const runState = run.get();
      if (revision === drawnRevision && runState === drawnRun) return;
      const spikes = recordings.spikes(monitor.name);
      if (spikes === undefined) return;
      drawnRevision = revision;
      drawnRun = runState;
      const { end, elapsed } = runTimes(runState, duration);
      const update = planRasterUpdate(drawn, {
        generation: recordings.getGeneration(),
        spikes,
        monitor: monitor.name,
        source: monitor.source,
        elapsed,
        timeRange: end > 0 ? [0, end] : undefined,
      });
      if (update.kind === 'none') return;
      drawn = update.drawn;
      graph.dataset.spikeCount = String(Math.max(spikes.count, spikes.total));
      graph.dataset.shown = String(update.drawn.traceLengths.reduce((sum, n) => sum + n, 0));
      graph.dataset.stride = String(update.drawn.stride);
      switch (update.kind) {
        case 'plot': {
          const { figure } = update;
          callPlotly((plotly) => plotly.newPlot(graph, figure.data, figure.layout, PLOT_CONFIG));
          break;
        }
        case 'extend': {
          const { points, trace, title } = update;
          callPlotly(async (plotly) => {
            await plotly.extendTraces(graph, { x: [points.x], y: [points.y] }, [trace]);
            await plotly.relayout(graph, { 'title.text': title });
          });
          break;
        }
        case 'title': {
          const { title } = update;
          callPlotly((plotly) => plotly.relayout(graph, { 'title.text': title }));
          break;
        }
      }
    }

    const unsubscribeRecordings = recordings.subscribe(schedule);
    const unsubscribeRun = run.subscribe(schedule);
    schedule();
    const resize = new ResizeObserver(() => {
      if (drawn !== undefined && graph.offsetWidth > 0) void loadPlotly().then((plotly) => plotly.Plots.resize(graph));
    });
    resize.observe(graph);
    return () => {
      disposed = true;
      unsubscribeRecordings();
      unsubscribeRun();
      resize.disconnect();
      if (pendingDraw !== undefined) window.clearTimeout(pendingDraw);
      void busy.finally(() => loadPlotly().then((plotly) => plotly.purge(graph)));
    };
  }, [recordings, monitor, run, duration]);

  return <div className="monitor-chart raster-chart" ref={graphRef} data-monitor={monitor.name} data-kind="raster" data-testid="raster-chart" />;
}
