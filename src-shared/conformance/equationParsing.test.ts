/**
 * CONFORMANCE.md section B (equation parsing), C8–C11, against `parseEquations`,
 * `checkEquations` and `substituteEquations`. A rejection asserts the diagnostic code and that its
 * span covers the offending text.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics';
import { checkEquations, parseEquations, printEquations, substituteEquations, type EquationDef, type ExternalConstant } from '../equations';
import { evaluateConstant, inferDimensions, parseExpression, type Expr, type SymbolLookup } from '../expressions';
import { DIMENSIONLESS, lookupUnit, sameDimension, type Dimension } from '../units';

function unit(name: string): { value: number; dim: Dimension } {
  const entry = lookupUnit(name);
  if (entry === undefined) throw new Error(`no unit ${name}`);
  return { value: entry.value, dim: entry.dim };
}

/** The diagnostic with `code` whose span covers `offending` (its first occurrence at or after `from`). */
function expectRejected(text: string, diagnostics: readonly Diagnostic[], code: string, offending: string, from = 0): Diagnostic {
  const at = text.indexOf(offending, from);
  expect(at, `"${offending}" is in the text`).toBeGreaterThanOrEqual(0);
  const withCode = diagnostics.filter((d) => d.code === code);
  expect(withCode.map((d) => d.code), `${code} among ${diagnostics.map((d) => `${d.code} ${d.message}`).join(' | ')}`).not.toEqual([]);
  const covering = withCode.find((d) => d.span !== undefined && d.span.start <= at && d.span.end >= at + offending.length);
  expect(covering, `a ${code} span covers "${offending}" (spans: ${withCode.map((d) => JSON.stringify(d.span)).join(', ')})`).toBeDefined();
  return covering as Diagnostic;
}

/** Parse, then check against a namespace holding the given units and constants. */
function parseAndCheck(text: string, namespace: Readonly<Record<string, ExternalConstant>> = {}): Diagnostic[] {
  const parsed = parseEquations(text);
  return [...parsed.diagnostics, ...checkEquations(parsed.equations, namespace, 'G')];
}

