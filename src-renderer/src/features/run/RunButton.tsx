/** The Run button: enabled from the run state only (UI.md §4); Ctrl/Cmd+Enter does the same. */
import { useStore } from '../../state/createStore';
import { canRun } from '../../state/runMachine';
import type { Workbench } from '../../state/workbench';

const BUSY_LABEL = { checking: 'Checking…', building: 'Building…', running: 'Running…' } as const;

/** Props of {@link RunButton}. */
export interface RunButtonProps {
  readonly workbench: Workbench;
}

/** Runs the model in the editor. */
export function RunButton({ workbench }: RunButtonProps): React.JSX.Element {
  const run = useStore(workbench.run);
  const startup = useStore(workbench.startup);
  const enabled = startup.status === 'ready' && canRun(run.phase);
  const label = run.phase === 'checking' || run.phase === 'building' || run.phase === 'running' ? BUSY_LABEL[run.phase] : 'Run';
  return (
    <button type="button" className="run-button" data-testid="run-button" disabled={!enabled} onClick={() => void workbench.runModel()} title="Run the model (Ctrl+Enter)">
      <span aria-hidden="true">▶</span> {label}
    </button>
  );
}
