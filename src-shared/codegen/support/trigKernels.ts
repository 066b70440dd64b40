/**
 * sin, cos and tan for both tiers, from one neutral text (`kernelText.ts`).
 *
 * Argument reduction `|x| = n·π/2 + r`, |r| ≤ π/4, r as a double-double (rh + rl):
 * - |x| ≤ π/4: r = |x|.
 * - |x| < 10^6 (n < 2^20): Cody–Waite with π/2 = P1 + P2 + P3 + P4 (three 33-bit pieces, so n·Pk
 *   is exact, and the rounded rest: 152 bits of π/2); the subtractions are tracked with Knuth's
 *   TwoSum, so r keeps ≈ 2^-100 relative accuracy even where n·π/2 nearly cancels |x|.
 * - larger |x|: Payne–Hanek. |x| = X0·2^g + X1·2^(g−24) + X2·2^(g−48) with 24-bit integers Xk;
 *   2/π is a table of 24-bit digits (computed from π in `kernelConstants.ts`); the products
 *   Xk·digit are exact and summed in columns of equal weight (exact, < 2^51). Columns whose
 *   weight makes them multiples of 4 are skipped, eight columns are kept (fraction bits down to
 *   2^-140 or further), carries are propagated exactly, the integer part gives the quadrant and
 *   the fraction a double-double f, r = f·π/2 (Dekker's product). Every double works, up to
 *   1.8e308; the nearest approach of a double to a multiple of π/2 (≈ 2^-61) keeps > 60 bits.
 * Kernels on |r| ≤ π/4: sin r = r + r³·S(r²) with Taylor terms to r¹⁷ (truncation < 2^-62
 * relative) plus rl·cos r; cos r = (1 − r²/2) + r⁴·C(r²) to r¹⁸ with r² exact (Dekker) and
 * 1 − r²/2 split exactly (Fast2Sum), minus rl·r. tan = sin/cos (or −cos/sin) from the
 * double-double forms, with one correction step of the quotient.
 *
 * Measured maximum errors (JS form, same bits as C++; vs the references of
 * `mathKernelReference.ts`, 1.3·10^5 arguments over |x| ≤ 10, |x| ≤ 10^6 and random doubles up to
 * 1e308, see `furtherKernels.test.ts`, which also covers the hardest-to-reduce double known,
 * 6381956970095103·2^797): sin 0.58 ulp, cos 0.56 ulp, tan 0.57 ulp. The part above 0.5 comes
 * from the rounding of the r⁴/24 term of cos r (|r| near π/4).
 */
import { doubleDouble, factorial, furtherConstants, reciprocal } from './kernelConstants';
import { exponentSplit, fastTwoSum, horner, printDoubleLiteral as c, printFunction, printTable, twoProduct, twoSum, type KernelTarget } from './kernelText';

function alternatingInverseFactorials(from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = from, i = 0; k <= to; k += 2, i++) out.push((i % 2 === 1 ? -1 : 1) * reciprocal(factorial(k)));
  return out;
}

/** −1/3!, 1/5!, …, 1/17! */
const SIN_POLY = alternatingInverseFactorials(3, 17).map((v) => -v);
/** −1/6 as a double-double. */
const S1 = doubleDouble(-((1n << 200n) / 6n), 200n);
/** 1/4!, −1/6!, …, −1/18! */
const COS_POLY = alternatingInverseFactorials(4, 18);

/** Tables for the reduction: 2/π digits with two leading zeros (so column indices never go negative). */
function printTrigTables(target: KernelTarget): string {
  const k = furtherConstants();
  return printTable('_sf_2opi', [0, 0, ...k.twoOverPiDigits], target);
}

