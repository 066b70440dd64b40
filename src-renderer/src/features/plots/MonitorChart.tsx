/**
 * One streaming chart: a recorded variable of a state monitor. The graph div is kept by ref and
 * driven by Plotly directly (UI.md §7): the first samples go through `Plotly.newPlot` with the
 * figure from `src-shared/plots`, later ones through `Plotly.extendTraces`, coalesced to at most
 * ~10 redraws per second on animation frames. `Plotly.purge` on unmount frees the WebGL context.
 */
import type { PlotlyConfig } from 'plotly.js-strict-dist-min';
import { useEffect, useRef } from 'react';
import type { MonitorInfo } from '../../../../src-shared/ipc';
import { chooseAxisUnit, toTraceFigure } from '../../../../src-shared/plots';
import { loadPlotly } from './loadPlotly';
import { toTraceExtension, type RecordingBuffers } from './recordingBuffers';

const MIN_REDRAW_INTERVAL_MS = 100;
const PLOT_CONFIG: PlotlyConfig = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ['select2d', 'lasso2d'] };

function reportPlotError(error: unknown): void {
  console.error('SpikeForge: drawing a chart failed', error);
}

/** Props of {@link MonitorChart}. */
export interface MonitorChartProps {
  readonly recordings: RecordingBuffers;
  readonly monitor: MonitorInfo;
  readonly variable: string;
}

/** A live line chart of `monitor.variable`, one trace per recorded index. */
export function MonitorChart({ recordings, monitor, variable }: MonitorChartProps): React.JSX.Element {
  const graphRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const graph = graphRef.current;
    if (graph === null) return undefined;
    let drawnCount = 0;
    let drawnRevision = -1;
    let drawnGeneration = -1;
    let scale = 1;
    let pendingDraw: number | undefined;
    let disposed = false;
    let lastDraw = 0;
    let busy: Promise<unknown> = Promise.resolve();

    const draw = (): void => {
      pendingDraw = undefined;
      if (disposed) return;
      const revision = recordings.getRevision();
      const recording = recordings.recording(monitor.name);
      if (recording === undefined || revision === drawnRevision) return;
      drawnRevision = revision;
      const count = recording.count ?? recording.t.length;
      if (recordings.getGeneration() !== drawnGeneration) {
        drawnGeneration = recordings.getGeneration();
        drawnCount = 0; // a new run: start the figure afresh
      }
      if (count === 0 || count === drawnCount) return;
      const unit = monitor.units[variable] ?? '1';
      if (drawnCount === 0) {
        const rows = recording.values[variable] ?? [];
        const axisUnit = chooseAxisUnit(unit, rows, count);
        scale = axisUnit.scale;
        const figure = toTraceFigure({ t: recording.t, values: rows, indices: recording.indices, variable, unit, axisUnit, title: `${monitor.name}: ${variable}`, count, typedArrays: true, theme: 'dark' });
        busy = busy.then(async () => (await loadPlotly()).newPlot(graph, figure.data, figure.layout, PLOT_CONFIG)).catch(reportPlotError);
      } else {
        const extension = toTraceExtension(recording, variable, drawnCount, scale);
        busy = busy.then(async () => (await loadPlotly()).extendTraces(graph, extension, extension.y.map((_, k) => k))).catch(reportPlotError);
      }
      drawnCount = count;
      lastDraw = performance.now();
    };

    const schedule = (): void => {
      if (pendingDraw !== undefined) return;
      const wait = Math.max(0, MIN_REDRAW_INTERVAL_MS - (performance.now() - lastDraw));
      pendingDraw = window.setTimeout(() => requestAnimationFrame(draw), wait);
    };

    const unsubscribe = recordings.subscribe(schedule);
    schedule();
    const resize = new ResizeObserver(() => {
      if (drawnCount > 0 && graph.offsetWidth > 0) void loadPlotly().then((plotly) => plotly.Plots.resize(graph));
    });
    resize.observe(graph);
    return () => {
      disposed = true;
      unsubscribe();
      resize.disconnect();
      if (pendingDraw !== undefined) window.clearTimeout(pendingDraw);
      void busy.finally(() => loadPlotly().then((plotly) => plotly.purge(graph)));
    };
  }, [recordings, monitor, variable]);

  return <div className="monitor-chart" ref={graphRef} data-monitor={monitor.name} data-variable={variable} />;
}
