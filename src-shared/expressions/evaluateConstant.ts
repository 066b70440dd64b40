/**
 * Evaluates constant expressions with units (`10*ms`, `(60*0.27/10)*mV`, `-50*mV`, `2**-1`) to
 * a Quantity: the value in SI base units plus its dimension. Used for external constants in the
 * TypeScript API and the Brian2 script reader. Names resolve to given constants, then units,
 * then pi/e/inf. Operators follow Python (`//` and `%` round toward −∞, `/` is true division),
 * comparisons and `and`/`or`/`not` give 1 or 0, and the deterministic built-ins (`exprel`,
 * `int`, `clip`, `timestep`, …) compute what both code tiers compute (BRIAN2_SEMANTICS.md §3, §5).
 * Dimension errors are diagnostics at the operator's or argument's span.
 */
import { abbreviate, makeDiagnostic, type Diagnostic } from '../diagnostics';
import { DIMENSIONLESS, divideDimensions, formatDimension, isDimensionless, lookupUnit, multiplyDimensions, powerDimension, sameDimension, type Dimension, type Quantity } from '../units';
import type { Expr } from './ast';
import { applyDimensionRule, evaluateBuiltin, lookupConstant, lookupFunction } from './functions';
import { parseExpression } from './parser';
import { printSource } from './printSource';

/** Resolves a name to a quantity, or undefined. */
export type ConstantLookup = (name: string) => Quantity | undefined;

