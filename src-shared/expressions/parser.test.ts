import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Expr } from './ast';
import { parseExpression } from './parser';

/** Prints an AST fully parenthesised, to check precedence and associativity. */
function show(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return expr.text;
    case 'bool':
      return String(expr.value);
    case 'name':
      return expr.name;
    case 'unary':
      return `(${expr.op === 'not' ? 'not ' : expr.op}${show(expr.operand)})`;
    case 'binary':
      return `(${show(expr.left)} ${expr.op} ${show(expr.right)})`;
    case 'boolop':
      return `(${show(expr.left)} ${expr.op} ${show(expr.right)})`;
    case 'compare':
      return `(${expr.operands.map(show).reduce((acc, s, k) => `${acc} ${expr.ops[k - 1] ?? ''} ${s}`)})`;
    case 'call':
      return `${show(expr.callee)}(${expr.args.map(show).join(', ')})`;
    default:
      return expr.kind;
  }
}

function parsed(text: string): string {
  const result = parseExpression(text);
  expect(result.diagnostics).toEqual([]);
  return show(result.expr as Expr);
}

describe('parseExpression', () => {
  it('follows Python precedence for arithmetic', () => {
    expect(parsed('a + b * c')).toBe('(a + (b * c))');
    expect(parsed('(-v + I) / tau')).toBe('(((-v) + I) / tau)');
    expect(parsed('a - b - c')).toBe('((a - b) - c)');
    expect(parsed('a // b % c')).toBe('((a // b) % c)');
  });

  it('makes ** right-associative and tighter than unary minus on its left', () => {
    expect(parsed('-x**2')).toBe('(-(x ** 2))');
    expect(parsed('2**3**2')).toBe('(2 ** (3 ** 2))');
    expect(parsed('2**-1')).toBe('(2 ** (-1))');
  });

  it('parses chained comparisons and boolean logic', () => {
    expect(parsed('a < b <= c')).toBe('(a < b <= c)');
    expect(parsed('not a and b or c')).toBe('(((not a) and b) or c)');
    expect(parsed('v > 10*mV')).toBe('(v > (10 * mV))');
  });

  it('reads int and float literals including exponents', () => {
    const expr = parseExpression('1e-3').expr;
    expect(expr).toMatchObject({ kind: 'number', value: 0.001, isInteger: false });
    expect(parseExpression('42').expr).toMatchObject({ kind: 'number', value: 42, isInteger: true });
    expect(parseExpression('.5').expr).toMatchObject({ kind: 'number', value: 0.5 });
    expect(parseExpression('True').expr).toMatchObject({ kind: 'bool', value: true });
  });

  it('parses function calls', () => {
    expect(parsed('clip(v, 0, 1) + exp(-t/tau)')).toBe('(clip(v, 0, 1) + exp(((-t) / tau)))');
  });

  it('gives every node the span of its text', () => {
    const text = 'x + foo(y)';
    const expr = parseExpression(text, { offset: 10 }).expr;
    expect(expr?.span).toEqual({ start: 10, end: 20 });
    if (expr?.kind !== 'binary') throw new Error('expected binary');
    expect(expr.right.span).toEqual({ start: 14, end: 20 });
  });

  it('reports a syntax error at the offending token', () => {
    const text = 'v + * 2';
    const result = parseExpression(text);
    expect(result.expr).toBeUndefined();
    expect(result.diagnostics[0]).toMatchObject({ code: 'SF2002' });
    const span = result.diagnostics[0]?.span;
    expect(text.slice(span?.start, span?.end)).toBe('*');
  });

  it('reports unbalanced parentheses', () => {
    const result = parseExpression('(v + 1');
    expect(result.diagnostics[0]?.message).toContain('")"');
  });

  it('rejects bitwise operators with a hint', () => {
    const result = parseExpression('a & b');
    expect(result.diagnostics[0]).toMatchObject({ code: 'SF2007' });
    expect(result.diagnostics[0]?.message).toContain('and');
  });

  it('rejects strings and lists in model expressions but accepts them in python mode', () => {
    expect(parseExpression("'abc'").diagnostics[0]).toMatchObject({ code: 'SF2007' });
    expect(parseExpression("f('abc', [1, 2], k=3)", { mode: 'python' }).diagnostics).toEqual([]);
  });

  it('reports an unexpected character', () => {
    const result = parseExpression('v $ 2');
    expect(result.diagnostics[0]).toMatchObject({ code: 'SF2001', span: { start: 2, end: 3 } });
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.constantFrom<'model' | 'python'>('model', 'python'), (text, mode) => {
        const result = parseExpression(text, { mode });
        expect(result.expr !== undefined || result.diagnostics.length > 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
