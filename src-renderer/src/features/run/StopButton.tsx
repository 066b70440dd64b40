/**
 * The Stop button (UI.md §4): enabled while a run is in flight, once per run. The sim host ends
 * the run at its next chunk boundary, so the charts keep everything recorded up to there.
 * Ctrl/Cmd+. does the same while a run is in flight; otherwise the key is left to the editor
 * (Monaco's quick fix), which is why the listener runs in the capture phase and only then.
 */
import { useEffect } from 'react';
import { useStore } from '../../state/createStore';
import { canStop } from '../../state/runMachine';
import type { Workbench } from '../../state/workbench';

/** True for Ctrl+. (Cmd+. on macOS). */
function isStopKey(event: KeyboardEvent): boolean {
  return event.key === '.' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
}

/** Props of {@link StopButton}. */
export interface StopButtonProps {
  readonly workbench: Workbench;
}

/** Stops the running simulation. */
export function StopButton({ workbench }: StopButtonProps): React.JSX.Element {
  const run = useStore(workbench.run);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!isStopKey(event) || !canStop(workbench.run.get())) return;
      event.preventDefault();
      event.stopPropagation();
      void workbench.stopRun();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [workbench]);
  const stopping = run.phase === 'running' && run.stopRequested === true;
  return (
    <button type="button" className="stop-button" data-testid="stop-button" disabled={!canStop(run)} onClick={() => void workbench.stopRun()} title="Stop the run at the next chunk boundary (Ctrl+.)">
      <span aria-hidden="true">■</span> {stopping ? 'Stopping…' : 'Stop'}
    </button>
  );
}
