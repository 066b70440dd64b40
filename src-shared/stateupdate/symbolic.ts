/**
 * The little symbolic algebra the integrators need, on the expression AST itself (no sympy):
 * building expressions with light simplification (1·x = x, x + 0 = x, −(−x) = x), testing which
 * names an expression depends on, splitting an expression into a linear form Σ aᵢ·xᵢ + b in a
 * set of names (the coefficients free of those names), and evaluating constant expressions.
 * Built nodes reuse the span of the equation they come from so diagnostics and `// model@`
 * links still point at the user's text.
 */
import type { SourceSpan } from '../diagnostics';
import { collectNames, lookupConstant, type Expr } from '../expressions';

/** Expression builders anchored at one span. */
export interface Builder {
  num(value: number): Expr;
  name(name: string): Expr;
  add(a: Expr, b: Expr): Expr;
  sub(a: Expr, b: Expr): Expr;
  mul(a: Expr, b: Expr): Expr;
  div(a: Expr, b: Expr): Expr;
  neg(a: Expr): Expr;
  call(fn: string, ...args: Expr[]): Expr;
}

/** Whether `e` is the number `value`. */
export function isNumber(e: Expr, value: number): boolean {
  return e.kind === 'number' && e.value === value;
}

/** Builders whose nodes carry `span`. */
export function makeBuilder(span: SourceSpan): Builder {
  const num = (value: number): Expr => ({ kind: 'number', value, isInteger: false, text: String(value), span });
  const neg = (a: Expr): Expr => {
    if (a.kind === 'unary' && a.op === '-') return a.operand;
    if (a.kind === 'number') return num(-a.value);
    return { kind: 'unary', op: '-', operand: a, span };
  };
  const bin = (op: '+' | '-' | '*' | '/', left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right, span });
  const isNeg = (e: Expr): e is Expr & { kind: 'unary' } => (e.kind === 'unary' && e.op === '-') || (e.kind === 'number' && e.value < 0);
  const negated = (e: Expr): Expr => neg(e); // only called when isNeg(e): strips the sign
  // Sign moves are exact in floating point: a + (−b) = a − b, a·(−b) = −(a·b), so they never change values.
  const add = (a: Expr, b: Expr): Expr => (isNumber(b, 0) ? a : isNumber(a, 0) ? b : isNeg(b) ? bin('-', a, negated(b)) : bin('+', a, b));
  const sub = (a: Expr, b: Expr): Expr => (isNumber(b, 0) ? a : isNumber(a, 0) ? neg(b) : isNeg(b) ? bin('+', a, negated(b)) : bin('-', a, b));
  const mul = (a: Expr, b: Expr): Expr => {
    if (isNumber(a, 1)) return b;
    if (isNumber(b, 1)) return a;
    if (isNumber(a, -1)) return neg(b);
    if (isNumber(b, -1)) return neg(a);
    if (a.kind === 'unary' && a.op === '-') return neg(mul(a.operand, b));
    if (b.kind === 'unary' && b.op === '-') return neg(mul(a, b.operand));
    return bin('*', a, b);
  };
  const div = (a: Expr, b: Expr): Expr => {
    if (isNumber(b, 1)) return a;
    if (b.kind === 'unary' && b.op === '-') return neg(div(a, b.operand));
    return bin('/', a, b);
  };
  return {
    num,
    name: (name) => ({ kind: 'name', name, span }),
    neg,
    add,
    sub,
    mul,
    div,
    call: (fn, ...args) => ({ kind: 'call', callee: { kind: 'name', name: fn, span }, args, keywords: [], span }),
  };
}

/** Whether `expr` mentions any of `names` (function names excluded). */
export function dependsOn(expr: Expr, names: ReadonlySet<string>): boolean {
  return collectNames(expr).some((n) => names.has(n.name));
}

/** Whether `expr` calls one of `functions`. */
export function callsAny(expr: Expr, functions: ReadonlySet<string>): boolean {
  switch (expr.kind) {
    case 'call':
      return (expr.callee.kind === 'name' && functions.has(expr.callee.name)) || expr.args.some((a) => callsAny(a, functions));
    case 'unary':
      return callsAny(expr.operand, functions);
    case 'binary':
    case 'boolop':
      return callsAny(expr.left, functions) || callsAny(expr.right, functions);
    case 'compare':
      return expr.operands.some((o) => callsAny(o, functions));
    default:
      return false;
  }
}

/** `Σ coefficients[x]·x + rest`; an absent coefficient or rest is zero. */
export interface LinearForm {
  readonly coefficients: ReadonlyMap<string, Expr>;
  readonly rest?: Expr;
}

/** Why an expression is not linear, with the offending sub-expression. */
export interface NonLinear {
  readonly nonlinear: true;
  readonly at: Expr;
}

function isNonLinear(x: LinearForm | NonLinear): x is NonLinear {
  return 'nonlinear' in x;
}

/**
 * Splits `expr` into a linear form in `names`: coefficients and rest are free of `names`.
 * Products of two such names, names under functions, powers or comparisons are non-linear.
 */
