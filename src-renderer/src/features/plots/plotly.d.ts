/**
 * The part of Plotly's API the charts use. `plotly.js-strict-dist-min` ships no types, and the
 * figures are built as plain data by `src-shared/plots`, so a small declaration is enough.
 */
declare module 'plotly.js-strict-dist-min' {
  /** A graph div after `newPlot`: Plotly keeps the figure on it. */
  export interface PlotlyGraphDiv extends HTMLDivElement {
    data?: readonly object[];
    layout?: object;
  }

  export interface PlotlyConfig {
    readonly responsive?: boolean;
    readonly displaylogo?: boolean;
    readonly displayModeBar?: boolean | 'hover';
    readonly modeBarButtonsToRemove?: readonly string[];
    readonly staticPlot?: boolean;
  }

  export interface PlotlyStatic {
    newPlot(root: HTMLElement, data: readonly object[], layout?: object, config?: PlotlyConfig): Promise<PlotlyGraphDiv>;
    react(root: HTMLElement, data: readonly object[], layout?: object, config?: PlotlyConfig): Promise<PlotlyGraphDiv>;
    extendTraces(root: HTMLElement, update: { x: readonly ArrayLike<number>[]; y: readonly ArrayLike<number>[] }, indices: readonly number[], maxPoints?: number): Promise<PlotlyGraphDiv>;
    purge(root: HTMLElement): void;
    relayout(root: HTMLElement, update: object): Promise<PlotlyGraphDiv>;
    readonly Plots: { resize(root: HTMLElement): Promise<void> };
  }

  const Plotly: PlotlyStatic;
  export default Plotly;
}
