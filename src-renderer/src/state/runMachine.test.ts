import { describe, expect, it } from 'vitest';
import type { RunProgress } from '../../../src-shared/ipc';
import { canRun, INITIAL_RUN_STATE, transitionRun, type RunEvent, type RunState } from './runMachine';

function play(events: readonly RunEvent[], from: RunState = INITIAL_RUN_STATE): RunState {
  return events.reduce(transitionRun, from);
}

const progress = (partial: Partial<RunProgress>): RunEvent => ({
  type: 'progress',
  progress: { runId: 'run1', state: 'running', t: 0.05, duration: 0.1, stepsPerSecond: 1e6, tier: 'native', ...partial },
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
});
