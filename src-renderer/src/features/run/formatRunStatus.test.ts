import { describe, expect, it } from 'vitest';
import { toPhaseLabel, toStepRate, toTimeProgress } from './formatRunStatus';

describe('formatRunStatus', () => {
  it('names phases for people', () => {
    expect(toPhaseLabel('crashed')).toBe('Simulation crashed');
    expect(toPhaseLabel('idle')).toBe('Ready');
  });

  it('shows simulated time in ms', () => {
    expect(toTimeProgress({ t: 0.0123, duration: 0.1 })).toBe('12.3 / 100.0 ms');
  });

  it('shortens step rates', () => {
    expect(toStepRate(1_234_567)).toBe('1.23 M steps/s');
    expect(toStepRate(45_600)).toBe('45.6 k steps/s');
    expect(toStepRate(789)).toBe('789 steps/s');
    expect(toStepRate(0)).toBe('– steps/s');
  });
});
