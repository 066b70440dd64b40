/** The status bar (UI.md §4): run phase, tier, simulated time, step rate, ETA, toolchain, connection. */
import { useStore } from '../../state/createStore';
import type { Workbench } from '../../state/workbench';
import { toEta, toPhaseLabel, toStepRate, toTimeProgress } from './formatRunStatus';

/** Props of {@link StatusBar}. */
export interface StatusBarProps {
  readonly workbench: Workbench;
  readonly transportKind: string;
}

/** The bottom bar. */
export function StatusBar({ workbench, transportKind }: StatusBarProps): React.JSX.Element {
  const run = useStore(workbench.run);
  const startup = useStore(workbench.startup);
  const toolchain = startup.info?.toolchain;
  return (
    <footer className="status-bar" data-testid="status" data-phase={run.phase}>
      <span className={`status-phase phase-${run.phase}`} data-testid="status-phase">
        {startup.status === 'loading' ? 'Connecting…' : startup.status === 'failed' ? 'Not connected' : toPhaseLabel(run.phase)}
      </span>
      {run.message !== undefined && <span className="status-message">{run.message}</span>}
      {startup.status === 'failed' && <span className="status-message">{startup.message}</span>}
      <span className="status-item">tier: {run.tier === undefined ? '–' : run.tier === 'native' ? 'native' : 'JS'}</span>
      <span className="status-item">t: {toTimeProgress(run)}</span>
      <span className="status-item">{toStepRate(run.stepsPerSecond)}</span>
      {run.phase === 'running' && <span className="status-item">{toEta(run.etaSeconds)}</span>}
      <span className="status-spacer" />
      {toolchain !== undefined && (
        <span className={`status-item ${toolchain.available ? '' : 'status-warning'}`} data-testid="toolchain" data-available={toolchain.available}>
          {toolchain.message}
        </span>
      )}
      <span className="status-item">{transportKind === 'electron' ? 'desktop' : transportKind === 'websocket' ? 'web host' : 'offline'}</span>
      {startup.info !== undefined && <span className="status-item">v{startup.info.version}</span>}
    </footer>
  );
}
