import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from './__fixtures__/brian2Fixture';
import { formatBaseUnitExpression, isDimensionless, makeDimension, sameDimension, toDimension } from './dimension';
import { parseUnitExpression, parseVariableUnit } from './parseUnitExpression';
import { BASE_UNITS_TEXT } from './suggestUnit';
import { listBaseUnitNames } from './unitTable';

const volt = makeDimension({ m: 2, kg: 1, s: -3, A: -1 });

function expectCode(text: string, code: string): void {
  const result = parseVariableUnit(text);
  expect(result.ok, text).toBe(false);
  expect(result.diagnostics.map((d) => d.code), text).toContain(code);
}

describe('unit after the colon, against Brian2 dimensions_and_type_from_string', () => {
  it('accepts and rejects every fixture string as Brian2 does', () => {
    for (const [text, dims, type, message] of fixture.unitStrings) {
      const result = parseVariableUnit(text, 10);
      if (dims !== null) {
        expect(result.ok, text).toBe(true);
        if (!result.ok) continue;
        expect(sameDimension(result.value.dim, toDimension(dims)), text).toBe(true);
        expect(result.value.type, text).toBe(type);
        continue;
      }
      expect(result.ok, text).toBe(false);
      const codes = result.diagnostics.map((d) => d.code);
      const suggestion = /Use '(.+)' instead/.exec(message ?? '');
      if (suggestion !== null) {
        expect(codes, text).toEqual(['SF1003']);
        expect(result.diagnostics[0]?.message, text).toContain(`"${suggestion[1] ?? ''}"`);
      } else if ((message ?? '').includes('The following base units are allowed')) {
        expect(codes, text).toEqual(['SF1001']);
      } else {
        expect(codes, text).toEqual(['SF1004']);
      }
    }
  });

  it('lists the allowed base units exactly as Brian2 words them', () => {
    const listed = BASE_UNITS_TEXT.replace(/[(),]/g, ' ').split(/\s+/).filter((w) => w !== '').sort();
    expect(listed).toEqual([...listBaseUnitNames()].sort());
    const message = fixture.unitStrings.find(([text]) => text === 'voltage')?.[3] ?? '';
    expect(message).toContain(BASE_UNITS_TEXT);
  });

  it('C8 types: volt, Hz, boolean, integer, 1', () => {
    const hz = parseVariableUnit('Hz');
    expect(hz.ok && sameDimension(hz.value.dim, makeDimension({ s: -1 }))).toBe(true);
    expect(parseVariableUnit('boolean')).toMatchObject({ ok: true, value: { type: 'boolean' } });
    expect(parseVariableUnit('integer')).toMatchObject({ ok: true, value: { type: 'integer' } });
    expect(parseVariableUnit(' 1 ')).toMatchObject({ ok: true, value: { type: 'float' } });
  });

  it('C9 rejects volt second, mvolt, voltage, 1.0*volt, 2 * volt and bool', () => {
    expectCode('volt second', 'SF1004');
    expectCode('mvolt', 'SF1003');
    expectCode('voltage', 'SF1001');
    expectCode('1.0*volt', 'SF1004');
    expectCode('2 * volt', 'SF1004');
    const bool = parseVariableUnit('bool');
    expect(bool.ok).toBe(false);
    expect(bool.diagnostics[0]?.notes?.join(' ')).toContain('boolean');
  });

  it('C15 v : mV is rejected with a hint to use volt; mM and siemens/meter**2 are accepted', () => {
    const mV = parseVariableUnit('mV', 20);
    expect(mV.ok).toBe(false);
    expect(mV.diagnostics[0]).toMatchObject({ code: 'SF1003', span: { start: 20, end: 22 } });
    expect(mV.diagnostics[0]?.message).toContain('"volt"');
    expect(parseVariableUnit('mM').ok).toBe(true);
    const density = parseVariableUnit('siemens/meter**2');
    expect(density.ok && sameDimension(density.value.dim, makeDimension({ m: -4, kg: -1, s: 3, A: 2 }))).toBe(true);
  });
});

