/**
 * Live progress of the current run (UI.md §1 "Run"): a bar over the simulated time, then simulated
 * time / total, steps per second, the ETA, and the tier, with the moment the native library took
 * over from the JS tier. The numbers come from the sim host's progress events; this only formats.
 * Data attributes carry the raw values for tests.
 */
import { useStore } from '../../state/createStore';
import type { Workbench } from '../../state/workbench';
import { toEta, toRunFraction, toStepRate, toTierText, toTimeProgress } from './formatRunStatus';

/** Props of {@link RunProgressView}. */
export interface RunProgressViewProps {
  readonly workbench: Workbench;
}

/** The progress bar and its numbers. */
export function RunProgressView({ workbench }: RunProgressViewProps): React.JSX.Element {
  const run = useStore(workbench.run);
  const build = useStore(workbench.build);
  const running = run.phase === 'running';
  const fraction = toRunFraction(run);
  const compiling = running && run.tier === 'js' && build.info?.nativeInBackground === true && run.swap === undefined;
  return (
    <div
      className={`run-progress ${running ? 'is-running' : ''}`}
      data-testid="run-progress"
      data-phase={run.phase}
      data-t={run.t}
      data-duration={run.duration}
      data-step={run.step}
      data-eta={Number.isFinite(run.etaSeconds) ? run.etaSeconds : -1}
      data-tier={run.tier ?? ''}
      data-swap-step={run.swap?.step ?? ''}
    >
      <div className="run-progress-bar" role="progressbar" aria-label="Simulated time" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
        <div className="run-progress-fill" style={{ width: `${(fraction * 100).toFixed(2)}%` }} />
      </div>
      <span className="run-progress-item" data-testid="progress-time">
        t {toTimeProgress(run)}
      </span>
      <span className="run-progress-item" data-testid="progress-rate">
        {toStepRate(run.stepsPerSecond)}
      </span>
      <span className="run-progress-item" data-testid="progress-eta">
        {running ? toEta(run.etaSeconds) : run.message === 'stopped' ? 'stopped' : run.phase === 'done' ? 'done' : 'ETA –'}
      </span>
      <span className={`run-progress-item tier-${run.tier ?? 'none'}`} data-testid="progress-tier" title={run.swap === undefined ? undefined : `native library swapped in at step ${run.swap.step}`}>
        {toTierText(run)}
        {compiling ? ' · native compiling…' : ''}
      </span>
    </div>
  );
}
