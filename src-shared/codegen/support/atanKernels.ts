/**
 * arctan, arcsin and arccos for both tiers, from one neutral text (`kernelText.ts`).
 *
 * One core, `_sf_atan_k(vh, vl, k, sg)` = T_k(c) + sg·atan((v − c)/(1 + v·c)) for v = vh + vl in
 * [0, 1] (a double-double), c = j/16 nearest v, and four tables of double-doubles at c:
 * T_0 = atan c, T_1 = π/2 − atan c, T_2 = π/2 + atan c, T_3 = π − atan c (after Tang's and
 * Gal's table methods). The reduced argument t (|t| ≤ 1/32) is formed as a double-double: the
 * numerator v − c is exact, 1 + v·c uses Dekker's product, the quotient gets one correction step.
 * atan t = t − t³/3 + … + t¹³/13 (truncation < 2^-70 relative). The table value and t are added
 * with Fast2Sum (|T| ≥ |t| whenever T ≠ 0), so the result is rounded once.
 * - arctan: |x| ≤ 1 directly; |x| > 1 as π/2 − atan(1/|x|) with 1/|x| as a double-double; above
 *   2^54 the result is π/2 rounded.
 * - arcsin: atan(x/√(1−x²)) (|x| ≤ 1/√2) or π/2 − atan(√(1−x²)/|x|), with 1 − x² exact as a
 *   double-double (Dekker, Fast2Sum) and its square root corrected once (no cancellation near ±1).
 * - arccos: the same quotients with T_0 … T_3 by sign and size of x.
 *
 * Measured maximum errors (JS form, same bits as C++; vs the references of
 * `mathKernelReference.ts`, 2–3·10^5 arguments including |x| → 1 and 1e±300, see
 * `furtherKernels.test.ts`): arctan 0.50 ulp, arcsin 0.50 ulp, arccos 0.52 ulp.
 */
import { furtherConstants } from './kernelConstants';
import { fastTwoSum, horner, printDoubleLiteral as c, printFunction, printTable, twoProduct, type KernelTarget } from './kernelText';

/** −1/3, 1/5, …, 1/13. */
const ATAN_POLY = [3, 5, 7, 9, 11, 13].map((k, i) => (i % 2 === 0 ? -1 : 1) / k);

/** Tables and the core; needed by any of the three functions. */
export function printAtanSupport(target: KernelTarget): string {
  const k = furtherConstants();
  const core = printFunction(
    {
      name: '_sf_atan_k',
      params: ['vh', 'vl', 'int k', 'sg'],
      body: [
        'const jd = FLOOR(vh * 16.0 + 0.5);',
        'int j = jd + 17 * k;',
        'const cj = jd * 0.0625;',
        // v − c: exact (Sterbenz for j ≥ 1); then the low part (|v − c| ≥ ulp(vh) > |vl| or 0).
        'const a = vh - cj;',
        ...fastTwoSum('nh', 'nl', 'a', 'vl'),
        // 1 + v·c as a double-double.
        ...twoProduct('p', 'pe', 'vh', 'cj'),
        'const dh = 1.0 + p;',
        'const dl = ((1.0 - dh) + p) + (pe + vl * cj);',
        // t = n/d with one correction step.
        'const th = nh / dh;',
        ...twoProduct('q', 'qe', 'th', 'dh'),
        'const tl = ((((nh - q) - qe) + nl) - th * dl) / dh;',
        'const z = th * th;',
        `const tail = tl + th * z * (${horner('z', ATAN_POLY)});`,
        'const tt = sg * th;',
        ...fastTwoSum('s', 'e', '_sf_atan_hi[j]', 'tt'),
        'return s + (e + (_sf_atan_lo[j] + sg * tail));',
      ],
    },
    target,
  );
  return [printTable('_sf_atan_hi', k.atanHi, target), printTable('_sf_atan_lo', k.atanLo, target), core].join('\n');
}

/** 1 − x² (x = ax ≤ 1) as wh + wl, then √ as sh + sl (sh > 0 unless ax = 1, handled before). */
const ONE_MINUS_SQUARE_ROOT = [
  ...twoProduct('xp', 'xpe', 'ax', 'ax'),
  ...fastTwoSum('wh', 'we', '1.0', '(-xp)'),
  'const wl = we - xpe;',
  'const sh = SQRT(wh);',
  ...twoProduct('sp', 'spe', 'sh', 'sh'),
  'const sl = (((wh - sp) - spe) + wl) / (2.0 * sh);',
];

