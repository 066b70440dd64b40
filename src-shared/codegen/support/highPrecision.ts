/**
 * Fixed-point BigInt arithmetic used to derive the constant tables of the math kernels
 * (`mathKernels.ts`) and, in tests, a high-precision reference for exp and log. The tables are
 * computed here from their definitions (2^(j/128), log(1 + j/128), ln 2) instead of being pasted
 * from elsewhere, so every constant's origin is visible and reproducible.
 */

/** Fractional bits of the fixed-point numbers below. */
export const FIXED_BITS = 256n;
const ONE = 1n << FIXED_BITS;

/** `atanh(p/q)` scaled by 2^FIXED_BITS, for |p/q| < 1 (series Σ t^(2k+1)/(2k+1)). */
function fixedAtanh(p: bigint, q: bigint): bigint {
  let term = (p * ONE) / q; // t^(2k+1), scaled
  const t2num = p * p;
  const t2den = q * q;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * t2num) / t2den;
  }
  return sum;
}

/** `log(p/q)` scaled by 2^FIXED_BITS, for positive integers p, q (2·atanh((p−q)/(p+q))). */
export function fixedLogRational(p: bigint, q: bigint): bigint {
  return 2n * fixedAtanh(p - q, p + q);
}

/** `ln 2` scaled by 2^FIXED_BITS. */
export function fixedLn2(): bigint {
  return fixedLogRational(2n, 1n);
}

/** `exp(t)` for a fixed-point `t` with |t| ≤ 1, scaled by 2^FIXED_BITS (Taylor series). */
export function fixedExp(t: bigint): bigint {
  let term = ONE;
  let sum = ONE;
  for (let k = 1n; term !== 0n; k++) {
    term = (term * t) / (ONE * k);
    sum += term;
  }
  return sum;
}

/** The nearest double to `value / 2^scaleBits` (BigInt → Number rounds to nearest, ties to even). */
export function fixedToNumber(value: bigint, scaleBits: bigint = FIXED_BITS): number {
  // Shift so the integer part carries the significant bits, then scale by an exact power of two.
  const negative = value < 0n;
  let magnitude = negative ? -value : value;
  let shift = scaleBits;
  // Keep the BigInt within the double range before converting; dropping bits below 2^-64 of the
  // leading bit cannot change a 53-bit rounding except at exact ties, which these tables avoid.
  const length = BigInt(magnitude.toString(2).length);
  if (length > 1000n) {
    const drop = length - 1000n;
    magnitude >>= drop;
    shift -= drop;
  }
  let result = Number(magnitude);
  let s = Number(shift);
  while (s > 0) {
    const step = Math.min(s, 1000);
    result /= 2 ** step;
    s -= step;
  }
  while (s < 0) {
    const step = Math.min(-s, 1000);
    result *= 2 ** step;
    s += step;
  }
  return negative ? -result : result;
}

/** A double split into a leading part with at most `bits` fractional bits and the rounded rest. */
export function splitFixed(value: bigint, leadingFractionBits: bigint): { hi: number; lo: number } {
  const unit = 1n << (FIXED_BITS - leadingFractionBits);
  const half = unit >> 1n;
  const leading = value >= 0n ? ((value + half) / unit) * unit : -(((-value + half) / unit) * unit);
  return { hi: fixedToNumber(leading), lo: fixedToNumber(value - leading) };
}

/** A double as an exact fraction `mantissa · 2^exponent`. */
export function toExactBinary(x: number): { mantissa: bigint; exponent: number } {
  if (!Number.isFinite(x)) throw new Error('toExactBinary: finite numbers only');
  if (x === 0) return { mantissa: 0n, exponent: 0 };
  let exponent = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    exponent--;
  }
  return { mantissa: BigInt(m), exponent };
}

// ---------------------------------------------------------------------------------------------
// Fixed point with an explicit number of fractional bits `p` (a BigInt n stands for n / 2^p).
// Used for the constants of the further kernels (π/2 in pieces, 2/π in 24-bit digits, arctangent
// tables) and, in tests, for references whose precision follows the argument (tiny results keep
// their relative accuracy; huge arguments of sin are reduced with enough bits of π).

/** Floor division for BigInts (rounds toward −∞). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** `atan(1/n)` with `p` fractional bits (Gregory series), for an integer n ≥ 2. */
export function atanInverseFixed(n: bigint, p: bigint): bigint {
  const one = 1n << p;
  const n2 = n * n;
  let power = one / n; // 1/n^(2k+1)
  let sum = 0n;
  for (let k = 0n; power !== 0n; k++) {
    const term = power / (2n * k + 1n);
    sum += k % 2n === 0n ? term : -term;
    power /= n2;
  }
  return sum;
}

