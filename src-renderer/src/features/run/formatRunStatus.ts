/**
 * The status bar's words and numbers, as pure functions (tested without React): phase names,
 * simulated time in ms, and the step rate with a thousands suffix.
 */
import type { RunPhase, RunState } from '../../state/runMachine';

const PHASE_LABEL: Readonly<Record<RunPhase, string>> = {
  idle: 'Ready',
  checking: 'Checking',
  building: 'Building',
  running: 'Running',
  done: 'Done',
  error: 'Error',
  crashed: 'Simulation crashed',
};

/** The phase as the user reads it. */
export function toPhaseLabel(phase: RunPhase): string {
  return PHASE_LABEL[phase];
}

/** `12.3 / 100.0 ms` (simulated time reached / duration). */
export function toTimeProgress(state: Pick<RunState, 't' | 'duration'>): string {
  return `${(state.t * 1e3).toFixed(1)} / ${(state.duration * 1e3).toFixed(1)} ms`;
}

/** `1.23 M steps/s`, `45.6 k steps/s`, `789 steps/s`. */
export function toStepRate(stepsPerSecond: number): string {
  if (!Number.isFinite(stepsPerSecond) || stepsPerSecond <= 0) return '– steps/s';
  if (stepsPerSecond >= 1e6) return `${(stepsPerSecond / 1e6).toFixed(2)} M steps/s`;
  if (stepsPerSecond >= 1e3) return `${(stepsPerSecond / 1e3).toFixed(1)} k steps/s`;
  return `${stepsPerSecond.toFixed(0)} steps/s`;
}

/** Wall-clock time left: `ETA 4 s`, `ETA 2 min 05 s`, `ETA 1 h 02 min`; `ETA –` when unknown. */
export function toEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'ETA –';
  const whole = Math.ceil(seconds);
  if (whole < 60) return `ETA ${whole} s`;
  if (whole < 3600) return `ETA ${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `ETA ${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
}

/** A wall-clock duration in ms: `0.42 ms`, `12.3 ms`, `1 234 ms`. */
export function toMilliseconds(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms).toLocaleString('en-US').replace(/,/g, ' ')} ms`;
}

/** Simulated time in ms with one decimal: `12.3 ms`. */
export function toSimulatedTime(seconds: number): string {
  return `${(seconds * 1e3).toFixed(1)} ms`;
}

/** Fraction of the run done, 0 to 1 (1 when the run has no length). */
export function toRunFraction(state: Pick<RunState, 't' | 'duration'>): number {
  if (!(state.duration > 0)) return state.t > 0 ? 1 : 0;
  return Math.min(1, Math.max(0, state.t / state.duration));
}

/** The tier and, for tier `auto`, when native took over: `JS`, `native`, `native since t = 12.3 ms`. */
export function toTierText(state: Pick<RunState, 'tier' | 'swap'>): string {
  if (state.tier === undefined) return '–';
  if (state.tier === 'js') return 'JS';
  return state.swap === undefined ? 'native' : `native since t = ${toSimulatedTime(state.swap.t)}`;
}
