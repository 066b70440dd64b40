/**
 * Test support: errors of kernel results in units in the last place, measured against
 * high-precision references (`highPrecision.ts`): 256-bit fixed point for exp and log, a
 * precision following the argument for the further kernels. Used by the kernel tests.
 */
import { atanFixed, expTaylorFixed, FIXED_BITS, fixedExp, fixedLn2, fixedLogRational, fixedToNumber, floorDiv, isqrt, logRationalFixed, piFixed, sinCosFixed, toExactBinary } from './highPrecision';

const GUARD = 40; // fractional bits of the returned error

function shift(value: bigint, by: number): bigint {
  return by >= 0 ? value << BigInt(by) : value >> BigInt(-by);
}

/** Exponent of the unit in the last place of a finite double (subnormals: 2^-1074). */
function ulpExponent(y: number): number {
  const a = Math.abs(y);
  if (a < 2 ** -1022) return -1074;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  return e - 52;
}

/** |y − true| / ulp(y), where true = reference · 2^(k − FIXED_BITS). */
function ulpError(y: number, reference: bigint, k: number): number {
  const { mantissa, exponent } = toExactBinary(y);
  const u = ulpExponent(y);
  const ours = shift(mantissa, exponent - u + GUARD);
  const exact = shift(reference, k - Number(FIXED_BITS) - u + GUARD);
  const d = ours - exact;
  return Number(d < 0n ? -d : d) / 2 ** GUARD;
}

let ln2Cache: bigint | undefined;
const ln2 = (): bigint => (ln2Cache ??= fixedLn2());

/** Error of `y` as exp(x), in ulps of y (finite, non-zero y only). */
export function expErrorUlps(x: number, y: number): number {
  const k = Math.round(x / Math.LN2);
  const { mantissa, exponent } = toExactBinary(x);
  const r = shift(mantissa, exponent + Number(FIXED_BITS)) - BigInt(k) * ln2();
  return ulpError(y, fixedExp(r), k);
}

/** Error of `y` as log(x), in ulps of y (x > 0 finite, x ≠ 1). */
export function logErrorUlps(x: number, y: number): number {
  const { mantissa, exponent } = toExactBinary(x);
  // x = mantissa · 2^exponent = (mantissa / 2^s) · 2^(exponent + s) with mantissa / 2^s ∈ [1, 2).
  const s = mantissa.toString(2).length - 1;
  const logY = fixedLogRational(mantissa, 1n << BigInt(s));
  return ulpError(y, logY + BigInt(exponent + s) * ln2(), 0);
}

// ---------------------------------------------------------------------------------------------
// References for the further kernels: each returns the true value as an exact binary fraction
// n·2^-s, computed with a precision that follows the argument (at least 200 bits beyond the
// result's leading bit, more for tiny arguments or for large arguments of sin/cos/tan).

/** The value n / 2^s. */
export interface Exact {
  readonly n: bigint;
  readonly s: bigint;
}

/** ⌊log2 |x|⌋ for finite x ≠ 0. */
function exponentOf(x: number): number {
  const { mantissa, exponent } = toExactBinary(x);
  const m = mantissa < 0n ? -mantissa : mantissa;
  return m.toString(2).length - 1 + exponent;
}

/** x·2^p (exact when p is at least the number of fractional bits of x). */
function fixedOf(x: number, p: bigint): bigint {
  const { mantissa, exponent } = toExactBinary(x);
  return shift(mantissa, exponent + Number(p));
}

/** x = a/b with positive integers (x > 0). */
function rationalOf(x: number): { a: bigint; b: bigint } {
  const { mantissa, exponent } = toExactBinary(x);
  return exponent >= 0 ? { a: mantissa << BigInt(exponent), b: 1n } : { a: mantissa, b: 1n << BigInt(-exponent) };
}

/** |y − v| / ulp(y) for a finite double y. */
export function ulpErrorExact(y: number, v: Exact): number {
  const { mantissa, exponent } = toExactBinary(y);
  const scale = GUARD - ulpExponent(y);
  const d = shift(mantissa, exponent + scale) - shift(v.n, scale - Number(v.s));
  return Number(d < 0n ? -d : d) / 2 ** GUARD;
}

/** The nearest double to v (for checks of exact cases). */
export function exactToNumber(v: Exact): number {
  return fixedToNumber(v.n, v.s);
}

/** e^t for t given with p fractional bits: n·2^-(p − k). */
function expExact(t: bigint, p: bigint): Exact {
  const l2 = logRationalFixed(2n, 1n, p);
  const k = floorDiv(2n * t + l2, 2n * l2);
  return { n: expTaylorFixed(t - k * l2, p), s: p - k };
}

