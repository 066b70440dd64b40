/**
 * CONFORMANCE.md section C (units), C12–C17: dimension inference (`inferDimensions`), function
 * arguments, literals, base units after the colon, conversion and display, arguments with units.
 * A rejection asserts the diagnostic code and that its span covers the offending text.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics';
import { checkEquations, makeGroupLookup, parseEquations, type ExternalConstant } from '../equations';
import { inferDimensions, parseExpression, type Inferred, type SymbolLookup } from '../expressions';
import { checkAbstractCode, parseAbstractCode } from '../model';
import { readScript } from '../script';
import { bestUnitFor, DIMENSIONLESS, lookupUnit, makeDimension, powerDimension, quantityInUnit, sameDimension, type Dimension } from '../units';

function unit(name: string): { value: number; dim: Dimension } {
  const entry = lookupUnit(name);
  if (entry === undefined) throw new Error(`no unit ${name}`);
  return { value: entry.value, dim: entry.dim };
}

const VOLT = unit('volt').dim;
/** No dimension at all: matches nothing (for results that are missing). */
const NO_DIM: Dimension = [NaN, NaN, NaN, NaN, NaN, NaN, NaN];
const AMP = unit('amp').dim;

/** The diagnostic with `code` whose span covers `offending` (its last occurrence when `last`). */
function expectRejected(text: string, diagnostics: readonly Diagnostic[], code: string, offending: string, last = false): Diagnostic {
  const at = last ? text.lastIndexOf(offending) : text.indexOf(offending);
  expect(at, `"${offending}" is in the text`).toBeGreaterThanOrEqual(0);
  const withCode = diagnostics.filter((d) => d.code === code);
  expect(withCode.map((d) => d.code), `${code} among ${diagnostics.map((d) => `${d.code} ${d.message}`).join(' | ')}`).not.toEqual([]);
  const covering = withCode.find((d) => d.span !== undefined && d.span.start <= at && d.span.end >= at + offending.length);
  expect(covering, `a ${code} span covers "${offending}" (spans: ${withCode.map((d) => JSON.stringify(d.span)).join(', ')})`).toBeDefined();
  return covering as Diagnostic;
}

/** Names resolve to the given variables, then to units (always visible in model code, §8). */
function lookupWith(variables: Readonly<Record<string, Dimension>>): SymbolLookup {
  return (name) => {
    const dim = variables[name];
    if (dim !== undefined) return { dim, type: 'float' };
    const u = lookupUnit(name);
    return u === undefined ? undefined : { dim: u.dim, type: 'float', constant: u.value };
  };
}

/** Parses and infers; diagnostics of both steps. */
function infer(text: string, lookup: SymbolLookup): { inferred?: Inferred; diagnostics: Diagnostic[] } {
  const parsed = parseExpression(text);
  if (parsed.expr === undefined) return { diagnostics: parsed.diagnostics };
  return inferDimensions(parsed.expr, lookup, `"${text}"`);
}

/** A namespace with the units a model text uses (what checkModel adds for a group). */
function withUnits(names: readonly string[], constants: Readonly<Record<string, ExternalConstant>> = {}): Record<string, ExternalConstant> {
  return { ...Object.fromEntries(names.map((n) => [n, unit(n)])), ...constants };
}

function check(text: string, namespace: Readonly<Record<string, ExternalConstant>> = {}): Diagnostic[] {
  const parsed = parseEquations(text);
  return [...parsed.diagnostics, ...checkEquations(parsed.equations, namespace, 'G')];
}

