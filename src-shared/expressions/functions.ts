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
  | 'random' // no arguments, dimensionless result
  | 'timestep'; // two times (seconds) in, integer result

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
    case 'timestep':
      return { name, arity: 2, rule: 'timestep', resultType: 'integer' };
    default:
      return undefined;
  }
}

/** Names of all built-in functions (for completion and reserved-name checks). */
export function builtinFunctionNames(): readonly string[] {
  return [...DIMENSIONLESS_FUNCTIONS, 'abs', 'floor', 'ceil', 'clip', 'sqrt', 'sign', 'int', 'rand', 'randn', 'timestep'];
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
    case 'timestep':
      return DIMENSIONLESS;
  }
}

/** Brian2's `exprel(x) = (exp(x) - 1)/x` (BRIAN2_SEMANTICS.md §5): 1 near 0, +∞ above 717. */
export function exprel(x: number): number {
  if (Math.abs(x) < 1e-16) return 1;
  if (x > 717) return Infinity;
  return Math.expm1(x) / x;
}

/** Brian2's safe time → step conversion (§1): `(int64)((t + 1e-3·dt) / dt)`, truncating toward 0. */
export function timestep(t: number, dt: number): number {
  return Math.trunc((t + 1e-3 * dt) / dt);
}

/**
 * The value of a deterministic built-in at given argument values (in SI units), as both code
 * tiers compute it; undefined for `rand`/`randn` and unknown names.
 */
export function evaluateBuiltin(name: string, args: readonly number[]): number | undefined {
  const [a = NaN, b = NaN, c = NaN] = args;
  switch (name) {
    case 'sin':
      return Math.sin(a);
    case 'cos':
      return Math.cos(a);
    case 'tan':
      return Math.tan(a);
    case 'sinh':
      return Math.sinh(a);
    case 'cosh':
      return Math.cosh(a);
    case 'tanh':
      return Math.tanh(a);
    case 'exp':
      return Math.exp(a);
    case 'log':
      return Math.log(a);
    case 'log10':
      return Math.log10(a);
    case 'arcsin':
      return Math.asin(a);
    case 'arccos':
      return Math.acos(a);
    case 'arctan':
      return Math.atan(a);
    case 'expm1':
      return Math.expm1(a);
    case 'log1p':
      return Math.log1p(a);
    case 'exprel':
      return exprel(a);
    case 'abs':
      return Math.abs(a);
    case 'floor':
      return Math.floor(a);
    case 'ceil':
      return Math.ceil(a);
    case 'sqrt':
      return Math.sqrt(a);
    case 'sign':
      return Number(0 < a) - Number(a < 0);
    case 'clip':
      return a < b ? b : a > c ? c : a;
    case 'int':
      return Math.trunc(a);
    case 'timestep':
      return timestep(a, b);
    default:
      return undefined;
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
