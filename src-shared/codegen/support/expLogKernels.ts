/**
 * Kernels built on the exp and log tables of `mathKernels.ts`: expm1, exprel, sinh, cosh, tanh,
 * log1p, log10 and pow. Each is printed into C++ and JavaScript from one neutral text
 * (`kernelText.ts`), so both tiers run the same operations.
 *
 * Building blocks (written here from the published methods):
 * - exp core (Tang 1989, as `_sf_exp`): x = n·ln2/128 + r, e^x = 2^m · (s_j + t) with
 *   s_j = 2^(j/128) and t = lo_j + s_j·p, p ≈ e^r − 1; s_j + t is kept as a double-double where
 *   the caller needs more than 53 bits (≈ 2^-60 relative).
 * - expm1 (after Tang, "Table-driven implementation of the expm1 function", 1992): |x| < 1/4 by its
 *   Taylor polynomial with x²/2 exact (Dekker's product); otherwise the exp core with the −1 taken
 *   where it is exact (s_j − 2^-m for −1 ≤ m ≤ 52) or where it cannot cancel. Result as a
 *   double-double; expm1 rounds it once, exprel and tanh divide it with a correction step.
 * - log core: x = 2^m·y, F = 1 + j/128 nearest y, log x = m·ln2 + log F + 2·atanh(f/(y+F)) with
 *   u = 2f/(y+F) as a double-double (Dekker's product for the residual) and a series to u⁹;
 *   result as a double-double (≈ 2^-70 relative). log10 multiplies it by 1/ln10 (double-double),
 *   log1p takes log of 1+x and adds the rounding error of 1+x divided by 1+x, pow multiplies it by
 *   y (Dekker's product) and feeds the double-double to the exp core (extra low input).
 * - sinh, cosh for |x| ≤ 22 as (E ∓ 1/E)/2 with E = e^|x| and 1/E as double-doubles; sinh below
 *   1/4 by its Taylor polynomial; above 22 by e^|x|/2 alone. tanh = E/(E+2) with E = expm1(2|x|).
 *
 * Measured maximum errors (JS form, same bits as C++; vs the references of
 * `mathKernelReference.ts`, 2–4·10^5 arguments each over the ranges of `furtherKernels.test.ts`):
 * expm1 0.53 ulp, exprel 0.53, sinh 0.53, cosh 0.51, tanh 0.52, log1p 0.50, log10 0.50, pow 0.51
 * (normal results; subnormal results of pow are rounded twice, as in exp). The largest errors of
 * expm1/exprel/sinh sit near |x| = 1/4, where the Taylor branch ends. Integer powers whose result
 * is a double come out exact, and log10(10^k) = k.
 */
import { furtherConstants, kernelTables, reciprocal, factorial } from './kernelConstants';
import { exponentSplit, fastTwoSum, horner, printDoubleLiteral as c, printFunction, twoProduct, twoSum, type KernelTarget } from './kernelText';

/** exp core for `x` (plus a small `xl`): declares int `${v}m`, `${v}sj`, `${v}t` (e^x = 2^m(sj + t)). */
export function expCoreLines(x: string, xl: string | undefined, v: string): string[] {
  const t = kernelTables();
  return [
    `const ${v}n = FLOOR(${x} * ${c(t.expInvL)} + 0.5);`,
    `const ${v}r1 = ${x} - ${v}n * ${c(t.expL1)};`,
    xl === undefined ? `const ${v}r2 = ${v}n * ${c(-t.expL2)};` : `const ${v}r2 = ${v}n * ${c(-t.expL2)} + ${xl};`,
    `const ${v}r = ${v}r1 + ${v}r2;`,
    `const ${v}q = ${v}r * ${v}r * (0.5 + ${v}r * (${c(1 / 6)} + ${v}r * (${c(1 / 24)} + ${v}r * ${c(1 / 120)})));`,
    `const ${v}p = ${v}r1 + (${v}r2 + ${v}q);`,
    `const ${v}jd = ${v}n - 128.0 * FLOOR(${v}n * 0.0078125);`,
    `int ${v}j = ${v}jd;`,
    `int ${v}m = (${v}n - ${v}jd) * 0.0078125;`,
    `const ${v}sj = _sf_exp_hi[${v}j];`,
    `const ${v}t = _sf_exp_lo[${v}j] + ${v}sj * ${v}p;`,
  ];
}

