/**
 * Run further, store and restore (Brian2's second `run()`, `store(name)` and `restore(name)`) for
 * the built network. Enabled when its last run has ended (done or stopped): the sim host would
 * only serve a store after a running network's run anyway. The name field offers the names stored
 * so far; the status line says what was stored or restored and at which simulated time.
 */
import { useId, useState } from 'react';
import { useStore } from '../../state/createStore';
import { canUseNetwork } from '../../state/runMachine';
import type { Workbench } from '../../state/workbench';
import { toSimulatedTime } from './formatRunStatus';

/** Props of {@link StateControls}. */
export interface StateControlsProps {
  readonly workbench: Workbench;
}

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** Reads a run length typed in ms; undefined when it is not a positive number. */
export function parseRunLengthMs(text: string): number | undefined {
  const ms = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(ms) && ms > 0 ? ms / 1e3 : undefined;
}

/** The continue, store and restore controls. */
export function StateControls({ workbench }: StateControlsProps): React.JSX.Element {
  const run = useStore(workbench.run);
  const states = useStore(workbench.states);
  const build = useStore(workbench.build);
  const [name, setName] = useState('default');
  const [lengthText, setLengthText] = useState('');
  const listId = useId();
  const usable = canUseNetwork(run) && !states.busy;
  const nameValid = NAME_PATTERN.test(name);
  const defaultLengthMs = build.info === undefined ? '' : String(Number((build.info.duration * 1e3).toPrecision(6)));
  const length = parseRunLengthMs(lengthText === '' ? defaultLengthMs : lengthText);
  const status =
    states.error !== undefined
      ? states.error
      : states.last === undefined
        ? states.names.length === 0
          ? 'nothing stored'
          : ''
        : `${states.last.action} "${states.last.name}" at t = ${toSimulatedTime(states.last.t)}`;
  return (
    <div className="state-controls" data-testid="state-controls">
      <label className="control-group" title="Run the built network further from where it is (Brian2: another run())">
        <span className="control-label">run further</span>
        <input
          className="length-input"
          data-testid="continue-duration"
          inputMode="decimal"
          placeholder={defaultLengthMs}
          value={lengthText}
          onChange={(event) => setLengthText(event.target.value)}
          aria-label="Run further by (ms)"
        />
        <span className="control-unit">ms</span>
        <button type="button" data-testid="continue-button" disabled={!usable || length === undefined} onClick={() => void workbench.continueRun(length)}>
          ▶▶ Continue
        </button>
      </label>
      <span className="control-group">
        <span className="control-label">state</span>
        <input className="name-input" data-testid="state-name" list={listId} value={name} onChange={(event) => setName(event.target.value)} aria-label="Stored state name" aria-invalid={!nameValid} />
        <datalist id={listId}>
          {states.names.map((stored) => (
            <option key={stored} value={stored} />
          ))}
        </datalist>
        <button type="button" data-testid="store-button" disabled={!usable || !nameValid} onClick={() => void workbench.storeState(name)} title="Store the network's whole state under this name (Brian2: store())">
          Store
        </button>
        <button
          type="button"
          data-testid="restore-button"
          disabled={!usable || !nameValid || !states.names.includes(name)}
          onClick={() => void workbench.restoreState(name)}
          title="Restore the state stored under this name: variables, synapses, monitors and t (Brian2: restore())"
        >
          Restore
        </button>
      </span>
      <span
        className={`state-status ${states.error === undefined ? '' : 'state-error'}`}
        data-testid="state-status"
        data-step={states.last?.step ?? ''}
        title={states.last === undefined ? status : `${status}, step ${states.last.step}; stored: ${states.names.join(', ')}`}
        role="status"
      >
        {status}
      </span>
    </div>
  );
}
