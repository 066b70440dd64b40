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
