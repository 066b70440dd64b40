/**
 * Writing a math kernel once for both tiers. A kernel body is written in a small neutral dialect
 * of C/JS (the arithmetic, `if`/`return` and array indexing are the same text in both languages)
 * and translated line by line:
 *
 * | neutral                 | C++                               | JavaScript                 |
 * |-------------------------|-----------------------------------|----------------------------|
 * | `const a = e;`          | `const double a = e;`             | `const a = e;`             |
 * | `let a = e;`            | `double a = e;`                   | `let a = e;`               |
 * | `int a = e;`            | `const int a = (int)(e);`         | `const a = (e) \| 0;`       |
 * | `let int a = e;`        | `int a = (int)(e);`               | `let a = (e) \| 0;`         |
 * | `bool a = e;`           | `const bool a = e;`               | `const a = e;`             |
 * | `FLOOR(` `FABS(` `SQRT(`| `__builtin_floor(` …              | `Math.floor(` …            |
 * | `POW2(m)` (int m)       | `_sf_pow2i(m)`                    | `_sf_pow2[(m) + 1022]`     |
 * | `INF`, `NAN`            | `__builtin_inf()`, `__builtin_nan("")` | `Infinity`, `NaN`     |
 *
 * `FLOOR`, `FABS` and `SQRT` are exact in both languages; `POW2(m)` is the exact power of two for
 * −1022 ≤ m ≤ 1023 (a table in JS, built from its bits in C++). Every operation is written out
 * with its order fixed by parentheses; the C++ is compiled with -ffp-contract=off, so no FMA.
 * Integer assignments truncate toward zero in both languages (operands stay far inside int32).
 *
 * The error-free transformations used by the kernels (Dekker's product with Veltkamp's split,
 * Knuth's and Dekker's sums) are printed by the helpers at the end.
 */

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

