import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from './__fixtures__/brian2Fixture';
import {
  DIMENSIONLESS,
  divideDimensions,
  formatBaseUnitExpression,
  formatSiSymbols,
  isDimensionless,
  makeDimension,
  multiplyDimensions,
  powerDimension,
  sameDimension,
  toDimension,
  type Dimension,
} from './dimension';

const exponent = fc.oneof(fc.integer({ min: -6, max: 6 }), fc.integer({ min: -12, max: 12 }).map((n) => n / 2), fc.integer({ min: -9, max: 9 }).map((n) => n / 3));
const dimension: fc.Arbitrary<Dimension> = fc.array(exponent, { minLength: 7, maxLength: 7 }).map((list) => toDimension(list));
const power = fc.oneof(fc.integer({ min: -4, max: 4 }), fc.constantFrom(0.5, -0.5, 1.5, 1 / 3, 2 / 3, 0.25));

describe('dimension algebra (property tests)', () => {
  it('division undoes multiplication', () => {
    fc.assert(fc.property(dimension, dimension, (a, b) => sameDimension(divideDimensions(multiplyDimensions(a, b), b), a)));
  });

  it('multiplication is commutative and associative; dimensionless is its identity', () => {
    fc.assert(
      fc.property(dimension, dimension, dimension, (a, b, c) => {
        expect(sameDimension(multiplyDimensions(a, b), multiplyDimensions(b, a))).toBe(true);
        expect(sameDimension(multiplyDimensions(multiplyDimensions(a, b), c), multiplyDimensions(a, multiplyDimensions(b, c)))).toBe(true);
        expect(sameDimension(multiplyDimensions(a, DIMENSIONLESS), a)).toBe(true);
      }),
    );
  });

  it('powers compose: (a^p)^q = a^(p·q) and a^p · a^q = a^(p+q)', () => {
    fc.assert(
      fc.property(dimension, power, power, (a, p, q) => {
        expect(sameDimension(powerDimension(powerDimension(a, p), q), powerDimension(a, p * q))).toBe(true);
        expect(sameDimension(multiplyDimensions(powerDimension(a, p), powerDimension(a, q)), powerDimension(a, p + q))).toBe(true);
      }),
    );
  });

  it('a / a is dimensionless and a^0 is dimensionless', () => {
    fc.assert(fc.property(dimension, (a) => isDimensionless(divideDimensions(a, a)) && isDimensionless(powerDimension(a, 0))));
  });

  it('sqrt then square returns the dimension (C12 sqrt(b**2) is V)', () => {
    fc.assert(fc.property(dimension, (a) => sameDimension(powerDimension(powerDimension(a, 2), 0.5), a)));
  });

  it('tolerates rounding in rational exponents', () => {
    const v = makeDimension({ m: 2, kg: 1, s: -3, A: -1 });
    const third = powerDimension(v, 1 / 3);
    expect(sameDimension(multiplyDimensions(multiplyDimensions(third, third), third), v)).toBe(true);
    expect(sameDimension(v, makeDimension({ m: 2, kg: 1, s: -3 }))).toBe(false);
  });
});

describe('dimension text like Brian2', () => {
  it('str(dimension) and repr(dimension) for every fixture dimension', () => {
    for (const [dims, , , str, repr] of fixture.getUnit) {
      const dim = toDimension(dims);
      expect(formatSiSymbols(dim), str).toBe(str);
      expect(formatBaseUnitExpression(dim), repr).toBe(repr === 'Dimension()' ? '1' : repr);
    }
  });

  it('C12 dimensions print with rational exponents', () => {
    expect(formatSiSymbols(powerDimension(makeDimension({ m: 2, kg: 1, s: -3, A: -1 }), 0.5))).toBe('m kg^0.5 s^-1.5 A^-0.5');
    expect(formatSiSymbols(DIMENSIONLESS)).toBe('1');
  });

  it('rejects a malformed exponent list (a bug, so it throws)', () => {
    expect(() => toDimension([1, 2])).toThrow();
  });
});
