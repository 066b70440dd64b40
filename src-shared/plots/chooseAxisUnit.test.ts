import { describe, expect, it } from 'vitest';
import { chooseAxisUnit } from './chooseAxisUnit';

const voltage = [new Float64Array([-0.07, -0.065, -0.06, -0.055])];

describe('chooseAxisUnit', () => {
  it('shows membrane potentials in mV', () => {
    expect(chooseAxisUnit('volt', voltage)).toEqual({ symbol: 'mV', scale: 0.001 });
  });

  it('accepts a scaled unit of the same dimension', () => {
    expect(chooseAxisUnit('mV', voltage).symbol).toBe('mV');
  });

  it('has no unit for dimensionless, integer and boolean variables', () => {
    expect(chooseAxisUnit('1', [[0.5]])).toEqual({ scale: 1 });
    expect(chooseAxisUnit('integer')).toEqual({ scale: 1 });
    expect(chooseAxisUnit('boolean')).toEqual({ scale: 1 });
  });

  it('shows an unknown unit as given, unscaled', () => {
    expect(chooseAxisUnit('furlong')).toEqual({ symbol: 'furlong', scale: 1 });
  });

  it('decides from the first `limit` samples only', () => {
    expect(chooseAxisUnit('volt', [new Float64Array([0.001, 0.002, 1000, 2000])], 2).symbol).toBe('mV');
  });

  it('samples long recordings without reading every value', () => {
    const long = new Float64Array(100_000).fill(2e-9);
    expect(chooseAxisUnit('amp', [long, long])).toEqual({ symbol: 'nA', scale: 1e-9 });
  });
});