describe('C. Units', () => {
  describe('C12 dimension inference (a in V·A, b in V, c in A)', () => {
    const lookup = lookupWith({ a: makeDimension({ m: 2, kg: 1, s: -3 }), b: VOLT, c: AMP });
    const dimOf = (text: string): Dimension => {
      const result = infer(text, lookup);
      expect(result.diagnostics, text).toEqual([]);
      return result.inferred?.dim ?? NO_DIM;
    };
    const cases: readonly [string, Dimension, readonly string[]][] = [
      ['V·A', makeDimension({ m: 2, kg: 1, s: -3 }), ['a+b*c', 'a%(b*c)']],
      ['dimensionless', DIMENSIONLESS, ['a<b*c', 'a or b', 'not (a >= b*c)', 'a/(b*c)<1', 'a/(a-a)', 'a<mV*mA', '(a/a)**(a/a)', 'sin(b/b)']],
      ['V²', powerDimension(VOLT, 2), ['b**2']],
      ['V', VOLT, ['-b', 'rand()*b', 'ceil(b)', 'sqrt(randn()*b**2)']],
      ['V^0.5', powerDimension(VOLT, 0.5), ['sqrt(b)']],
    ];
    for (const [label, dim, expressions] of cases) {
      it(`C12 ${label}: ${expressions.join(', ')}`, () => {
        for (const text of expressions) expect(sameDimension(dimOf(text), dim), text).toBe(true);
      });
    }
    it('C12 comparisons and boolean operators are boolean', () => {
      for (const text of ['a<b*c', 'a or b', 'not (a >= b*c)']) expect(infer(text, lookup).inferred?.type, text).toBe('boolean');
    });

    it.each([
      ['a+b', 'SF1006', 'b'],
      ['a<b', 'SF1006', 'b'],
      ['a or b<c', 'SF1006', 'c'],
      ['sin(b)', 'SF1002', 'b'],
      ['sqrt(b) + b', 'SF1006', 'b'],
    ])('C12 dimension error: %s (%s)', (text, code, offending) => {
      const result = infer(text, lookup);
      expect(result.inferred).toBeUndefined();
      expectRejected(text, result.diagnostics, code, offending, true);
    });

    it.each([
      ['sqrt(b, b)', 'SF2004', 'sqrt(b, b)'],
      ['sqrt()', 'SF2004', 'sqrt()'],
      ['int(1, 2)', 'SF2004', 'int(1, 2)'],
      ['a**b', 'SF1005', 'b'],
      ['a << b', 'SF2007', '<<'],
    ])('C12 syntax error: %s (%s)', (text, code, offending) => {
      const result = infer(text, lookup);
      expect(result.inferred).toBeUndefined();
      expectRejected(text, result.diagnostics, code, offending, true);
    });

    it('C12 syntax error: int(True (the missing ")" is reported at the end)', () => {
      const text = 'int(True';
      const [d, ...rest] = infer(text, lookup).diagnostics;
      expect(rest).toEqual([]);
      expect(d).toMatchObject({ code: 'SF2002', span: { start: text.length, end: text.length } });
      expect(d?.message).toContain('")"');
    });
  });

  describe('C13 function arguments (b in V)', () => {
    const lookup = lookupWith({ b: VOLT });
    it.each([
      ['3 + sin(5)', DIMENSIONLESS],
      ['b + clip(3*mV, 0*mV, 5*mV)', VOLT],
      ['sqrt(b**2) + sqrt(7*mV**2)', VOLT],
    ])('C13 accepted: %s', (text, dim) => {
      const result = infer(text, lookup);
      expect(result.diagnostics).toEqual([]);
      expect(sameDimension(result.inferred?.dim ?? NO_DIM, dim)).toBe(true);
    });
    it.each([
      ['sin(5*mV)', 'SF1002', '5*mV'],
      ['b + clip(3*mV, 0, 5)', 'SF1006', '0'],
      ['3*mV + sin(5)', 'SF1006', 'sin(5)'],
    ])('C13 rejected: %s', (text, code, offending) => {
      expectRejected(text, infer(text, lookup).diagnostics, code, offending, true);
    });
  });

  describe('C14 literals (v : volt): every diagnostic names the expression and both units', () => {
    const equations = parseEquations('v : volt\nw : 1').equations;
    const lookup = makeGroupLookup(equations, withUnits(['mV']));

    it('C14 threshold v > 0 is rejected, v > 0*mV accepted', () => {
      const text = 'v > 0';
      const parsed = parseExpression(text).expr;
      if (parsed === undefined) throw new Error('parse');
      const result = inferDimensions(parsed, lookup, `the threshold "${text}" of G`);
      const d = expectRejected(text, result.diagnostics, 'SF1006', '0', true);
      expect(d.message).toBe('Inconsistent units in the threshold "v > 0" of G: v is volt but 0 is dimensionless.');
      const accepted = parseExpression('v > 0*mV').expr;
      if (accepted === undefined) throw new Error('parse');
      expect(inferDimensions(accepted, lookup, 'the threshold of G').inferred?.type).toBe('boolean');
    });

    // BRIAN2_SEMANTICS.md §9: no zero-has-any-unit rule in model strings.
    it('C14 reset v = 0 is rejected', () => {
      const text = 'v = 0';
      const parsed = parseAbstractCode(text);
      const { diagnostics } = checkAbstractCode(parsed.statements, lookup, () => undefined, 'the reset of G');
      const d = expectRejected(text, diagnostics, 'SF1002', '0', true);
      expect(d.message).toMatch(/volt[\s\S]*dimensionless/);
    });

    it('C14 dv/dt = -v : volt is rejected (RHS in V, expected V/s)', () => {
      const text = 'dv/dt = -v : volt';
      const d = expectRejected(text, check(text), 'SF1002', '-v');
      expect(d.message).toContain(`'${text}'`);
      expect(d.message).toContain('V/s');
      expect(d.message).toContain('volt');
    });

    it('C14 I = 2*nA : volt is rejected', () => {
      const text = 'I = 2*nA : volt';
      const d = expectRejected(text, check(text, withUnits(['nA'])), 'SF1002', '2*nA');
      expect(d.message).toContain(`'${text}'`);
      expect(d.message).toMatch(/volt[\s\S]*amp/);
    });

    it('C14 exp(v) is rejected, naming the function, the argument number and the units', () => {
      const text = 'x = exp(v) : 1\nv : volt';
      const d = expectRejected(text, check(text), 'SF1002', 'v');
      expect(d.message).toContain('argument 1 of exp()');
      expect(d.message).toMatch(/volt[\s\S]*dimensionless/);
    });

    it("C14 on_pre='v += w' with w : 1 is rejected", () => {
      const text = 'v += w';
      const parsed = parseAbstractCode(text);
      const { diagnostics } = checkAbstractCode(parsed.statements, lookup, () => undefined, 'on_pre of S');
      const d = expectRejected(text, diagnostics, 'SF1002', 'w');
      expect(d.message).toMatch(/volt[\s\S]*dimensionless/);
    });

    it('C14 + xi in a ": 1" equation with a 1/s drift is rejected, naming both terms and units', () => {
      const text = 'dv/dt = -v/tau + xi : 1';
      const d = expectRejected(text, check(text, { tau: unit('ms') }), 'SF1006', 'xi');
      expect(d.message).toBe(`Inconsistent units in '${text}': -v/tau is hertz but xi is s^-0.5.`);
    });
  });

  it('C15 base units after the colon: v : mV rejected with a hint to use volt; mM and siemens/meter**2 accepted', () => {
    const text = 'v : mV';
    const d = expectRejected(text, parseEquations(text).diagnostics, 'SF1003', 'mV');
    expect(d.message).toContain('"volt"');
    expect(parseEquations('x : mM').diagnostics).toEqual([]);
    const density = parseEquations('x : siemens/meter**2');
    expect(density.diagnostics).toEqual([]);
    expect(sameDimension(density.equations.definitions[0]?.dim ?? NO_DIM, makeDimension({ m: -4, kg: -1, s: 3, A: 2 }))).toBe(true);
  });

  it('C16 conversion and display: 3 V is 3000 mV, 10 mV is 0.01 ohm·A, 10 nS in ohm is an error, [1, 2, 3] ms shows in ms', () => {
    expect(quantityInUnit({ value: 3, dim: VOLT }, unit('mV'))).toMatchObject({ ok: true, value: 3000 });
    const ohmAmp = { value: 1, dim: makeDimension({ m: 2, kg: 1, s: -3, A: -1 }) };
    const converted = quantityInUnit({ value: 0.01, dim: VOLT }, ohmAmp);
    expect(converted.ok && Math.abs(converted.value - 0.01) < 1e-15).toBe(true);
    const wrong = quantityInUnit({ value: 10e-9, dim: unit('nS').dim }, unit('ohm'), { start: 0, end: 5 });
    expect(wrong.ok).toBe(false);
    expect(wrong.diagnostics[0]).toMatchObject({ code: 'SF1002', span: { start: 0, end: 5 } });
    expect(bestUnitFor(unit('second').dim, [0.001, 0.002, 0.003]).symbol).toBe('ms');
  });

  it('C17 arguments with units: a group dt of a plain 0.5 is rejected', () => {
    const text = "from brian2 import *\nG = NeuronGroup(1, 'dv/dt = -v/(10*ms) : 1', dt=0.5)\nrun(1*ms)\n";
    const { diagnostics, ir } = readScript(text);
    expect(ir).toBeUndefined();
    const d = expectRejected(text, diagnostics, 'SF4004', '0.5');
    expect(d.message).toContain('0.5');
    expect(readScript(text.replace('dt=0.5', 'dt=0.1*ms')).diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  });
});
