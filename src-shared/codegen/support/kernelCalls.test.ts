/**
 * The expression printer calls the kernels: every built-in transcendental function of
 * BRIAN2_SEMANTICS.md §5 and `**` with other than small (half-)integer literal exponents print as
 * `_sf_<name>(…)`, record their support need, and the printed JS runs with `printMathKernels` of
 * those needs (C66 included).
 */
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../expressions';
import { printExpression, type PrintSymbol, type SupportNeed } from '../printExpression';
import { printMathKernels } from './mathKernels';

function print(text: string, target: 'cpp' | 'js'): { code: string; needs: Set<SupportNeed> } {
  const parsed = parseExpression(text);
  if (parsed.expr === undefined) throw new Error(`parse: ${text}`);
  const needs = new Set<SupportNeed>();
  const lookup = (name: string): PrintSymbol | undefined => (name === 'x' ? { code: 'x', type: 'float' } : name === 'k' ? { code: 'k', type: 'integer' } : undefined);
  const printed = printExpression(parsed.expr, lookup, target, { needs });
  expect(printed.diagnostics).toEqual([]);
  return { code: printed.code, needs };
}

/** Prints `text` for JS and runs it with the kernels it needs. */
function run(text: string, x = 0, k = 0): number {
  const { code, needs } = print(text, 'js');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the printed code with its support, as the JS tier does
  return (new Function('x', 'k', `"use strict";\n${printMathKernels(needs, 'js')}\nreturn ${code};`) as (x: number, k: number) => number)(x, k);
}

describe('kernel calls in printed expressions', () => {
  it('each transcendental built-in prints as its kernel and records the need', () => {
    for (const name of ['sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'log10', 'arcsin', 'arccos', 'arctan', 'expm1', 'log1p', 'exprel']) {
      for (const target of ['cpp', 'js'] as const) {
        const { code, needs } = print(`${name}(x)`, target);
        expect(code).toBe(`_sf_${name}(x)`);
        expect([...needs]).toEqual([name]);
      }
    }
  });

  it('** keeps small integer and half-integer literal exponents, else calls pow', () => {
    expect(print('x**3', 'js')).toEqual({ code: '(x * x * x)', needs: new Set() });
    expect(print('x**-0.5', 'cpp').code).toBe('(1.0 / __builtin_sqrt(x))');
    for (const text of ['x**0.3', 'x**k', 'x**(1/3)', 'x**20', 'k**x']) {
      const { code, needs } = print(text, 'cpp');
      expect(code, text).toMatch(/^_sf_pow\(/);
      expect([...needs]).toEqual(['pow']);
    }
    expect(run('x**0.5', 2)).toBe(Math.SQRT2);
    expect(run('x**k', 3, 20)).toBe(3486784401);
    expect(run('k**x', 0.5, -2)).toBeNaN(); // C pow: negative base, non-integer exponent
    expect(run('k**x', 3, -2)).toBe(-8);
    expect(run('x**(1/3)', 27)).toBe(3);
  });

  it('C66 through the printer: exprel(0) = 1, exprel(1e-20) = 1, exprel(800) = +∞', () => {
    expect(run('exprel(0)')).toBe(1);
    expect(run('exprel(1e-20)')).toBe(1);
    expect(run('exprel(800)')).toBe(Infinity);
    expect(run('exprel(x)', 1)).toBe(1.7182818284590453); // e − 1 correctly rounded (Math.E − 1 is 0.65 ulp off)
    expect(run('exprel(x)', -800)).toBe(1 / 800);
  });

  it('printed calls evaluate close to the true values', () => {
    expect(run('sin(x)**2 + cos(x)**2', 0.7)).toBeCloseTo(1, 15);
    expect(run('arctan(tan(x))', 1.2)).toBeCloseTo(1.2, 15);
    expect(run('log10(x)', 1000)).toBe(3);
    expect(run('log1p(expm1(x))', 1e-10)).toBe(1e-10);
    expect(run('tanh(x) - sinh(x)/cosh(x)', 0.3)).toBeCloseTo(0, 15);
    expect(run('arcsin(x) + arccos(x)', 0.3)).toBeCloseTo(Math.PI / 2, 15);
  });
});