/** Translates one neutral line (see the file header) for `target`. */
export function translateLine(line: string, target: KernelTarget): string {
  const cpp = target === 'cpp';
  let s = line
    .replace(/\bFLOOR\(/g, cpp ? '__builtin_floor(' : 'Math.floor(')
    .replace(/\bFABS\(/g, cpp ? '__builtin_fabs(' : 'Math.abs(')
    .replace(/\bSQRT\(/g, cpp ? '__builtin_sqrt(' : 'Math.sqrt(')
    .replace(/\bINF\b/g, cpp ? '__builtin_inf()' : 'Infinity')
    .replace(/\bNAN\b/g, cpp ? '__builtin_nan("")' : 'NaN');
  s = replacePow2(s, cpp);
  const m = /^(\s*)(const|let int|let|int|bool) (\w+) = (.*);$/.exec(s);
  if (m === null) return s;
  const [, indent = '', kind, name = '', expr = ''] = m;
  switch (kind) {
    case 'const':
      return cpp ? `${indent}const double ${name} = ${expr};` : s;
    case 'let':
      return cpp ? `${indent}double ${name} = ${expr};` : s;
    case 'int':
      return cpp ? `${indent}const int ${name} = (int)(${expr});` : `${indent}const ${name} = (${expr}) | 0;`;
    case 'let int':
      return cpp ? `${indent}int ${name} = (int)(${expr});` : `${indent}let ${name} = (${expr}) | 0;`;
    default:
      return cpp ? `${indent}const bool ${name} = ${expr};` : `${indent}const ${name} = ${expr};`;
  }
}

/** `POW2(expr)` with balanced parentheses in expr. */
function replacePow2(line: string, cpp: boolean): string {
  let out = line;
  for (let at = out.indexOf('POW2('); at >= 0; at = out.indexOf('POW2(')) {
    let depth = 0;
    let end = at + 4;
    for (; end < out.length; end++) {
      if (out[end] === '(') depth++;
      else if (out[end] === ')' && --depth === 0) break;
    }
    const inner = out.slice(at + 5, end);
    out = out.slice(0, at) + (cpp ? `_sf_pow2i(${inner})` : `_sf_pow2[(${inner}) + 1022]`) + out.slice(end + 1);
  }
  return out;
}

/** A parameter of a printed function: a double unless marked `int `. */
export interface KernelFunction {
  readonly name: string;
  readonly params: readonly string[];
  /** Return type: `double` (default) or `int`. */
  readonly returns?: 'double' | 'int';
  readonly body: readonly string[];
}

/** Prints a function: C++ `static inline`, JS a plain function; the body is translated. */
export function printFunction(fn: KernelFunction, target: KernelTarget): string {
  const body = fn.body.map((l) => `  ${translateLine(l, target)}`).join('\n');
  if (target === 'js') return `function ${fn.name}(${fn.params.map((p) => p.replace(/^(int|double\*) /, '')).join(', ')}) {\n${body}\n}`;
  const params = fn.params.map((p) => (/^(int|double\*) /.test(p) ? p : `double ${p}`)).join(', ');
  return `static inline ${fn.returns ?? 'double'} ${fn.name}(${params}) {\n${body}\n}`;
}

/** A constant table: C++ `static const double name[n]`, JS a Float64Array. */
export function printTable(name: string, values: readonly number[], target: KernelTarget): string {
  const lines: string[] = [];
  for (let k = 0; k < values.length; k += 4) lines.push(`  ${values.slice(k, k + 4).map(printDoubleLiteral).join(', ')},`);
  return target === 'cpp' ? `static const double ${name}[${values.length}] = {\n${lines.join('\n')}\n};` : `const ${name} = new Float64Array([\n${lines.join('\n')}\n]);`;
}

/** Horner's scheme `c0 + v*(c1 + v*(…))` for literal coefficients. */
export function horner(v: string, coefficients: readonly number[]): string {
  const [first, ...rest] = coefficients;
  if (first === undefined) throw new Error('horner: no coefficients');
  return rest.length === 0 ? printDoubleLiteral(first) : `${printDoubleLiteral(first)} + ${v} * (${horner(v, rest)})`;
}

/** Veltkamp's splitting constant 2^27 + 1 (splits a double into two 26-bit halves). */
const SPLIT = '134217729.0';

/**
 * Dekker's exact product: `p + e = a·b` exactly (no overflow: |a|, |b| < 2^995). Declares `p`,
 * `e` and temporaries prefixed with `p`.
 */
export function twoProduct(p: string, e: string, a: string, b: string): string[] {
  return [
    `const ${p} = ${a} * ${b};`,
    `const ${p}_ca = ${a} * ${SPLIT};`,
    `const ${p}_ah = ${p}_ca - (${p}_ca - ${a});`,
    `const ${p}_al = ${a} - ${p}_ah;`,
    `const ${p}_cb = ${b} * ${SPLIT};`,
    `const ${p}_bh = ${p}_cb - (${p}_cb - ${b});`,
    `const ${p}_bl = ${b} - ${p}_bh;`,
    `const ${e} = (((${p}_ah * ${p}_bh - ${p}) + ${p}_ah * ${p}_bl) + ${p}_al * ${p}_bh) + ${p}_al * ${p}_bl;`,
  ];
}

/** Knuth's TwoSum: `s + e = a + b` exactly, for any order of magnitude. */
export function twoSum(s: string, e: string, a: string, b: string): string[] {
  return [`const ${s} = ${a} + ${b};`, `const ${s}_bb = ${s} - ${a};`, `const ${e} = (${a} - (${s} - ${s}_bb)) + (${b} - ${s}_bb);`];
}

/** Dekker's Fast2Sum: `s + e = a + b` exactly when |a| ≥ |b| (or a = 0). */
export function fastTwoSum(s: string, e: string, a: string, b: string): string[] {
  return [`const ${s} = ${a} + ${b};`, `const ${e} = (${a} - ${s}) + ${b};`];
}

/**
 * The JS scratch state shared by kernels: exact powers of two for `POW2` and a bit view of one
 * double (`_sf_HI` indexes the high word). Names and text as the exp and log kernels always had.
 */
export const JS_POW2_TABLE = [
  '// Exact powers of two 2^(k - 1022), k = 0 … 2045 (the exp kernel scales by them).',
  'const _sf_pow2 = new Float64Array(2046);',
  'for (let k = 0, p = 1.0; k <= 1023; k++, p *= 2.0) _sf_pow2[1022 + k] = p;',
  'for (let k = 1, p = 0.5; k <= 1022; k++, p *= 0.5) _sf_pow2[1022 - k] = p;',
].join('\n');

export const JS_BIT_VIEW = [
  '// A scratch view of one double as two 32-bit words; _sf_HI indexes the high word.',
  'const _sf_bits_f64 = new Float64Array(1);',
  'const _sf_bits_u32 = new Uint32Array(_sf_bits_f64.buffer);',
  "const _sf_HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;",
].join('\n');

/** C++ `POW2`: 2^m from its bits, for −1022 ≤ m ≤ 1023. */
export const CPP_POW2 = [
  'static inline double _sf_pow2i(int m) {',
  '  union { unsigned long long u; double d; } s;',
  '  s.u = (unsigned long long)(m + 1023) << 52;',
  '  return s.d;',
  '}',
].join('\n');

/**
 * Lines declaring `int <m>` (unbiased exponent of `x`, plus `k`) and, unless `y` is undefined,
 * `const <y>` (x with its exponent set to 0, in [1, 2)) for a positive normal finite `x`.
 */
export function exponentSplit(x: string, k: string, m: string, y: string | undefined, target: KernelTarget): string[] {
  if (target === 'cpp') {
    return [
      `union { double d; unsigned long long u; } ${m}_b;`,
      `${m}_b.d = ${x};`,
      `int ${m} = (int)(${m}_b.u >> 52) - 1023 + ${k};`,
      ...(y === undefined ? [] : [`${m}_b.u = (${m}_b.u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;`, `const ${y} = ${m}_b.d;`]),
    ];
  }
  return [
    `_sf_bits_f64[0] = ${x};`,
    `const ${m}_hw = _sf_bits_u32[_sf_HI];`,
    `int ${m} = (${m}_hw >>> 20) - 1023 + ${k};`,
    ...(y === undefined ? [] : [`_sf_bits_u32[_sf_HI] = (${m}_hw & 0x000fffff) | 0x3ff00000;`, `const ${y} = _sf_bits_f64[0];`]),
  ];
}
