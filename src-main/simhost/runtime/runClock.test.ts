import { describe, expect, it } from 'vitest';
import { RunClock } from './runClock';

describe('RunClock', () => {
  it('has no rate and an unknown ETA before the first progress sample', () => {
    const clock = new RunClock(1000, 0);
    expect(clock.recentStepsPerSecond()).toBe(0);
    expect(clock.etaSeconds(0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('estimates the ETA from the rate between progress samples, smoothed', () => {
    const clock = new RunClock(1000, 0);
    clock.sample(100, 100); // 1000 steps/s
    expect(clock.recentStepsPerSecond()).toBeCloseTo(1000);
    expect(clock.etaSeconds(100)).toBeCloseTo(0.9);
    clock.sample(150, 200); // 2000 steps/s: weighted 0.3
    expect(clock.recentStepsPerSecond()).toBeCloseTo(1300);
    expect(clock.etaSeconds(200)).toBeCloseTo(800 / 1300);
    expect(clock.etaSeconds(1000)).toBe(0);
  });

  it('ignores a sample without new steps or time', () => {
    const clock = new RunClock(100, 0);
    clock.sample(10, 10);
    clock.sample(10, 10);
    clock.sample(20, 10);
    expect(clock.recentStepsPerSecond()).toBeCloseTo(1000);
  });

  it('reports the first chunk apart and the steady rate of the later chunks on the last tier', () => {
    const clock = new RunClock(1000, 0);
    clock.chunk(16, 50, 'js'); // warm-up
    clock.chunk(100, 10, 'js');
    clock.chunk(100, 10, 'js');
    clock.chunk(200, 30, 'native'); // first native chunk: excluded
    clock.chunk(400, 4, 'native');
    clock.chunk(184, 4, 'native');
    const timings = clock.timings(200, 1000, 'native');
    expect(timings).toEqual({ steps: 1000, elapsedMs: 200, firstChunkMs: 50, firstChunkSteps: 16, steadyStepsPerSecond: (584 * 1000) / 8, tier: 'native' });
  });

  it('falls back to the only chunk on the last tier, then to the average', () => {
    const swapped = new RunClock(300, 0);
    swapped.chunk(100, 10, 'js');
    swapped.chunk(200, 20, 'native');
    expect(swapped.timings(40, 300, 'native').steadyStepsPerSecond).toBeCloseTo(10_000);
    const empty = new RunClock(0, 0);
    expect(empty.timings(10, 0, 'js')).toMatchObject({ steps: 0, firstChunkMs: 0, steadyStepsPerSecond: 0 });
  });
});
