/**
 * SpikeForge's own `exp` and `log` (ARCHITECTURE.md §6.1): one table-driven algorithm, written
 * once here and printed into C++ and into JavaScript, so both tiers compute the same bits (libm's
 * and V8's versions differ in the last bit on a good share of arguments). The generated C++
 * stays header-free: no libm, only `__builtin_floor`/`__builtin_fabs` (inlined instructions).
 *
 * Algorithms (Tang, "Table-driven implementation of the exponential function" (1989) and "… of
 * the logarithm function" (1990)), re-derived here with Taylor coefficients:
 * - exp: x = n·ln2/128 + r, |r| ≤ ln2/256, n = 128m + j; exp(x) = 2^m · 2^(j/128) · e^r with a
 *   128-entry table of 2^(j/128) as leading + trailing doubles, e^r − 1 by a degree-5 polynomial,
 *   n·ln2/128 subtracted in two pieces (the first exact).
 * - log: away from 1, x = 2^m·y, y ∈ [1,2), F = 1 + j/128 nearest y, log x = m·ln2 + log F +
 *   2·atanh(u/2) with u = 2(y−F)/(y+F); the leading parts of m·ln2 and log F are multiples of
 *   2^-42 so their sum is exact. Near 1 (|x−1| < 1/16) u = 2f/(2+f) is used directly with a
 *   correction term for the rounding of u.
 * The constant tables are computed from their definitions in `highPrecision.ts`.
 */
import { fixedExp, fixedLn2, fixedLogRational, FIXED_BITS, fixedToNumber, splitFixed } from './highPrecision';

/** A language the kernels are printed in. */
export type KernelTarget = 'cpp' | 'js';

/** A double literal both compilers read back to the same value (shortest round trip). */
export function printDoubleLiteral(value: number): string {
  if (Number.isNaN(value) || !Number.isFinite(value)) throw new Error(`printDoubleLiteral: ${value}`);
  if (Object.is(value, -0)) return '(-0.0)';
  const text = String(value);
  const withPoint = /[.e]/.test(text) ? text : `${text}.0`;
  return value < 0 ? `(${withPoint})` : withPoint;
}

interface KernelTables {
  readonly expHi: readonly number[];
  readonly expLo: readonly number[];
  readonly logHi: readonly number[];
  readonly logLo: readonly number[];
  readonly ln2Hi: number;
  readonly ln2Lo: number;
  readonly expL1: number;
  readonly expL2: number;
  readonly expInvL: number;
}

let tables: KernelTables | undefined;

/** The kernels' constants, derived once from their definitions. */
function kernelTables(): KernelTables {
  if (tables !== undefined) return tables;
  const ln2 = fixedLn2();
  const expHi: number[] = [];
  const expLo: number[] = [];
  for (let j = 0n; j < 128n; j++) {
    const s = fixedExp((j * ln2) / 128n); // 2^(j/128)
    const hi = fixedToNumber(s);
    const exactHi = BigInt(hi * 2 ** 52) << (FIXED_BITS - 52n); // hi ∈ [1, 2): hi·2^52 is an integer
    expHi.push(hi);
    expLo.push(fixedToNumber(s - exactHi));
  }
  const logHi: number[] = [];
  const logLo: number[] = [];
  for (let j = 0n; j <= 128n; j++) {
    const split = splitFixed(fixedLogRational(128n + j, 128n), 42n);
    logHi.push(split.hi);
    logLo.push(split.lo);
  }
  const ln2Split = splitFixed(ln2, 42n);
  // ln2/128 ≈ 2^-7.5: 35 significant bits (multiples of 2^-42), so n·L1 is exact for |n| < 2^18.
  const expSplit = splitFixed(ln2 / 128n, 42n);
  tables = {
    expHi,
    expLo,
    logHi,
    logLo,
    ln2Hi: ln2Split.hi,
    ln2Lo: ln2Split.lo,
    expL1: expSplit.hi,
    expL2: expSplit.lo,
    expInvL: fixedToNumber((128n << (2n * FIXED_BITS)) / ln2),
  };
  return tables;
}

