/**
 * Accuracy of the kernels beyond exp/log (JS form; the C++ form gives the same bits, see
 * src-main/simhost/jit/mathKernelTiers2.test.ts): errors in ulps against the high-precision
 * references of `mathKernelReference.ts`, special values, Brian's exprel rule (C66) and exact
 * integer powers.
 */
import { describe, expect, it } from 'vitest';
import { exactToNumber, reference, ulpErrorExact, type Exact } from './mathKernelReference';
import { MATH_KERNELS, printMathKernels } from './mathKernels';

type Fn = (x: number) => number;
type Kernels = Record<(typeof MATH_KERNELS)[number], Fn> & { pow: (x: number, y: number) => number };

/** The JS form of every kernel, evaluated as the generated module would. */
function loadJsKernels(): Kernels {
  const source = `${printMathKernels(MATH_KERNELS, 'js')}\nreturn { ${MATH_KERNELS.map((k) => `${k}: _sf_${k}`).join(', ')} };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating generated code is what is tested
  return (new Function(source) as () => Kernels)();
}

/** Deterministic uniform numbers in [0, 1) (xorshift, fixed seed). */
function uniforms(count: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out.push(s / 4294967296);
  }
  return out;
}

const uniform = (lo: number, hi: number, count: number, seed: number): number[] => uniforms(count, seed).map((u) => lo + (hi - lo) * u);
/** ±10^e with e uniform in [lo, hi] (both signs alternately). */
const logUniform = (lo: number, hi: number, count: number, seed: number): number[] => uniforms(count, seed).map((u, k) => (k % 2 === 0 ? 1 : -1) * 10 ** (lo + (hi - lo) * u));

const K = loadJsKernels();

/** Largest error in ulps of `fn` over `xs` against `ref` (results must be finite). */
function worst(fn: Fn, ref: (x: number) => Exact, xs: readonly number[]): { ulps: number; at: number } {
  let ulps = 0;
  let at = NaN;
  for (const x of xs) {
    const y = fn(x);
    expect(Number.isFinite(y), `${x} → ${y}`).toBe(true);
    const e = ulpErrorExact(y, ref(x));
    if (e > ulps) {
      ulps = e;
      at = x;
    }
  }
  return { ulps, at };
}

/** The double nearest to k·π/2 (hard cases for the reduction). */
function nearMultiplesOfPio2(count: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= count; k++) out.push((k * Math.PI) / 2, k * 355 * 1e3 * (Math.PI / 2));
  return out;
}

describe('expm1, exprel (double-double expm1, Tang-style table)', () => {
  const xs = [...uniform(-40, 40, 1500, 1), ...uniform(-1, 1, 1500, 2), ...logUniform(-20, 0, 1000, 3), ...uniform(-0.2, 0.2, 800, 4), 0.125, -0.125, 0.25, -0.25, 0.2499999, -0.2500001, 36.7, 40, -38, 1e-300];
  it('expm1 within 0.54 ulp', () => {
    const { ulps, at } = worst(K.expm1, reference.expm1, [...xs, ...uniform(40, 709.7, 300, 5), ...uniform(-745, -40, 300, 6)]);
    expect(ulps, `at ${at}`).toBeLessThan(0.54);
  });
  it('exprel within 0.54 ulp', () => {
    const { ulps, at } = worst(K.exprel, reference.exprel, [...xs.filter((x) => Math.abs(x) >= 1e-16), ...uniform(40, 709.78, 300, 7), ...uniform(-745, -38, 200, 8)]);
    expect(ulps, `at ${at}`).toBeLessThan(0.54);
  });
  it('special values', () => {
    expect(Object.is(K.expm1(-0), -0)).toBe(true);
    expect(K.expm1(Infinity)).toBe(Infinity);
    expect(K.expm1(-Infinity)).toBe(-1);
    expect(K.expm1(NaN)).toBeNaN();
    expect(K.expm1(710)).toBe(Infinity);
    expect(K.expm1(5e-324)).toBe(5e-324);
    expect(K.exprel(NaN)).toBeNaN();
    expect(K.exprel(Infinity)).toBe(Infinity);
    expect(K.exprel(-Infinity)).toBe(0);
    expect(K.exprel(709.78)).toBeLessThan(Infinity);
    expect(K.exprel(709.79)).toBe(Infinity); // expm1 overflows: +∞ as Brian's expm1(x)/x
  });
  it('C66: exprel(0) = 1, exprel(1e-20) = 1, exprel(800) = +∞', () => {
    expect(K.exprel(0)).toBe(1);
    expect(K.exprel(-0)).toBe(1);
    expect(K.exprel(1e-20)).toBe(1);
    expect(K.exprel(-1e-20)).toBe(1);
    expect(K.exprel(800)).toBe(Infinity);
    expect(K.exprel(717.5)).toBe(Infinity);
    expect(K.exprel(-800)).toBe(1 / 800);
  });
});

describe('sinh, cosh, tanh', () => {
  const xs = [...uniform(-22, 22, 1500, 11), ...uniform(-1, 1, 1500, 12), ...logUniform(-12, 0, 600, 13), 0.5, -0.5, 0.49999999, 22, -22, 22.000001];
  it('sinh within 0.54 ulp', () => {
    const { ulps, at } = worst(K.sinh, reference.sinh, [...xs, ...uniform(-710.47, 710.47, 300, 14)]);
    expect(ulps, `at ${at}`).toBeLessThan(0.54);
  });
  it('cosh within 0.52 ulp', () => {
    const { ulps, at } = worst(K.cosh, reference.cosh, [...xs, ...uniform(-710.47, 710.47, 300, 15), 0, 1e-300]);
    expect(ulps, `at ${at}`).toBeLessThan(0.52);
  });
  it('tanh within 0.54 ulp', () => {
    const { ulps, at } = worst(K.tanh, reference.tanh, [...xs, ...uniform(-20, 20, 500, 16)]);
    expect(ulps, `at ${at}`).toBeLessThan(0.54);
  });
  it('special values', () => {
    expect(Object.is(K.sinh(-0), -0)).toBe(true);
    expect(K.sinh(Infinity)).toBe(Infinity);
    expect(K.sinh(-Infinity)).toBe(-Infinity);
    expect(K.sinh(710.4758600739439)).toBeLessThan(Infinity);
    expect(K.sinh(710.476)).toBe(Infinity);
    expect(K.sinh(-711)).toBe(-Infinity);
    expect(K.sinh(NaN)).toBeNaN();
    expect(K.cosh(0)).toBe(1);
    expect(K.cosh(-Infinity)).toBe(Infinity);
    expect(K.cosh(NaN)).toBeNaN();
    expect(Object.is(K.tanh(-0), -0)).toBe(true);
    expect(K.tanh(Infinity)).toBe(1);
    expect(K.tanh(-Infinity)).toBe(-1);
    expect(K.tanh(NaN)).toBeNaN();
    expect(K.tanh(5e-324)).toBe(5e-324);
  });
});

describe('log1p, log10 (double-double log core)', () => {
  it('log1p within 0.52 ulp', () => {
    const near = uniforms(500, 21).map((u) => -1 + 10 ** (-15 * u));
    const xs = [...uniform(-0.999, 3, 2000, 22), ...logUniform(-20, 0, 1000, 23).map((x) => Math.abs(x) * 0.99 * Math.sign(x)), ...uniforms(500, 24).map((u) => 10 ** (300 * u)), ...near, Number.MAX_VALUE, 1e-300, -1 + 2 ** -53];
    const { ulps, at } = worst(K.log1p, reference.log1p, xs);
    expect(ulps, `at ${at}`).toBeLessThan(0.52);
  });
  it('log10 within 0.52 ulp; exact at powers of ten', () => {
    const xs = [...uniforms(2000, 31).map((u) => 10 ** (-320 + 628 * u)), ...uniform(0.9, 1.1, 1000, 32), 1 - 2 ** -53, 1 + 2 ** -52, 5e-324, 2 ** -1022, Number.MAX_VALUE].filter((x) => x !== 1);
    const { ulps, at } = worst(K.log10, reference.log10, xs);
    expect(ulps, `at ${at}`).toBeLessThan(0.52);
    for (let k = -22; k <= 22; k++) expect(K.log10(Number(`1e${k}`))).toBe(k);
  });
  it('special values', () => {
    expect(K.log1p(-1)).toBe(-Infinity);
    expect(K.log1p(-1.5)).toBeNaN();
    expect(K.log1p(Infinity)).toBe(Infinity);
    expect(K.log1p(-Infinity)).toBeNaN();
    expect(K.log1p(NaN)).toBeNaN();
    expect(Object.is(K.log1p(-0), -0)).toBe(true);
    expect(K.log10(0)).toBe(-Infinity);
    expect(K.log10(-1)).toBeNaN();
    expect(K.log10(Infinity)).toBe(Infinity);
    expect(K.log10(NaN)).toBeNaN();
    expect(Object.is(K.log10(1), 0)).toBe(true);
  });
});

describe('sin, cos, tan (Cody–Waite and Payne–Hanek reduction)', () => {
  const hardest = 6381956970095103 * 2 ** 797; // the double nearest a multiple of π/2
  const xs = [
    ...uniform(-10, 10, 2000, 41),
    ...uniform(-1e6, 1e6, 500, 42),
    ...uniforms(300, 43).map((u, k) => (k % 2 === 0 ? 1 : -1) * 10 ** (6 + 302 * u)),
    ...logUniform(-9, 0, 300, 44),
    ...nearMultiplesOfPio2(200),
    hardest,
    -hardest,
    Number.MAX_VALUE,
    1e22,
    2 ** 1023,
    999999.9999999999,
    1e6,
    Math.PI / 4,
    0.7853981633974484,
  ];
  for (const name of ['sin', 'cos', 'tan'] as const) {
    it(`${name} within 0.6 ulp`, () => {
      const { ulps, at } = worst(K[name], reference[name], xs);
      expect(ulps, `at ${at}`).toBeLessThan(0.6);
    });
  }
  it('special values', () => {
    for (const name of ['sin', 'cos', 'tan'] as const) {
      expect(K[name](Infinity)).toBeNaN();
      expect(K[name](-Infinity)).toBeNaN();
      expect(K[name](NaN)).toBeNaN();
    }
    expect(Object.is(K.sin(-0), -0)).toBe(true);
    expect(Object.is(K.tan(-0), -0)).toBe(true);
    expect(K.cos(0)).toBe(1);
    expect(K.sin(5e-324)).toBe(5e-324);
  });
});

describe('arctan, arcsin, arccos (table of atan(j/16))', () => {
  it('arctan within 0.52 ulp', () => {
    const xs = [...uniform(-1, 1, 1500, 51), ...logUniform(-300, 300, 1500, 52), ...uniform(-20, 20, 500, 53), ...Array.from({ length: 33 }, (_, j) => j / 32), 2 ** 54, 1e300];
    const { ulps, at } = worst(K.arctan, reference.arctan, xs);
    expect(ulps, `at ${at}`).toBeLessThan(0.52);
  });
  const unit = [...uniform(-1, 1, 2000, 61), ...uniforms(600, 62).map((u, k) => (k % 2 === 0 ? 1 : -1) * (1 - 10 ** (-16 * u))), ...logUniform(-20, 0, 400, 63).map((x) => x * 0.999), Math.SQRT1_2, -Math.SQRT1_2, 1 - 2 ** -53, -1 + 2 ** -53, 0.5, -0.5];
  it('arcsin within 0.52 ulp', () => {
    const { ulps, at } = worst(K.arcsin, reference.arcsin, [...unit, 1, -1]);
    expect(ulps, `at ${at}`).toBeLessThan(0.52);
  });
  it('arccos within 0.52 ulp', () => {
    const { ulps, at } = worst(K.arccos, reference.arccos, [...unit, -1, 0, 1e-300]);
    expect(ulps, `at ${at}`).toBeLessThan(0.52);
  });
  it('special values', () => {
    expect(K.arctan(Infinity)).toBe(Math.PI / 2);
    expect(K.arctan(-Infinity)).toBe(-Math.PI / 2);
    expect(K.arctan(NaN)).toBeNaN();
    expect(Object.is(K.arctan(-0), -0)).toBe(true);
    expect(K.arctan(1)).toBe(Math.PI / 4);
    expect(K.arcsin(1)).toBe(Math.PI / 2);
    expect(K.arcsin(1.0000001)).toBeNaN();
    expect(K.arcsin(NaN)).toBeNaN();
    expect(Object.is(K.arcsin(-0), -0)).toBe(true);
    expect(K.arccos(1)).toBe(0);
    expect(K.arccos(-1)).toBe(Math.PI);
    expect(K.arccos(0)).toBe(Math.PI / 2);
    expect(K.arccos(-1.5)).toBeNaN();
    expect(K.arccos(NaN)).toBeNaN();
  });
});

describe('pow (double-double log, exp with a low input)', () => {
  it('within 0.52 ulp on normal results', () => {
    const cases: [number, number][] = [];
    const us = uniforms(6000, 71);
    for (let k = 0; k < us.length; k += 2) {
      const u = us[k] as number;
      const v = us[k + 1] as number;
      switch ((k / 2) % 4) {
        case 0:
          cases.push([10 * u, -60 + 120 * v]); // everyday bases and exponents
          break;
        case 1:
          cases.push([1 + (u - 0.5) * 1e-3, (v - 0.5) * 1e6]); // near 1, large exponents
          break;
        case 2: {
          const x = 10 ** (-300 + 600 * u);
          cases.push([x, ((v - 0.5) * 600) / Math.log(x)]); // results spread over the range
          break;
        }
        default:
          cases.push([-(1 + 9 * u), Math.round((v - 0.5) * 200)]); // negative bases, integer exponents
      }
    }
    let ulps = 0;
    let at = '';
    for (const [x, y] of cases) {
      const r = K.pow(x, y);
      if (r === 0 || !Number.isFinite(r) || Math.abs(r) < 2 ** -1022) continue;
      const e = ulpErrorExact(r, reference.pow(x, y));
      if (e > ulps) {
        ulps = e;
        at = `${x}**${y}`;
      }
    }
    expect(ulps, `at ${at}`).toBeLessThan(0.52);
  });
  it('integer powers that are doubles come out exact', () => {
    for (let x = -12; x <= 12; x++) {
      for (let y = -8; y <= 40; y++) {
        if (x === 0 && y < 0) continue;
        const exact = x ** y; // small integers: ** on integral doubles is exact where representable
        if (Math.abs(exact) < 2 ** 53 && Number.isInteger(exact)) {
          expect(K.pow(x, y), `${x}**${y}`).toBe(exact);
        } else if (x !== 0) {
          const v = reference.pow(x, y);
          if (Number.isFinite(exactToNumber(v))) expect(ulpErrorExact(K.pow(x, y), v), `${x}**${y}`).toBeLessThan(0.52);
        }
      }
    }
    expect(K.pow(2, -1074)).toBe(5e-324);
    expect(K.pow(2, 1023)).toBe(2 ** 1023);
    expect(K.pow(0.5, 3)).toBe(0.125);
    expect(K.pow(10, -3)).toBe(Number('1e-3'));
    expect(K.pow(4, 0.5)).toBe(2);
    expect(K.pow(8, 1 / 3)).toBe(2);
  });
  it('C99 special cases', () => {
    const P = K.pow;
    expect(P(NaN, 0)).toBe(1);
    expect(P(1, NaN)).toBe(1);
    expect(P(NaN, 1)).toBeNaN();
    expect(P(2, NaN)).toBeNaN();
    expect(P(-8, 1 / 3)).toBeNaN();
    expect(P(-2, 3)).toBe(-8);
    expect(P(-2, 2)).toBe(4);
    expect(P(-1, Infinity)).toBe(1);
    expect(P(0.5, Infinity)).toBe(0);
    expect(P(0.5, -Infinity)).toBe(Infinity);
    expect(P(2, Infinity)).toBe(Infinity);
    expect(P(2, -Infinity)).toBe(0);
    expect(P(0, -1)).toBe(Infinity);
    expect(P(-0, -1)).toBe(-Infinity);
    expect(P(-0, -2)).toBe(Infinity);
    expect(Object.is(P(-0, 3), -0)).toBe(true);
    expect(Object.is(P(-0, 0.5), 0)).toBe(true);
    expect(P(-Infinity, 3)).toBe(-Infinity);
    expect(P(-Infinity, 2)).toBe(Infinity);
    expect(Object.is(P(-Infinity, -3), -0)).toBe(true);
    expect(P(Infinity, -1)).toBe(0);
    expect(P(10, 400)).toBe(Infinity);
    expect(P(-10, 401)).toBe(-Infinity);
    expect(P(10, -400)).toBe(0);
    expect(Object.is(P(-10, -401), -0)).toBe(true);
    expect(P(2, 0.5)).toBe(Math.SQRT2);
  });
});