let piCache: { p: bigint; value: bigint } | undefined;

/** π with `p` fractional bits (Machin: π = 16·atan(1/5) − 4·atan(1/239)), cached. */
export function piFixed(p: bigint): bigint {
  if (piCache === undefined || piCache.p < p) {
    const q = p + 64n; // guard bits for the rounding of the series' terms
    piCache = { p, value: (16n * atanInverseFixed(5n, q) - 4n * atanInverseFixed(239n, q)) >> 64n };
  }
  return piCache.value >> (piCache.p - p);
}

/** ⌊√n⌋ for a non-negative BigInt (Newton's iteration). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new Error('isqrt: negative');
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** `e^r` with `p` fractional bits, for |r| ≤ 1 given with `p` fractional bits (Taylor series). */
export function expTaylorFixed(r: bigint, p: bigint): bigint {
  const one = 1n << p;
  let term = one;
  let sum = one;
  for (let k = 1n; term !== 0n; k++) {
    term = (term * r) / (one * k);
    sum += term;
  }
  return sum;
}

/** `sin r` and `cos r` with `p` fractional bits, for |r| ≤ 1 (Taylor series). */
export function sinCosFixed(r: bigint, p: bigint): { sin: bigint; cos: bigint } {
  const one = 1n << p;
  const r2 = (r * r) >> p;
  let s = r;
  let sinSum = r;
  for (let k = 1n; s !== 0n; k++) {
    s = -((s * r2) >> p) / ((2n * k) * (2n * k + 1n));
    sinSum += s;
  }
  let c = one;
  let cosSum = one;
  for (let k = 1n; c !== 0n; k++) {
    c = -((c * r2) >> p) / ((2n * k - 1n) * (2n * k));
    cosSum += c;
  }
  return { sin: sinSum, cos: cosSum };
}

/** `atan t` with `p` fractional bits for any real t given with `p` fractional bits (Euler's series). */
export function atanFixed(t: bigint, p: bigint): bigint {
  const one = 1n << p;
  if (t < 0n) return -atanFixed(-t, p);
  if (t > one) return (piFixed(p) >> 1n) - atanFixed((one * one) / t, p);
  // atan t = Σ_k (2^2k (k!)^2 / (2k+1)!) · t^(2k+1) / (1+t²)^(k+1); ratio y = t²/(1+t²) ≤ 1/2.
  const t2 = (t * t) >> p;
  const den = one + t2;
  const y = (t2 << p) / den;
  let term = (t << p) / den;
  let sum = term;
  for (let k = 1n; term !== 0n; k++) {
    term = (((term * y) >> p) * (2n * k)) / (2n * k + 1n);
    sum += term;
  }
  return sum;
}

/** `log(a/b)` with `p` fractional bits for positive integers a, b (powers of two split off first). */
export function logRationalFixed(a: bigint, b: bigint, p: bigint): bigint {
  if (a <= 0n || b <= 0n) throw new Error('logRationalFixed: positive arguments only');
  // a/b = 2^k · a'/b' with a'/b' ∈ [2/3, 4/3]: the atanh series then converges by ≥ 1/25 a term.
  let k = BigInt(a.toString(2).length - b.toString(2).length);
  let num = k >= 0n ? a : a << -k;
  let den = k >= 0n ? b << k : b;
  if (3n * num > 4n * den) {
    den <<= 1n;
    k += 1n;
  } else if (3n * num < 2n * den) {
    num <<= 1n;
    k -= 1n;
  }
  const q = p + 16n;
  const ln2 = 2n * atanhRationalFixed(1n, 3n, q);
  return (k * ln2 + 2n * atanhRationalFixed(num - den, num + den, q)) >> 16n;
}

/** `atanh(u/v)` with `p` fractional bits for |u/v| < 1. */
function atanhRationalFixed(u: bigint, v: bigint, p: bigint): bigint {
  let term = (u << p) / v;
  const u2 = u * u;
  const v2 = v * v;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * u2) / v2;
  }
  return sum;
}

/** The value of `value / 2^bits` rounded to `significant` significant bits, as a fixed-point number. */
export function roundToSignificantFixed(value: bigint, significant: number): bigint {
  const magnitude = value < 0n ? -value : value;
  const length = magnitude.toString(2).length;
  const drop = BigInt(Math.max(0, length - significant));
  if (drop === 0n) return value;
  const unit = 1n << drop;
  const rounded = ((magnitude + (unit >> 1n)) >> drop) << drop;
  return value < 0n ? -rounded : rounded;
}
