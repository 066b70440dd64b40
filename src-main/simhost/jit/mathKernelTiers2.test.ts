/**
 * Cross-tier identity of the kernels beyond exp/log (ARCHITECTURE.md §6.1): sin, cos, tan, sinh,
 * cosh, tanh, arcsin, arccos, arctan, log10, expm1, log1p, exprel and pow. The C++ form, compiled
 * with the real compiler and flags (header-free, -nostdlib, -ffp-contract=off), and the JS form
 * must give the same bits on every argument; NaN is compared as a class. Accuracy is tested on
 * the JS form in src-shared/codegen/support/furtherKernels.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATH_KERNELS, printMathKernels } from '../../../src-shared/codegen';
import { loadNativeLibrary, type NativeLibrary } from './nativeLibrary';
import { buildTestLibrary, EXPORT, requireToolchain } from './nativeTestSupport';
import { compilerFlags } from './toolchainProbe';

type Unary = Exclude<(typeof MATH_KERNELS)[number], 'pow'>;
const UNARY = MATH_KERNELS.filter((k): k is Unary => k !== 'pow');

let dir = '';
let lib: NativeLibrary | undefined;
let js: Record<string, (x: number, y?: number) => number> = {};

beforeAll(async () => {
  const toolchain = await requireToolchain();
  dir = mkdtempSync(join(tmpdir(), 'spikeforge-kernels2-'));
  const cpp = [
    'namespace sf_kernel_test2 {',
    printMathKernels(MATH_KERNELS, 'cpp'),
    '}',
    ...UNARY.map((k) => `${EXPORT} void sf_t_${k}(const double* x, double* y, int n) { for (int i = 0; i < n; i++) y[i] = sf_kernel_test2::_sf_${k}(x[i]); }`),
    `${EXPORT} void sf_t_pow(const double* x, const double* y, double* z, int n) { for (int i = 0; i < n; i++) z[i] = sf_kernel_test2::_sf_pow(x[i], y[i]); }`,
  ].join('\n');
  const path = await buildTestLibrary(toolchain, dir, 'kernels2', cpp);
  const loaded = loadNativeLibrary(path);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  lib = loaded.value;
  const source = `${printMathKernels(MATH_KERNELS, 'js')}\nreturn { ${MATH_KERNELS.map((k) => `${k}: _sf_${k}`).join(', ')} };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating generated code is what is tested
  js = (new Function(source) as () => Record<string, (x: number, y?: number) => number>)();
});

afterAll(() => {
  lib?.unload();
  rmSync(dir, { recursive: true, force: true });
});

/** Indices where the two arrays differ in their bits (NaN compared as a class). */
function bitDifferences(a: Float64Array, b: Float64Array): number[] {
  const differ: number[] = [];
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as number;
    const y = b[k] as number;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (!Object.is(x, y)) differ.push(k);
  }
  return differ;
}

/** Deterministic uniform numbers in [0, 1). */
function uniforms(count: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[k] = s / 4294967296;
  }
  return out;
}

const SPECIALS = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1e-310, 2 ** -1022, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1, 0.5, -0.5, 2, 1e-16, 1e-20, -1e-20, 0.25, -0.25, 22, -22, 38, -38, 40, 44, 709.78, 709.79, 710.4758600739439, 711, 717, 800, -745.2, -800, Math.PI / 4, Math.PI / 2, Math.PI, 1e6, 999999.9999999999, 6381956970095103 * 2 ** 797, 1 - 2 ** -53, 1 + 2 ** -52, -1 + 2 ** -53, Math.SQRT1_2, 2 ** 54, 0.0078125, -0.0078125];

/** ~10^5 arguments: uniform on several scales, log-uniform over the whole double range, specials. */
function argumentsFor(seed: number): Float64Array {
  const u = uniforms(100_000, seed);
  const out = new Float64Array(u.length + SPECIALS.length);
  for (let k = 0; k < u.length; k++) {
    const v = u[k] as number;
    const sign = k % 2 === 0 ? 1 : -1;
    switch (k % 6) {
      case 0:
        out[k] = sign * v; // [-1, 1]
        break;
      case 1:
        out[k] = sign * 25 * v; // the sinh/cosh/tanh/expm1 ranges
        break;
      case 2:
        out[k] = sign * 10 ** (-20 + 20 * v); // small arguments
        break;
      case 3:
        out[k] = sign * 10 ** (-320 + 628 * v); // every magnitude
        break;
      case 4:
        out[k] = sign * 750 * v; // over- and underflow edges
        break;
      default:
        out[k] = sign * (1 - 10 ** (-16 * v)); // near ±1 (arcsin, arccos, log1p)
    }
  }
  out.set(SPECIALS, u.length);
  return out;
}