/** Coefficients 1/k! for k = from … to. */
function inverseFactorials(from: number, to: number, alternate = false, step = 1): number[] {
  const out: number[] = [];
  for (let k = from, i = 0; k <= to; k += step, i++) out.push((alternate && i % 2 === 1 ? -1 : 1) * reciprocal(factorial(k)));
  return out;
}

/**
 * expm1 as a double-double for |x| ≤ 44 (x ≠ 0): assigns `eh` and, if `low`, `el` (declared by
 * the caller with `let`), normalised so that eh = round(eh + el).
 */
function expm1CoreLines(x: string, low = true): string[] {
  return [
    `if (FABS(${x}) < 0.25) {`,
    ...[
      ...twoProduct('xz', 'xze', x, x),
      'const xhz = 0.5 * xz;',
      // x³·(1/3! + x/4! + … + x¹⁰/13!): truncation ≤ 2^-62 relative for |x| < 1/4.
      `const xpoly = ${x} * xz * (${horner(x, inverseFactorials(3, 13))});`,
      ...fastTwoSum('xa', 'xb', x, 'xhz'),
      'const xlo = xb + (0.5 * xze + xpoly);',
      'eh = xa + xlo;',
      ...(low ? ['el = (xa - eh) + xlo;'] : []),
    ].map((l) => `  ${l}`),
    '} else {',
    ...[
      ...expCoreLines(x, undefined, 'k'),
      'let hi = 0.0;',
      'let lo = 0.0;',
      'if (km > 52) {',
      '  // 2^-m is below the last bit of s_j: it only adjusts the low part.',
      '  const kt2 = kt - POW2(-km);',
      '  hi = ksj + kt2;',
      '  lo = (ksj - hi) + kt2;',
      '} else if (km >= -1) {',
      '  // s_j − 2^-m is exact for −1 ≤ m ≤ 52.',
      '  const ka = ksj - POW2(-km);',
      ...twoSum('ks', 'ke', 'ka', 'kt').map((l) => `  ${l}`),
      '  hi = ks;',
      '  lo = ke;',
      '} else {',
      '  // e^x < 1/2: 2^m·(s_j + t) − 1 cannot cancel.',
      '  const ksc = POW2(km);',
      '  const kyh = ksj + kt;',
      '  const kyl = (ksj - kyh) + kt;',
      '  const kys = kyh * ksc;',
      ...fastTwoSum('kh', 'ke', '(-1.0)', 'kys').map((l) => `  ${l}`),
      '  hi = kh;',
      '  lo = ke + kyl * ksc;',
      '}',
      // The scale is 1 on the last path (km < −1 ⇒ value already formed); 2^m on the others.
      'const ksc2 = km < -1 ? 1.0 : POW2(km);',
      'const kfh = hi + lo;',
      'eh = kfh * ksc2;',
      ...(low ? ['el = ((hi - kfh) + lo) * ksc2;'] : []),
    ].map((l) => `  ${l}`),
    '}',
  ];
}

/** Scales `y` by 2^m as `_sf_exp` does (overflow to ∞, gradual underflow); returns `wrap(result)`. */
function scaleReturnLines(y: string, m: string, wrap: (e: string) => string): string[] {
  return [
    `if (${m} > 1023) return ${wrap(`(${y} * POW2(1023)) * 2.0`)};`,
    `if (${m} < -1022) return ${wrap(`(${y} * POW2(${m} + 64)) * ${c(2 ** -64)}`)};`,
    `return ${wrap(`${y} * POW2(${m})`)};`,
  ];
}

/**
 * log core for a positive normal `y0` given as `int ${v}m`, `${v}y` (exponent split already
 * done): declares `${v}lh`, `${v}ll`, log = lh + ll to ≈ 2^-70 relative.
 */
