import { describe, expect, it } from 'vitest';
import { toEta, toMilliseconds, toPhaseLabel, toRunFraction, toStepRate, toTierText, toTimeProgress } from './formatRunStatus';

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

  it('writes the ETA in s, min or h, and a dash when unknown', () => {
    expect(toEta(3.2)).toBe('ETA 4 s');
    expect(toEta(125)).toBe('ETA 2 min 05 s');
    expect(toEta(3720)).toBe('ETA 1 h 02 min');
    expect(toEta(Number.POSITIVE_INFINITY)).toBe('ETA –');
  });

  it('writes wall-clock ms with sensible precision', () => {
    expect(toMilliseconds(0.318)).toBe('0.32 ms');
    expect(toMilliseconds(12.34)).toBe('12.3 ms');
    expect(toMilliseconds(1234.4)).toBe('1 234 ms');
  });

  it('clamps the progress fraction', () => {
    expect(toRunFraction({ t: 0.05, duration: 0.1 })).toBe(0.5);
    expect(toRunFraction({ t: 0.2, duration: 0.1 })).toBe(1);
    expect(toRunFraction({ t: 0, duration: 0 })).toBe(0);
  });

  it('names the tier and when native took over', () => {
    expect(toTierText({})).toBe('–');
    expect(toTierText({ tier: 'js' })).toBe('JS');
    expect(toTierText({ tier: 'native' })).toBe('native');
    expect(toTierText({ tier: 'native', swap: { step: 123, t: 0.0123, afterBuildMs: 1, compileMs: 1, cacheHit: false, loadMs: 1 } })).toBe('native since t = 12.3 ms');
  });
});
