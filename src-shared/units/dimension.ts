/**
 * Physical dimensions as Brian2 models them: a vector of 7 exponents over the SI base units
 * (m, kg, s, A, K, mol, cd). Exponents may be fractional (`volt**0.5`, the `xi` noise term
 * in s^-0.5), so equality uses a small tolerance, as Brian's own comparison does.
 */

/** Exponents of metre, kilogram, second, amp, kelvin, mole and candela, in that order. */
export type Dimension = readonly [number, number, number, number, number, number, number];

/** Exponents closer than this count as equal (rational exponents built by arithmetic drift). */
export const DIMENSION_TOLERANCE = 1e-9;

/** The SI base symbols in Brian2's order, as `str(dimension)` prints them. */
export const BASE_SYMBOLS = ['m', 'kg', 's', 'A', 'K', 'mol', 'cd'] as const;

/** The base unit names Brian2 uses in `repr(dimension)` (`metre ** 2 * kilogram`). */
export const BASE_NAMES = ['metre', 'kilogram', 'second', 'amp', 'kelvin', 'mole', 'candle'] as const;

/** No dimension: plain numbers, ratios, radians. */
export const DIMENSIONLESS: Dimension = Object.freeze<Dimension>([0, 0, 0, 0, 0, 0, 0]);

/** Exponents by base symbol; missing ones are 0. */
export interface DimensionExponents {
  readonly m?: number;
  readonly kg?: number;
  readonly s?: number;
  readonly A?: number;
  readonly K?: number;
  readonly mol?: number;
  readonly cd?: number;
}

/** Snaps values within the tolerance of an integer to it, and turns -0 into 0. */
function tidy(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) <= DIMENSION_TOLERANCE ? r + 0 : x;
}

/** Exponent `k` of `d` (0 for an index outside the 7). */
function exponentAt(d: Dimension, k: number): number {
  return d[k] ?? 0;
}

function build(f: (k: number) => number): Dimension {
  return Object.freeze<Dimension>([tidy(f(0)), tidy(f(1)), tidy(f(2)), tidy(f(3)), tidy(f(4)), tidy(f(5)), tidy(f(6))]);
}

/** Builds a dimension from named exponents, e.g. `makeDimension({ m: 2, kg: 1, s: -3, A: -1 })` for volt. */
export function makeDimension(exponents: DimensionExponents): Dimension {
  const { m = 0, kg = 0, s = 0, A = 0, K = 0, mol = 0, cd = 0 } = exponents;
  const list = [m, kg, s, A, K, mol, cd];
  return build((k) => list[k] ?? 0);
}

/** Builds a dimension from an array of 7 exponents (a fixture row, a stored model). */
export function toDimension(exponents: readonly number[]): Dimension {
  if (exponents.length !== 7) throw new Error(`a dimension has 7 exponents, got ${exponents.length}`);
  return build((k) => exponents[k] ?? 0);
}

/** The dimension of a product: exponents add. */
export function multiplyDimensions(a: Dimension, b: Dimension): Dimension {
  return build((k) => exponentAt(a, k) + exponentAt(b, k));
}

/** The dimension of a quotient: exponents subtract. */
export function divideDimensions(a: Dimension, b: Dimension): Dimension {
  return build((k) => exponentAt(a, k) - exponentAt(b, k));
}

/** The dimension of `a ** exponent`: exponents scale (any real exponent, as in Brian2). */
export function powerDimension(a: Dimension, exponent: number): Dimension {
  return build((k) => exponentAt(a, k) * exponent);
}

/** True when every exponent agrees within {@link DIMENSION_TOLERANCE}. */
export function sameDimension(a: Dimension, b: Dimension): boolean {
  for (let k = 0; k < 7; k++) {
    if (!(Math.abs(exponentAt(a, k) - exponentAt(b, k)) <= DIMENSION_TOLERANCE)) return false;
  }
  return true;
}

/** True for plain numbers (all exponents 0). */
export function isDimensionless(a: Dimension): boolean {
  return sameDimension(a, DIMENSIONLESS);
}

/** An exponent as Brian prints it: integers without a decimal point, others in full. */
export function formatExponent(x: number): string {
  return String(tidy(x));
}

/**
 * The dimension in SI base symbols, exactly like Brian2's `str(dimension)`:
 * `m^2 kg s^-3 A^-1`, `m^-3 mol`, `s^-0.5`; `1` when dimensionless.
 */
export function formatSiSymbols(d: Dimension): string {
  const parts: string[] = [];
  for (let k = 0; k < 7; k++) {
    const e = tidy(exponentAt(d, k));
    if (e === 0) continue;
    const symbol = BASE_SYMBOLS[k] ?? '?';
    parts.push(e === 1 ? symbol : `${symbol}^${formatExponent(e)}`);
  }
  return parts.length === 0 ? '1' : parts.join(' ');
}

/**
 * The dimension as a Python expression over base units, like Brian2's `repr(dimension)`:
 * `metre ** 2 * kilogram * second ** -3 * amp ** -1`; `1` when dimensionless.
 */
export function formatBaseUnitExpression(d: Dimension): string {
  const parts: string[] = [];
  for (let k = 0; k < 7; k++) {
    const e = tidy(exponentAt(d, k));
    if (e === 0) continue;
    const name = BASE_NAMES[k] ?? '?';
    parts.push(e === 1 ? name : `${name} ** ${formatExponent(e)}`);
  }
  return parts.length === 0 ? '1' : parts.join(' * ');
}

/** A stable text key for maps keyed by dimension (exponents after snapping). */
export function dimensionKey(d: Dimension): string {
  return d.map((e) => formatExponent(e)).join(',');
}
