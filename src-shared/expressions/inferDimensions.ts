/**
 * Dimension and type inference over model expressions, following Brian2's rules: sums and
 * comparisons need equal dimensions, products multiply them, `x**p` needs a constant exponent
 * when x has a dimension, functions follow their table rule. Unknown names are reported with
 * their spans, all of them at once.
 */
import { makeDiagnostic, type Diagnostic } from '../diagnostics';
import {
  DIMENSIONLESS,
  formatDimension,
  divideDimensions,
  isDimensionless,
  multiplyDimensions,
  powerDimension,
  sameDimension,
  type Dimension,
} from '../units';
import type { Expr } from './ast';
import { applyDimensionRule, lookupConstant, lookupFunction } from './functions';

/** The value type of an expression. */
export type ValueType = 'float' | 'integer' | 'boolean';

/** What inference knows about a name. */
export interface SymbolInfo {
  readonly dim: Dimension;
  readonly type: ValueType;
  /** A compile-time value (external constants), used for `**` exponents. */
  readonly constant?: number;
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
        diagnostics.push(makeDiagnostic('SF3002', { name: node.name, context }, node.span));
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
          case '//':
            if (node.op !== '//' && !sameDimension(left.dim, right.dim)) {
              diagnostics.push(makeDiagnostic('SF1002', { context: `${context} (operator "${node.op}")`, ...mismatch(left.dim, right.dim) }, node.span));
              return undefined;
            }
            if (node.op === '//') return { dim: divideDimensions(left.dim, right.dim), type: numericType };
            return { dim: left.dim, type: numericType };
          case '*':
            return { dim: multiplyDimensions(left.dim, right.dim), type: numericType };
          case '/':
            return { dim: divideDimensions(left.dim, right.dim), type: 'float' };
          case '**': {
            if (!isDimensionless(right.dim)) {
              diagnostics.push(makeDiagnostic('SF1002', { context: `${context} (exponent of "**")`, ...mismatch(right.dim, DIMENSIONLESS) }, node.right.span));
              return undefined;
            }
            if (isDimensionless(left.dim)) return { dim: DIMENSIONLESS, type: 'float' };
            const exponent = constantValue(node.right, lookup);
            if (exponent === undefined) {
              diagnostics.push(makeDiagnostic('SF1005', { expected: 'a constant exponent', name: '**', actual: 'an expression that changes (the base has units)' }, node.right.span));
              return undefined;
            }
            return { dim: powerDimension(left.dim, exponent), type: 'float' };
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
            diagnostics.push(makeDiagnostic('SF1002', { context: `${context} (comparison)`, ...mismatch(a.dim, b.dim) }, node.span));
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
        const info = lookupFunction(node.callee.name);
        if (info === undefined) {
          diagnostics.push(makeDiagnostic('SF2003', { name: node.callee.name }, node.callee.span));
          return undefined;
        }
        if (node.args.length !== info.arity) {
          diagnostics.push(makeDiagnostic('SF2004', { name: info.name, expected: info.arity, actual: node.args.length }, node.span));
          return undefined;
        }
        const args = node.args.map(visit);
        if (args.some((a) => a === undefined)) return undefined;
        const first = args[0];
        if ((info.rule === 'dimensionless' || info.rule === 'int') && first !== undefined && !isDimensionless(first.dim)) {
          diagnostics.push(makeDiagnostic('SF1002', { context: `the argument of ${info.name}()`, ...mismatch(first.dim, DIMENSIONLESS) }, node.args[0]?.span ?? node.span, [`${info.name}() needs a dimensionless argument`]));
          return undefined;
        }
        if (info.name === 'clip' && first !== undefined) {
          for (let k = 1; k < 3; k++) {
            const bound = args[k] as Inferred; // arity checked above
            if (!sameDimension(bound.dim, first.dim)) {
              diagnostics.push(makeDiagnostic('SF1002', { context: 'the bounds of clip()', ...mismatch(first.dim, bound.dim) }, node.args[k]?.span ?? node.span));
              return undefined;
            }
          }
        }
        return { dim: applyDimensionRule(info.rule, first?.dim), type: info.resultType === 'integer' ? 'integer' : 'float' };
      }
      case 'string':
      case 'list':
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