/** v = ax/s (small |x|) or s/ax (large) as vh + vl; declares `small`. */
const QUOTIENTS = [
  `bool small = ax <= ${c(Math.SQRT1_2)};`,
  'const nh = small ? ax : sh;',
  'const nl = small ? 0.0 : sl;',
  'const dh = small ? sh : ax;',
  'const dl = small ? sl : 0.0;',
  'const vh = nh / dh;',
  ...twoProduct('vp', 'vpe', 'vh', 'dh'),
  'const vl = (((nh - vp) - vpe) + nl - vh * dl) / dh;',
];

/** `_sf_arctan`, `_sf_arcsin` or `_sf_arccos` (needs `printAtanSupport`). */
export function printAtanKernel(name: 'arctan' | 'arcsin' | 'arccos', target: KernelTarget): string {
  const k = furtherConstants();
  const pio2 = c(k.pio2.hi);
  switch (name) {
    case 'arctan':
      return printFunction(
        {
          name: '_sf_arctan',
          params: ['x'],
          body: [
            'const ax = FABS(x);',
            // atan x = x − x³/3 + …: below 2^-27 the cubic term is under 2^-55 of x (keeps −0).
            `if (ax < ${c(2 ** -27)}) return x;`,
            'if (x != x) return x;',
            // Above 2^54, π/2 − 1/x rounds to π/2's nearest double.
            `if (ax > ${c(2 ** 54)}) return x > 0.0 ? ${pio2} : -${pio2};`,
            'let r = 0.0;',
            'if (ax <= 1.0) {',
            '  r = _sf_atan_k(ax, 0.0, 0, 1.0);',
            '} else {',
            '  const uh = 1.0 / ax;',
            ...twoProduct('up', 'upe', 'uh', 'ax').map((l) => `  ${l}`),
            '  const ul = ((1.0 - up) - upe) / ax;',
            '  r = _sf_atan_k(uh, ul, 1, -1.0);',
            '}',
            'return x < 0.0 ? -r : r;',
          ],
        },
        target,
      );
    case 'arcsin':
      return printFunction(
        {
          name: '_sf_arcsin',
          params: ['x'],
          body: [
            'const ax = FABS(x);',
            // asin x = x + x³/6 + …: below 2^-26 the cubic term is under 2^-53/6 of x (keeps −0).
            `if (ax < ${c(2 ** -26)}) return x;`,
            'if (!(ax <= 1.0)) return NAN;',
            `if (ax == 1.0) return x > 0.0 ? ${pio2} : -${pio2};`,
            ...ONE_MINUS_SQUARE_ROOT,
            ...QUOTIENTS,
            'const r = small ? _sf_atan_k(vh, vl, 0, 1.0) : _sf_atan_k(vh, vl, 1, -1.0);',
            'return x < 0.0 ? -r : r;',
          ],
        },
        target,
      );
    case 'arccos':
      return printFunction(
        {
          name: '_sf_arccos',
          params: ['x'],
          body: [
            'const ax = FABS(x);',
            // acos x = π/2 − x − …: below 2^-57, x is under 2^-4 ulp of π/2 and π/2's rest.
            `if (ax < ${c(2 ** -57)}) return ${pio2};`,
            'if (!(ax <= 1.0)) return NAN;',
            `if (ax == 1.0) return x > 0.0 ? 0.0 : ${c(k.pi)};`,
            ...ONE_MINUS_SQUARE_ROOT,
            ...QUOTIENTS,
            // x ≥ 0: atan(s/x) (large) or π/2 − atan(x/s); x < 0: π/2 + atan(|x|/s) or π − atan(s/|x|).
            'if (x > 0.0) return small ? _sf_atan_k(vh, vl, 1, -1.0) : _sf_atan_k(vh, vl, 0, 1.0);',
            'return small ? _sf_atan_k(vh, vl, 2, 1.0) : _sf_atan_k(vh, vl, 3, -1.0);',
          ],
        },
        target,
      );
  }
}
