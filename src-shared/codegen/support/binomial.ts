/**
 * Binomial draws for PoissonInput (BRIAN2_SEMANTICS.md §13), printed into both tiers with the same
 * operations: the normal approximation `N(np, sqrt(np(1-p)))` when np > 5 and n(1-p) > 5 (not
 * rounded, as Brian's), otherwise inversion of the CDF with one uniform draw. Uses the own exp/log
 * kernels and the counter-based generator, so both tiers draw the same values.
 */
import type { KernelTarget } from './mathKernels';

/** `_sf_binomial(seed, step, idx, site, n, p)`; needs the exp and log kernels and Philox. */
export function printBinomial(target: KernelTarget): string {
  const body = (sqrt: string, decl: string, let_: string): string => `  if (p <= 0.0) return 0.0;
  if (p >= 1.0) return n;
  ${decl} mean = n * p;
  if (mean > 5.0 && n * (1.0 - p) > 5.0) return mean + ${sqrt}(mean * (1.0 - p)) * _sf_randn(seed, step, idx, site);
  ${decl} u = _sf_rand(seed, step, idx, site);
  ${decl} ratio = p / (1.0 - p);
  ${let_} prob = _sf_exp(n * _sf_log(1.0 - p));
  ${let_} cdf = prob;
  ${let_} k = 0.0;
  while (u > cdf && k < n) {
    prob = prob * ((n - k) / (k + 1.0)) * ratio;
    k = k + 1.0;
    cdf = cdf + prob;
  }
  return k;`;
  if (target === 'cpp') {
    return `static inline double _sf_binomial(double seed, long long step, int idx, int site, double n, double p) {\n${body('__builtin_sqrt', 'const double', 'double')}\n}`;
  }
  return `function _sf_binomial(seed, step, idx, site, n, p) {\n${body('Math.sqrt', 'const', 'let')}\n}`;
}
