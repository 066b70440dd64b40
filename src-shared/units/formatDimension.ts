/**
 * Dimensions in words for people: `volt (m^2 kg s^-3 A^-1)` in messages, `V`, `S/m^2`, `1`
 * as a short label for values stored in SI units. Every label names a unit of SI value 1, so a
 * stored number is shown unscaled next to it.
 */
import {
  divideDimensions,
  dimensionKey,
  formatExponent,
  formatSiSymbols,
  isDimensionless,
  makeDimension,
  powerDimension,
  sameDimension,
  type Dimension,
  type DimensionExponents,
} from './dimension';
import { listDisplayUnits } from './unitTable';

interface Atom {
  readonly symbol: string;
  readonly dim: Dimension;
  /** Added to a label's score: 0 for SI base and the electrical units, more for rarer ones. */
  readonly cost: number;
}

function atom(symbol: string, exponents: DimensionExponents, cost = 0): Atom {
  return { symbol, dim: makeDimension(exponents), cost };
}

/** Atoms for composed labels, each of SI value 1; costly ones are used only when nothing plainer fits. */
const ATOMS: readonly Atom[] = [
  atom('m', { m: 1 }), atom('kg', { kg: 1 }), atom('s', { s: 1 }), atom('A', { A: 1 }), atom('K', { K: 1 }),
  atom('mol', { mol: 1 }), atom('cd', { cd: 1 }), atom('V', { m: 2, kg: 1, s: -3, A: -1 }),
  atom('S', { m: -2, kg: -1, s: 3, A: 2 }), atom('F', { m: -2, kg: -1, s: 4, A: 2 }),
  atom('ohm', { m: 2, kg: 1, s: -3, A: -2 }), atom('C', { s: 1, A: 1 }, 0.75), atom('J', { m: 2, kg: 1, s: -2 }, 0.75),
  atom('W', { m: 2, kg: 1, s: -3 }, 0.75), atom('N', { m: 1, kg: 1, s: -2 }, 0.75), atom('Pa', { m: -1, kg: 1, s: -2 }, 0.75),
  atom('Wb', { m: 2, kg: 1, s: -2, A: -1 }, 1.5), atom('T', { kg: 1, s: -2, A: -1 }, 1.5),
  atom('H', { m: 2, kg: 1, s: -2, A: -2 }, 1.5), atom('Hz', { s: -1 }, 1.5), atom('mM', { m: -3, mol: 1 }, 1.5),
  atom('Gy', { m: 2, s: -2 }, 1.5), atom('kat', { s: -1, mol: 1 }, 1.5), atom('lx', { m: -2, cd: 1 }, 1.5),
];

const PAIR_EXPONENTS = [-3, -2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2, 3];

interface Factor {
  readonly symbol: string;
  readonly exponent: number;
  /** Reading order: derived units before base units (`ohm m^2`, like Brian2's `N m`). */
  readonly rank: number;
}

function power(symbol: string, e: number): string {
  return e === 1 ? symbol : `${symbol}^${formatExponent(e)}`;
}

function renderFactors(factors: readonly Factor[]): string {
  const up = factors.filter((f) => f.exponent > 0);
  const down = factors.filter((f) => f.exponent < 0);
  const numerator = up.map((f) => power(f.symbol, f.exponent)).join(' ');
  if (down.length === 0) return numerator;
  if (up.length === 0) {
    return down.length === 1 ? power(down[0]?.symbol ?? '?', down[0]?.exponent ?? 1) : `1/(${down.map((f) => power(f.symbol, -f.exponent)).join(' ')})`;
  }
  const denominator = down.map((f) => power(f.symbol, -f.exponent)).join(' ');
  return down.length === 1 ? `${numerator}/${denominator}` : `${numerator}/(${denominator})`;
}

/** The exponent t with dim = t·atom, if any. */
function multipleOf(dim: Dimension, unit: Dimension): number | undefined {
  let t: number | undefined;
  for (let k = 0; k < 7; k++) {
    const a = unit[k] ?? 0;
    if (a === 0) continue;
    t = (dim[k] ?? 0) / a;
    break;
  }
  if (t === undefined || t === 0) return undefined;
  return sameDimension(dim, powerDimension(unit, t)) ? t : undefined;
}

