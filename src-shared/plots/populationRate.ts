/**
 * Brian2's PopulationRateMonitor analysis (BRIAN2_SEMANTICS.md §14): `smooth_rate` (flat,
 * gaussian or a given window, normalised, convolved with numpy's 'same' alignment) and
 * `binned_rate` (mean rate per bin; bins start at the first sample, an incomplete last bin is
 * dropped, the bin size must be a whole multiple of dt). Works on the recorded `t` and `rate`.
 */
import { makeDiagnostic, type Diagnostic } from '../diagnostics';

/** A smoothing window: Brian's `window='flat'|'gaussian'` with `width` (seconds), or explicit weights. */
export type RateWindow = { readonly kind: 'flat' | 'gaussian'; readonly width: number } | { readonly kind: 'array'; readonly weights: readonly number[] };

/** numpy's round: halves go to the even neighbour (2.5 → 2, 3.5 → 4). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The normalised window Brian2 builds for `smooth_rate`. */
export function rateWindow(window: RateWindow, dt: number): { weights?: number[]; diagnostics: Diagnostic[] } {
  if (window.kind === 'array') {
    if (window.weights.length % 2 !== 1) return { diagnostics: [makeDiagnostic('SF4011', { callee: 'smooth_rate', detail: `the window needs an odd number of values, got ${window.weights.length}` })] };
    const sum = window.weights.reduce((a, b) => a + b, 0);
    return { weights: window.weights.map((w) => w / sum), diagnostics: [] };
  }
  if (!(window.width > 0)) return { diagnostics: [makeDiagnostic('SF4011', { callee: 'smooth_rate', detail: 'the width must be a positive time' })] };
  if (window.kind === 'flat') {
    // n = 2·round(width/(2·dt)) + 1 (Brian ≥ 2.10).
    const n = 2 * roundHalfEven(window.width / (2 * dt)) + 1;
    return { weights: Array.from({ length: n }, () => 1 / n), diagnostics: [] };
  }
  // Gaussian: `width` is the standard deviation; ±round(2·width/dt) bins.
  const half = roundHalfEven((2 * window.width) / dt);
  const raw = Array.from({ length: 2 * half + 1 }, (_, k) => Math.exp(-0.5 * (((k - half) * dt) / window.width) ** 2));
  const sum = raw.reduce((a, b) => a + b, 0);
  return { weights: raw.map((w) => w / sum), diagnostics: [] };
}

/** `smooth_rate`: the rate convolved with the normalised window, same length as the input. */
export function smoothRate(rate: ArrayLike<number>, dt: number, window: RateWindow): { rate?: Float64Array; diagnostics: Diagnostic[] } {
  const built = rateWindow(window, dt);
  if (built.weights === undefined) return { diagnostics: built.diagnostics };
  const w = built.weights;
  const half = (w.length - 1) / 2;
  const out = new Float64Array(rate.length);
  for (let k = 0; k < rate.length; k++) {
    let sum = 0;
    for (let m = 0; m < w.length; m++) {
      const at = k + m - half;
      if (at >= 0 && at < rate.length) sum += (rate[at] as number) * (w[w.length - 1 - m] as number);
    }
    out[k] = sum;
  }
  return { rate: out, diagnostics: [] };
}

/** `binned_rate(bin_size)`: bin start times and the mean rate of each complete bin. */
export function binnedRate(t: ArrayLike<number>, rate: ArrayLike<number>, dt: number, binSize: number): { t?: Float64Array; rate?: Float64Array; diagnostics: Diagnostic[] } {
  const ratio = binSize / dt;
  // Brian tests (bin_size/dt) mod 1 > 1e-6, which also rejects 0.3 ms at 0.1 ms (2.9999…).
  if (!(binSize > 0) || ratio % 1 > 1e-6) {
    return { diagnostics: [makeDiagnostic('SF4011', { callee: 'binned_rate', detail: `the bin size must be a whole multiple of dt (${dt * 1e3} ms), got ${binSize * 1e3} ms` })] };
  }
  const per = Math.round(ratio);
  const bins = Math.floor(rate.length / per);
  const times = new Float64Array(bins);
  const means = new Float64Array(bins);
  for (let b = 0; b < bins; b++) {
    let sum = 0;
    for (let k = 0; k < per; k++) sum += rate[b * per + k] as number;
    times[b] = t[b * per] as number;
    means[b] = sum / per;
  }
  return { t: times, rate: means, diagnostics: [] };
}
