/**
 * The run state machine, in one place (UI.md §3–§4): every long operation has a visible state,
 * and controls are enabled from the state only, so clicks cannot queue up while the app is busy.
 *
 *   idle ─run─► checking ─► building ─► running ─► done ─continue─► running
 *                  │            │          │  ▲ stop (at the next chunk boundary)
 *                  └────────────┴──────────┴─► error (diagnostics) | crashed (sim host)
 *
 * `done`, `error` and `crashed` accept a new run (check, build, run from t = 0). `done` also
 * accepts `continue` (run the built network further, Brian2's second `run()`) and a restored
 * state (Brian2's `restore()`, which moves t back). Stop is asked once per run; the run then ends
 * as `done` with the message "stopped". Progress of any run other than the current one is ignored.
 * Pure: transitions return a new state.
 */
import type { CrashReport, RunProgress, RunTimings, TierSwap } from '../../../src-shared/ipc';

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
  /** Simulated time at which the run ends, seconds (absolute: a continued run ends later). */
  readonly duration: number;
  /** Network step reached. */
  readonly step: number;
  readonly stepsPerSecond: number;
  /** Wall-clock seconds left, estimated by the sim host (0 when not running). */
  readonly etaSeconds: number;
  /** When the native library took over from the JS tier (tier `auto`). */
  readonly swap?: TierSwap;
  /** Timing breakdown of the last run that ended. */
  readonly timings?: RunTimings;
  /** True once Stop was pressed for the current run. */
  readonly stopRequested?: boolean;
  /** One line for the status bar (errors, crash reason). */
  readonly message?: string;
}

/** What can happen to a run. */
export type RunEvent =
  | { readonly type: 'run-requested' }
  | { readonly type: 'check-passed' }
  | { readonly type: 'build-succeeded'; readonly networkId: string; readonly tier: 'js' | 'native'; readonly duration: number }
  | { readonly type: 'run-started'; readonly runId: string }
  | { readonly type: 'continue-requested' }
  | { readonly type: 'stop-requested' }
  | { readonly type: 'state-restored'; readonly t: number; readonly step: number }
  | { readonly type: 'progress'; readonly progress: RunProgress }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'crashed'; readonly report: CrashReport };

/** The state before any run. */
export const INITIAL_RUN_STATE: RunState = { phase: 'idle', t: 0, duration: 0, step: 0, stepsPerSecond: 0, etaSeconds: 0 };

/** True while checking, building or running. */
export function isBusy(phase: RunPhase): boolean {
  return phase === 'checking' || phase === 'building' || phase === 'running';
}

/** Whether the Run button is enabled. */
export function canRun(phase: RunPhase): boolean {
  return !isBusy(phase);
}

/** Whether Stop is enabled: a run is in flight and Stop was not pressed for it yet. */
export function canStop(state: RunState): boolean {
  return state.phase === 'running' && state.runId !== undefined && state.stopRequested !== true;
}

/**
 * Whether the built network can be run further, stored or restored: its last run ended normally
 * or was stopped (after an error or a crash the network's state is not what the user saw).
 */
export function canUseNetwork(state: RunState): boolean {
  return state.phase === 'done' && state.networkId !== undefined;
}

function withoutMessage(state: RunState): RunState {
  const { message: _message, ...rest } = state;
  return rest;
}

/** The state of a run that has just started or ended: no stop pending. */
function withoutStop(state: RunState): RunState {
  const { stopRequested: _stopRequested, ...rest } = state;
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
      // From building (a new run) or from running without a run id (a continued run).
      return state.phase === 'building' || (state.phase === 'running' && state.runId === undefined) ? { ...withoutStop(state), phase: 'running', runId: event.runId } : state;
    case 'continue-requested': {
      if (!canUseNetwork(state)) return state;
      const { runId: _runId, ...rest } = withoutStop(withoutMessage(state));
      return { ...rest, phase: 'running', etaSeconds: 0 };
    }
    case 'stop-requested':
      return canStop(state) ? { ...state, stopRequested: true } : state;
    case 'state-restored':
      return canUseNetwork(state) ? { ...withoutMessage(state), t: event.t, step: event.step, etaSeconds: 0 } : state;
    case 'progress': {
      const p = event.progress;
      if (state.phase !== 'running' || p.runId !== state.runId) return state;
      const measured: RunState = {
        ...state,
        t: p.t,
        duration: p.duration,
        step: p.step,
        stepsPerSecond: p.stepsPerSecond,
        etaSeconds: p.etaSeconds,
        tier: p.tier,
        ...(p.swap === undefined ? {} : { swap: p.swap }),
        ...(p.timings === undefined ? {} : { timings: p.timings }),
      };
      switch (p.state) {
        case 'running':
          return measured;
        case 'done':
          return { ...withoutStop(withoutMessage(measured)), phase: 'done' };
        case 'stopped':
          return { ...withoutStop(measured), phase: 'done', message: 'stopped' };
        case 'error':
          return { ...withoutStop(measured), phase: 'error', message: p.diagnostics?.[0]?.message ?? 'the run failed' };
      }
      return state;
    }
    case 'failed':
      return isBusy(state.phase) ? { ...state, phase: 'error', message: event.message } : state;
    case 'crashed':
      return isBusy(state.phase) ? { ...state, phase: 'crashed', message: event.report.message } : state;
  }
}