function logCoreLines(v: string): string[] {
  const t = kernelTables();
  return [
    `const ${v}jd = FLOOR((${v}y - 1.0) * 128.0 + 0.5);`,
    `int ${v}j = ${v}jd;`,
    `const ${v}F = 1.0 + ${v}jd * 0.0078125;`,
    `const ${v}f = ${v}y - ${v}F;`,
    ...twoSum(`${v}s`, `${v}sl`, `${v}y`, `${v}F`),
    `const ${v}f2 = ${v}f + ${v}f;`,
    `const ${v}uh = ${v}f2 / ${v}s;`,
    ...twoProduct(`${v}pu`, `${v}pe`, `${v}uh`, `${v}s`),
    `const ${v}ul = (((${v}f2 - ${v}pu) - ${v}pe) - ${v}uh * ${v}sl) / ${v}s;`,
    `const ${v}v = ${v}uh * ${v}uh;`,
    // 2·atanh(u/2) − u = u³/12 + u⁵/80 + u⁷/448 + u⁹/2304 (|u| ≤ 2^-8: next term ≤ 2^-93·u).
    `const ${v}q = ${v}uh * ${v}v * (${c(1 / 12)} + ${v}v * (${c(1 / 80)} + ${v}v * (${c(1 / 448)} + ${v}v * ${c(1 / 2304)})));`,
    // m·ln2hi + log(F)hi: both multiples of 2^-42, the sum is exact.
    `const ${v}a1 = ${v}m * ${c(t.ln2Hi)} + _sf_log_hi[${v}j];`,
    ...fastTwoSum(`${v}h`, `${v}e`, `${v}a1`, `${v}uh`),
    `const ${v}lo = ${v}e + (${v}ul + (${v}q + (${v}m * ${c(t.ln2Lo)} + _sf_log_lo[${v}j])));`,
    ...fastTwoSum(`${v}lh`, `${v}ll`, `${v}h`, `${v}lo`),
  ];
}

/** Scaling of a subnormal positive `x` into `xs` (times 2^54, k = −54), as `_sf_log` does. */
const SUBNORMAL_SCALE = ['let xs = x;', 'let int k = 0;', `if (x < ${c(2 ** -1022)}) { xs = x * ${c(2 ** 54)}; k = -54; }`];

/** Taylor polynomial for sinh below 1/4: x + x³·Σ x^(2k)/(2k+3)!, to x¹³/13! (truncation < 2^-68). */
const SINH_POLY = inverseFactorials(3, 13, false, 2);

