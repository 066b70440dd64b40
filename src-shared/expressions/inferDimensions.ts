/**
 * Dimension and type inference over model expressions, following Brian2's rules: sums and
 * comparisons need equal dimensions, products multiply them, `x**p` needs a constant exponent
 * when x has a dimension, functions follow their table rule. Unknown names are reported with
 * their spans, all of them at once.
 */
import { abbreviate, makeDiagnostic, type Diagnostic } from '../diagnostics';
import {
  DIMENSIONLESS,
  dimensionName,
  formatDimension,
  formatUnit,
  divideDimensions,
  isDimensionless,
  lookupUnit,
  multiplyDimensions,
  powerDimension,
  sameDimension,
  type Dimension,
} from '../units';
import type { Expr } from './ast';
import { applyDimensionRule, lookupConstant, lookupFunction } from './functions';
import { printSource } from './printSource';

/** The value type of an expression. */
export type ValueType = 'float' | 'integer' | 'boolean';

/** What inference knows about a name. */
export interface SymbolInfo {
  readonly dim: Dimension;
  readonly type: ValueType;
  /** A compile-time value (external constants), used for `**` exponents. */
  readonly constant?: number;
  /** A user function (a TimedArray): argument dimensions; the result has `dim`. */
  readonly callable?: { readonly args: readonly Dimension[]; readonly argTypes: readonly ValueType[] };
}

/** Resolves a name, or `undefined` when it is unknown. */
export type SymbolLookup = (name: string) => SymbolInfo | undefined;

/** An inferred dimension and type. */
export interface Inferred {
  readonly dim: Dimension;
  readonly type: ValueType;
  readonly constant?: number;
}

function mismatch(a: Dimension, b: Dimension): { left: string; right: string } {
  return { left: formatDimension(a), right: formatDimension(b) };
}

/** A unit in a sentence: `volt`, `amp`, `V/s`, `dimensionless`. */
export function unitWord(dim: Dimension): string {
  return isDimensionless(dim) ? 'dimensionless' : (dimensionName(dim) ?? formatUnit(dim));
}

/** A term in a sentence: its source text without a leading sign (a sign does not change units). */
export function describeTerm(expr: Expr): string {
  let term = expr;
  while (term.kind === 'unary' && term.op !== 'not') term = term.operand;
  return abbreviate(printSource(term), 40);
}

/** SF1006 on the right term: `Inconsistent units in <context>: v is volt but I is amp.` */
function inconsistent(context: string, left: Expr, leftDim: Dimension, right: Expr, rightDim: Dimension): Diagnostic {
  return makeDiagnostic('SF1006', { context, left: describeTerm(left), leftUnit: unitWord(leftDim), right: describeTerm(right), rightUnit: unitWord(rightDim) }, right.span, [
    `${formatDimension(leftDim)} does not match ${formatDimension(rightDim)}`,
  ]);
}

/** The dimension of a second (`timestep()` takes times). */
function timeDimension(): Dimension {
  return lookupUnit('second')?.dim ?? DIMENSIONLESS;
}

