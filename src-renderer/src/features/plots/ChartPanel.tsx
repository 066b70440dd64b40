/**
 * The Charts tab: the monitor type picks the chart (UI.md §1). A spike monitor gets a raster; a
 * state monitor one streaming chart per recorded variable. Charts are keyed by build, so a
 * rebuild starts them afresh.
 */
import { useStore } from '../../state/createStore';
import type { Workbench } from '../../state/workbench';
import { MonitorChart } from './MonitorChart';
import { RasterChart } from './RasterChart';

/** The charts of the current run. */
export function ChartPanel({ workbench }: { readonly workbench: Workbench }): React.JSX.Element {
  const { info } = useStore(workbench.build);
  const monitors = info?.monitors ?? [];
  return (
    <div className="chart-panel" data-testid="chart">
      {monitors.length === 0 ? (
        <p className="empty-note">{info === undefined ? 'Run the model to plot its monitors.' : 'This model records nothing: add a StateMonitor or a SpikeMonitor to plot it.'}</p>
      ) : (
        monitors.flatMap((monitor) =>
          monitor.kind === 'SpikeMonitor'
            ? [<RasterChart key={`${info?.networkId}-${monitor.name}`} recordings={workbench.recordings} monitor={monitor} run={workbench.run} duration={info?.duration ?? 0} />]
            : monitor.variables.map((variable) => <MonitorChart key={`${info?.networkId}-${monitor.name}-${variable}`} recordings={workbench.recordings} monitor={monitor} variable={variable} />),
        )
      )}
    </div>
  );
}