function printRemPio2(target: KernelTarget): string {
  const k = furtherConstants();
  const [p1, p2, p3, p4] = k.cody;
  const columns = [0, 1, 2, 3, 4, 5, 6, 7];
  const body = [
    ...(target === 'js' ? ['const rr = _sf_rr;'] : []),
    // Cody–Waite for n < 2^20.
    'if (ax < 1e6) {',
    ...[
      `const nd = FLOOR(ax * ${c(k.twoOverPi)} + 0.5);`,
      `const a = ax - nd * ${c(p1)};`,
      `const b = nd * ${c(p2)};`,
      ...twoSum('h1', 'e1', 'a', '(-b)'),
      `const cc = nd * ${c(p3)};`,
      ...twoSum('h2', 'e2', 'h1', '(-cc)'),
      `const t = (e1 + e2) - nd * ${c(p4)};`,
      'rr[0] = h2 + t;',
      'rr[1] = (h2 - rr[0]) + t;',
      'int n = nd;',
      'return n & 3;',
    ].map((l) => `  ${l}`),
    '}',
    // Payne–Hanek: |x| = X0·2^g + X1·2^(g−24) + X2·2^(g−48), X0 ∈ [2^23, 2^24).
    ...exponentSplit('ax', '0', 'pm', undefined, target),
    'int g = pm - 23;',
    'const z0 = ax * POW2(-g);',
    'const X0 = FLOOR(z0);',
    'const z1 = (z0 - X0) * 16777216.0;',
    'const X1 = FLOOR(z1);',
    'const X2 = (z1 - X1) * 16777216.0;',
    // Column c (weight 2^(g − 24(c+1))) holds Σ Xk·digit[c − k]; columns before c0 weigh ≥ 4.
    'let int c0 = FLOOR((g - 2) / 24.0);',
    'if (c0 < 0) c0 = 0;',
    'int s0 = g - 24 * (c0 + 1);',
    ...columns.map((i) => `let d${i} = X0 * _sf_2opi[c0 + ${i + 2}] + X1 * _sf_2opi[c0 + ${i + 1}] + X2 * _sf_2opi[c0 + ${i}];`),
    // Exact carries, so every column but the first is a 24-bit digit.
    ...columns
      .slice(1)
      .reverse()
      .flatMap((i) => [`const k${i} = FLOOR(d${i} * ${c(2 ** -24)});`, `d${i} = d${i} - k${i} * 16777216.0;`, `d${i - 1} = d${i - 1} + k${i};`]),
    // Integer part mod 8, then the fraction f ∈ [−1/2, 1/2) as t1 + t2 + t3 + t4 (each exact).
    'let W = d0 * POW2(s0);',
    'W = W - 8.0 * FLOOR(W * 0.125);',
    'let ni = FLOOR(W);',
    'let t1 = (W - ni) + d1 * POW2(s0 - 24);',
    'const kt = FLOOR(t1);',
    't1 = t1 - kt;',
    'ni = ni + kt;',
    'if (t1 >= 0.5) {',
    '  t1 = t1 - 1.0;',
    '  ni = ni + 1.0;',
    '}',
    'const t2 = d2 * POW2(s0 - 48) + d3 * POW2(s0 - 72);',
    'const t3 = d4 * POW2(s0 - 96) + d5 * POW2(s0 - 120);',
    'const t4 = d6 * POW2(s0 - 144) + d7 * POW2(s0 - 168);',
    ...twoSum('fh0', 'fl0', 't1', 't2'),
    'const fl1 = fl0 + (t3 + t4);',
    ...fastTwoSum('fh', 'fl', 'fh0', 'fl1'),
    // r = f·π/2.
    ...twoProduct('rp', 'rpe', 'fh', c(k.pio2.hi)),
    `const rl = rpe + (fh * ${c(k.pio2.lo)} + fl * ${c(k.pio2.hi)});`,
    'rr[0] = rp + rl;',
    'rr[1] = (rp - rr[0]) + rl;',
    'int nq = ni;',
    'return nq & 3;',
  ];
  return printFunction({ name: '_sf_rem_pio2', params: target === 'cpp' ? ['ax', 'double* rr'] : ['ax'], returns: 'int', body }, target);
}

/**
 * sin r = rh + [r³·S1 + r⁵·S(r²) + rl·(1 − r²/2)] with the r³/6 term formed to ≈ 2^-100 (r² and
 * r³ by Dekker's product, −1/6 as a double-double), so that the result is rounded once: declares
 * `sh0`, `stail` with sin r ≈ sh0 + stail, |sh0| ≥ |stail|.
 */
const SIN_TAIL = [
  ...twoProduct('sz', 'szl', 'rh', 'rh'),
  ...twoProduct('sv', 'svl', 'rh', 'sz'),
  ...twoProduct('s3', 's3l', 'sv', c(S1.hi)),
  `const s5 = sv * sz * (${horner('sz', SIN_POLY.slice(1))});`,
  `const slo = ((s3l + sv * ${c(S1.lo)}) + (svl + rh * szl) * ${c(S1.hi)}) + (s5 + rl * (1.0 - 0.5 * sz));`,
  ...fastTwoSum('sh0', 'se0', 'rh', 's3'),
  'const stail = se0 + slo;',
];

const COS_TAIL = [
  ...twoProduct('cz', 'cze', 'rh', 'rh'),
  'const chz = 0.5 * cz;',
  'const cw = 1.0 - chz;',
  'const cew = (1.0 - cw) - chz;',
  `const ctail = cew + (((cz * cz) * (${horner('cz', COS_POLY)}) - 0.5 * cze) - rh * rl);`,
];