describe('parseUnitExpression', () => {
  it('parses compound units with their scale', () => {
    const r = parseUnitExpression('mV/ms');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.scale).toBeCloseTo(1, 15);
    expect(r.value.isBaseOnly).toBe(false);
    expect(r.value.baseSuggestion).toBe('volt/second');
    expect(r.value.nonBase.map((u) => [u.name, u.suggestion])).toEqual([['mV', 'volt'], ['ms', 'second']]);
  });

  it('rewrites powered names with parentheses where needed', () => {
    const r = parseUnitExpression('1/um2');
    expect(r.ok && r.value.baseSuggestion).toBe('1/(metre ** 2)');
    const alone = parseUnitExpression('um2');
    expect(alone.ok && alone.value.baseSuggestion).toBe('metre ** 2');
  });

  it('handles exponents, parentheses and 1/unit', () => {
    const cases: [string, ReturnType<typeof makeDimension>][] = [
      ['volt', volt],
      ['1/second', makeDimension({ s: -1 })],
      ['metre**-2', makeDimension({ m: -2 })],
      ['(amp/metre**2)', makeDimension({ m: -2, A: 1 })],
      ['volt**0.5', makeDimension({ m: 1, kg: 0.5, s: -1.5, A: -0.5 })],
      ['volt**(1/2)', makeDimension({ m: 1, kg: 0.5, s: -1.5, A: -0.5 })],
      ['volt**2**2', makeDimension({ m: 8, kg: 4, s: -12, A: -4 })],
      ['+volt', volt],
      ['1', makeDimension({})],
    ];
    for (const [text, dim] of cases) {
      const r = parseUnitExpression(text);
      expect(r.ok && sameDimension(r.value.dim, dim), text).toBe(true);
    }
  });

  it('puts spans relative to the offset', () => {
    const unknown = parseUnitExpression('siemens/metr**2', 100);
    expect(unknown.ok).toBe(false);
    expect(unknown.diagnostics[0]).toMatchObject({ code: 'SF1001', span: { start: 108, end: 112 } });
    expect(unknown.diagnostics[0]?.notes?.join(' ')).toContain('"metre"');
    const syntax = parseUnitExpression('  volt second', 5);
    expect(syntax.diagnostics[0]).toMatchObject({ code: 'SF1004', span: { start: 12, end: 18 } });
    const quantityText = parseUnitExpression(' 2 * volt ', 3);
    expect(quantityText.diagnostics[0]).toMatchObject({ code: 'SF1004', span: { start: 4, end: 12 } });
  });

  it('suggests full names for symbols Brian2 does not define, and explains celsius', () => {
    const mS = parseUnitExpression('mS');
    expect(mS.diagnostics[0]?.notes?.join(' ')).toContain('"msiemens"');
    expect(parseUnitExpression('V').diagnostics[0]?.notes?.join(' ')).toContain('"volt"');
    expect(parseUnitExpression('celsius').diagnostics[0]?.notes?.join(' ')).toContain('zero_celsius');
    const voltage = parseVariableUnit('voltage');
    expect(voltage.diagnostics[0]?.notes?.join(' ')).toContain('"volt"');
  });

  it('rejects other syntax with SF1004', () => {
    for (const text of ['', 'volt//second', 'volt % 2', '(volt', 'volt)', 'volt**', 'volt**metre', 'volt + volt', '2volt', 'boolean', 'integer'])
      expect(parseUnitExpression(text).diagnostics.map((d) => d.code), text).toEqual(['SF1004']);
  });

  it('resolves names in the star-import scope when asked', () => {
    expect(parseUnitExpression('mS').ok).toBe(false);
    expect(parseUnitExpression('mS', 0, { scope: 'import' }).ok).toBe(true);
  });

  it('reads back the base-unit form of any dimension (property)', () => {
    const dims = fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 7, maxLength: 7 }).map((list) => toDimension(list));
    fc.assert(
      fc.property(dims, (dim) => {
        const r = parseUnitExpression(formatBaseUnitExpression(dim));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(sameDimension(r.value.dim, dim)).toBe(true);
        expect(r.value.scale).toBe(1);
        expect(r.value.isBaseOnly).toBe(true);
      }),
    );
    expect(isDimensionless(makeDimension({}))).toBe(true);
  });
});