/** Evaluates an already parsed constant expression. */
export function evaluateConstantExpr(expr: Expr, lookup: ConstantLookup = () => undefined): { value?: Quantity; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const q = (value: number, dim: Dimension): Quantity => ({ value, dim });
  const visit = (node: Expr): Quantity | undefined => {
    switch (node.kind) {
      case 'number':
        return q(node.value, DIMENSIONLESS);
      case 'bool':
        return q(node.value ? 1 : 0, DIMENSIONLESS);
      case 'name': {
        const known = lookup(node.name);
        if (known !== undefined) return known;
        const unit = lookupUnit(node.name);
        if (unit !== undefined) return q(unit.value, unit.dim);
        const constant = lookupConstant(node.name);
        if (constant !== undefined) return q(constant, DIMENSIONLESS);
        diagnostics.push(makeDiagnostic('SF3002', { name: abbreviate(node.name, 40), context: 'a constant expression' }, node.span));
        return undefined;
      }
      case 'unary': {
        const operand = visit(node.operand);
        if (operand === undefined) return undefined;
        if (node.op === 'not') return q(operand.value === 0 ? 1 : 0, DIMENSIONLESS);
        return node.op === '-' ? q(-operand.value, operand.dim) : operand;
      }
      case 'binary': {
        const a = visit(node.left);
        const b = visit(node.right);
        if (a === undefined || b === undefined) return undefined;
        switch (node.op) {
          case '+':
          case '-':
          case '%':
            if (!sameDimension(a.dim, b.dim)) {
              diagnostics.push(makeDiagnostic('SF1002', { context: `"${node.op}"`, left: formatDimension(a.dim), right: formatDimension(b.dim) }, node.span));
              return undefined;
            }
            if (node.op === '%') return q(a.value - b.value * Math.floor(a.value / b.value), a.dim);
            return q(node.op === '+' ? a.value + b.value : a.value - b.value, a.dim);
          case '*':
            return q(a.value * b.value, multiplyDimensions(a.dim, b.dim));
          case '/':
            return q(a.value / b.value, divideDimensions(a.dim, b.dim));
          case '//':
            return q(Math.floor(a.value / b.value), divideDimensions(a.dim, b.dim));
          case '**':
            if (!isDimensionless(b.dim)) {
              diagnostics.push(makeDiagnostic('SF1002', { context: 'the exponent of "**"', left: formatDimension(b.dim), right: formatDimension(DIMENSIONLESS) }, node.right.span));
              return undefined;
            }
            return q(a.value ** b.value, powerDimension(a.dim, b.value));
        }
        return undefined;
      }
      case 'compare': {
        const values = node.operands.map(visit);
        let result = true;
        for (let k = 1; k < values.length; k++) {
          const a = values[k - 1];
          const b = values[k];
          if (a === undefined || b === undefined) return undefined;
          if (!sameDimension(a.dim, b.dim)) {
            diagnostics.push(makeDiagnostic('SF1002', { context: `the comparison "${node.ops[k - 1] ?? '?'}"`, left: formatDimension(a.dim), right: formatDimension(b.dim) }, node.operands[k]?.span ?? node.span));
            return undefined;
          }
          result &&= compare(node.ops[k - 1] ?? '==', a.value, b.value);
        }
        return q(result ? 1 : 0, DIMENSIONLESS);
      }
      case 'boolop': {
        const a = visit(node.left);
        const b = visit(node.right);
        if (a === undefined || b === undefined) return undefined;
        const truth = node.op === 'and' ? a.value !== 0 && b.value !== 0 : a.value !== 0 || b.value !== 0;
        return q(truth ? 1 : 0, DIMENSIONLESS);
      }
      case 'call':
        return evaluateCall(node);
      default:
        diagnostics.push(makeDiagnostic('SF2007', { text: node.kind, reason: 'a constant must be a number or a quantity such as 10*ms' }, node.span));
        return undefined;
    }
  };
  const evaluateCall = (node: Extract<Expr, { kind: 'call' }>): Quantity | undefined => {
    const name = node.callee.kind === 'name' ? node.callee.name : undefined;
    const info = name === undefined ? undefined : lookupFunction(name);
    if (name === undefined || info === undefined) {
      diagnostics.push(makeDiagnostic('SF2003', { name: abbreviate(name ?? printSource(node.callee), 40) }, node.callee.span));
      return undefined;
    }
    if (info.rule === 'random') {
      diagnostics.push(makeDiagnostic('SF2007', { text: `${name}()`, reason: 'a random number is not a constant' }, node.span));
      return undefined;
    }
    if (node.args.length !== info.arity || node.keywords.length > 0) {
      diagnostics.push(makeDiagnostic('SF2004', { name, expected: info.arity, actual: node.args.length + node.keywords.length }, node.span));
      return undefined;
    }
    const args: Quantity[] = [];
    for (const arg of node.args) {
      const value = visit(arg);
      if (value === undefined) return undefined;
      args.push(value);
    }
    const first = args[0];
    const required = info.rule === 'timestep' ? lookupUnit('second')?.dim : info.rule === 'dimensionless' || info.rule === 'int' ? DIMENSIONLESS : undefined;
    for (const [k, arg] of args.entries()) {
      const expected = required ?? (info.name === 'clip' ? first?.dim : undefined);
      if (expected !== undefined && !sameDimension(arg.dim, expected)) {
        diagnostics.push(makeDiagnostic('SF1002', { context: `argument ${k + 1} of ${name}()`, left: formatDimension(arg.dim), right: formatDimension(expected) }, node.args[k]?.span ?? node.span));
        return undefined;
      }
    }
    const value = evaluateBuiltin(name, args.map((a) => a.value));
    if (value === undefined) {
      diagnostics.push(makeDiagnostic('SF2007', { text: `${name}()`, reason: 'it has no constant value' }, node.span));
      return undefined;
    }
    return q(value, applyDimensionRule(info.rule, first?.dim));
  };
  const value = visit(expr);
  return value === undefined || diagnostics.length > 0 ? { diagnostics } : { value, diagnostics };
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '!=':
      return a !== b;
    default:
      return a === b;
  }
}

/** Parses and evaluates a constant expression given as text. */
export function evaluateConstant(text: string, lookup?: ConstantLookup, offset = 0): { value?: Quantity; diagnostics: Diagnostic[] } {
  const parsed = parseExpression(text, { offset, mode: 'model' });
  if (parsed.expr === undefined) return { diagnostics: parsed.diagnostics };
  return evaluateConstantExpr(parsed.expr, lookup);
}
