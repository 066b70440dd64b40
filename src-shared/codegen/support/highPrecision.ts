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