export function toLinearForm(expr: Expr, names: ReadonlySet<string>, b: Builder): LinearForm | NonLinear {
  const constant = (e: Expr): LinearForm => ({ coefficients: new Map(), rest: e });
  const scale = (form: LinearForm, factor: Expr, side: 'left' | 'right' | 'divide'): LinearForm => {
    const apply = (e: Expr): Expr => (side === 'left' ? b.mul(factor, e) : side === 'right' ? b.mul(e, factor) : b.div(e, factor));
    const coefficients = new Map([...form.coefficients].map(([k, v]) => [k, apply(v)] as const));
    return form.rest === undefined ? { coefficients } : { coefficients, rest: apply(form.rest) };
  };
  const combine = (l: LinearForm, r: LinearForm, op: '+' | '-'): LinearForm => {
    const coefficients = new Map(l.coefficients);
    for (const [k, v] of r.coefficients) {
      const existing = coefficients.get(k);
      coefficients.set(k, existing === undefined ? (op === '+' ? v : b.neg(v)) : op === '+' ? b.add(existing, v) : b.sub(existing, v));
    }
    const rest = l.rest === undefined ? (r.rest === undefined ? undefined : op === '+' ? r.rest : b.neg(r.rest)) : r.rest === undefined ? l.rest : op === '+' ? b.add(l.rest, r.rest) : b.sub(l.rest, r.rest);
    return rest === undefined ? { coefficients } : { coefficients, rest };
  };
  const visit = (e: Expr): LinearForm | NonLinear => {
    if (!dependsOn(e, names)) return constant(e);
    switch (e.kind) {
      case 'name':
        return { coefficients: new Map([[e.name, b.num(1)]]) };
      case 'unary': {
        if (e.op === 'not') return { nonlinear: true, at: e };
        const inner = visit(e.operand);
        if (isNonLinear(inner) || e.op === '+') return inner;
        const coefficients = new Map([...inner.coefficients].map(([k, v]) => [k, b.neg(v)] as const));
        return inner.rest === undefined ? { coefficients } : { coefficients, rest: b.neg(inner.rest) };
      }
      case 'binary': {
        if (e.op === '+' || e.op === '-') {
          const l = visit(e.left);
          if (isNonLinear(l)) return l;
          const r = visit(e.right);
          if (isNonLinear(r)) return r;
          return combine(l, r, e.op);
        }
        if (e.op === '*') {
          if (!dependsOn(e.left, names)) {
            const r = visit(e.right);
            return isNonLinear(r) ? r : scale(r, e.left, 'left');
          }
          if (!dependsOn(e.right, names)) {
            const l = visit(e.left);
            return isNonLinear(l) ? l : scale(l, e.right, 'right');
          }
          return { nonlinear: true, at: e };
        }
        if (e.op === '/' && !dependsOn(e.right, names)) {
          const l = visit(e.left);
          return isNonLinear(l) ? l : scale(l, e.right, 'divide');
        }
        if (e.op === '**' && isNumber(e.right, 1)) return visit(e.left);
        return { nonlinear: true, at: e };
      }
      default:
        return { nonlinear: true, at: e };
    }
  };
  return visit(expr);
}

/** Narrowing helper for callers of `toLinearForm`. */
export function isLinear(x: LinearForm | NonLinear): x is LinearForm {
  return !isNonLinear(x);
}

/**
 * Evaluates an expression whose names are all in `values` (or pi/e/inf); undefined when it
 * mentions anything else. Functions: the dimensionless built-ins with exact JS counterparts.
 */
export function evaluateNumeric(expr: Expr, values: ReadonlyMap<string, number>): number | undefined {
  const visit = (e: Expr): number | undefined => {
    switch (e.kind) {
      case 'number':
        return e.value;
      case 'name':
        return values.get(e.name) ?? lookupConstant(e.name);
      case 'unary': {
        const v = visit(e.operand);
        if (v === undefined || e.op === 'not') return undefined;
        return e.op === '-' ? -v : v;
      }
      case 'binary': {
        const l = visit(e.left);
        const r = visit(e.right);
        if (l === undefined || r === undefined) return undefined;
        switch (e.op) {
          case '+':
            return l + r;
          case '-':
            return l - r;
          case '*':
            return l * r;
          case '/':
            return l / r;
          case '**':
            return l ** r;
          case '//':
            return Math.floor(l / r);
          case '%':
            return l - r * Math.floor(l / r);
        }
        return undefined;
      }
      case 'call': {
        const fn = e.callee.kind === 'name' ? e.callee.name : '';
        const args = e.args.map(visit);
        const a = args[0];
        if (args.length !== 1 || a === undefined) return undefined;
        switch (fn) {
          case 'sqrt':
            return Math.sqrt(a);
          case 'exp':
            return Math.exp(a);
          case 'log':
            return Math.log(a);
          case 'abs':
            return Math.abs(a);
          default:
            return undefined;
        }
      }
      default:
        return undefined;
    }
  };
  return visit(expr);
}
