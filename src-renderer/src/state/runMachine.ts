/**
 * The run state machine, in one place (UI.md §3–§4): every long operation has a visible state,
 * and controls are enabled from the state only, so clicks cannot queue up while the app is busy.
 *
 *   idle ─run─► checking ─► building ─► running ─► done
 *                  │            │          │
 *                  └────────────┴──────────┴─► error (diagnostics) | crashed (sim host)
 *
 * `done`, `error` and `crashed` accept a new run. Progress of any run other than the current one
 * is ignored. Pure: transitions return a new state.
 */
import type { CrashReport, RunProgress } from '../../../src-shared/ipc';

/** Where the run is. */
export type RunPhase = 'idle' | 'checking' | 'building' | 'running' | 'done' | 'error' | 'crashed';

/** The run state shown by the status bar. */
export interface RunState {
  readonly phase: RunPhase;
  readonly tier?: 'js' | 'native';
  readonly networkId?: string;
  readonly runId?: string;
  /** Simulated time reached, seconds. */
  readonly t: number;
  /** Simulated duration of the run, seconds. */
  readonly duration: number;
  readonly stepsPerSecond: number;
  /** One line for the status bar (errors, crash reason). */
  readonly message?: string;
}

/** What can happen to a run. */
export type RunEvent =
  | { readonly type: 'run-requested' }
  | { readonly type: 'check-passed' }
  | { readonly type: 'build-succeeded'; readonly networkId: string; readonly tier: 'js' | 'native'; readonly duration: number }
  | { readonly type: 'run-started'; readonly runId: string }
  | { readonly type: 'progress'; readonly progress: RunProgress }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'crashed'; readonly report: CrashReport };

/** The state before any run. */
export const INITIAL_RUN_STATE: RunState = { phase: 'idle', t: 0, duration: 0, stepsPerSecond: 0 };

/** True while checking, building or running. */
export function isBusy(phase: RunPhase): boolean {
  return phase === 'checking' || phase === 'building' || phase === 'running';
}

/** Whether the Run button is enabled. */
export function canRun(phase: RunPhase): boolean {
  return !isBusy(phase);
}

function withoutMessage(state: RunState): RunState {
  const { message: _message, ...rest } = state;
  return rest;
}

/** The next state; an event that does not apply in the current phase leaves it unchanged. */
export function transitionRun(state: RunState, event: RunEvent): RunState {
  switch (event.type) {
    case 'run-requested':
      return canRun(state.phase) ? { ...INITIAL_RUN_STATE, phase: 'checking' } : state;
    case 'check-passed':
      return state.phase === 'checking' ? { ...state, phase: 'building' } : state;
    case 'build-succeeded':
      return state.phase === 'building' ? { ...state, networkId: event.networkId, tier: event.tier, duration: event.duration } : state;
    case 'run-started':
      return state.phase === 'building' ? { ...state, phase: 'running', runId: event.runId } : state;
    case 'progress': {
      const p = event.progress;
      if (state.phase !== 'running' || p.runId !== state.runId) return state;
      const measured = { ...state, t: p.t, duration: p.duration, stepsPerSecond: p.stepsPerSecond, tier: p.tier };
      switch (p.state) {
        case 'running':
          return measured;
        case 'done':
          return { ...withoutMessage(measured), phase: 'done' };
        case 'stopped':
          return { ...measured, phase: 'done', message: 'stopped' };
        case 'error':
          return { ...measured, phase: 'error', message: p.diagnostics?.[0]?.message ?? 'the run failed' };
      }
      return state;
    }
    case 'failed':
      return isBusy(state.phase) ? { ...state, phase: 'error', message: event.message } : state;
    case 'crashed':
      return isBusy(state.phase) ? { ...state, phase: 'crashed', message: event.report.message } : state;
  }
}