/** The functions of this file, by kernel name. */
export function printExpLogKernel(name: 'expm1' | 'exprel' | 'sinh' | 'cosh' | 'tanh' | 'log1p' | 'log10' | 'pow', target: KernelTarget): string {
  const big = (v: string): string[] => [
    // e^|x|/2 for 22 < |x| ≤ 711 (e^-|x| is below 2^-63 of it).
    ...expCoreLines('ax', undefined, v),
    `const ${v}y = ${v}sj + ${v}t;`,
    `int ${v}m1 = ${v}m - 1;`,
    ...scaleReturnLines(`${v}y`, `${v}m1`, (e) => `sg * (${e})`),
  ];
  const eAndInverse = [
    // E = e^|x| = eh + el (|x| ≤ 22, so no overflow), R = 1/E = rh + rl.
    ...expCoreLines('ax', undefined, 'k'),
    'const ksc = POW2(km);',
    'const kyh = ksj + kt;',
    'const eh = kyh * ksc;',
    'const el = ((ksj - kyh) + kt) * ksc;',
    'const rh = 1.0 / eh;',
    ...twoProduct('rp', 'rpe', 'rh', 'eh'),
    'const rl = (((1.0 - rp) - rpe) - rh * el) / eh;',
  ];
  switch (name) {
    case 'expm1':
      return printFunction(
        {
          name: '_sf_expm1',
          params: ['x'],
          body: [
            'if (x != x) return x;',
            // Above 40, e^x > 2^57: the −1 is below 2^-5 ulp; the exp kernel also handles overflow.
            'if (x > 40.0) return _sf_exp(x);',
            // Below −38, e^x < 2^-54: the result rounds to −1.
            'if (x < -38.0) return -1.0;',
            // |x| < 2^-54: x²/2 is below half an ulp of x (keeps −0).
            `if (FABS(x) < ${c(2 ** -54)}) return x;`,
            'let eh = 0.0;',
            ...expm1CoreLines('x', false),
            'return eh;',
          ],
        },
        target,
      );
    case 'exprel':
      return printFunction(
        {
          name: '_sf_exprel',
          params: ['x'],
          body: [
            // Brian's rule (BRIAN2_SEMANTICS.md §5): 1 for |x| < 1e-16, +∞ above 717, else expm1(x)/x
            // (computed here from a double-double expm1 with one correction step: one rounding).
            'if (FABS(x) < 1e-16) return 1.0;',
            'if (x > 717.0) return INF;',
            'if (x != x) return x;',
            // Below −38, expm1 x = −1 + e^x with e^x < 2^-54: (−1 + e^x)/x with one correction step;
            // below −745, e^x is below every double's rounding (and Dekker's split would overflow).
            'if (x < -38.0) {',
            '  if (x < -745.0) return -1.0 / x;',
            '  const qh = -1.0 / x;',
            ...twoProduct('qp', 'qpe', 'qh', 'x').map((l) => `  ${l}`),
            '  return qh + ((((-1.0) - qp) - qpe) + _sf_exp(x)) / x;',
            '}',
            'if (x > 40.0) {',
            // expm1(x) overflows exactly where exp(x) does: then +∞, as Brian's expm1(x)/x.
            '  if (_sf_exp(x) == INF) return INF;',
            ...[
              ...expCoreLines('x', undefined, 'k'),
              'const kyh = ksj + kt;',
              'const kyl = (ksj - kyh) + kt;',
              'const qh = kyh / x;',
              ...twoProduct('qp', 'qpe', 'qh', 'x'),
              'const qv = qh + (((kyh - qp) - qpe) + kyl) / x;',
              'if (km > 1000) return (qv * POW2(km - 1000)) * POW2(1000);',
              'return qv * POW2(km);',
            ].map((l) => `  ${l}`),
            '}',
            'let eh = 0.0;',
            'let el = 0.0;',
            ...expm1CoreLines('x'),
            'const qh = eh / x;',
            ...twoProduct('qp', 'qpe', 'qh', 'x'),
            'return qh + (((eh - qp) - qpe) + el) / x;',
          ],
        },
        target,
      );
    case 'sinh':
      return printFunction(
        {
          name: '_sf_sinh',
          params: ['x'],
          body: [
            'if (x != x) return x;',
            'const ax = FABS(x);',
            // sinh x = x + x³/6 + …: below 2^-28 the cubic term is under 2^-58 of x.
            `if (ax < ${c(2 ** -28)}) return x;`,
            'if (ax < 0.25) {',
            '  const z = x * x;',
            `  return x + x * z * (${horner('z', SINH_POLY)});`,
            '}',
            'const sg = x < 0.0 ? -1.0 : 1.0;',
            'if (ax > 22.0) {',
            '  if (ax > 711.0) return sg * INF;',
            ...big('b').map((l) => `  ${l}`),
            '}',
            ...eAndInverse,
            ...fastTwoSum('s', 'e', 'eh', '(-rh)'),
            'return sg * (0.5 * (s + (e + (el - rl))));',
          ],
        },
        target,
      );
    case 'cosh':
      return printFunction(
        {
          name: '_sf_cosh',
          params: ['x'],
          body: [
            'if (x != x) return x;',
            'const ax = FABS(x);',
            'const sg = 1.0;',
            'if (ax > 22.0) {',
            '  if (ax > 711.0) return INF;',
            ...big('b').map((l) => `  ${l}`),
            '}',
            ...eAndInverse,
            ...fastTwoSum('s', 'e', 'eh', 'rh'),
            'return 0.5 * (s + (e + (el + rl)));',
          ],
        },
        target,
      );
    case 'tanh':
      return printFunction(
        {
          name: '_sf_tanh',
          params: ['x'],
          body: [
            'if (x != x) return x;',
            'const ax = FABS(x);',
            // tanh x = x − x³/3 + …: below 2^-28 the cubic term is under 2^-57 of x.
            `if (ax < ${c(2 ** -28)}) return x;`,
            // Above 22, 1 − tanh x < 2^-62: rounds to 1.
            'if (ax > 22.0) return x > 0.0 ? 1.0 : -1.0;',
            'const x2 = 2.0 * ax;',
            'let eh = 0.0;',
            'let el = 0.0;',
            ...expm1CoreLines('x2'),
            // tanh |x| = E/(E + 2), E = expm1(2|x|) = eh + el; the denominator as a double-double.
            ...twoSum('dh', 'dl0', 'eh', '2.0'),
            'const dl = dl0 + el;',
            'const th = eh / dh;',
            ...twoProduct('tp', 'tpe', 'th', 'dh'),
            'const r = th + (((eh - tp) - tpe) + (el - th * dl)) / dh;',
            'return x < 0.0 ? -r : r;',
          ],
        },
        target,
      );
    case 'log1p':
      return printFunction(
        {
          name: '_sf_log1p',
          params: ['x'],
          body: [
            'if (!(x >= -1.0)) return NAN;',
            'if (x == -1.0) return -INF;',
            'if (x == INF) return x;',
            // |x| < 2^-54: x²/2 is below half an ulp of x (keeps −0).
            `if (FABS(x) < ${c(2 ** -54)}) return x;`,
            // |x| < 2^-7: 2·atanh(x/(2 + x)) directly, x being exact (the log core's u with f = x).
            'if (FABS(x) < 0.0078125) {',
            ...[
              ...twoSum('ds', 'dsl', '2.0', 'x'),
              'const f2 = x + x;',
              'const uh = f2 / ds;',
              ...twoProduct('pu', 'pe', 'uh', 'ds'),
              'const ul = (((f2 - pu) - pe) - uh * dsl) / ds;',
              'const v = uh * uh;',
              `const q = uh * v * (${c(1 / 12)} + v * (${c(1 / 80)} + v * (${c(1 / 448)} + v * ${c(1 / 2304)})));`,
              'return uh + (ul + q);',
            ].map((l) => `  ${l}`),
            '}',
            // u = 1 + x rounded, c its rounding error (Fast2Sum, larger operand first).
            'const u = 1.0 + x;',
            'const cr = FABS(x) <= 1.0 ? x - (u - 1.0) : 1.0 - (u - x);',
            ...exponentSplit('u', '0', 'lm', 'ly', target),
            ...logCoreLines('l'),
            // log(u + c) = log u + c/u (the next term is below 2^-106).
            'return llh + (lll + cr / u);',
          ],
        },
        target,
      );
    case 'log10': {
      const k = furtherConstants().invLn10;
      return printFunction(
        {
          name: '_sf_log10',
          params: ['x'],
          body: [
            'if (!(x > 0.0)) return x == 0.0 ? -INF : NAN;',
            'if (x == INF) return x;',
            ...SUBNORMAL_SCALE,
            ...exponentSplit('xs', 'k', 'lm', 'ly', target),
            ...logCoreLines('l'),
            // (lh + ll)·(1/ln10) with Dekker's product for the leading part: one final rounding.
            ...twoProduct('p', 'pe', 'llh', c(k.hi)),
            `return p + (pe + (llh * ${c(k.lo)} + lll * ${c(k.hi)}));`,
          ],
        },
        target,
      );
    }
    case 'pow':
      return printPow(target);
  }
}

