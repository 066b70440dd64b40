/**
 * CONFORMANCE.md section J (operators and functions), C63–C66, on the constant evaluator
 * (`evaluateConstant`) and on the JavaScript tier's printer (`printExpression` from codegen,
 * used read-only): the printed code runs with the helper functions of the real JS template.
 */
import { describe, expect, it } from 'vitest';
import networkTemplate from '../../templates/js/network.js.njk?raw';
import { printExpression, type PrintSymbol } from '../codegen';
import { evaluateConstant, inferDimensions, parseExpression, type ConstantLookup, type Expr, type SymbolLookup } from '../expressions';
import { DIMENSIONLESS, lookupUnit, sameDimension, type Quantity } from '../units';

function unit(name: string): Quantity {
  const entry = lookupUnit(name);
  if (entry === undefined) throw new Error(`no unit ${name}`);
  return { value: entry.value, dim: entry.dim };
}

/** The value of a constant expression (fails the test on diagnostics). */
function value(text: string, lookup?: ConstantLookup): Quantity {
  const result = evaluateConstant(text, lookup);
  expect(result.diagnostics, text).toEqual([]);
  if (result.value === undefined) throw new Error(`no value for ${text}`);
  return result.value;
}

/** The `_sf_…` helper functions of the JS tier, as the template defines them (brace-matched). */
function templateHelpers(template: string): string {
  const functions: string[] = [];
  for (let at = template.indexOf('function _sf_'); at >= 0; at = template.indexOf('function _sf_', at + 1)) {
    let depth = 0;
    let end = template.indexOf('{', at);
    for (; end < template.length; end++) {
      if (template[end] === '{') depth++;
      else if (template[end] === '}' && --depth === 0) break;
    }
    const source = template.slice(at, end + 1);
    // Skip anything with template syntax in it.
    if (!/\{\{|\{%|\{#/.test(source)) functions.push(source);
  }
  return functions.join('\n');
}
const HELPERS = templateHelpers(networkTemplate);

/** Prints `text` for the JS tier and runs it with `ivalue` (integer) and `fvalue` (float) bound. */
function runJs(text: string, ivalue = 0, fvalue = 0): number | boolean {
  const parsed = parseExpression(text);
  if (parsed.expr === undefined) throw new Error(`parse: ${text}`);
  const lookup = (name: string): PrintSymbol | undefined => {
    if (name === 'ivalue') return { code: 'ivalue', type: 'integer' };
    if (name === 'fvalue') return { code: 'fvalue', type: 'float' };
    const u = lookupUnit(name);
    return u === undefined ? undefined : { code: `(${String(u.value)})`, type: 'float' };
  };
  const printed = printExpression(parsed.expr, lookup, 'js');
  expect(printed.diagnostics, text).toEqual([]);
  // Generated code is what the JS tier evaluates; here it runs the same way, in a function.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const run = new Function('ivalue', 'fvalue', `"use strict";\n${HELPERS}\nreturn ${printed.code};`) as (i: number, f: number) => number | boolean;
  return run(ivalue, fvalue);
}

/** Python's `a // b` and `a % b` for integers, exactly (BigInt rounds toward zero; fix toward −∞). */
function pythonFloorDivMod(a: number, b: number): [number, number] {
  const A = BigInt(a);
  const B = BigInt(b);
  let q = A / B;
  if (q * B !== A && (A < 0n) !== (B < 0n)) q -= 1n;
  return [Number(q), Number(A - q * B)];
}

/** Integers have no signed zero: compare -0 and 0 as equal. */
const num = (x: number | boolean): number => Number(x) + 0;

const OPERANDS: [number, number][] = [];
for (const a of [-98 * 3 - 1, -99, -98, -97, -7, -1, 0, 1, 7, 97, 98, 99, 98 * 5 + 3]) for (const b of [-98, -3, -2, 2, 3, 98]) OPERANDS.push([a, b]);

describe('J. Operators and functions', () => {
  it('HELPERS come from the JS template', () => {
    expect(HELPERS).toContain('function _sf_mod(');
    expect(HELPERS).toContain('function _sf_timestep(');
  });

  it('C63 floor division rounds toward −∞ for ints and floats, positive and negative (−7 // 2 = −4, −7.0 // 2 = −4.0)', () => {
    expect(value('-7 // 2').value).toBe(-4);
    expect(value('-7.0 // 2').value).toBe(-4);
    expect(value('7 // -2').value).toBe(-4);
    expect(runJs('-7 // 2')).toBe(-4);
    expect(runJs('-7.0 // 2')).toBe(-4);
    for (const [a, b] of OPERANDS) {
      const [q] = pythonFloorDivMod(a, b);
      const constants: ConstantLookup = (name) => (name === 'ivalue' || name === 'fvalue' ? { value: a, dim: DIMENSIONLESS } : undefined);
      expect(num(value(`ivalue // ${b}`, constants).value), `${a} // ${b}`).toBe(q);
      expect(num(runJs(`ivalue // ${b}`, a)), `JS ${a} // ${b}`).toBe(q);
      expect(num(runJs(`fvalue // ${b}`, 0, a)), `JS ${a}.0 // ${b}`).toBe(num(Math.floor(a / b)));
      expect(num(runJs(`fvalue // ${b}`, 0, a + 0.5)), `JS ${a}.5 // ${b}`).toBe(num(Math.floor((a + 0.5) / b)));
    }
    // In model code both operands of // must be dimensionless (Brian2).
    const lookup: SymbolLookup = (name) => (name === 't' ? { dim: unit('second').dim, type: 'float' } : lookupUnit(name) === undefined ? undefined : { dim: unit(name).dim, type: 'float' });
    const text = 't // ms';
    const d = inferDimensions(parseExpression(text).expr as Expr, lookup, 'C63').diagnostics[0];
    expect(d).toMatchObject({ code: 'SF1002', span: { start: 0, end: 1 } });
  });

  it('C64 modulo takes the sign of the divisor for ints and floats (−7 % 3 = 2, 7 % −3 = −2)', () => {
    expect(value('-7 % 3').value).toBe(2);
    expect(value('7 % -3').value).toBe(-2);
    expect(value('-7.0 % 3').value).toBe(2);
    expect(value('7.5 % -3').value).toBe(-1.5);
    expect(runJs('-7 % 3')).toBe(2);
    expect(runJs('7 % -3')).toBe(-2);
    expect(runJs('-7.0 % 3')).toBe(2);
    for (const [a, b] of OPERANDS) {
      const [, r] = pythonFloorDivMod(a, b);
      const constants: ConstantLookup = (name) => (name === 'ivalue' ? { value: a, dim: DIMENSIONLESS } : undefined);
      expect(num(value(`ivalue % ${b}`, constants).value), `${a} % ${b}`).toBe(r);
      expect(num(runJs(`ivalue % ${b}`, a)), `JS ${a} % ${b}`).toBe(r);
      expect(num(runJs(`fvalue % ${b}`, 0, a)), `JS ${a}.0 % ${b}`).toBe(r);
    }
  });

  it('C65 true division: ivalue / 3 is a float in double precision (7 / 3 = 2.333…)', () => {
    expect(value('7 / 3').value).toBe(7 / 3);
    expect(runJs('ivalue / 3', 7)).toBe(7 / 3);
    expect(runJs('7 / 3')).toBe(7 / 3);
    const parsed = parseExpression('ivalue / 3').expr as Expr;
    expect(inferDimensions(parsed, () => ({ dim: DIMENSIONLESS, type: 'integer' }), 'C65').inferred?.type).toBe('float');
    expect(printExpression(parsed, () => ({ code: 'ivalue', type: 'integer' }), 'cpp').code).toContain('(double)');
  });

  describe('C66 built-ins', () => {
    it('C66 exprel(0) = 1, exprel(1e-20) = 1, exprel(800) = +∞', () => {
      expect(value('exprel(0)').value).toBe(1);
      expect(value('exprel(1e-20)').value).toBe(1);
      expect(value('exprel(800)').value).toBe(Infinity);
      expect(value('exprel(1)').value).toBeCloseTo(Math.E - 1, 15);
      expect(value('exprel(-800)').value).toBeCloseTo(1 / 800, 15);
    });

    it('C66 int(-2.7) = -2, int(True) = 1 (truncation toward 0, integer result)', () => {
      expect(value('int(-2.7)').value).toBe(-2);
      expect(value('int(2.7)').value).toBe(2);
      expect(value('int(True)').value).toBe(1);
      expect(runJs('int(-2.7)')).toBe(-2);
      expect(runJs('int(True)')).toBe(1);
      expect(inferDimensions(parseExpression('int(-2.7)').expr as Expr, () => undefined, 'C66').inferred?.type).toBe('integer');
    });

    it('C66 sign(-3*mV) = -1 (dimensionless), clip(5*mV, 0*mV, 3*mV) = 3 mV', () => {
      const sign = value('sign(-3*mV)');
      expect(sign).toEqual({ value: -1, dim: DIMENSIONLESS });
      expect(runJs('sign(-3*mV)')).toBe(-1);
      const clip = value('clip(5*mV, 0*mV, 3*mV)');
      expect(clip.value).toBe(3 * unit('mV').value);
      expect(sameDimension(clip.dim, unit('volt').dim)).toBe(true);
      expect(runJs('clip(5*mV, 0*mV, 3*mV)')).toBe(3 * unit('mV').value);
      const bad = evaluateConstant('clip(5*mV, 0, 3*mV)');
      expect(bad.diagnostics[0]).toMatchObject({ code: 'SF1002', span: { start: 11, end: 12 } });
    });

    it('C66 floor(2.5*mV) = 0 V and ceil(2.5*mV) = 1 V act on base units; floor(x/mV)*mV with x = 2.5 mV is 2 mV', () => {
      const volt = unit('volt');
      expect(value('floor(2.5*mV)')).toEqual({ value: 0, dim: volt.dim });
      expect(value('ceil(2.5*mV)')).toEqual({ value: 1, dim: volt.dim });
      const x: ConstantLookup = (name) => (name === 'x' ? { value: 2.5e-3, dim: volt.dim } : undefined);
      const result = value('floor(x/mV)*mV', x);
      expect(result.value).toBe(2 * unit('mV').value);
      expect(sameDimension(result.dim, volt.dim)).toBe(true);
      expect(runJs('floor(2.5*mV)')).toBe(0);
      expect(runJs('ceil(2.5*mV)')).toBe(1);
    });

    it('C66 timestep(0.3*ms, 0.1*ms) = 3 (no off-by-one from 0.3/0.1 = 2.9999…)', () => {
      expect(0.3e-3 / 0.1e-3).toBeLessThan(3);
      expect(value('timestep(0.3*ms, 0.1*ms)').value).toBe(3);
      expect(runJs('timestep(0.3*ms, 0.1*ms)')).toBe(3);
      const lookup: SymbolLookup = (name) => (lookupUnit(name) === undefined ? undefined : { dim: unit(name).dim, type: 'float', constant: unit(name).value });
      expect(inferDimensions(parseExpression('timestep(0.3*ms, 0.1*ms)').expr as Expr, lookup, 'C66').inferred).toMatchObject({ type: 'integer', dim: DIMENSIONLESS });
      // Times in, so a plain number is a dimension error on that argument.
      const text = 'timestep(0.3, 0.1*ms)';
      expect(inferDimensions(parseExpression(text).expr as Expr, lookup, 'C66').diagnostics[0]).toMatchObject({ code: 'SF1002', span: { start: 9, end: 12 } });
    });

    it('C66 a random number is not a constant; a dimensioned argument of exp is an error at the argument', () => {
      expect(evaluateConstant('rand()').diagnostics[0]).toMatchObject({ code: 'SF2007', span: { start: 0, end: 6 } });
      expect(evaluateConstant('exp(1*mV)').diagnostics[0]).toMatchObject({ code: 'SF1002', span: { start: 4, end: 8 } });
    });
  });
});