/** An AST without spans and source offsets, for structural comparison. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !['span', 'nameSpan', 'unitSpan', 'contentStart'].includes(k)).map(([k, v]) => [k, strip(v)]));
}

function byName(definitions: readonly EquationDef[], name: string): EquationDef {
  const def = definitions.find((d) => d.name === name);
  if (def === undefined) throw new Error(`no definition of ${name}`);
  return def;
}

describe('B. Equation parsing', () => {
  it('C8 six equations: kinds, types, units and flags', () => {
    const text = `dv/dt = -(v + ge +   # a comment
         I)/tau : volt
dge/dt = -ge/tau_ge : volt
I = sin(2*pi*f*t) : volt
f : Hz (constant)
b : boolean
n : integer
`;
    const { equations, diagnostics } = parseEquations(text);
    expect(diagnostics).toEqual([]);
    const defs = equations.definitions;
    expect(defs.map((d) => [d.name, d.kind])).toEqual([
      ['v', 'differential'],
      ['ge', 'differential'],
      ['I', 'subexpression'],
      ['f', 'parameter'],
      ['b', 'parameter'],
      ['n', 'parameter'],
    ]);
    expect(['f', 'b', 'n'].map((n) => byName(defs, n).type)).toEqual(['float', 'boolean', 'integer']);
    for (const [name, u] of [['v', 'volt'], ['ge', 'volt'], ['I', 'volt'], ['f', 'Hz']] as const) {
      expect(sameDimension(byName(defs, name).dim, unit(u).dim), `${name} in ${u}`).toBe(true);
    }
    expect(byName(defs, 'f').flags.map((f) => f.name)).toEqual(['constant']);
    expect(defs.filter((d) => d.name !== 'f').every((d) => d.flags.length === 0)).toBe(true);
    // The comment inside the continued expression is gone; the expression spans both lines.
    const v = byName(defs, 'v');
    expect(text.slice(v.expr?.span.start, v.expr?.span.end)).toBe('-(v + ge +   # a comment\n         I)/tau');
    expect(v.source).toBe('dv/dt = -(v + ge + I)/tau : volt');
    // Units are checked later: only then does the I line fail (sin(…) is dimensionless, I is a volt).
    const diagnostics2 = checkEquations(equations, { tau: unit('ms'), tau_ge: unit('ms') }, 'G');
    expect(diagnostics2.map((d) => d.code)).toEqual(['SF1002']);
    expectRejected(text, diagnostics2, 'SF1002', 'sin(2*pi*f*t)');
  });

  describe('C9 rejected at parse', () => {
    it('C9 a definition without the colon before its unit', () => {
      const text = 'dv/dt = -v / tau volt';
      const { diagnostics } = parseEquations(text);
      const d = expectRejected(text, diagnostics, 'SF2002', 'volt');
      expect(d.notes?.join(' ')).toContain('":"');
    });

    it.each([
      ['volt second', 'SF1004', 'second'],
      ['mvolt', 'SF1003', 'mvolt'],
      ['voltage', 'SF1001', 'voltage'],
      ['1.0*volt', 'SF1004', '1.0*volt'],
      ['2 * volt', 'SF1004', '2 * volt'],
    ])('C9 the unit "%s" (%s)', (unitText, code, offending) => {
      const text = `x : ${unitText}`;
      const { diagnostics } = parseEquations(text);
      expectRejected(text, diagnostics, code, offending, 2);
    });

    it('C9 a differential equation of type boolean (or integer)', () => {
      for (const type of ['boolean', 'integer']) {
        const text = `dv/dt = v / second : ${type}`;
        const d = expectRejected(text, parseEquations(text).diagnostics, 'SF3008', type);
        expect(d.message).toContain('"v"');
      }
    });

    it('C9 a variable defined twice (differential and subexpression)', () => {
      const text = 'dv/dt = -v/tau : volt\nv = 2*t/second*volt : volt';
      expectRejected(text, parseEquations(text).diagnostics, 'SF3003', 'v', text.indexOf('\n'));
    });

    it.each([
      ['ddt/dt = -dt / tau : volt', 'dt', 'time step'],
      ['dt/dt = -t / tau : volt', 't', 'current time'],
      ['dxi/dt = -xi / tau : volt', 'xi', 'white noise'],
      ['for : volt', 'for', 'keyword'],
      ['d_x/dt = -_x / tau : volt', '_x', 'reserved for internal use'],
    ])('C9 the name in "%s"', (text, name, reason) => {
      const d = expectRejected(text, parseEquations(text).diagnostics, 'SF3004', name, name === 'for' ? 0 : 1);
      expect(d.span?.end).toBe((d.span?.start ?? 0) + name.length);
      expect(d.message).toContain(reason);
    });

    it('C9 x : bool, with a message that says to write boolean', () => {
      const text = 'x : bool';
      const d = expectRejected(text, parseEquations(text).diagnostics, 'SF1004', 'bool');
      expect(d.message).toContain('"boolean"');
    });

    it('C9 x : volt (unless refractory): a flag a parameter cannot have', () => {
      // Brian2 checks flags when the group is created (the allowed flags depend on the group type).
      const text = 'x : volt (unless refractory)';
      const d = expectRejected(text, parseAndCheck(text), 'SF3005', 'unless refractory');
      expect(d.notes?.join(' ')).toContain('constant, shared, linked');
    });

    it('C9 more syntax Brian2 rejects: two colons, a bad left-hand side, a number with a unit glued on', () => {
      expectRejected('dv/dt = -v / tau : 1 : volt', parseEquations('dv/dt = -v / tau : 1 : volt').diagnostics, 'SF2002', ':');
      expectRejected('dv/d = -v / tau : 1', parseEquations('dv/d = -v / tau : 1').diagnostics, 'SF3001', 'dv/d = -v / tau : 1');
      expectRejected('d1a/dt = -1a / tau : volt', parseEquations('d1a/dt = -1a / tau : volt').diagnostics, 'SF3001', 'd1a/dt = -1a / tau : volt');
    });
  });

  describe('C10 substitution', () => {
    it('C10 a value replaces a name with the value and its unit: x/tau with tau=10*ms is x/(10*ms)', () => {
      const parsed = parseEquations('dx/dt = x/tau : volt');
      const { equations, diagnostics } = substituteEquations(parsed.equations, { tau: { value: 0.01, dim: unit('ms').dim } });
      expect(diagnostics).toEqual([]);
      // SpikeForge's layout of Brian2's `x/(10. * msecond)`.
      expect(printEquations(equations)).toBe('dx/dt = x/(10.0*msecond) : volt');
      const expr = equations.definitions[0]?.expr as Expr;
      expect(strip(expr)).toEqual(strip(parseExpression('x/(10.0*msecond)').expr));
      // Equivalent to writing the value: same dimension, same number.
      const lookup: SymbolLookup = (name) => (name === 'x' ? { dim: unit('volt').dim, type: 'float' } : lookupUnit(name) === undefined ? undefined : { dim: unit(name).dim, type: 'float', constant: unit(name).value });
      const written = parseExpression('x/(10*ms)').expr as Expr;
      expect(sameDimension(inferDimensions(expr, lookup, 'C10').inferred?.dim ?? DIMENSIONLESS, inferDimensions(written, lookup, 'C10').inferred?.dim ?? DIMENSIONLESS)).toBe(true);
      const volt = { value: 1, dim: unit('volt').dim };
      expect(evaluateConstant('x/(10.0*msecond)', (n) => (n === 'x' ? volt : undefined)).value).toEqual(evaluateConstant('x/(10*ms)', (n) => (n === 'x' ? volt : undefined)).value);
      // The inserted value points at the name it replaced.
      expect(expr.kind === 'binary' ? expr.right.span : undefined).toEqual({ start: 10, end: 13 });
    });

    it("C10 names replace names: g='g_e', tau='tau_e' gives dg_e/dt = -g_e/tau_e : siemens", () => {
      const parsed = parseEquations('dg/dt = -g/tau : siemens');
      const { equations, diagnostics } = substituteEquations(parsed.equations, { g: 'g_e', tau: 'tau_e' });
      expect(diagnostics).toEqual([]);
      expect(printEquations(equations)).toBe('dg_e/dt = -g_e/tau_e : siemens');
      expect(strip(equations)).toEqual(strip(substituteEquations(parseEquations('dg_e/dt = -g_e/tau_e : siemens').equations, {}).equations));
    });

    it('C10 replacements Brian2 refuses: an invalid or reserved new name, a value for a variable, a rename onto another variable', () => {
      const text = 'dv/dt = -v/tau : volt\ndx/dt = -x/tau : volt';
      const { equations } = parseEquations(text);
      expectRejected(text, substituteEquations(equations, { v: 'illegal name' }).diagnostics, 'SF3009', 'v');
      expectRejected(text, substituteEquations(equations, { v: '_reserved' }).diagnostics, 'SF3004', 'v');
      expectRejected(text, substituteEquations(equations, { v: 't' }).diagnostics, 'SF3004', 'v');
      expectRejected(text, substituteEquations(equations, { v: { value: 0.003, dim: unit('volt').dim } }).diagnostics, 'SF3009', 'v');
      expectRejected(text, substituteEquations(equations, { v: 'x' }).diagnostics, 'SF3003', 'x', text.indexOf('\n'));
    });
  });

  it('C11 reserved names are rejected as variable names, each with its own message', () => {
    const names = ['t', 'dt', 't_in_timesteps', 'xi', 'xi_1', 'i', 'N', 'not_refractory', 'refractory', 'refractory_until', '_x'];
    const messages = new Set<string>();
    for (const name of names) {
      const text = `${name} : 1`;
      const d = expectRejected(text, parseEquations(text).diagnostics, 'SF3004', name);
      expect(d.span).toEqual({ start: 0, end: name.length });
      expect(d.message).toContain(`"${name}"`);
      messages.add(d.message);
      // As the variable of a differential equation too.
      const diff = `d${name}/dt = 1/second : 1`;
      expectRejected(diff, parseEquations(diff).diagnostics, 'SF3004', name, 1);
    }
    expect(messages.size).toBe(names.length);
    // Names that merely look alike are fine.
    expect(parseEquations('t_x : 1\nxi1 : 1\nNN : 1\nii : 1').diagnostics).toEqual([]);
  });
});
