import { describe, expect, it } from 'vitest';
import { formatDiagnostics } from '../diagnostics';
import { lookupUnit } from '../units';
import { checkEquations } from './checkEquations';
import { parseEquations } from './parseEquations';

const second = lookupUnit('second');
const volt = lookupUnit('volt');
if (second === undefined || volt === undefined) throw new Error('unit table lacks second/volt');

describe('parseEquations', () => {
  it('reads differential equations, subexpressions and parameters with units and flags', () => {
    const text = `
      dv/dt = (ge - v) / tau : volt (unless refractory)  # membrane
      ge = w * s : volt
      w : volt (constant)
      s : 1
    `;
    const { equations, diagnostics } = parseEquations(text);
    expect(diagnostics).toEqual([]);
    expect(equations.definitions.map((d) => [d.kind, d.name, d.unitText, d.flags.map((f) => f.name)])).toEqual([
      ['differential', 'v', 'volt', ['unless refractory']],
      ['subexpression', 'ge', 'volt', []],
      ['parameter', 'w', 'volt', ['constant']],
      ['parameter', 's', '1', []],
    ]);
    const v = equations.definitions[0];
    expect(text.slice(v?.nameSpan.start, v?.nameSpan.end)).toBe('v');
    expect(text.slice(v?.expr?.span.start, v?.expr?.span.end)).toBe('(ge - v) / tau');
  });

  it('continues an expression over several lines', () => {
    const text = 'dv/dt = (-v\n   + 1) / tau : 1';
    const { equations, diagnostics } = parseEquations(text);
    expect(diagnostics).toEqual([]);
    expect(equations.definitions).toHaveLength(1);
  });

  it('reads boolean and integer types', () => {
    const { equations } = parseEquations('flag : boolean\ncount : integer');
    expect(equations.definitions.map((d) => d.type)).toEqual(['boolean', 'integer']);
  });

  it('requires the unit unless a default is given (the seed API)', () => {
    expect(parseEquations('dv/dt = -v/tau').diagnostics[0]).toMatchObject({ code: 'SF3001' });
    expect(parseEquations('dv/dt = -v/tau', { defaultUnit: '1' }).diagnostics).toEqual([]);
  });

  it('asks for a base unit after the colon', () => {
    const text = 'dv/dt = -v/tau : mV';
    const d = parseEquations(text).diagnostics[0];
    expect(d).toMatchObject({ code: 'SF1003' });
    expect(d?.message).toContain('volt');
    expect(text.slice(d?.span?.start, d?.span?.end)).toBe('mV');
  });

  it('rejects reserved names with the reason', () => {
    const d = parseEquations('dt : second').diagnostics[0];
    expect(d).toMatchObject({ code: 'SF3004' });
    expect(d?.message).toContain('time step');
  });

  it('reports a variable defined twice', () => {
    expect(parseEquations('v : 1\nv : 1').diagnostics[0]).toMatchObject({ code: 'SF3003' });
  });

  it('reports the problems of every line, not only the first', () => {
    const text = 'dv/dt = (-v + : 1\ndw/dt = w * * 2 : 1\nx : 1';
    const { diagnostics } = parseEquations(text);
    expect(diagnostics.map((d) => d.code)).toEqual(['SF2002', 'SF2002']);
  });

  it('keeps spans absolute when the text sits inside a larger document', () => {
    const doc = "eqs = '''dv/dt = -v/tau + * : 1'''";
    const offset = doc.indexOf('dv');
    const { diagnostics } = parseEquations(doc.slice(offset, doc.lastIndexOf("'''")), { offset });
    expect(doc.slice(diagnostics[0]?.span?.start, diagnostics[0]?.span?.end)).toBe('*');
  });
});

describe('checkEquations', () => {
  const tau = { value: 0.01, dim: second.dim };

  it('accepts consistent dimensions (the Quick Start)', () => {
    const { equations } = parseEquations('dv/dt = (-v + I) / tau : 1');
    expect(checkEquations(equations, { tau, I: { value: 1, dim: [0, 0, 0, 0, 0, 0, 0] } }, 'neurons')).toEqual([]);
  });

  it('names an unknown variable with its span (C75)', () => {
    const text = 'dv/dt = (-v + I) / tau_undefined : 1';
    const { equations } = parseEquations(text);
    const diagnostics = checkEquations(equations, {}, 'neurons');
    expect(diagnostics.map((d) => text.slice(d.span?.start, d.span?.end))).toEqual(['I', 'tau_undefined']);
    expect(diagnostics[1]?.message).toContain('tau_undefined');
  });

  it('rejects a right-hand side with the wrong dimension, naming both', () => {
    const text = 'dv/dt = -v : volt';
    const { equations } = parseEquations(text);
    const [d] = checkEquations(equations, {}, 'neurons');
    expect(d).toMatchObject({ code: 'SF1002' });
    expect(d?.message).toMatch(/dv\/dt/);
    expect(formatDiagnostics([d ?? { code: '', severity: 'error', message: '' }], text, 'eqs')).toContain('^^');
  });

  it('rejects a flag that is not allowed there, listing the allowed ones', () => {
    const { equations } = parseEquations('w : volt (event-driven)');
    const [d] = checkEquations(equations, {}, 'neurons');
    expect(d).toMatchObject({ code: 'SF3005' });
    expect(d?.notes?.[0]).toContain('constant');
  });

  it('warns when a model variable shadows an external constant', () => {
    const { equations } = parseEquations('tau : second');
    const [d] = checkEquations(equations, { tau }, 'neurons');
    expect(d).toMatchObject({ code: 'SF3007', severity: 'warning' });
  });
});
