/**
 * Evaluates constant expressions with units (`10*ms`, `(60*0.27/10)*mV`, `-50*mV`, `2**-1`) to
 * a Quantity: the value in SI base units plus its dimension. Used for external constants in the
 * TypeScript API and the Brian2 script reader. Names resolve to given constants, then units,
 * then pi/e/inf. Dimension errors are diagnostics at the operator's span.
 */
import { makeDiagnostic, type Diagnostic } from '../diagnostics';
import { DIMENSIONLESS, divideDimensions, formatDimension, isDimensionless, lookupUnit, multiplyDimensions, powerDimension, sameDimension, type Dimension, type Quantity } from '../units';
import type { Expr } from './ast';
import { lookupConstant } from './functions';
import { parseExpression } from './parser';

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
        diagnostics.push(makeDiagnostic('SF3002', { name: node.name, context: 'a constant expression' }, node.span));
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
      default:
        diagnostics.push(makeDiagnostic('SF2007', { text: node.kind, reason: 'a constant must be a number or a quantity such as 10*ms' }, node.span));
        return undefined;
    }
  };
  const value = visit(expr);
  return value === undefined || diagnostics.length > 0 ? { diagnostics } : { value, diagnostics };
}

/** Parses and evaluates a constant expression given as text. */
export function evaluateConstant(text: string, lookup?: ConstantLookup, offset = 0): { value?: Quantity; diagnostics: Diagnostic[] } {
  const parsed = parseExpression(text, { offset, mode: 'model' });
  if (parsed.expr === undefined) return { diagnostics: parsed.diagnostics };
  return evaluateConstantExpr(parsed.expr, lookup);
}
