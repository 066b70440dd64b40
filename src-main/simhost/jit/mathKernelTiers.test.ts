/**
 * Cross-tier identity of SpikeForge's own math kernels (ARCHITECTURE.md §6.1): the C++ form
 * compiled with the real compiler and flags (header-free, -nostdlib) and the JS form must give the
 * same bits on every argument; NaN is compared as a class.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printMathKernels, printPhilox } from '../../../src-shared/codegen';
import { loadNativeLibrary, type NativeFunction, type NativeLibrary } from './nativeLibrary';
import { buildTestLibrary, EXPORT, requireToolchain } from './nativeTestSupport';

type Fn = (x: number) => number;
interface JsKernels {
  readonly exp: Fn;
  readonly log: Fn;
  readonly randn: (seed: number, step: number, idx: number, draw: number) => number;
  readonly rand: (seed: number, step: number, idx: number, draw: number) => number;
}

let dir = '';
let lib: NativeLibrary | undefined;
let js: JsKernels | undefined;

beforeAll(async () => {
  const toolchain = await requireToolchain();
  dir = mkdtempSync(join(tmpdir(), 'spikeforge-kernels-'));
  const kernels = new Set(['exp', 'log'] as const);
  const cpp = [
    'namespace sf_kernel_test {',
    printMathKernels(kernels, 'cpp'),
    printPhilox('cpp'),
    '}',
    `${EXPORT} void sf_t_exp(const double* x, double* y, int n) { for (int k = 0; k < n; k++) y[k] = sf_kernel_test::_sf_exp(x[k]); }`,
    `${EXPORT} void sf_t_log(const double* x, double* y, int n) { for (int k = 0; k < n; k++) y[k] = sf_kernel_test::_sf_log(x[k]); }`,
    `${EXPORT} void sf_t_randn(double seed, const long long* step, double* y, int n) { for (int k = 0; k < n; k++) y[k] = sf_kernel_test::_sf_randn(seed, step[k], k % 97, k % 5); }`,
    `${EXPORT} void sf_t_rand(double seed, const long long* step, double* y, int n) { for (int k = 0; k < n; k++) y[k] = sf_kernel_test::_sf_rand(seed, step[k], k % 97, k % 5); }`,
  ].join('\n');
  const path = await buildTestLibrary(toolchain, dir, 'kernels', cpp);
  const loaded = loadNativeLibrary(path);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  lib = loaded.value;
  const source = `${printMathKernels(kernels, 'js')}\n${printPhilox('js')}\nreturn { exp: _sf_exp, log: _sf_log, randn: _sf_randn, rand: _sf_rand };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating generated code is what is tested
  js = (new Function(source) as () => JsKernels)();
});

afterAll(() => {
  lib?.unload();
  rmSync(dir, { recursive: true, force: true });
});

function native(name: 'exp' | 'log'): NativeFunction {
  if (lib === undefined) throw new Error('library not loaded');
  return lib.bind(`sf_t_${name}`, `void sf_t_${name}(double* x, double* y, int n)`);
}

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

function compareTiers(name: 'exp' | 'log', args: Float64Array): { differ: number[]; native: Float64Array } {
  if (js === undefined) throw new Error('kernels not loaded');
  const fn = js[name];
  const out = new Float64Array(args.length);
  native(name)(args, out, args.length);
  const mine = args.map((x) => fn(x));
  return { differ: bitDifferences(out, mine), native: out };
}

const SPECIALS = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1e-310, 2 ** -1022, Number.MAX_VALUE, 1, -1, 709.782712893384, 709.7828, -745.13, -745.2, -1000, 1000, 1 - 2 ** -53, 1 + 2 ** -52, 0.9375, 1.0625];

describe('own math kernels: C++ and JS give the same bits', () => {
  it('exp: 10^5 arguments over [-700, 700] plus specials', () => {
    const args = new Float64Array(100_000 + SPECIALS.length);
    for (let k = 0; k < 100_000; k++) args[k] = -700 + (1400 * k) / 99_999 + ((k * 7919) % 1000) * 1e-9;
    args.set(SPECIALS, 100_000);
    const { differ, native: out } = compareTiers('exp', args);
    expect(differ).toEqual([]);
    expect(out[100_000 + 1]).toBe(1); // exp(-0)
    expect(out[100_000 + 3]).toBe(0); // exp(-inf)
  });

  it('log: 10^5 arguments over (0, 1e300] plus specials', () => {
    const args = new Float64Array(100_000 + SPECIALS.length);
    for (let k = 0; k < 100_000; k++) args[k] = k % 3 === 0 ? 0.9 + (0.2 * k) / 100_000 : 10 ** (-320 + (620 * k) / 99_999);
    args.set(SPECIALS, 100_000);
    const { differ, native: out } = compareTiers('log', args);
    expect(differ).toEqual([]);
    expect(out[100_000]).toBe(-Infinity);
    expect(Number.isNaN(out[100_000 + 11] as number)).toBe(true);
  });

  it('rand and randn (Philox4x32-10): same bits in C++ and JS, plausible moments', () => {
    if (lib === undefined || js === undefined) throw new Error('not loaded');
    const n = 20_000;
    const steps = new BigInt64Array(n);
    for (let k = 0; k < n; k++) steps[k] = BigInt(Math.floor(k / 97) + (k % 3 === 0 ? 2 ** 33 : 0));
    for (const kind of ['randn', 'rand'] as const) {
      const out = new Float64Array(n);
      lib.bind(`sf_t_${kind}`, `void sf_t_${kind}(double seed, int64_t* step, double* y, int n)`)(1234, steps, out, n);
      const fn = js[kind];
      const mine = Float64Array.from({ length: n }, (_, k) => fn(1234, Number(steps[k]), k % 97, k % 5));
      expect(bitDifferences(out, mine)).toEqual([]);
      const mean = mine.reduce((a, b) => a + b, 0) / n;
      const variance = mine.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
      if (kind === 'randn') {
        expect(Math.abs(mean)).toBeLessThan(0.03);
        expect(Math.abs(variance - 1)).toBeLessThan(0.04);
      } else {
        expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
        expect(Math.min(...mine)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...mine)).toBeLessThan(1);
      }
    }
  });
});