/** `_sf_pow(x, y)`: C99 Annex F special cases, then e^(y·log|x|) in double-double. */
function printPow(target: KernelTarget): string {
  return printFunction(
    {
      name: '_sf_pow',
      params: ['x', 'y'],
      body: [
        'if (y == 0.0) return 1.0;',
        'if (x == 1.0) return 1.0;',
        'if (x != x || y != y) return x + y;',
        'const ax = FABS(x);',
        'const ay = FABS(y);',
        'if (ay == INF) {',
        '  if (ax == 1.0) return 1.0;',
        '  return (ax < 1.0) == (y > 0.0) ? 0.0 : INF;',
        '}',
        'bool yint = FLOOR(y) == y;',
        // y odd: an integer below 2^53 whose half is not an integer.
        `bool yodd = yint && ay < ${c(2 ** 53)} && FLOOR(ay * 0.5) * 2.0 != ay;`,
        'bool xneg = x < 0.0 || (x == 0.0 && 1.0 / x < 0.0);',
        'const sg = xneg && yodd ? -1.0 : 1.0;',
        'if (ax == 0.0 || ax == INF) return sg * (((ax == 0.0) == (y < 0.0)) ? INF : 0.0);',
        'if (x < 0.0 && !yint) return NAN;',
        ...SUBNORMAL_SCALE.map((l) => l.replace(/\bx\b/g, 'ax')),
        ...exponentSplit('xs', 'k', 'lm', 'ly', target),
        ...logCoreLines('l'),
        // z = y·log|x|. Out of range: |y·log|x|| > 710 means over- or underflow for sure. Inside
        // it, |y| < 2^63 (|log|x|| ≥ 2^-53 for x ≠ 1), so Dekker's split cannot overflow.
        'const zt = y * llh;',
        'if (zt > 710.0) return sg * INF;',
        'if (zt < -746.0) return sg * 0.0;',
        ...twoProduct('zp', 'zpe', 'y', 'llh'),
        'const zl0 = zpe + y * lll;',
        ...fastTwoSum('zh', 'zl', 'zp', 'zl0'),
        ...expCoreLines('zh', 'zl', 'e'),
        'const ey = esj + et;',
        ...scaleReturnLines('ey', 'em', (e) => `sg * (${e})`),
      ],
    },
    target,
  );
}
