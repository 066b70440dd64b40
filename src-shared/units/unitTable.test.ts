import { describe, expect, it } from 'vitest';
import { fixture } from './__fixtures__/brian2Fixture';
import { sameDimension, toDimension } from './dimension';
import { isUnitName, listBaseUnitNames, listDisplayUnits, listUnitNames, lookupUnit } from './unitTable';

describe('unit table against Brian2 2.5.1', () => {
  it('knows exactly the names Brian2 defines, in each namespace', () => {
    const expected = (flag: string): string[] => fixture.units.filter((u) => u[4].includes(flag)).map((u) => u[0]).sort();
    expect([...listUnitNames('model')].sort()).toEqual(expected('M'));
    expect([...listUnitNames('import')].sort()).toEqual(expected('I'));
    expect([...listUnitNames('module')].sort()).toEqual(expected('A'));
  });

  it('gives every name the value, dimension and display symbol Brian2 gives it', () => {
    for (const [name, value, dims, symbol] of fixture.units) {
      const entry = lookupUnit(name, 'module');
      expect(entry, name).toBeDefined();
      if (entry === undefined) continue;
      expect(entry.value, name).toBe(value);
      expect(sameDimension(entry.dim, toDimension(dims)), name).toBe(true);
      expect(entry.symbol, name).toBe(symbol);
    }
  });

  it('C15 marks as base exactly the units allowed after the colon', () => {
    const expected = fixture.units.filter((u) => u[5]).map((u) => u[0]).sort();
    expect([...listBaseUnitNames()].sort()).toEqual(expected);
    expect(lookupUnit('volt')?.isBase).toBe(true);
    expect(lookupUnit('mV')?.isBase).toBe(false);
    expect(lookupUnit('mM')?.isBase).toBe(true);
    expect(lookupUnit('metre2')?.isBase).toBe(false);
  });

  it('reproduces the display registry Brian2 chooses best units from', () => {
    for (const [dims, rows] of fixture.registry) {
      const dim = toDimension(dims);
      if (dims.every((e) => e === 0)) continue; // dimensionless values are shown without a unit
      const ours = listDisplayUnits(dim).map((e) => [e.value, e.name, e.symbol]);
      expect(ours, dims.join(',')).toEqual(rows);
    }
  });

  it('resolves §9 names: short names, squares and cubes, litre prefixes, no celsius', () => {
    for (const name of ['mV', 'nS', 'uF', 'kHz', 'cm2', 'um3', 'msiemens2', 'umetre3', 'cliter', 'dalitre', 'Mohm', 'kohm', 'mmolar', 'mM', 'kgram'])
      expect(isUnitName(name), name).toBe(true);
    for (const name of ['cmetre', 'dmetre', 'V', 'S', 'mS', 'celsius', 'mkelvin', 'kkilogram', 'liter2', 'candela'])
      expect(isUnitName(name), name).toBe(false);
    expect(isUnitName('mS', 'import')).toBe(true);
    expect(isUnitName('cmetre', 'import')).toBe(true);
    expect(isUnitName('newton', 'import')).toBe(false);
    expect(lookupUnit('cm')?.value).toBe(0.01);
    expect(lookupUnit('mM')?.value).toBe(1);
    expect(lookupUnit('molar')?.value).toBe(1000);
    expect(lookupUnit('litre')?.value).toBe(0.001);
  });
});
