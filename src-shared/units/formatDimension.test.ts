import { describe, expect, it } from 'vitest';
import { fixture } from './__fixtures__/brian2Fixture';
import { DIMENSIONLESS, divideDimensions, makeDimension, powerDimension, toDimension } from './dimension';
import { describeDimensionMismatch, dimensionName, formatDimension, formatUnit } from './formatDimension';

const volt = makeDimension({ m: 2, kg: 1, s: -3, A: -1 });
const second = makeDimension({ s: 1 });

describe('dimension names and labels', () => {
  it("names a dimension as Brian2's get_unit does when that is an unscaled named unit", () => {
    for (const [dims, repr] of fixture.getUnit) {
      const dim = toDimension(dims);
      const expected = /^[a-z]+$/.test(repr) && repr !== 'radian' ? repr : undefined;
      expect(dimensionName(dim), dims.join(',')).toBe(expected);
    }
  });

  it('labels values stored in SI units with a unit of value 1', () => {
    const cases: [ReturnType<typeof makeDimension>, string][] = [
      [volt, 'V'],
      [DIMENSIONLESS, '1'],
      [makeDimension({ m: -4, kg: -1, s: 3, A: 2 }), 'S/m^2'],
      [makeDimension({ m: -2, A: 1 }), 'A/m^2'],
      [makeDimension({ m: -4, kg: -1, s: 4, A: 2 }), 'F/m^2'],
      [divideDimensions(volt, second), 'V/s'],
      [makeDimension({ s: -1 }), 'Hz'],
      [makeDimension({ s: -0.5 }), 's^-0.5'],
      [makeDimension({ m: -3, mol: 1 }), 'mM'],
      [makeDimension({ m: -3, s: -1, mol: 1 }), 'mM/s'],
      [makeDimension({ m: 2 }), 'm^2'],
      [makeDimension({ m: 3 }), 'm^3'],
      [makeDimension({ kg: 1 }), 'kg'],
      [powerDimension(volt, 2), 'V^2'],
      [makeDimension({ m: 4, kg: 1, s: -3, A: -2 }), 'ohm m^2'],
      [makeDimension({ m: -2, mol: 1 }), 'mol/m^2'],
      [makeDimension({ m: 1, kg: 2, s: -7, A: 1, K: 1, cd: 1 }), 'm kg^2 s^-7 A K cd'],
    ];
    for (const [dim, label] of cases) expect(formatUnit(dim)).toBe(label);
  });

  it('C14 formats dimensions in words and symbols for messages', () => {
    expect(formatDimension(volt)).toBe('volt (m^2 kg s^-3 A^-1)');
    expect(formatDimension(DIMENSIONLESS)).toBe('dimensionless (1)');
    expect(formatDimension(divideDimensions(volt, second))).toBe('V/s (m^2 kg s^-4 A^-1)');
    expect(formatDimension(makeDimension({ m: 2 }))).toBe('m^2');
    expect(formatDimension(makeDimension({ s: -0.5 }))).toBe('s^-0.5');
    expect(formatDimension(makeDimension({ m: -3, mol: 1 }))).toBe('mmolar (m^-3 mol)');
  });

  it('C14 describes a mismatch with both dimensions and their ratio', () => {
    const text = describeDimensionMismatch(volt, divideDimensions(volt, second));
    expect(text).toBe('volt (m^2 kg s^-3 A^-1) does not match V/s (m^2 kg s^-4 A^-1): they differ by a factor of s');
    expect(describeDimensionMismatch(volt, DIMENSIONLESS)).toBe('volt (m^2 kg s^-3 A^-1) does not match dimensionless (1)');
  });
});
