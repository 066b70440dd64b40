/**
 * The unit a chart axis shows recorded values in. Recordings travel in SI (volts, seconds); an
 * axis reads better in the unit Brian2 would print them in (`-65 mV`, not `-0.065 V`), so the unit
 * is chosen from the data with Brian2's best-unit rule (`units/bestUnitFor`) on a bounded sample.
 */
import { bestUnitFor, isDimensionless, parseUnitExpression } from '../units';
import { toUnscaledAxisUnit, type AxisUnit } from './toAxisTitle';

const MAX_SAMPLE = 512;

/** Up to {@link MAX_SAMPLE} finite values spread evenly over the first `limit` samples of all rows. */
function sampleValues(rows: readonly ArrayLike<number>[], limit: number): number[] {
  const lengthOf = (row: ArrayLike<number>): number => Math.min(row.length, limit);
  const total = rows.reduce((sum, row) => sum + lengthOf(row), 0);
  if (total === 0) return [];
  const stride = Math.max(1, Math.floor(total / MAX_SAMPLE));
  const sample: number[] = [];
  let position = 0;
  for (const row of rows) {
    const length = lengthOf(row);
    for (let k = (stride - (position % stride)) % stride; k < length; k += stride) {
      const value = row[k];
      if (value !== undefined && Number.isFinite(value)) sample.push(value);
    }
    position += length;
  }
  return sample;
}

/**
 * The axis unit for values of `unit` (any unit of the right dimension: `volt`, `mV`,
 * `siemens/metre**2`, or `1`), from the first `limit` SI samples of `rows`. Plain numbers,
 * integers and booleans get no unit; an unparseable unit is shown as given, unscaled.
 */
export function chooseAxisUnit(unit: string, rows: readonly ArrayLike<number>[] = [], limit = Infinity): AxisUnit {
  const plain = toUnscaledAxisUnit(unit);
  if (plain.symbol === undefined) return plain;
  const parsed = parseUnitExpression(unit.trim());
  if (!parsed.ok) return plain;
  if (isDimensionless(parsed.value.dim)) return { scale: 1 };
  const best = bestUnitFor(parsed.value.dim, sampleValues(rows, limit));
  return { symbol: best.symbol, scale: best.value };
}
