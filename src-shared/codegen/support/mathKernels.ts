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
 *
 * The other built-in transcendental functions of BRIAN2_SEMANTICS.md §5 and `**` have kernels in
 * `expLogKernels.ts` (expm1, exprel, sinh, cosh, tanh, log1p, log10, pow), `trigKernels.ts` (sin,
 * cos, tan) and `atanKernels.ts` (arctan, arcsin, arccos), written in the neutral dialect of
 * `kernelText.ts`. `printMathKernels` prints any set of them with what they use, each piece once.
 *
 * Measured maximum errors in ulps (JS form; the C++ form gives the same bits; references of
 * `mathKernelReference.ts`; ≥ 10^5 arguments each, see the tests and the headers of those files):
 * exp 0.51 (normal results), log 0.51 (the tests' bound 0.75), expm1 0.53, exprel 0.53, sinh 0.53,
 * cosh 0.51, tanh 0.52, log1p 0.50, log10 0.50, pow 0.51, sin 0.58, cos 0.56, tan 0.57,
 * arctan 0.50, arcsin 0.50, arccos 0.52. For comparison V8's Math.* reached 0.75–2.1 ulp on the
 * same arguments (tanh 2.0, sinh 1.7, exprel as Math.expm1(x)/x 1.6, log10 1.6, cosh 1.3).
 */
import { printAtanKernel, printAtanSupport } from './atanKernels';
import { printExpLogKernel } from './expLogKernels';
import { kernelTables } from './kernelConstants';
import { CPP_POW2, JS_BIT_VIEW, JS_POW2_TABLE, printDoubleLiteral, printTable, type KernelTarget } from './kernelText';
import { printTrigKernel, printTrigSupport } from './trigKernels';

export { printDoubleLiteral, type KernelTarget };

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
    fn: (name: string, body: readonly string[]) =>
      (cpp ? `static inline double ${name}(double x) {\n` : `function ${name}(x) {\n`) + body.map((l) => `  ${l}`).join('\n') + '\n}',
  };
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
  return L.fn('_sf_exp', body);
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
  return L.fn('_sf_log', body);
}

/** The math functions generated code may call, as `_sf_<name>(x)` (`_sf_pow(x, y)`). */
export const MATH_KERNELS = ['exp', 'log', 'expm1', 'exprel', 'log1p', 'log10', 'sinh', 'cosh', 'tanh', 'sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan', 'pow'] as const;

/** A math function generated code may call. */
export type MathKernel = (typeof MATH_KERNELS)[number];

const KERNEL_NAMES: ReadonlySet<string> = new Set(MATH_KERNELS);

/** Whether `name` (e.g. a support need) is a math kernel. */
export function isMathKernel(name: string): name is MathKernel {
  return KERNEL_NAMES.has(name);
}

/** Pieces of support text the kernels share, each printed once. */
type Part = 'pow2' | 'bits' | 'expTables' | 'logTables' | 'trig' | 'atan' | MathKernel;

/** What each kernel needs besides itself (printed before it). */
const NEEDS: Readonly<Record<MathKernel, readonly Part[]>> = {
  exp: ['pow2', 'expTables'],
  log: ['bits', 'logTables'],
  expm1: ['exp'],
  exprel: ['exp'],
  sinh: ['pow2', 'expTables'],
  cosh: ['pow2', 'expTables'],
  tanh: ['pow2', 'expTables'],
  log1p: ['bits', 'logTables'],
  log10: ['bits', 'logTables'],
  pow: ['pow2', 'bits', 'expTables', 'logTables'],
  sin: ['pow2', 'bits', 'trig'],
  cos: ['pow2', 'bits', 'trig'],
  tan: ['pow2', 'bits', 'trig'],
  arcsin: ['atan'],
  arccos: ['atan'],
  arctan: ['atan'],
};

/** Print order: shared state and tables first, then every function after what it calls. */
const ORDER: readonly Part[] = ['pow2', 'bits', 'expTables', 'logTables', 'trig', 'atan', ...MATH_KERNELS];

function printPart(part: Part, target: KernelTarget): string {
  const t = kernelTables();
  switch (part) {
    case 'pow2':
      return target === 'js' ? JS_POW2_TABLE : CPP_POW2;
    case 'bits':
      return target === 'js' ? JS_BIT_VIEW : '';
    case 'expTables':
      return [printTable('_sf_exp_hi', t.expHi, target), printTable('_sf_exp_lo', t.expLo, target)].join('\n');
    case 'logTables':
      return [printTable('_sf_log_hi', t.logHi, target), printTable('_sf_log_lo', t.logLo, target)].join('\n');
    case 'trig':
      return printTrigSupport(target);
    case 'atan':
      return printAtanSupport(target);
    case 'exp':
      return printExp(target);
    case 'log':
      return printLog(target);
    case 'sin':
    case 'cos':
    case 'tan':
      return printTrigKernel(part, target);
    case 'arcsin':
    case 'arccos':
    case 'arctan':
      return printAtanKernel(part, target);
    default:
      return printExpLogKernel(part, target);
  }
}

/**
 * Prints the definitions of `kernels` and of everything they use (tables, shared helpers, other
 * kernels), each once, for one target: functions `_sf_<name>(x)` (`_sf_pow(x, y)`). C++: `static`
 * tables and `static inline` functions, no headers. JS: typed-array tables and plain functions,
 * plus the small shared scratch state they use (a power-of-two table, a bit view of a double);
 * to be placed inside the module's factory. Names that are not kernels are ignored, so a set of
 * support needs can be passed as it is.
 */
export function printMathKernels(kernels: Iterable<string>, target: KernelTarget): string {
  const parts = new Set<Part>();
  const add = (part: Part): void => {
    if (parts.has(part)) return;
    parts.add(part);
    if (isMathKernel(part)) for (const need of NEEDS[part]) add(need);
  };
  for (const kernel of kernels) if (isMathKernel(kernel)) add(kernel);
  return ORDER.filter((part) => parts.has(part))
    .map((part) => printPart(part, target))
    .filter((text) => text !== '')
    .join('\n');
}