function composeLabel(dim: Dimension): string {
  let best: { score: number; factors: Factor[] } | undefined;
  const consider = (score: number, factors: Factor[]): void => {
    if (best === undefined || score < best.score) best = { score, factors };
  };
  ATOMS.forEach((single, k) => {
    const t = multipleOf(dim, single.dim);
    if (t !== undefined) consider(10 + Math.abs(t) + single.cost + k * 1e-3, [{ symbol: single.symbol, exponent: t, rank: 0 }]);
  });
  ATOMS.forEach((x, i) => {
    ATOMS.forEach((y, j) => {
      if (j <= i) return;
      for (const a of PAIR_EXPONENTS) {
        const rest = divideDimensions(dim, powerDimension(x.dim, a));
        const raw = multipleOf(rest, y.dim);
        const b = PAIR_EXPONENTS.find((e) => raw !== undefined && Math.abs(e - raw) <= 1e-9);
        if (b === undefined) continue;
        // Dividing by a derived unit reads worse than multiplying (`ohm m^2`, not `m^2/S`).
        const penalty = x.cost + y.cost + (a < 0 && i >= 7 ? 0.25 : 0) + (b < 0 && j >= 7 ? 0.25 : 0);
        consider(20 + Math.abs(a) + Math.abs(b) + penalty + (i + j) * 1e-3, [{ symbol: x.symbol, exponent: a, rank: i >= 7 ? i - 7 : 100 + i }, { symbol: y.symbol, exponent: b, rank: j >= 7 ? j - 7 : 100 + j }]);
      }
    });
  });
  const chosen = best;
  if (chosen === undefined) return formatSiSymbols(dim);
  return renderFactors([...chosen.factors].sort((p, q) => p.rank - q.rank));
}

/** Memo of composed labels (not observable: same input, same label); bounded so odd exponents cannot grow it. */
const labelCache = new Map<string, string>();
const LABEL_CACHE_LIMIT = 512;

/**
 * A short label for values of this dimension stored in SI units: `V`, `Hz`, `mM`, `m^2`, `S/m^2`,
 * `V/s`, `s^-0.5`; `1` when dimensionless. The label always names a unit of SI value 1: the
 * unscaled unit Brian2 would print (`V`, `kg`, `mM`), else a product of at most two such units,
 * else the SI base symbols (`m^2 kg s^-3 A^-1`).
 */
export function formatUnit(dim: Dimension): string {
  if (isDimensionless(dim)) return '1';
  const key = dimensionKey(dim);
  const cached = labelCache.get(key);
  if (cached !== undefined) return cached;
  const exact = listDisplayUnits(dim).find((e) => e.value === 1);
  const label = exact !== undefined ? exact.symbol : composeLabel(dim);
  if (labelCache.size >= LABEL_CACHE_LIMIT) labelCache.clear();
  labelCache.set(key, label);
  return label;
}

/**
 * The name of the unscaled unit Brian2 has for this dimension (`volt`, `hertz`, `kilogram`,
 * `mmolar`), as its `get_unit` returns it; undefined for powers (`m^2`) and compound dimensions.
 */
export function dimensionName(dim: Dimension): string | undefined {
  if (isDimensionless(dim)) return undefined;
  return listDisplayUnits(dim).find((e) => e.value === 1 && e.power === 1)?.name;
}

/**
 * A dimension for messages, in words and SI symbols: `volt (m^2 kg s^-3 A^-1)`, `V/s (m^2 kg s^-4 A^-1)`,
 * `m^2`, `dimensionless (1)`.
 */
export function formatDimension(dim: Dimension): string {
  if (isDimensionless(dim)) return 'dimensionless (1)';
  const si = formatSiSymbols(dim);
  const name = dimensionName(dim) ?? formatUnit(dim);
  return name === si ? si : `${name} (${si})`;
}

/**
 * A sentence for a dimension mismatch naming both sides and how they differ:
 * `volt (m^2 kg s^-3 A^-1) does not match amp (A): they differ by a factor of ohm`.
 */
export function describeDimensionMismatch(a: Dimension, b: Dimension): string {
  if (sameDimension(a, b)) return `both are ${formatDimension(a)}`;
  const ratio = divideDimensions(a, b);
  const factor = isDimensionless(a) || isDimensionless(b) ? '' : `: they differ by a factor of ${formatUnit(ratio)}`;
  return `${formatDimension(a)} does not match ${formatDimension(b)}${factor}`;
}
