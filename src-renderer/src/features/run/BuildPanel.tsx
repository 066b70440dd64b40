/**
 * The Build tab (UI.md §1 "Build panel"): what the last build produced and where the time went.
 * Build stages come with the build result (parse, codegen, render, compile or cache hit, load);
 * for tier `auto` the native library is compiled in the background and reported with the tier
 * swap in progress events; the run's own breakdown (first chunk, steady state) comes with its
 * final progress event. Everything here is read from the stores; nothing is measured in the page.
 */
import type { BuildInfo, RunTimings, TierSwap } from '../../../../src-shared/ipc';
import { useStore } from '../../state/createStore';
import type { Workbench } from '../../state/workbench';
import { toMilliseconds, toSimulatedTime, toStepRate } from './formatRunStatus';

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** One row of a timing table. */
function Row({ stage, label, value, note }: { readonly stage: string; readonly label: string; readonly value: string; readonly note?: string }): React.JSX.Element {
  return (
    <tr data-stage={stage}>
      <th scope="row">{label}</th>
      <td className="timing-value">{value}</td>
      <td className="timing-note">{note ?? ''}</td>
    </tr>
  );
}

function BuildTimingsTable({ info, swap }: { readonly info: BuildInfo; readonly swap: TierSwap | undefined }): React.JSX.Element {
  const { timings } = info;
  const native = info.tier === 'native';
  const compile = native ? (info.cacheHit ? 'cache hit' : toMilliseconds(timings.compileMs)) : swap !== undefined ? (swap.cacheHit ? 'cache hit' : toMilliseconds(swap.compileMs)) : info.nativeInBackground === true ? 'compiling…' : '–';
  const load = native ? toMilliseconds(timings.loadMs) : swap !== undefined ? toMilliseconds(swap.loadMs) : '–';
  const where = native ? 'before the run' : swap !== undefined || info.nativeInBackground === true ? 'in the background, while the JS tier runs' : 'no native library (JS tier)';
  return (
    <table className="timing-table" data-testid="build-timings">
      <tbody>
        <Row stage="parse" label="parse + check" value={toMilliseconds(timings.parseMs)} />
        <Row stage="codegen" label="code generation" value={toMilliseconds(timings.codegenMs)} />
        <Row stage="render" label="templates" value={toMilliseconds(timings.renderMs)} />
        <Row stage="compile" label="C++ compile" value={compile} note={where} />
        <Row stage="load" label="library load" value={load} />
        {swap !== undefined && <Row stage="swap" label="native swapped in" value={`t = ${toSimulatedTime(swap.t)}`} note={`step ${swap.step}, ${toMilliseconds(swap.afterBuildMs)} after the build`} />}
      </tbody>
    </table>
  );
}

function RunTimingsTable({ timings }: { readonly timings: RunTimings }): React.JSX.Element {
  return (
    <table className="timing-table" data-testid="run-timings">
      <tbody>
        <Row stage="first-chunk" label="first chunk" value={toMilliseconds(timings.firstChunkMs)} note={`${timings.firstChunkSteps} steps (warm-up)`} />
        <Row stage="steady" label="steady state" value={toStepRate(timings.steadyStepsPerSecond)} note={`${timings.tier === 'native' ? 'native' : 'JS'} tier, stepping only`} />
        <Row stage="elapsed" label="whole run" value={toMilliseconds(timings.elapsedMs)} note={`${timings.steps} steps with streaming`} />
      </tbody>
    </table>
  );
}

/** Props of {@link BuildPanel}. */
export interface BuildPanelProps {
  readonly workbench: Workbench;
}

/** The build and run timings of the current network. */
export function BuildPanel({ workbench }: BuildPanelProps): React.JSX.Element {
  const { info } = useStore(workbench.build);
  const run = useStore(workbench.run);
  if (info === undefined) {
    return (
      <div className="build-panel" data-testid="build-panel">
        <p className="empty-note">Run the model to see its build: cache, compiler and where the time went.</p>
      </div>
    );
  }
  return (
    <div className="build-panel" data-testid="build-panel">
      <section className="build-section">
        <h3>Network</h3>
        <dl className="build-facts">
          <dt>name</dt>
          <dd>{info.networkName}</dd>
          <dt>namespace</dt>
          <dd>
            <code>{info.namespace}</code>
          </dd>
          <dt>built for</dt>
          <dd>{info.tier === 'native' ? `native tier (${info.cacheHit ? 'cache hit' : 'cache miss'})` : info.nativeInBackground === true ? 'JS tier now, native from a chunk boundary' : 'JS tier'}</dd>
          {(info.libraryPath ?? '') !== '' && (
            <>
              <dt>library</dt>
              <dd title={info.libraryPath}>{baseName(info.libraryPath ?? '')}</dd>
            </>
          )}
        </dl>
      </section>
      <section className="build-section">
        <h3>Build timings</h3>
        <BuildTimingsTable info={info} swap={run.swap} />
      </section>
      <section className="build-section">
        <h3>Run timings</h3>
        {run.timings === undefined ? <p className="empty-note">{run.phase === 'running' ? 'Measured when the run ends.' : 'No run has ended yet.'}</p> : <RunTimingsTable timings={run.timings} />}
      </section>
    </div>
  );
}
