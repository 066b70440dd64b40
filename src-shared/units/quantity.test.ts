import { describe, expect, it } from 'vitest';
import { makeDimension, sameDimension } from './dimension';
import { addQuantities, divideQuantities, multiplyQuantities, powerQuantity, powerQuantityBy, quantity, quantityInUnit, subtractQuantities } from './quantity';
import { lookupUnit, type UnitEntry } from './unitTable';

function unit(name: string): UnitEntry {
  const entry = lookupUnit(name);
  if (entry === undefined) throw new Error(`no unit ${name}`);
  return entry;
}

function times(value: number, name: string): ReturnType<typeof quantity> {
  const u = unit(name);
  return quantity(value * u.value, u.dim);
}

describe('quantities', () => {
  it('C16 conversions: 3 V in mV is 3000, 10 mV in ohm·A is 0.01, 10 nS in ohm is a dimension error', () => {
    const inMV = quantityInUnit(times(3, 'volt'), unit('mV'));
    expect(inMV.ok && inMV.value).toBeCloseTo(3000, 9);
    const ohmAmp = multiplyQuantities(unit('ohm'), unit('amp'));
    const inOhmAmp = quantityInUnit(times(10, 'mV'), ohmAmp);
    expect(inOhmAmp.ok && inOhmAmp.value).toBeCloseTo(0.01, 15);
    const wrong = quantityInUnit(times(10, 'nS'), unit('ohm'), { start: 3, end: 9 });
    expect(wrong.ok).toBe(false);
    expect(wrong.diagnostics[0]).toMatchObject({ code: 'SF1002', span: { start: 3, end: 9 } });
    expect(wrong.diagnostics[0]?.message).toContain('siemens (m^-2 kg^-1 s^3 A^2)');
    expect(wrong.diagnostics[0]?.message).toContain('ohm (m^2 kg s^-3 A^-2)');
  });

  it('§9 3*mV + 2*nA is a dimension mismatch naming V and A', () => {
    const r = addQuantities(times(3, 'mV'), times(2, 'nA'));
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]?.code).toBe('SF1002');
    expect(r.diagnostics[0]?.message).toContain('volt (m^2 kg s^-3 A^-1)');
    expect(r.diagnostics[0]?.message).toContain('amp (A)');
    expect(r.diagnostics[0]?.notes?.[0]).toContain('differ by a factor of ohm');
  });

  it('adds and subtracts equal dimensions', () => {
    const sum = addQuantities(times(3, 'mV'), times(2, 'volt'));
    expect(sum.ok && sum.value.value).toBeCloseTo(2.003, 15);
    const diff = subtractQuantities(times(3, 'ms'), times(1, 'ms'));
    expect(diff.ok && diff.value.value).toBeCloseTo(0.002, 15);
  });

  it('a bare 0 is dimension-free only host-side (BRIAN2_SEMANTICS §9)', () => {
    expect(addQuantities(times(3, 'mV'), quantity(0)).ok).toBe(false);
    const host = addQuantities(times(3, 'mV'), quantity(0), { zeroIsDimensionFree: true });
    expect(host.ok && sameDimension(host.value.dim, unit('volt').dim)).toBe(true);
    const left = subtractQuantities(quantity(0), times(3, 'mV'), { zeroIsDimensionFree: true });
    expect(left.ok && left.value.value).toBeCloseTo(-0.003, 15);
    expect(addQuantities(times(3, 'mV'), quantity(1), { zeroIsDimensionFree: true }).ok).toBe(false);
  });

  it('multiplies, divides and raises to powers', () => {
    const current = divideQuantities(times(10, 'mV'), times(1, 'Mohm'));
    expect(sameDimension(current.dim, unit('amp').dim)).toBe(true);
    expect(current.value).toBeCloseTo(1e-8, 20);
    const root = powerQuantity(times(4, 'volt'), 0.5);
    expect(root.value).toBe(2);
    expect(sameDimension(root.dim, makeDimension({ m: 1, kg: 0.5, s: -1.5, A: -0.5 }))).toBe(true);
    expect(powerQuantityBy(times(2, 'volt'), quantity(2)).ok).toBe(true);
    const bad = powerQuantityBy(times(2, 'volt'), times(2, 'volt'));
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0]?.code).toBe('SF1002');
  });
});
