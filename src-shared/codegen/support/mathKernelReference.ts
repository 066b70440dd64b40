/**
 * Test support: errors of exp/log results in units in the last place, measured against a
 * 256-bit fixed-point reference (`highPrecision.ts`). Used by the kernel tests of both tiers.
 */
import { FIXED_BITS, fixedExp, fixedLn2, fixedLogRational, toExactBinary } from './highPrecision';

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
