/**
 * Message quality of the language front end, golden-ish: the rendered text of the diagnostics a
 * modeller meets most (unit mismatches, a scaled unit after the colon, a missing colon), exactly
 * as the CLI and the editor show them. A unit mismatch names the definition as written, both
 * terms and both units, and underlines the offending term.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostics, type Diagnostic } from '../diagnostics';
import { checkEquations, parseEquations } from '../equations';
import { lookupUnit } from '../units';

const ms = lookupUnit('ms');
if (ms === undefined) throw new Error('unit table lacks ms');

function rendered(text: string): string {
  const parsed = parseEquations(text);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  if (parsed.diagnostics.length === 0) diagnostics.push(...checkEquations(parsed.equations, { tau: { value: 0.01, dim: ms?.dim ?? [0, 0, 0, 0, 0, 0, 0] } }, 'neurons'));
  return formatDiagnostics(diagnostics, text, 'model.py');
}

describe('rendered diagnostics of equations', () => {
  it("a unit mismatch in a sum: Inconsistent units in 'dv/dt = (-v + I)/tau : volt': v is volt but I is amp", () => {
    expect(rendered('dv/dt = (-v + I)/tau : volt\nI : amp')).toBe(
      [
        "model.py:1:15: error SF1006: Inconsistent units in 'dv/dt = (-v + I)/tau : volt': v is volt but I is amp.",
        '  dv/dt = (-v + I)/tau : volt',
        '                ^',
        '  note: volt (m^2 kg s^-3 A^-1) does not match amp (A)',
      ].join('\n'),
    );
  });

  it('a noise term that does not match the drift names both terms and units (C14)', () => {
    expect(rendered('dv/dt = -v/tau + xi : 1')).toBe(
      [
        "model.py:1:18: error SF1006: Inconsistent units in 'dv/dt = -v/tau + xi : 1': -v/tau is hertz but xi is s^-0.5.",
        '  dv/dt = -v/tau + xi : 1',
        '                   ^^',
        '  note: hertz (s^-1) does not match s^-0.5',
      ].join('\n'),
    );
  });

  it('a right-hand side in the wrong unit names the definition, the expected and the actual unit (C14)', () => {
    expect(rendered('dv/dt = -v : volt')).toBe(
      [
        "model.py:1:9: error SF1002: Dimension mismatch in 'dv/dt = -v : volt': dv/dt needs V/s (m^2 kg s^-4 A^-1) and the right-hand side -v is volt (m^2 kg s^-3 A^-1).",
        '  dv/dt = -v : volt',
        '          ^^',
        '  note: dv/dt must have the unit of v ("volt") per second',
      ].join('\n'),
    );
  });

  it('a scaled unit after the colon asks for the base unit (C15)', () => {
    expect(rendered('v : mV')).toBe(['model.py:1:5: error SF1003: The unit after ":" must be a base unit: write "volt" instead of "mV".', '  v : mV', '      ^^'].join('\n'));
  });

  it('a missing colon before the unit says so (C9)', () => {
    expect(rendered('dv/dt = -v / tau volt')).toBe(
      [
        'model.py:1:18: error SF2002: Syntax error: expected an operator or the end of the expression, found "volt".',
        '  dv/dt = -v / tau volt',
        '                   ^^^^',
        '  note: a definition ends with ": unit"; is the ":" before the unit missing?',
      ].join('\n'),
    );
  });

  it('a boolean differential equation (C9)', () => {
    expect(rendered('dv/dt = v / second : boolean')).toBe(
      [
        'model.py:1:22: error SF3008: "v" is defined by a differential equation, so its type cannot be "boolean": write a unit such as "volt" or "1".',
        '  dv/dt = v / second : boolean',
        '                       ^^^^^^^',
      ].join('\n'),
    );
  });

  it('a quoted definition stays short however long the line is', () => {
    const long = `dv/dt = (-v + ${Array.from({ length: 60 }, (_, k) => `w${k}`).join(' + ')} + I)/tau : volt\nI : amp\n${Array.from({ length: 60 }, (_, k) => `w${k} : volt`).join('\n')}`;
    const first = rendered(long).split('\n')[0] ?? '';
    // The left term of the last "+" is the whole sum before it, abbreviated too.
    expect(first).toMatch(/^model\.py:1:\d+: error SF1006: Inconsistent units in 'dv\/dt = \(-v \+ w0 \+ [^']*…': -v \+ w0 \+ [^']*… is volt but I is amp\.$/);
    expect(first.length).toBeLessThan(220);
  });
});
