/**
 * The constants of the math kernels, each computed here from its definition with the BigInt
 * arithmetic of `highPrecision.ts` (no constant is pasted from elsewhere), derived once.
 */
import {
  atanFixed,
  FIXED_BITS,
  fixedExp,
  fixedLn2,
  fixedLogRational,
  fixedToNumber,
  logRationalFixed,
  piFixed,
  roundToSignificantFixed,
  splitFixed,
} from './highPrecision';

export interface KernelTables {
  readonly expHi: readonly number[];
  readonly expLo: readonly number[];
  readonly logHi: readonly number[];
  readonly logLo: readonly number[];
  readonly ln2Hi: number;
  readonly ln2Lo: number;
  readonly expL1: number;
  readonly expL2: number;
  readonly expInvL: number;
}

let tables: KernelTables | undefined;

/** The exp and log kernels' constants. */
export function kernelTables(): KernelTables {
  if (tables !== undefined) return tables;
  const ln2 = fixedLn2();
  const expHi: number[] = [];
  const expLo: number[] = [];
  for (let j = 0n; j < 128n; j++) {
    const s = fixedExp((j * ln2) / 128n); // 2^(j/128)
    const hi = fixedToNumber(s);
    const exactHi = BigInt(hi * 2 ** 52) << (FIXED_BITS - 52n); // hi ∈ [1, 2): hi·2^52 is an integer
    expHi.push(hi);
    expLo.push(fixedToNumber(s - exactHi));
  }
  const logHi: number[] = [];
  const logLo: number[] = [];
  for (let j = 0n; j <= 128n; j++) {
    const split = splitFixed(fixedLogRational(128n + j, 128n), 42n);
    logHi.push(split.hi);
    logLo.push(split.lo);
  }
  const ln2Split = splitFixed(ln2, 42n);
  // ln2/128 ≈ 2^-7.5: 35 significant bits (multiples of 2^-42), so n·L1 is exact for |n| < 2^18.
  const expSplit = splitFixed(ln2 / 128n, 42n);
  tables = {
    expHi,
    expLo,
    logHi,
    logLo,
    ln2Hi: ln2Split.hi,
    ln2Lo: ln2Split.lo,
    expL1: expSplit.hi,
    expL2: expSplit.lo,
    expInvL: fixedToNumber((128n << (2n * FIXED_BITS)) / ln2),
  };
  return tables;
}

/** A fixed-point value (`p` fractional bits) as the nearest double and the nearest double of the rest. */
export function doubleDouble(value: bigint, p: bigint): { hi: number; lo: number } {
  const hi = fixedToNumber(value, p);
  const { mantissa, exponent } = exactOf(hi);
  const hiFixed = exponent + Number(p) >= 0 ? mantissa << BigInt(exponent + Number(p)) : mantissa >> BigInt(-exponent - Number(p));
  return { hi, lo: fixedToNumber(value - hiFixed, p) };
}

function exactOf(x: number): { mantissa: bigint; exponent: number } {
  if (x === 0) return { mantissa: 0n, exponent: 0 };
  let exponent = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    exponent--;
  }
  while (Math.abs(m) >= 2 ** 53) {
    m /= 2;
    exponent++;
  }
  return { mantissa: BigInt(m), exponent };
}

export interface FurtherConstants {
  /** 1/ln 10 as a double-double. */
  readonly invLn10: { hi: number; lo: number };
  /** π/2 as a double-double, and π/4, π rounded. */
  readonly pio2: { hi: number; lo: number };
  readonly pi: number;
  readonly pio4: number;
  /** 2/π rounded. */
  readonly twoOverPi: number;
  /** π/2 = P1 + P2 + P3 + P4: three 33-bit pieces (n·Pk exact for n < 2^20) and the rounded rest. */
  readonly cody: readonly [number, number, number, number];
  /** 2/π in 24-bit digits: 2/π = Σ d[i]·2^(−24(i+1)), i = 0 … 51. */
  readonly twoOverPiDigits: readonly number[];
  /**
   * Arctangent tables at c = j/16, j = 0 … 16, each as hi and lo: atan c, π/2 − atan c,
   * π/2 + atan c, π − atan c (in this order, 17 entries each).
   */
  readonly atanHi: readonly number[];
  readonly atanLo: readonly number[];
}

let further: FurtherConstants | undefined;

/** Constants of the kernels beyond exp and log. */
export function furtherConstants(): FurtherConstants {
  if (further !== undefined) return further;
  const p = 320n;
  const pi = piFixed(p);
  const pio2 = pi >> 1n;
  const ln10 = logRationalFixed(10n, 1n, p);
  const invLn10 = ((1n << (2n * p)) / ln10); // 1/ln 10 with p fractional bits
  // Cody–Waite pieces: each rounded to 33 significant bits, the next one from the rest.
  const cody: number[] = [];
  let rest = pio2;
  for (let k = 0; k < 3; k++) {
    const piece = roundToSignificantFixed(rest, 33);
    cody.push(fixedToNumber(piece, p));
    rest -= piece;
  }
  cody.push(fixedToNumber(rest, p));
  // 2/π digits: enough for the largest double's exponent (see trigKernels.ts).
  const digitsBits = 24n * 52n + 64n;
  const twoOverPiFixed = (1n << (2n * digitsBits + 1n)) / piFixed(digitsBits);
  const digits: number[] = [];
  for (let i = 1n; i <= 52n; i++) digits.push(Number((twoOverPiFixed >> (digitsBits - 24n * i)) & 0xffffffn));
  const atanHi: number[] = [];
  const atanLo: number[] = [];
  const atans = Array.from({ length: 17 }, (_, j) => atanFixed((BigInt(j) << p) / 16n, p));
  for (const table of [(a: bigint) => a, (a: bigint) => pio2 - a, (a: bigint) => pio2 + a, (a: bigint) => pi - a]) {
    for (const a of atans) {
      const dd = doubleDouble(table(a), p);
      atanHi.push(dd.hi);
      atanLo.push(dd.lo);
    }
  }
  further = {
    invLn10: doubleDouble(invLn10, p),
    pio2: doubleDouble(pio2, p),
    pi: fixedToNumber(pi, p),
    pio4: fixedToNumber(pi >> 2n, p),
    twoOverPi: fixedToNumber((1n << (2n * p + 1n)) / pi, p),
    cody: [cody[0] ?? 0, cody[1] ?? 0, cody[2] ?? 0, cody[3] ?? 0],
    twoOverPiDigits: digits,
    atanHi,
    atanLo,
  };
  return further;
}

/** 1/d rounded to the nearest double, for a positive BigInt d (coefficients like 1/k!). */
export function reciprocal(d: bigint): number {
  return fixedToNumber((1n << FIXED_BITS) / d);
}

/** k! as a BigInt. */
export function factorial(k: number): bigint {
  let f = 1n;
  for (let i = 2n; i <= BigInt(k); i++) f *= i;
  return f;
}
