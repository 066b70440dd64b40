/**
 * The random numbers of generated code: Philox4x32-10 (Salmon et al., "Parallel random numbers:
 * as easy as 1, 2, 3", SC 2011), a counter-based generator printed into C++ and JS with the same
 * 32-bit integer operations, so both tiers draw the same numbers. Being counter-based it keeps no
 * state between calls: the counter is (time step, neuron index, call site · 256 + attempt) and the
 * key is the seed, so a tier swap at any chunk boundary continues the same stream, and the only
 * "state" is the seed and the step counter the host already owns.
 *
 * `_sf_rand(seed, step, idx, site)` is uniform on [0, 1) with 53 random bits (two words, as
 * mt19937's genrand_res53); `_sf_randn(...)` is standard normal by Marsaglia's polar method,
 * using the own `_sf_log` kernel and the exact square root. (Brian draws from one mt19937 stream
 * with Box–Muller, so individual noise values differ from Brian's; their distribution does not.)
 */
import type { KernelTarget } from './mathKernels';

const M0 = '0xD2511F53';
const M1 = '0xCD9E8D57';
const W0 = '0x9E3779B9';
const W1 = '0xBB67AE85';

function printCpp(): string {
  return `static inline void _sf_philox(unsigned int c0, unsigned int c1, unsigned int c2, unsigned int c3, unsigned int k0, unsigned int k1, unsigned int* out) {
  for (int r = 0; r < 10; r++) {
    const unsigned long long p0 = (unsigned long long)${M0}u * c0;
    const unsigned long long p1 = (unsigned long long)${M1}u * c2;
    const unsigned int h0 = (unsigned int)(p0 >> 32), l0 = (unsigned int)p0;
    const unsigned int h1 = (unsigned int)(p1 >> 32), l1 = (unsigned int)p1;
    c0 = h1 ^ c1 ^ k0; c1 = l1; c2 = h0 ^ c3 ^ k1; c3 = l0;
    k0 += ${W0}u; k1 += ${W1}u;
  }
  out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}
static inline double _sf_u53(unsigned int a, unsigned int b) {
  return ((double)(a >> 5) * 67108864.0 + (double)(b >> 6)) * 1.1102230246251565e-16;
}
static inline void _sf_philox_draw(double seed, long long step, int idx, int site, int attempt, unsigned int* out) {
  const unsigned long long s = (unsigned long long)seed;
  const unsigned long long t = (unsigned long long)step;
  _sf_philox((unsigned int)t, (unsigned int)(t >> 32), (unsigned int)idx, ((unsigned int)site << 8) | (unsigned int)attempt, (unsigned int)s, (unsigned int)(s >> 32), out);
}
static inline double _sf_rand(double seed, long long step, int idx, int site) {
  unsigned int w[4];
  _sf_philox_draw(seed, step, idx, site, 0, w);
  return _sf_u53(w[0], w[1]);
}
static inline double _sf_randn(double seed, long long step, int idx, int site) {
  unsigned int w[4];
  for (int a = 0; a < 256; a++) {
    _sf_philox_draw(seed, step, idx, site, a, w);
    const double u = 2.0 * _sf_u53(w[0], w[1]) - 1.0;
    const double v = 2.0 * _sf_u53(w[2], w[3]) - 1.0;
    const double s = u * u + v * v;
    if (s < 1.0 && s > 0.0) return u * __builtin_sqrt((-2.0 * _sf_log(s)) / s);
  }
  return 0.0;
}`;
}

function printJs(): string {
  return `const _sf_ph = new Uint32Array(4);
function _sf_mulhi(a, b) {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p01 = a0 * b1, p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
}
function _sf_philox(c0, c1, c2, c3, k0, k1) {
  for (let r = 0; r < 10; r++) {
    const h0 = _sf_mulhi(${M0}, c0), l0 = Math.imul(${M0}, c0) >>> 0;
    const h1 = _sf_mulhi(${M1}, c2), l1 = Math.imul(${M1}, c2) >>> 0;
    c0 = (h1 ^ c1 ^ k0) >>> 0; c1 = l1; c2 = (h0 ^ c3 ^ k1) >>> 0; c3 = l0;
    k0 = (k0 + ${W0}) >>> 0; k1 = (k1 + ${W1}) >>> 0;
  }
  _sf_ph[0] = c0; _sf_ph[1] = c1; _sf_ph[2] = c2; _sf_ph[3] = c3;
}
function _sf_u53(a, b) {
  return ((a >>> 5) * 67108864.0 + (b >>> 6)) * 1.1102230246251565e-16;
}
function _sf_philox_draw(seed, step, idx, site, attempt) {
  _sf_philox(step >>> 0, Math.floor(step / 4294967296) >>> 0, idx >>> 0, ((site << 8) | attempt) >>> 0, seed >>> 0, Math.floor(seed / 4294967296) >>> 0);
}
function _sf_rand(seed, step, idx, site) {
  _sf_philox_draw(seed, step, idx, site, 0);
  return _sf_u53(_sf_ph[0], _sf_ph[1]);
}
function _sf_randn(seed, step, idx, site) {
  for (let a = 0; a < 256; a++) {
    _sf_philox_draw(seed, step, idx, site, a);
    const u = 2.0 * _sf_u53(_sf_ph[0], _sf_ph[1]) - 1.0;
    const v = 2.0 * _sf_u53(_sf_ph[2], _sf_ph[3]) - 1.0;
    const s = u * u + v * v;
    if (s < 1.0 && s > 0.0) return u * Math.sqrt((-2.0 * _sf_log(s)) / s);
  }
  return 0.0;
}`;
}

/**
 * Prints the generator for one target: `_sf_philox` (the block function), `_sf_rand` and
 * `_sf_randn`. `_sf_randn` calls `_sf_log`: print the `log` kernel before it.
 */
export function printPhilox(target: KernelTarget): string {
  return target === 'cpp' ? printCpp() : printJs();
}

