/**
 * Python arithmetic on script quantities with Brian2's unit rules: sums, differences,
 * comparisons, `//` and `%` need equal dimensions (a plain dimensionless 0 matches any
 * dimension, as in Brian2), products and quotients combine them, and an exponent must be
 * dimensionless. Integer-ness follows Python (`7 // 2` is 3, `7 / 2` is 3.5, `-7 // 2` is -4).
 * Pure functions returning either a quantity or the reason it failed, so the evaluator decides
 * how to report.
 */
import type { BinaryOperator, CompareOperator } from '../expressions';
import { DIMENSIONLESS, divideDimensions, isDimensionless, multiplyDimensions, powerDimension, sameDimension, type Dimension } from '../units';

/** A quantity operand: SI value, dimension, and whether it is a Python int. */
export interface Operand {
  readonly value: number;
  readonly dim: Dimension;
  readonly isInteger: boolean;
}

/** Why an operation failed: a dimension mismatch, or a value problem (division by zero). */
export type ArithmeticFailure =
  | { readonly kind: 'mismatch'; readonly left: Dimension; readonly right: Dimension; readonly context: string; readonly onRight?: boolean }
  | { readonly kind: 'value'; readonly detail: string };

/** The outcome of an operation. */
export type ArithmeticResult = { readonly ok: true; readonly value: Operand } | { readonly ok: false; readonly failure: ArithmeticFailure };

function isPlainZero(operand: Operand): boolean {
  return operand.value === 0 && isDimensionless(operand.dim);
}

/** The common dimension of two operands that must agree, or undefined when they do not. */
function commonDimension(a: Operand, b: Operand): Dimension | undefined {
  if (sameDimension(a.dim, b.dim)) return a.dim;
  if (isPlainZero(a)) return b.dim;
  if (isPlainZero(b)) return a.dim;
  return undefined;
}

function success(value: number, dim: Dimension, isInteger: boolean): ArithmeticResult {
  return { ok: true, value: { value, dim, isInteger: isInteger && isDimensionless(dim) && Number.isFinite(value) } };
}

function floorDivide(a: number, b: number): number {
  return Math.floor(a / b);
}

function pythonModulo(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

const OPERATOR_NAMES: Readonly<Record<BinaryOperator, string>> = {
  '+': 'addition ("+")',
  '-': 'subtraction ("-")',
  '*': 'multiplication',
  '/': 'division',
  '//': 'floor division ("//")',
  '%': 'modulo ("%")',
  '**': 'the exponent of "**"',
};

/** Applies a binary operator. */
export function applyBinary(op: BinaryOperator, a: Operand, b: Operand): ArithmeticResult {
  const bothInt = a.isInteger && b.isInteger;
  switch (op) {
    case '+':
    case '-': {
      const dim = commonDimension(a, b);
      if (dim === undefined) return { ok: false, failure: { kind: 'mismatch', left: a.dim, right: b.dim, context: OPERATOR_NAMES[op] } };
      return success(op === '+' ? a.value + b.value : a.value - b.value, dim, bothInt);
    }
    case '*':
      return success(a.value * b.value, multiplyDimensions(a.dim, b.dim), bothInt);
    case '/':
      if (b.value === 0) return { ok: false, failure: { kind: 'value', detail: 'division by zero' } };
      return success(a.value / b.value, divideDimensions(a.dim, b.dim), false);
    case '//':
    case '%': {
      const dim = commonDimension(a, b);
      if (dim === undefined) return { ok: false, failure: { kind: 'mismatch', left: a.dim, right: b.dim, context: OPERATOR_NAMES[op] } };
      if (b.value === 0) return { ok: false, failure: { kind: 'value', detail: op === '//' ? 'division by zero' : 'modulo by zero' } };
      return op === '//' ? success(floorDivide(a.value, b.value), DIMENSIONLESS, bothInt) : success(pythonModulo(a.value, b.value), dim, bothInt);
    }
    case '**': {
      if (!isDimensionless(b.dim)) return { ok: false, failure: { kind: 'mismatch', left: b.dim, right: DIMENSIONLESS, context: OPERATOR_NAMES[op], onRight: true } };
      if (a.value === 0 && b.value < 0) return { ok: false, failure: { kind: 'value', detail: 'zero to a negative power' } };
      const dim = isDimensionless(a.dim) ? DIMENSIONLESS : powerDimension(a.dim, b.value);
      return success(a.value ** b.value, dim, bothInt && b.value >= 0);
    }
  }
}

/** Applies unary minus or plus. */
export function applyNegation(op: '-' | '+', a: Operand): Operand {
  return op === '-' ? { ...a, value: -a.value } : a;
}

/** Compares two quantities (dimensions must agree, a plain 0 matches any). */
export function applyComparison(op: CompareOperator, a: Operand, b: Operand): { ok: true; value: boolean } | { ok: false; failure: ArithmeticFailure } {
  if (commonDimension(a, b) === undefined) return { ok: false, failure: { kind: 'mismatch', left: a.dim, right: b.dim, context: 'a comparison' } };
  switch (op) {
    case '<':
      return { ok: true, value: a.value < b.value };
    case '<=':
      return { ok: true, value: a.value <= b.value };
    case '>':
      return { ok: true, value: a.value > b.value };
    case '>=':
      return { ok: true, value: a.value >= b.value };
    case '==':
      return { ok: true, value: a.value === b.value };
    case '!=':
      return { ok: true, value: a.value !== b.value };
  }
}