/** Printing helpers: the arithmetic text is shared, declarations and bit access differ. */
function language(target: KernelTarget) {
  const cpp = target === 'cpp';
  return {
    dbl: (name: string, expr: string) => (cpp ? `const double ${name} = ${expr};` : `const ${name} = ${expr};`),
    int: (name: string, expr: string) => (cpp ? `const int ${name} = (int)(${expr});` : `const ${name} = (${expr}) | 0;`),
    floor: (expr: string) => (cpp ? `__builtin_floor(${expr})` : `Math.floor(${expr})`),
    fabs: (expr: string) => (cpp ? `__builtin_fabs(${expr})` : `Math.abs(${expr})`),
    inf: cpp ? '__builtin_inf()' : 'Infinity',
    nan: cpp ? '__builtin_nan("")' : 'NaN',
    table: (name: string, values: readonly number[]) =>
      cpp
        ? `static const double ${name}[${values.length}] = {\n${chunkLines(values)}\n};`
        : `const ${name} = new Float64Array([\n${chunkLines(values)}\n]);`,
    fn: (name: string, body: readonly string[]) =>
      (cpp ? `static inline double ${name}(double x) {\n` : `function ${name}(x) {\n`) + body.map((l) => `  ${l}`).join('\n') + '\n}',
  };
}

function chunkLines(values: readonly number[]): string {
  const lines: string[] = [];
  for (let k = 0; k < values.length; k += 4) lines.push(`  ${values.slice(k, k + 4).map(printDoubleLiteral).join(', ')},`);
  return lines.join('\n');
}

const TWO_M64 = printDoubleLiteral(2 ** -64);

function printExp(target: KernelTarget): string {
  const t = kernelTables();
  const L = language(target);
  const c = printDoubleLiteral;
  const scale =
    target === 'cpp'
      ? [
          '// 2^m built from its bits: m + 1023 is a valid biased exponent on every path below.',
          'union { unsigned long long u; double d; } s;',
          'if (m > 1023) { s.u = (unsigned long long)2046 << 52; return (y * s.d) * 2.0; }',
          `if (m < -1022) { s.u = (unsigned long long)(m + 64 + 1023) << 52; return (y * s.d) * ${TWO_M64}; }`,
          's.u = (unsigned long long)(m + 1023) << 52;',
          'return y * s.d;',
        ]
      : [
          '// 2^m from a table of exact powers of two (index m + 1022).',
          'if (m > 1023) return (y * _sf_pow2[2045]) * 2.0;',
          `if (m < -1022) return (y * _sf_pow2[m + 64 + 1022]) * ${TWO_M64};`,
          'return y * _sf_pow2[m + 1022];',
        ];
  const body = [
    'if (x != x) return x;',
    `if (x > 710.0) return ${L.inf};`,
    'if (x < -746.0) return 0.0;',
    L.dbl('n', L.floor(`x * ${c(t.expInvL)} + 0.5`)),
    L.dbl('r1', `x - n * ${c(t.expL1)}`),
    L.dbl('r2', `n * ${c(-t.expL2)}`),
    L.dbl('r', 'r1 + r2'),
    L.dbl('q', `r * r * (0.5 + r * (${c(1 / 6)} + r * (${c(1 / 24)} + r * ${c(1 / 120)})))`),
    L.dbl('p', 'r1 + (r2 + q)'),
    L.dbl('jd', `n - 128.0 * ${L.floor('n * 0.0078125')}`),
    L.int('j', 'jd'),
    L.int('m', '(n - jd) * 0.0078125'),
    L.dbl('sj', '_sf_exp_hi[j]'),
    L.dbl('y', 'sj + (_sf_exp_lo[j] + sj * p)'),
    ...scale,
  ];
  return [L.table('_sf_exp_hi', t.expHi), L.table('_sf_exp_lo', t.expLo), L.fn('_sf_exp', body)].join('\n');
}