describe('own math kernels (further): C++ and JS give the same bits', () => {
  for (const [index, name] of UNARY.entries()) {
    it(`${name}: 10^5 arguments over every scale plus specials`, () => {
      if (lib === undefined) throw new Error('library not loaded');
      const fn = js[name];
      if (fn === undefined) throw new Error(`no JS kernel ${name}`);
      const args = argumentsFor(1000 + index);
      const native = new Float64Array(args.length);
      lib.bind(`sf_t_${name}`, `void sf_t_${name}(double* x, double* y, int n)`)(args, native, args.length);
      const mine = args.map((x) => fn(x));
      // Not vacuous: most results are numbers (NaN is compared as a class).
      expect(native.filter((v) => !Number.isNaN(v)).length).toBeGreaterThan(args.length * 0.4);
      expect(bitDifferences(native, mine).map((k) => `${name}(${args[k]}): C++ ${native[k]}, JS ${mine[k]}`)).toEqual([]);
    });
  }

  it('each kernel printed alone brings everything it uses (one namespace per kernel, -Wall -Werror)', async () => {
    const toolchain = await requireToolchain();
    const cpp = MATH_KERNELS.map((k) => `namespace sf_alone_${k} {\n${printMathKernels([k], 'cpp')}\n}\n${EXPORT} double sf_alone_${k}_call(double x) { return sf_alone_${k}::_sf_${k}(${k === 'pow' ? 'x, 0.5' : 'x'}); }`).join('\n');
    const path = await buildTestLibrary(toolchain, dir, 'alone', cpp, [...compilerFlags(toolchain), '-Wall', '-Werror']);
    const loaded = loadNativeLibrary(path);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    try {
      for (const k of MATH_KERNELS) {
        const native = loaded.value.bind<number>(`sf_alone_${k}_call`, `double sf_alone_${k}_call(double x)`)(0.375);
        // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating generated code is what is tested
        const alone = new Function('x', `"use strict";\n${printMathKernels([k], 'js')}\nreturn _sf_${k}(${k === 'pow' ? 'x, 0.5' : 'x'});`) as (x: number) => number;
        expect(Object.is(native, alone(0.375)), k).toBe(true);
      }
    } finally {
      loaded.value.unload();
    }
  });

  it('C66 in C++: exprel(0) = 1, exprel(1e-20) = 1, exprel(800) = +∞', () => {
    if (lib === undefined) throw new Error('library not loaded');
    const args = Float64Array.from([0, -0, 1e-20, -1e-20, 800, 717.5, -800]);
    const out = new Float64Array(args.length);
    lib.bind('sf_t_exprel', 'void sf_t_exprel(double* x, double* y, int n)')(args, out, args.length);
    expect(Array.from(out)).toEqual([1, 1, 1, 1, Infinity, Infinity, 1 / 800]);
  });

  it('pow: 10^5 argument pairs plus the special-case grid', () => {
    if (lib === undefined) throw new Error('library not loaded');
    const fn = js.pow;
    if (fn === undefined) throw new Error('no JS kernel pow');
    const u = uniforms(200_000, 77);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 0; k < u.length; k += 2) {
      const a = u[k] as number;
      const b = u[k + 1] as number;
      switch ((k / 2) % 5) {
        case 0:
          xs.push(10 * a);
          ys.push(-60 + 120 * b);
          break;
        case 1:
          xs.push(1 + (a - 0.5) * 1e-3);
          ys.push((b - 0.5) * 1e6);
          break;
        case 2:
          xs.push(10 ** (-320 + 628 * a));
          ys.push((b - 0.5) * 4);
          break;
        case 3:
          xs.push(-(1 + 9 * a));
          ys.push(Math.round((b - 0.5) * 200));
          break;
        default:
          xs.push(Math.round(a * 20) - 10);
          ys.push(Math.round(b * 40) - 10);
      }
    }
    for (const x of SPECIALS) {
      for (const y of [0, -0, 1, -1, 2, 3, -3, 0.5, -0.5, 1 / 3, Infinity, -Infinity, NaN, 1e300, -1e300, 2 ** 53, 2 ** 53 + 2]) {
        xs.push(x);
        ys.push(y);
      }
    }
    const x = Float64Array.from(xs);
    const y = Float64Array.from(ys);
    const native = new Float64Array(x.length);
    lib.bind('sf_t_pow', 'void sf_t_pow(double* x, double* y, double* z, int n)')(x, y, native, x.length);
    const mine = Float64Array.from(xs, (v, k) => fn(v, ys[k]));
    expect(native.filter((v) => Number.isFinite(v)).length).toBeGreaterThan(x.length * 0.6);
    expect(bitDifferences(native, mine).map((k) => `pow(${x[k]}, ${y[k]}): C++ ${native[k]}, JS ${mine[k]}`)).toEqual([]);
  });
});