/** Evaluates a constant numeric expression (for exponents), or `undefined` if not constant. */
function constantValue(expr: Expr, lookup: SymbolLookup): number | undefined {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'name':
      return lookup(expr.name)?.constant ?? lookupConstant(expr.name);
    case 'unary': {
      const v = constantValue(expr.operand, lookup);
      return v === undefined || expr.op === 'not' ? undefined : expr.op === '-' ? -v : v;
    }
    case 'binary': {
      const a = constantValue(expr.left, lookup);
      const b = constantValue(expr.right, lookup);
      if (a === undefined || b === undefined) return undefined;
      switch (expr.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '**':
          return a ** b;
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}

/**
 * Infers the dimension and type of `expr`. `context` names the place for messages
 * (e.g. `the equation of v`). Returns undefined with diagnostics when something is wrong.
 */
export function inferDimensions(expr: Expr, lookup: SymbolLookup, context: string): { inferred?: Inferred; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const visit = (node: Expr): Inferred | undefined => {
    switch (node.kind) {
      case 'number':
        return { dim: DIMENSIONLESS, type: node.isInteger ? 'integer' : 'float', constant: node.value };
      case 'bool':
        return { dim: DIMENSIONLESS, type: 'boolean' };
      case 'name': {
        const symbol = lookup(node.name);
        if (symbol !== undefined) return symbol;
        const constant = lookupConstant(node.name);
        if (constant !== undefined) return { dim: DIMENSIONLESS, type: 'float', constant };
        diagnostics.push(makeDiagnostic('SF3002', { name: abbreviate(node.name, 40), context }, node.span));
        return undefined;
      }
      case 'unary': {
        const operand = visit(node.operand);
        if (operand === undefined) return undefined;
        if (node.op === 'not') return { dim: DIMENSIONLESS, type: 'boolean' };
        return operand.constant === undefined ? { dim: operand.dim, type: operand.type } : { ...operand, constant: node.op === '-' ? -operand.constant : operand.constant };
      }
      case 'binary': {
        const left = visit(node.left);
        const right = visit(node.right);
        if (left === undefined || right === undefined) return undefined;
        const numericType: ValueType = left.type === 'float' || right.type === 'float' ? 'float' : 'integer';
        switch (node.op) {
          case '+':
          case '-':
          case '%':
            if (!sameDimension(left.dim, right.dim)) {
              diagnostics.push(inconsistent(context, node.left, left.dim, node.right, right.dim));
              return undefined;
            }
            return { dim: left.dim, type: numericType };
          case '//': {
            // Brian2: "Floor division can only be used on dimensionless values."
            const bad = !isDimensionless(left.dim) ? { expr: node.left, dim: left.dim } : !isDimensionless(right.dim) ? { expr: node.right, dim: right.dim } : undefined;
            if (bad !== undefined) {
              diagnostics.push(makeDiagnostic('SF1002', { context: `the floor division "//" in ${context}`, left: `${describeTerm(bad.expr)} is ${formatDimension(bad.dim)}`, right: 'both operands must be dimensionless' }, bad.expr.span, [
                'divide first, e.g. "(t // dt)" → "int(t/dt)", or "x // y" → "floor(x/y)"',
              ]));
              return undefined;
            }
            return { dim: DIMENSIONLESS, type: numericType };
          }
          case '*':
            return { dim: multiplyDimensions(left.dim, right.dim), type: numericType };
          case '/':
            return { dim: divideDimensions(left.dim, right.dim), type: 'float' };
          case '**': {
            if (isDimensionless(left.dim) && isDimensionless(right.dim)) return { dim: DIMENSIONLESS, type: 'float' };
            const exponent = isDimensionless(left.dim) ? undefined : constantValue(node.right, lookup);
            if (!isDimensionless(left.dim) && exponent === undefined) {
              diagnostics.push(makeDiagnostic('SF1005', { expected: 'a constant number as exponent', name: '**', actual: `"${describeTerm(node.right)}", which can change (the base ${describeTerm(node.left)} has units ${unitWord(left.dim)})` }, node.right.span));
              return undefined;
            }
            if (!isDimensionless(right.dim)) {
              diagnostics.push(makeDiagnostic('SF1002', { context: `the exponent of "**" in ${context}`, ...mismatch(right.dim, DIMENSIONLESS) }, node.right.span, ['an exponent must be dimensionless']));
              return undefined;
            }
            return { dim: powerDimension(left.dim, exponent ?? 1), type: 'float' };
          }
        }
        return undefined;
      }
      case 'compare': {
        const operands = node.operands.map(visit);
        if (operands.some((o) => o === undefined)) return undefined;
        for (let k = 1; k < operands.length; k++) {
          const a = operands[k - 1] as Inferred; // checked above: none undefined
          const b = operands[k] as Inferred;
          if (!sameDimension(a.dim, b.dim)) {
            diagnostics.push(inconsistent(context, node.operands[k - 1] as Expr, a.dim, node.operands[k] as Expr, b.dim)); // k within operands
            return undefined;
          }
        }
        return { dim: DIMENSIONLESS, type: 'boolean' };
      }
      case 'boolop': {
        const left = visit(node.left);
        const right = visit(node.right);
        if (left === undefined || right === undefined) return undefined;
        return { dim: DIMENSIONLESS, type: 'boolean' };
      }
      case 'call': {
        if (node.callee.kind !== 'name') {
          diagnostics.push(makeDiagnostic('SF2007', { text: 'call', reason: 'only named functions can be called' }, node.callee.span));
          return undefined;
        }
        const user = lookup(node.callee.name);
        if (user?.callable !== undefined) {
          const callable = user.callable;
          if (node.args.length !== callable.args.length) {
            diagnostics.push(makeDiagnostic('SF2004', { name: node.callee.name, expected: callable.args.length, actual: node.args.length }, node.span));
            return undefined;
          }
          const args = node.args.map(visit);
          for (const [k, arg] of args.entries()) {
            const required = callable.args[k] ?? DIMENSIONLESS;
            if (arg === undefined) return undefined;
            const argument = node.args[k] ?? node;
            if (!sameDimension(arg.dim, required) || (callable.argTypes[k] === 'integer' && arg.type !== 'integer')) {
              const wanted = callable.argTypes[k] === 'integer' ? 'an integer index' : formatDimension(required);
              diagnostics.push(makeDiagnostic('SF1002', { context: `argument ${k + 1} of ${node.callee.name}() in ${context}`, left: `${describeTerm(argument)} is ${arg.type === 'integer' ? 'an integer' : formatDimension(arg.dim)}`, right: `${node.callee.name}() needs ${wanted}` }, argument.span));
              return undefined;
            }
          }
          return { dim: user.dim, type: 'float' };
        }
        const info = lookupFunction(node.callee.name);
        if (info === undefined) {
          diagnostics.push(makeDiagnostic('SF2003', { name: abbreviate(node.callee.name, 40) }, node.callee.span));
          return undefined;
        }
        if (node.args.length !== info.arity) {
          diagnostics.push(makeDiagnostic('SF2004', { name: info.name, expected: info.arity, actual: node.args.length }, node.span));
          return undefined;
        }
        const args = node.args.map(visit);
        if (args.some((a) => a === undefined)) return undefined;
        const first = args[0];
        if (info.rule === 'dimensionless' || info.rule === 'int' || info.rule === 'timestep') {
          const required = info.rule === 'timestep' ? timeDimension() : DIMENSIONLESS;
          for (const [k, arg] of args.entries()) {
            if (arg !== undefined && !sameDimension(arg.dim, required)) {
              const argument = node.args[k] ?? node;
              diagnostics.push(makeDiagnostic('SF1002', { context: `argument ${k + 1} of ${info.name}() in ${context}`, left: `${describeTerm(argument)} is ${formatDimension(arg.dim)}`, right: `${info.name}() needs ${formatDimension(required)}` }, argument.span, [
                info.rule === 'timestep' ? 'timestep(t, dt) takes two times' : `${info.name}() needs a dimensionless argument, e.g. ${info.name}(v/mV)`,
              ]));
              return undefined;
            }
          }
        }
        if (info.name === 'clip' && first !== undefined) {
          for (let k = 1; k < 3; k++) {
            const bound = args[k] as Inferred; // arity checked above
            const boundExpr = node.args[k] as Expr;
            if (!sameDimension(bound.dim, first.dim)) {
              diagnostics.push(inconsistent(`the bounds of clip() in ${context}`, node.args[0] as Expr, first.dim, boundExpr, bound.dim));
              return undefined;
            }
          }
        }
        return { dim: applyDimensionRule(info.rule, first?.dim), type: info.resultType === 'integer' ? 'integer' : 'float' };
      }
      case 'string':
      case 'list':
      case 'dict':
      case 'none':
      case 'attribute':
      case 'subscript':
        diagnostics.push(makeDiagnostic('SF2007', { text: node.kind, reason: 'not allowed in model expressions' }, node.span));
        return undefined;
    }
  };
  const inferred = visit(expr);
  return inferred === undefined || diagnostics.length > 0 ? { diagnostics } : { inferred, diagnostics };
}