function printLog(target: KernelTarget): string {
  const t = kernelTables();
  const L = language(target);
  const c = printDoubleLiteral;
  const cpp = target === 'cpp';
  const split = 134217729; // 2^27 + 1: Veltkamp splitting into 26-bit halves
  const bits = cpp
    ? [
        'union { double d; unsigned long long u; } b;',
        'b.d = xs;',
        'const int m = (int)(b.u >> 52) - 1023 + k;',
        'b.u = (b.u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;',
        'const double y = b.d;',
      ]
    : [
        '_sf_bits_f64[0] = xs;',
        'const hw = _sf_bits_u32[_sf_HI];',
        'const m = (hw >>> 20) - 1023 + k;',
        '_sf_bits_u32[_sf_HI] = (hw & 0x000fffff) | 0x3ff00000;',
        'const y = _sf_bits_f64[0];',
      ];
  const body = [
    `if (!(x > 0.0)) return x == 0.0 ? -${L.inf} : ${L.nan};`,
    `if (x == ${L.inf}) return x;`,
    L.dbl('f', 'x - 1.0'),
    `if (${L.fabs('f')} < 0.0625) {`,
    `  ${L.dbl('g', '1.0 / (2.0 + f)')}`,
    `  ${L.dbl('u', '(f + f) * g')}`,
    `  ${L.dbl('v', 'u * u')}`,
    `  ${L.dbl('q', `u * v * (${c(1 / 12)} + v * (${c(1 / 80)} + v * (${c(1 / 448)} + v * (${c(1 / 2304)} + v * (${c(1 / 11264)} + v * ${c(1 / 53248)})))))`)}`,
    `  ${L.dbl('cu', `u * ${split}.0`)}`,
    `  ${L.dbl('u1', 'cu - (cu - u)')}`,
    `  ${L.dbl('cf', `f * ${split}.0`)}`,
    `  ${L.dbl('f1', 'cf - (cf - f)')}`,
    `  ${L.dbl('u2', '(((f - u1) * 2.0 - u1 * f1) - u1 * (f - f1)) * g')}`,
    '  return u1 + (u2 + q);',
    '}',
    cpp ? 'double xs = x;' : 'let xs = x;',
    cpp ? 'int k = 0;' : 'let k = 0;',
    `if (x < ${c(2 ** -1022)}) { xs = x * ${c(2 ** 54)}; k = -54; }`,
    ...bits,
    L.dbl('jd', L.floor('(y - 1.0) * 128.0 + 0.5')),
    L.int('j', 'jd'),
    L.dbl('F', '1.0 + jd * 0.0078125'),
    L.dbl('fr', 'y - F'),
    L.dbl('u', '(fr + fr) / (y + F)'),
    L.dbl('v', 'u * u'),
    L.dbl('q', `u * v * (${c(1 / 12)} + v * (${c(1 / 80)} + v * ${c(1 / 448)}))`),
    L.dbl('a1', `m * ${c(t.ln2Hi)} + _sf_log_hi[j]`),
    L.dbl('lo', `m * ${c(t.ln2Lo)} + _sf_log_lo[j]`),
    'return a1 + (u + (q + lo));',
  ];
  return [L.table('_sf_log_hi', t.logHi), L.table('_sf_log_lo', t.logLo), L.fn('_sf_log', body)].join('\n');
}

/** Support functions a generated module may need. */
export type MathKernel = 'exp' | 'log';

/**
 * Prints the definitions of `kernels` (tables and functions `_sf_exp(x)`, `_sf_log(x)`) for one
 * target. C++: `static` tables and `static inline` functions, no headers. JS: typed-array tables
 * and plain functions, plus the small shared scratch state they use (a power-of-two table for
 * exp, a bit view for log); to be placed inside the module's factory.
 */
export function printMathKernels(kernels: ReadonlySet<MathKernel>, target: KernelTarget): string {
  const parts: string[] = [];
  if (target === 'js') {
    if (kernels.has('exp')) {
      parts.push(
        '// Exact powers of two 2^(k - 1022), k = 0 … 2045 (the exp kernel scales by them).',
        'const _sf_pow2 = new Float64Array(2046);',
        'for (let k = 0, p = 1.0; k <= 1023; k++, p *= 2.0) _sf_pow2[1022 + k] = p;',
        'for (let k = 1, p = 0.5; k <= 1022; k++, p *= 0.5) _sf_pow2[1022 - k] = p;',
      );
    }
    if (kernels.has('log')) {
      parts.push(
        '// A scratch view of one double as two 32-bit words; _sf_HI indexes the high word.',
        'const _sf_bits_f64 = new Float64Array(1);',
        'const _sf_bits_u32 = new Uint32Array(_sf_bits_f64.buffer);',
        'const _sf_HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;',
      );
    }
  }
  if (kernels.has('exp')) parts.push(printExp(target));
  if (kernels.has('log')) parts.push(printLog(target));
  return parts.join('\n');
}