/** e^x as a fixed-point number with p fractional bits. */
function expFixedOf(x: number, p: bigint): bigint {
  const e = expExact(fixedOf(x, p), p);
  return shift(e.n, Number(p - e.s));
}

const precisionFor = (x: number, base = 200): bigint => BigInt(base + Math.max(0, x === 0 ? 0 : -exponentOf(x)));

export const reference = {
  expm1(x: number): Exact {
    const p = precisionFor(x);
    return { n: expFixedOf(x, p) - (1n << p), s: p };
  },
  exprel(x: number): Exact {
    const p = precisionFor(x);
    const e = expFixedOf(x, p) - (1n << p);
    const { mantissa, exponent } = toExactBinary(x);
    return { n: (e << 256n) / mantissa, s: p + 256n + BigInt(exponent) };
  },
  sinh(x: number): Exact {
    const p = precisionFor(x);
    return { n: expFixedOf(x, p) - expFixedOf(-x, p), s: p + 1n };
  },
  cosh(x: number): Exact {
    const p = precisionFor(x);
    return { n: expFixedOf(x, p) + expFixedOf(-x, p), s: p + 1n };
  },
  tanh(x: number): Exact {
    const p = precisionFor(x);
    const e2 = expFixedOf(2 * x, p);
    const one = 1n << p;
    return { n: ((e2 - one) << p) / (e2 + one), s: p };
  },
  log1p(x: number): Exact {
    const p = precisionFor(x);
    const { mantissa, exponent } = toExactBinary(x);
    const r = exponent >= 0 ? { a: 1n + (mantissa << BigInt(exponent)), b: 1n } : { a: (1n << BigInt(-exponent)) + mantissa, b: 1n << BigInt(-exponent) };
    return { n: logRationalFixed(r.a, r.b, p), s: p };
  },
  log10(x: number): Exact {
    const p = 320n;
    const { a, b } = rationalOf(x);
    return { n: (logRationalFixed(a, b, p) << p) / logRationalFixed(10n, 1n, p), s: p };
  },
  sin(x: number): Exact {
    return trig(x, 'sin');
  },
  cos(x: number): Exact {
    return trig(x, 'cos');
  },
  tan(x: number): Exact {
    return trig(x, 'tan');
  },
  arctan(x: number): Exact {
    const p = precisionFor(x, 300);
    return { n: atanFixed(fixedOf(x, p), p), s: p };
  },
  arcsin(x: number): Exact {
    const p = precisionFor(x, 300);
    return { n: asinFixed(x, p), s: p };
  },
  arccos(x: number): Exact {
    const p = 320n;
    return { n: (piFixed(p) >> 1n) - asinFixed(x, p), s: p };
  },
  /** x^y for x > 0 or an integer y (then the sign follows y's parity). */
  pow(x: number, y: number): Exact {
    const { a, b } = rationalOf(Math.abs(x));
    const { mantissa, exponent } = toExactBinary(y);
    const p = BigInt(320 + Math.max(0, exponentOf(y)));
    const z = shift(logRationalFixed(a, b, p) * mantissa, exponent);
    const e = expExact(z, p);
    const negative = x < 0 && Math.abs(y % 2) === 1;
    return { n: negative ? -e.n : e.n, s: e.s };
  },
};

function asinFixed(x: number, p: bigint): bigint {
  const one = 1n << p;
  const X = fixedOf(x, p);
  const s = isqrt(one * one - X * X);
  if (s === 0n) return X > 0n ? piFixed(p) >> 1n : -(piFixed(p) >> 1n);
  return atanFixed((X << p) / s, p);
}

function trig(x: number, which: 'sin' | 'cos' | 'tan'): Exact {
  const e = exponentOf(x);
  const p = BigInt(300 + Math.max(0, -e) + Math.max(0, e));
  const X = fixedOf(x, p);
  const pio2 = piFixed(p + 8n) >> 9n;
  const n = floorDiv(2n * X + pio2, 2n * pio2);
  const { sin, cos } = sinCosFixed(X - n * pio2, p);
  const q = Number(((n % 4n) + 4n) % 4n);
  const s = [sin, cos, -sin, -cos][q] as bigint;
  const c = [cos, -sin, -cos, sin][q] as bigint;
  if (which === 'sin') return { n: s, s: p };
  if (which === 'cos') return { n: c, s: p };
  return { n: (s << p) / c, s: p };
}
