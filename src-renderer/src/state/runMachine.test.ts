import { describe, expect, it } from 'vitest';
import type { RunProgress } from '../../../src-shared/ipc';
import { canRun, canStop, canUseNetwork, INITIAL_RUN_STATE, transitionRun, type RunEvent, type RunState } from './runMachine';

function play(events: readonly RunEvent[], from: RunState = INITIAL_RUN_STATE): RunState {
  return events.reduce(transitionRun, from);
}

const progress = (partial: Partial<RunProgress>): RunEvent => ({
  type: 'progress',
  progress: { runId: 'run1', state: 'running', t: 0.05, duration: 0.1, step: 500, stepsPerSecond: 1e6, etaSeconds: 0.05, tier: 'native', ...partial },
});

const started: RunEvent[] = [{ type: 'run-requested' }, { type: 'check-passed' }, { type: 'build-succeeded', networkId: 'editor', tier: 'js', duration: 0.1 }, { type: 'run-started', runId: 'run1' }];

describe('transitionRun', () => {
  it('goes idle → checking → building → running → done', () => {
    expect(play(started.slice(0, 1)).phase).toBe('checking');
    expect(play(started.slice(0, 2)).phase).toBe('building');
    expect(play(started).phase).toBe('running');
    expect(play([...started, progress({}), progress({ state: 'done', t: 0.1 })])).toMatchObject({ phase: 'done', t: 0.1, tier: 'native' });
  });

  it('records progress of the current run only', () => {
    const state = play([...started, progress({ t: 0.02 }), progress({ runId: 'run0', t: 0.09 })]);
    expect(state.t).toBe(0.02);
    expect(state.stepsPerSecond).toBe(1e6);
  });

  it('ignores a second run request while busy', () => {
    const busy = play(started);
    expect(transitionRun(busy, { type: 'run-requested' })).toBe(busy);
    expect(canRun(busy.phase)).toBe(false);
  });

  it('fails from any busy phase with a message', () => {
    expect(play([{ type: 'run-requested' }, { type: 'failed', message: 'SF1002' }])).toMatchObject({ phase: 'error', message: 'SF1002' });
    expect(play([...started.slice(0, 2), { type: 'failed', message: 'compile' }]).phase).toBe('error');
    expect(play([...started, progress({ state: 'error', diagnostics: [{ code: 'SF8005', severity: 'error', message: 'boom' }] })])).toMatchObject({ phase: 'error', message: 'boom' });
  });

  it('becomes crashed when the sim host dies during a run, and can run again', () => {
    const crashed = play([...started, { type: 'crashed', report: { signal: 'SIGSEGV', message: 'segfault' } }]);
    expect(crashed.phase).toBe('crashed');
    expect(canRun(crashed.phase)).toBe(true);
    expect(transitionRun(crashed, { type: 'run-requested' })).toMatchObject({ phase: 'checking', t: 0 });
  });

  it('ignores a crash or failure while idle or done', () => {
    const done = play([...started, progress({ state: 'done' })]);
    expect(transitionRun(done, { type: 'crashed', report: { signal: 'SIGSEGV', message: 'x' } })).toBe(done);
    expect(transitionRun(INITIAL_RUN_STATE, { type: 'failed', message: 'x' })).toBe(INITIAL_RUN_STATE);
  });

  it('ignores steps out of order', () => {
    expect(transitionRun(INITIAL_RUN_STATE, { type: 'check-passed' })).toBe(INITIAL_RUN_STATE);
    const checking = play(started.slice(0, 1));
    expect(transitionRun(checking, { type: 'run-started', runId: 'x' })).toBe(checking);
  });

  it('treats a stopped run as done and says so', () => {
    expect(play([...started, progress({ state: 'stopped' })])).toMatchObject({ phase: 'done', message: 'stopped' });
  });

  it('carries step, ETA, the tier swap and the final timings from progress', () => {
    const swap = { step: 120, t: 0.012, afterBuildMs: 150, compileMs: 140, cacheHit: false, loadMs: 1.2 };
    const timings = { steps: 1000, elapsedMs: 12, firstChunkMs: 3, firstChunkSteps: 16, steadyStepsPerSecond: 2e6, tier: 'native' as const };
    const running = play([...started, progress({ swap })]);
    expect(running).toMatchObject({ step: 500, etaSeconds: 0.05, swap, tier: 'native' });
    expect(play([...started, progress({ swap }), progress({ state: 'done', t: 0.1, step: 1000, etaSeconds: 0, timings })])).toMatchObject({ phase: 'done', swap, timings, etaSeconds: 0 });
  });

  it('asks for a stop once per run and ends as done with the message "stopped"', () => {
    const running = play(started);
    expect(canStop(running)).toBe(true);
    const stopping = transitionRun(running, { type: 'stop-requested' });
    expect(stopping.stopRequested).toBe(true);
    expect(canStop(stopping)).toBe(false);
    expect(transitionRun(stopping, { type: 'stop-requested' })).toBe(stopping);
    const stopped = transitionRun(stopping, progress({ state: 'stopped', t: 0.04 }));
    expect(stopped).toMatchObject({ phase: 'done', message: 'stopped', t: 0.04 });
    expect(stopped.stopRequested).toBeUndefined();
    expect(canStop(play(started.slice(0, 2)))).toBe(false);
  });

  it('continues a done network: running without a run id, then the new run', () => {
    const done = play([...started, progress({ state: 'stopped', t: 0.04 })]);
    expect(canUseNetwork(done)).toBe(true);
    const continuing = transitionRun(done, { type: 'continue-requested' });
    expect(continuing).toMatchObject({ phase: 'running', networkId: 'editor', t: 0.04 });
    expect(continuing.runId).toBeUndefined();
    expect(continuing.message).toBeUndefined();
    expect(canStop(continuing)).toBe(false);
    const next = transitionRun(continuing, { type: 'run-started', runId: 'run2' });
    expect(next).toMatchObject({ phase: 'running', runId: 'run2' });
    expect(transitionRun(next, { type: 'continue-requested' })).toBe(next);
    expect(transitionRun(INITIAL_RUN_STATE, { type: 'continue-requested' })).toBe(INITIAL_RUN_STATE);
  });

  it('moves t back on a restore, only when the network is idle', () => {
    const done = play([...started, progress({ state: 'done', t: 0.1, step: 1000 })]);
    expect(transitionRun(done, { type: 'state-restored', t: 0.04, step: 400 })).toMatchObject({ phase: 'done', t: 0.04, step: 400 });
    const running = play(started);
    expect(transitionRun(running, { type: 'state-restored', t: 0, step: 0 })).toBe(running);
  });
});
