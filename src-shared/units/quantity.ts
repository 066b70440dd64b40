/**
 * Quantities: a number in SI base units with its dimension, and the arithmetic Brian2 allows on
 * them. Addition and subtraction check dimensions and report SF1002 as a value; products,
 * quotients and powers always succeed (their dimension is computed).
 */
import { fail, makeDiagnostic, ok, type Result, type SourceSpan } from '../diagnostics';
import {
  DIMENSIONLESS,
  divideDimensions,
  isDimensionless,
  multiplyDimensions,
  powerDimension,
  sameDimension,
  type Dimension,
} from './dimension';
import { describeDimensionMismatch, formatDimension } from './formatDimension';

/** A value in SI base units (`10*mV` → value 0.01, dim volt). */
export interface Quantity {
  /** The value in SI base units. */
  readonly value: number;
  readonly dim: Dimension;
}

/** Builds a quantity (dimensionless when `dim` is omitted). */
export function quantity(value: number, dim: Dimension = DIMENSIONLESS): Quantity {
  return { value, dim };
}

/** Options for checked addition and subtraction. */
export interface AddOptions {
  /**
   * Host-side (script) arithmetic only: a dimensionless operand whose value is exactly 0 takes
   * the other operand's dimension, as Brian2 does for Python quantities (`3*mV + 0`). Model
   * strings do not have this rule (BRIAN2_SEMANTICS §9), so it is off by default.
   */
  readonly zeroIsDimensionFree?: boolean;
  /** Where to point the SF1002 diagnostic. */
  readonly span?: SourceSpan;
  /** What the diagnostic calls the operation, e.g. `"+"`; defaults to the operator. */
  readonly context?: string;
}

function checkedSum(a: Quantity, b: Quantity, sign: 1 | -1, options: AddOptions): Result<Quantity> {
  const op = sign === 1 ? '+' : '-';
  if (sameDimension(a.dim, b.dim)) return ok({ value: a.value + sign * b.value, dim: a.dim });
  if (options.zeroIsDimensionFree === true) {
    if (b.value === 0 && isDimensionless(b.dim)) return ok({ value: a.value, dim: a.dim });
    if (a.value === 0 && isDimensionless(a.dim)) return ok({ value: sign * b.value, dim: b.dim });
  }
  return fail([
    makeDiagnostic(
      'SF1002',
      { context: options.context ?? `"${op}"`, left: formatDimension(a.dim), right: formatDimension(b.dim) },
      options.span,
      [describeDimensionMismatch(a.dim, b.dim)],
    ),
  ]);
}

/** `a + b`; SF1002 when the dimensions differ. */
export function addQuantities(a: Quantity, b: Quantity, options: AddOptions = {}): Result<Quantity> {
  return checkedSum(a, b, 1, options);
}

/** `a - b`; SF1002 when the dimensions differ. */
export function subtractQuantities(a: Quantity, b: Quantity, options: AddOptions = {}): Result<Quantity> {
  return checkedSum(a, b, -1, options);
}

/** `a * b`: values multiply, dimensions add. */
export function multiplyQuantities(a: Quantity, b: Quantity): Quantity {
  return { value: a.value * b.value, dim: multiplyDimensions(a.dim, b.dim) };
}

/** `a / b`: values divide (IEEE: x/0 is ±Infinity or NaN), dimensions subtract. */
export function divideQuantities(a: Quantity, b: Quantity): Quantity {
  return { value: a.value / b.value, dim: divideDimensions(a.dim, b.dim) };
}

/**
 * `q ** exponent` for a plain-number exponent. Brian2 accepts any real exponent on a quantity
 * with a dimension (`sqrt(v)` has dimension V^0.5); a negative value to a fractional power is NaN.
 */
export function powerQuantity(q: Quantity, exponent: number): Quantity {
  return { value: q.value ** exponent, dim: powerDimension(q.dim, exponent) };
}

/**
 * `q ** e` where the exponent is itself a quantity: it must be dimensionless (SF1002 otherwise,
 * like Brian2's "the exponent has to be dimensionless").
 */
export function powerQuantityBy(q: Quantity, exponent: Quantity, span?: SourceSpan): Result<Quantity> {
  if (!isDimensionless(exponent.dim)) {
    return fail([
      makeDiagnostic('SF1002', { context: 'the exponent of "**"', left: formatDimension(exponent.dim), right: formatDimension(DIMENSIONLESS) }, span, [
        'an exponent must be dimensionless',
      ]),
    ]);
  }
  return ok(powerQuantity(q, exponent.value));
}

/**
 * The number of `unit`s in `q` (Brian2's `q / unit` or `in_unit`): 3 V in mV is 3000.
 * SF1002 when the dimensions differ (10 nS in ohm).
 */
export function quantityInUnit(q: Quantity, unit: Quantity, span?: SourceSpan): Result<number> {
  if (!sameDimension(q.dim, unit.dim)) {
    return fail([
      makeDiagnostic('SF1002', { context: 'a unit conversion', left: formatDimension(q.dim), right: formatDimension(unit.dim) }, span, [
        describeDimensionMismatch(q.dim, unit.dim),
      ]),
    ]);
  }
  return ok(q.value / unit.value);
}
