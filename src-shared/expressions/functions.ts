/**
 * Built-in functions and constants of Brian2 model code (BRIAN2_SEMANTICS.md §5) with their
 * dimension rules. Code printers look up the same table, so a function known here is either
 * printable on both tiers or reported by the code generator with a clear reason.
 */
import { DIMENSIONLESS, powerDimension, type Dimension } from '../units';

/** How a function's result dimension follows from its arguments. */
export type DimensionRule =
  | 'dimensionless' // arguments and result dimensionless (exp, log, sin, …)
  | 'same' // result has the first argument's dimension (abs, floor, ceil, clip)
  | 'sqrt' // result is the argument's dimension to the power 1/2
  | 'sign' // any argument, dimensionless result
  | 'int' // dimensionless argument, integer result
  | 'random'; // no arguments, dimensionless result

export interface FunctionInfo {
  readonly name: string;
  readonly arity: number;
  readonly rule: DimensionRule;
  /** Whether the value is an integer (int) or float. */
  readonly resultType: 'float' | 'integer';
}

const DIMENSIONLESS_FUNCTIONS = ['sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'log10', 'arcsin', 'arccos', 'arctan', 'expm1', 'log1p', 'exprel'];

/** Looks up a built-in function by name. */
export function lookupFunction(name: string): FunctionInfo | undefined {
  if (DIMENSIONLESS_FUNCTIONS.includes(name)) return { name, arity: 1, rule: 'dimensionless', resultType: 'float' };
  switch (name) {
    case 'abs':
    case 'floor':
    case 'ceil':
      return { name, arity: 1, rule: 'same', resultType: 'float' };
    case 'clip':
      return { name, arity: 3, rule: 'same', resultType: 'float' };
    case 'sqrt':
      return { name, arity: 1, rule: 'sqrt', resultType: 'float' };
    case 'sign':
      return { name, arity: 1, rule: 'sign', resultType: 'float' };
    case 'int':
      return { name, arity: 1, rule: 'int', resultType: 'integer' };
    case 'rand':
    case 'randn':
      return { name, arity: 0, rule: 'random', resultType: 'float' };
    default:
      return undefined;
  }
}

/** Names of all built-in functions (for completion and reserved-name checks). */
export function builtinFunctionNames(): readonly string[] {
  return [...DIMENSIONLESS_FUNCTIONS, 'abs', 'floor', 'ceil', 'clip', 'sqrt', 'sign', 'int', 'rand', 'randn'];
}

/** The result dimension of a function rule given the first argument's dimension. */
export function applyDimensionRule(rule: DimensionRule, argument: Dimension | undefined): Dimension {
  switch (rule) {
    case 'same':
      return argument ?? DIMENSIONLESS;
    case 'sqrt':
      return powerDimension(argument ?? DIMENSIONLESS, 0.5);
    case 'dimensionless':
    case 'sign':
    case 'int':
    case 'random':
      return DIMENSIONLESS;
  }
}

/** Built-in constants: pi, e, inf. */
export function lookupConstant(name: string): number | undefined {
  switch (name) {
    case 'pi':
      return Math.PI;
    case 'e':
      return Math.E;
    case 'inf':
      return Infinity;
    default:
      return undefined;
  }
}
