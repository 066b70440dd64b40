/**
 * Prints abstract code as Brian-style text (`_v = v + dt*(-v/tau)`), with only the parentheses
 * precedence needs. Used by the golden files of the integrators and by code views: the text is
 * what a reviewer compares with Brian's generated statements.
 */
import type { Expr, Statement } from '../expressions';

const PRECEDENCE: Readonly<Record<string, number>> = { or: 1, and: 2, not: 3, compare: 4, '+': 5, '-': 5, '*': 6, '/': 6, '//': 6, '%': 6, unary: 7, '**': 8 };

function formatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  return String(value);
}

/** An expression as model text. */
export function formatExpr(expr: Expr): string {
  const visit = (e: Expr, parent: number, rightOperand = false): string => {
    const wrap = (text: string, own: number): string => (own < parent || (rightOperand && own === parent) ? `(${text})` : text);
    switch (e.kind) {
      case 'number':
        return e.value < 0 ? wrap(formatNumber(e.value), PRECEDENCE.unary ?? 7) : formatNumber(e.value);
      case 'bool':
        return e.value ? 'True' : 'False';
      case 'name':
        return e.name;
      case 'unary': {
        const own = e.op === 'not' ? (PRECEDENCE.not ?? 3) : (PRECEDENCE.unary ?? 7);
        const operand = visit(e.operand, own);
        return wrap(e.op === 'not' ? `not ${operand}` : `${e.op}${operand}`, own);
      }
      case 'binary': {
        const own = PRECEDENCE[e.op] ?? 5;
        // ** is right-associative: its left operand needs parentheses at equal precedence.
        const left = e.op === '**' ? visit(e.left, own + 1) : visit(e.left, own);
        const right = e.op === '**' ? visit(e.right, own) : visit(e.right, own, true);
        return wrap(e.op === '**' || e.op === '*' || e.op === '/' ? `${left}${e.op}${right}` : `${left} ${e.op} ${right}`, own);
      }
      case 'compare': {
        const own = PRECEDENCE.compare ?? 4;
        const parts = e.operands.map((o) => visit(o, own + 1));
        return wrap(parts.map((p, k) => (k === 0 ? p : `${e.ops[k - 1] ?? '?'} ${p}`)).join(' '), own);
      }
      case 'boolop': {
        const own = PRECEDENCE[e.op] ?? 1;
        return wrap(`${visit(e.left, own)} ${e.op} ${visit(e.right, own, true)}`, own);
      }
      case 'call':
        return `${e.callee.kind === 'name' ? e.callee.name : '?'}(${e.args.map((a) => visit(a, 0)).join(', ')})`;
      default:
        return `<${e.kind}>`;
    }
  };
  return visit(expr, 0);
}

/** Statements as lines of model text. */
export function formatStatements(statements: readonly Statement[]): string {
  return statements.map((s) => `${s.target} ${s.op} ${formatExpr(s.expr)}`).join('\n');
}
