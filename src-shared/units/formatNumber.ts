/**
 * Numbers printed the way Brian2 prints them, which is numpy's way: `10.`, `0.33333333`,
 * `1.e+08` for a quantity (numpy's array formatting, precision 8) and `10.0`, `1e-05` for a
 * plain number (numpy's scalar formatting after `np.round`). Rounding is numpy's: the shortest
 * round-trip digits when they fit, else the exact binary value rounded half to even, computed
 * here with BigInt so no digit depends on the JS engine.
 */

/** Digits `d0 d1 …` with the decimal point after `point` digits: value = 0.d0d1… × 10^point. */
interface Decimal {
  readonly digits: string;
  readonly point: number;
}

/** The exact decimal expansion of a positive finite double. */
function exactDecimal(x: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2: number;
  if (biased === 0) {
    exp2 = -1074;
  } else {
    mantissa |= 1n << 52n;
    exp2 = biased - 1075;
  }
  let text: string;
  let point: number;
  if (exp2 >= 0) {
    text = (mantissa << BigInt(exp2)).toString();
    point = text.length;
  } else {
    text = (mantissa * 5n ** BigInt(-exp2)).toString();
    point = text.length + exp2;
  }
  const stripped = text.replace(/^0+/, '');
  point -= text.length - stripped.length;
  return { digits: stripped.replace(/0+$/, ''), point };
}

/** The shortest digits that read back as `x` (positive, finite), from the engine's shortest repr. */
function shortestDecimal(x: number): Decimal {
  const [mantissa = '0', exponent = '0'] = x.toExponential().split('e');
  const digits = mantissa.replace('.', '').replace(/0+$/, '');
  return { digits: digits === '' ? '0' : digits, point: Number(exponent) + 1 };
}

/** Keeps the first `keep` digits of the exact value, rounding half to even (numpy's Dragon4). */
function roundDecimal(exact: Decimal, keep: number): Decimal {
  let digits = exact.digits;
  let point = exact.point;
  if (keep < 1) {
    // Pad with leading zeros so that at least one digit is kept.
    digits = '0'.repeat(1 - keep) + digits;
    point += 1 - keep;
    keep = 1;
  }
  if (digits.length <= keep) return { digits, point };
  const rest = digits.slice(keep);
  const head = digits.slice(0, keep);
  const first = rest.charCodeAt(0) - 48;
  const tail = /[1-9]/.test(rest.slice(1));
  const lastEven = (head.charCodeAt(head.length - 1) - 48) % 2 === 0;
  const up = first > 5 || (first === 5 && (tail || !lastEven));
  if (!up) return { digits: head, point };
  const bumped = (BigInt(head) + 1n).toString().padStart(head.length, '0');
  return bumped.length > head.length ? { digits: bumped, point: point + 1 } : { digits: bumped, point };
}

function positional(dec: Decimal, minFraction: number): string {
  const digits = dec.digits.replace(/^0+(?=\d)/, '');
  const shift = dec.point - (dec.digits.length - digits.length);
  let intPart: string;
  let fracPart: string;
  if (shift <= 0) {
    intPart = '0';
    fracPart = '0'.repeat(-shift) + digits;
  } else if (shift >= digits.length) {
    intPart = digits + '0'.repeat(shift - digits.length);
    fracPart = '';
  } else {
    intPart = digits.slice(0, shift);
    fracPart = digits.slice(shift);
  }
  fracPart = fracPart.replace(/0+$/, '');
  if (/^0*$/.test(intPart)) intPart = '0';
  else intPart = intPart.replace(/^0+/, '');
  return `${intPart}.${fracPart.padEnd(minFraction, '0')}`;
}

function scientific(dec: Decimal, dotAlways: boolean): string {
  const digits = dec.digits.replace(/0+$/, '') || '0';
  const exponent = dec.point - 1;
  const rest = digits.slice(1);
  const mantissa = rest === '' ? (dotAlways ? `${digits[0] ?? '0'}.` : (digits[0] ?? '0')) : `${digits[0] ?? '0'}.${rest}`;
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

function nonFinite(x: number): string | undefined {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return undefined;
}

/**
 * `x` as numpy prints a one-element float array (`np.array_str`, brackets removed), which is how
 * Brian2 prints the number of a quantity: `10.`, `-65.`, `0.33333333`, `1.23e-05`, `1.e+08`.
 * Scientific notation below 1e-4 and from 1e8 on; `precision` digits at most (default 8).
 */
export function formatNumpyNumber(x: number, precision = 8): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  if (a === 0) return `${sign}0.`;
  const shortest = shortestDecimal(a);
  if (a >= 1e8 || a < 1e-4) {
    const dec = shortest.digits.length - 1 <= precision ? shortest : roundDecimal(exactDecimal(a), precision + 1);
    return sign + scientific(dec, true);
  }
  const fraction = Math.max(0, shortest.digits.length - shortest.point);
  const dec = fraction <= precision ? shortest : roundDecimal(exactDecimal(a), shortest.point + precision);
  return sign + positional(dec, 0);
}

/** numpy's `rint`: round half to even. */
function roundHalfEven(y: number): number {
  if (!Number.isFinite(y) || Math.abs(y) >= 2 ** 52) return y;
  const floor = Math.floor(y);
  const diff = y - floor;
  const r = diff > 0.5 ? floor + 1 : diff < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  return r === 0 && (y < 0 || Object.is(y, -0)) ? -0 : r;
}

/**
 * A plain number as Brian2's `in_best_unit` prints it: `str(np.round(x, precision))`, i.e.
 * numpy's float scalar form (`10.0`, `0.33333333`, `1e-05`, `1e+20`, `-0.0`).
 */
export function formatNumpyScalar(x: number, precision = 8): string {
  const scale = Number(`1e${precision}`);
  const rounded = roundHalfEven(x * scale) / scale;
  const special = nonFinite(rounded);
  if (special !== undefined) return special;
  const sign = rounded < 0 || Object.is(rounded, -0) ? '-' : '';
  const a = Math.abs(rounded);
  if (a === 0) return `${sign}0.0`;
  const shortest = shortestDecimal(a);
  if (a >= 1e16 || a < 1e-4) return sign + scientific(shortest, false);
  return sign + positional(shortest, 1);
}
