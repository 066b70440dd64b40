import { describe, expect, it } from 'vitest';
import { expErrorUlps, logErrorUlps } from './mathKernelReference';
import { printMathKernels } from './mathKernels';

type Fn = (x: number) => number;

/** The JS form of the kernels, evaluated as the generated module would. */
function loadJsKernels(): { exp: Fn; log: Fn } {
  const source = `${printMathKernels(new Set(['exp', 'log']), 'js')}\nreturn { exp: _sf_exp, log: _sf_log };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating generated code is what is tested
  return (new Function(source) as () => { exp: Fn; log: Fn })();
}

/** Deterministic uniform numbers in [0, 1) (xorshift-style, fixed seed). */
function uniforms(count: number, seed = 12345): number[] {
  let s = seed >>> 0;
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

const { exp, log } = loadJsKernels();

describe('math kernels (JS form)', () => {
  it('exp is within 1 ulp of a 256-bit reference on [-745, 709.78] (Math.exp measured alongside)', () => {
    let worst = 0;
    let worstSubnormal = 0;
    let worstMath = 0;
    for (const u of uniforms(4000)) {
      const x = -745 + 1454.78 * u;
      const y = exp(x);
      if (y === 0) continue;
      if (y < 2 ** -1022) worstSubnormal = Math.max(worstSubnormal, expErrorUlps(x, y));
      else worst = Math.max(worst, expErrorUlps(x, y));
      worstMath = Math.max(worstMath, expErrorUlps(x, Math.exp(x)));
    }
    for (const u of uniforms(2000, 99)) {
      const x = -20 + 40 * u;
      worst = Math.max(worst, expErrorUlps(x, exp(x)));
      worstMath = Math.max(worstMath, expErrorUlps(x, Math.exp(x)));
    }
    // Measured: ≈ 0.505 ulp for normal results, ≈ 0.69 for subnormal ones (rounded twice, as
    // Math.exp); Math.exp reaches ≈ 0.82 on normal results.
    expect(worst).toBeLessThan(0.52);
    expect(worstSubnormal).toBeLessThanOrEqual(1);
    expect(worstMath).toBeLessThan(1);
  });

  it('log is within 1 ulp of a 256-bit reference on (0, 1e300] and near 1', () => {
    let worst = 0;
    const us = uniforms(4000, 7);
    for (const [k, u] of us.entries()) {
      const x = k % 2 === 0 ? Math.exp(-745 + 1435 * u) : 0.9 + 0.2 * u;
      if (x === 1 || x === 0) continue;
      worst = Math.max(worst, logErrorUlps(x, log(x)));
    }
    for (const x of [5e-324, 1e-310, 2 ** -1022, 1e300, Number.MAX_VALUE, 1 - 2 ** -53, 1 + 2 ** -52, 0.9375, 1.0625, 0.5, 3]) {
      worst = Math.max(worst, logErrorUlps(x, log(x)));
    }
    expect(worst).toBeLessThan(0.75);
  });

  it('handles special values like IEEE exp/log', () => {
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(NaN)).toBeNaN();
    expect(exp(709.782712893384)).toBe(1.7976931348622732e308); // largest finite result (as Math.exp)
    expect(exp(709.7828)).toBe(Infinity);
    expect(exp(-745.13)).toBe(5e-324); // smallest subnormal
    expect(exp(-745.2)).toBe(0);
    expect(exp(-740)).toBe(Math.exp(-740)); // subnormal result
    expect(exp(1e-300)).toBe(1);
    expect(log(0)).toBe(-Infinity);
    expect(log(-0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(-Infinity)).toBeNaN();
    expect(log(NaN)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(Object.is(log(1), 0)).toBe(true);
    expect(log(2)).toBe(Math.LN2);
    expect(log(5e-324)).toBe(Math.log(5e-324));
    expect(log(Number.MAX_VALUE)).toBe(Math.log(Number.MAX_VALUE));
  });
});
