import { describe, expect, it } from 'vitest';
import { binnedRate, smoothRate } from './populationRate';

const dt = 1e-4;

describe('CONFORMANCE F: population rate analysis', () => {
  // C44: one spike at 1 ms of one neuron, 3 ms recorded: rate 1/dt at step 10.
  const spike = Array.from({ length: 30 }, (_, k) => (k === 10 ? 1 / dt : 0));
  const close = (a: ArrayLike<number> | undefined, b: readonly number[]): void => {
    expect(Array.from(a ?? []).map((x, k) => Math.abs(x - (b[k] ?? NaN)) < 1e-9 * (1 + Math.abs(b[k] ?? 0)))).toEqual(b.map(() => true));
  };

  it("C44 smooth_rate('flat', dt) equals the raw rate; 5·dt spreads 0.2/dt over 5 bins; 5.4·dt gives 1/(7·dt) over 7 bins", () => {
    close(smoothRate(spike, dt, { kind: 'flat', width: dt }).rate, spike);
    close(smoothRate(spike, dt, { kind: 'flat', width: 5 * dt }).rate, spike.map((_, k) => (Math.abs(k - 10) <= 2 ? 0.2 / dt : 0)));
    close(smoothRate(spike, dt, { kind: 'flat', width: 5.4 * dt }).rate, spike.map((_, k) => (Math.abs(k - 10) <= 3 ? 1 / (7 * dt) : 0)));
  });

  it("C44 'gaussian', 5·dt is a normalised Gaussian (σ = 5·dt) over ±10 bins, 0 outside; window=ones(5) equals 'flat', 5·dt", () => {
    const g = Array.from(smoothRate(spike, dt, { kind: 'gaussian', width: 5 * dt }).rate ?? []);
    expect(g.filter((x, k) => Math.abs(k - 10) > 10 && x !== 0)).toEqual([]);
    expect(g.reduce((a, b) => a + b, 0) * dt).toBeCloseTo(1, 12);
    expect(g[10]).toBeGreaterThan(g[15] ?? Infinity);
    expect((g[15] ?? 0) / (g[10] ?? 1)).toBeCloseTo(Math.exp(-0.5), 12);
    close(smoothRate(spike, dt, { kind: 'array', weights: [1, 1, 1, 1, 1] }).rate, Array.from(smoothRate(spike, dt, { kind: 'flat', width: 5 * dt }).rate ?? []));
    expect(smoothRate(spike, dt, { kind: 'array', weights: [1, 1] }).diagnostics[0]?.code).toBe('SF4011');
  });

  it('C42 binned_rate: 10 neurons firing in turn every 1 ms over 100 ms → 100 Hz in bins of 10, 20, 1 ms; dt returns the raw data; 1.5·dt rejected', () => {
    const steps = 1000;
    const t = Float64Array.from({ length: steps }, (_, k) => k * dt);
    // Neuron k spikes at k, k+10, … ms: one spike every 1 ms among 10 neurons → rate 1/(10·dt) at each whole ms.
    const rate = Float64Array.from({ length: steps }, (_, k) => (k % 10 === 0 ? 1 / (10 * dt) : 0));
    const b10 = binnedRate(t, rate, dt, 10e-3);
    close(b10.t, Array.from({ length: 10 }, (_, k) => k * 10e-3));
    close(b10.rate, Array.from({ length: 10 }, () => 100));
    close(binnedRate(t, rate, dt, 20e-3).rate, Array.from({ length: 5 }, () => 100));
    const b1 = binnedRate(t, rate, dt, 1e-3);
    expect(b1.rate?.length).toBe(100);
    expect(Array.from(b1.rate ?? []).reduce((a, b) => a + b, 0) / 100).toBeCloseTo(100, 9);
    close(binnedRate(t, rate, dt, dt).rate, Array.from(rate));
    expect(binnedRate(t, rate, dt, 1.5 * dt).diagnostics[0]?.message).toContain('whole multiple of dt');
    expect(binnedRate(t, rate, dt, 0.3e-3).diagnostics[0]?.code).toBe('SF4011');
  });

  it('C42 an incomplete last bin is dropped: 5 neurons in turn 0…34 ms, 35 ms, 10 ms bins → 3 bins of 200 Hz', () => {
    const steps = 350;
    const t = Float64Array.from({ length: steps }, (_, k) => k * dt);
    const rate = Float64Array.from({ length: steps }, (_, k) => (k % 10 === 0 ? 1 / (5 * dt) : 0));
    const binned = binnedRate(t, rate, dt, 10e-3);
    close(binned.rate, [200, 200, 200]);
  });
});
