/**
 * Plotly is about half of the renderer's code; it is loaded on first use, so the editor is up
 * before the charting library has been parsed.
 */
import type { PlotlyStatic } from 'plotly.js-strict-dist-min';

let loading: Promise<PlotlyStatic> | undefined;

/** The Plotly API (the strict bundle: no `eval`, CSP-safe). */
export function loadPlotly(): Promise<PlotlyStatic> {
  loading ??= import('plotly.js-strict-dist-min').then((module) => module.default);
  return loading;
}