function printKernels(target: KernelTarget): string {
  return [
    printFunction({ name: '_sf_sin_k', params: ['rh', 'rl'], body: [...SIN_TAIL, 'return sh0 + stail;'] }, target),
    printFunction({ name: '_sf_cos_k', params: ['rh', 'rl'], body: [...COS_TAIL, 'return cw + ctail;'] }, target),
  ].join('\n');
}

/** The support text shared by sin, cos and tan: tables, reduction, kernels on |r| ≤ π/4. */
export function printTrigSupport(target: KernelTarget): string {
  return [printTrigTables(target), ...(target === 'js' ? ['const _sf_rr = new Float64Array(2);'] : []), printRemPio2(target), printKernels(target)].join('\n');
}

/** The reduction prologue: `rh`, `rl`, `q` for |x| (`ax`). */
function reduce(target: KernelTarget): string[] {
  const k = furtherConstants();
  return [
    'let rh = ax;',
    'let rl = 0.0;',
    'let int q = 0;',
    target === 'cpp'
      ? `if (ax > ${c(k.pio4)}) { double rr[2]; q = _sf_rem_pio2(ax, rr); rh = rr[0]; rl = rr[1]; }`
      : `if (ax > ${c(k.pio4)}) { q = _sf_rem_pio2(ax); rh = _sf_rr[0]; rl = _sf_rr[1]; }`,
  ];
}

/** `_sf_sin`, `_sf_cos` or `_sf_tan` (needs `printTrigSupport`). */
export function printTrigKernel(name: 'sin' | 'cos' | 'tan', target: KernelTarget): string {
  switch (name) {
    case 'sin':
      return printFunction(
        {
          name: '_sf_sin',
          params: ['x'],
          body: [
            'const ax = FABS(x);',
            // sin x = x − x³/6 + …: below 2^-26 the cubic term is under 2^-54 of x (keeps −0).
            `if (ax < ${c(2 ** -26)}) return x;`,
            'if (!(ax < INF)) return x - x;',
            ...reduce(target),
            'let s = 0.0;',
            'if (q == 0) s = _sf_sin_k(rh, rl);',
            'else if (q == 1) s = _sf_cos_k(rh, rl);',
            'else if (q == 2) s = -_sf_sin_k(rh, rl);',
            'else s = -_sf_cos_k(rh, rl);',
            'return x < 0.0 ? -s : s;',
          ],
        },
        target,
      );
    case 'cos':
      return printFunction(
        {
          name: '_sf_cos',
          params: ['x'],
          body: [
            'const ax = FABS(x);',
            // cos x = 1 − x²/2 + …: below 2^-27, x²/2 < 2^-55 rounds away.
            `if (ax < ${c(2 ** -27)}) return 1.0;`,
            'if (!(ax < INF)) return x - x;',
            ...reduce(target),
            'if (q == 0) return _sf_cos_k(rh, rl);',
            'if (q == 1) return -_sf_sin_k(rh, rl);',
            'if (q == 2) return -_sf_cos_k(rh, rl);',
            'return _sf_sin_k(rh, rl);',
          ],
        },
        target,
      );
    case 'tan':
      return printFunction(
        {
          name: '_sf_tan',
          params: ['x'],
          body: [
            'const ax = FABS(x);',
            // tan x = x + x³/3 + …: below 2^-27 the cubic term is under 2^-55 of x.
            `if (ax < ${c(2 ** -27)}) return x;`,
            'if (!(ax < INF)) return x - x;',
            ...reduce(target),
            ...SIN_TAIL,
            ...fastTwoSum('sh', 'sl', 'sh0', 'stail'),
            ...COS_TAIL,
            ...fastTwoSum('ch', 'cl', 'cw', 'ctail'),
            // Even quadrant: sin/cos; odd: −cos/sin. One correction step of the quotient.
            'bool odd = (q & 1) != 0;',
            'const nh = odd ? ch : sh;',
            'const nl = odd ? cl : sl;',
            'const dh = odd ? sh : ch;',
            'const dl = odd ? sl : cl;',
            'const th = nh / dh;',
            ...twoProduct('tp', 'tpe', 'th', 'dh'),
            'const t = th + (((nh - tp) - tpe) + (nl - th * dl)) / dh;',
            'const r = odd ? -t : t;',
            'return x < 0.0 ? -r : r;',
          ],
        },
        target,
      );
  }
}
