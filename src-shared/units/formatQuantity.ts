/**
 * Quantities for display, choosing the unit the way Brian2's `in_best_unit` does: among the
 * prefixed forms of the dimension's unit, the one that brings the value closest to 10 on a log
 * scale (`0.01 s` → `10. ms`, `3 V` → `3. V`), with numpy's number format.
 */
import { formatBaseUnitExpression, isDimensionless, sameDimension, type Dimension } from './dimension';
import { formatUnit } from './formatDimension';
import { formatNumpyNumber, formatNumpyScalar } from './formatNumber';
import type { Quantity } from './quantity';
import { COMPOUND_DISPLAY_UNITS } from './unitDefinitions';
import { listDisplayUnits } from './unitTable';

/** A unit to show values in: Brian2's name (`mvolt`), its display symbol (`mV`) and SI value. */
export interface DisplayUnit {
  readonly name: string;
  readonly symbol: string;
  /** SI value of one of this unit: shown number = SI value / `value`. */
  readonly value: number;
  readonly dim: Dimension;
}

/** Options for {@link formatQuantity}. */
export interface FormatQuantityOptions {
  /** At most this many digits after the point (numpy's precision); default 8. */
  readonly precision?: number;
  /** Show in this unit instead of the best one (Brian2's `in_unit`); must have the same dimension. */
  readonly unit?: DisplayUnit;
}

function unscaledUnit(dim: Dimension): DisplayUnit {
  if (isDimensionless(dim)) return { name: '1', symbol: '1', value: 1, dim };
  const compound = COMPOUND_DISPLAY_UNITS.find((u) => sameDimension(u.dim, dim));
  if (compound !== undefined) return { name: compound.name, symbol: compound.symbol, value: 1, dim };
  return { name: formatBaseUnitExpression(dim), symbol: formatUnit(dim), value: 1, dim };
}

/**
 * The unit to display values of this dimension in.
 *
 * Without values: the unscaled unit (`volt`, `hertz`, `mmolar`). With one or more values
 * (SI base values): Brian2's choice, the unit `u` minimising the sum over the values of
 * `(log10(|x|/u) - 1)^2`, so `[0.001, 0.002, 0.003]` seconds → `ms`, -0.065 V → `mV`. Zeros
 * are ignored; all zeros give the unscaled unit. Candidates are Brian2's standard registry
 * (prefixed named units and their squares and cubes; not the `c d da h` prefixes). A
 * dimension with no named unit (V/s, S/m^2) uses Brian2's compound display units (`J/K`) or
 * else a composed label of SI value 1 ({@link formatUnit}); plain numbers get `1`.
 */
export function bestUnitFor(dim: Dimension, values?: number | readonly number[]): DisplayUnit {
  const candidates = listDisplayUnits(dim);
  if (candidates.length === 0) return unscaledUnit(dim);
  const unscaled = candidates.find((c) => c.value === 1) ?? candidates[0];
  const toDisplay = (e: (typeof candidates)[number]): DisplayUnit => ({ name: e.name, symbol: e.symbol, value: e.value, dim: e.dim });
  if (unscaled === undefined) return unscaledUnit(dim);
  const list = values === undefined ? [] : typeof values === 'number' ? [values] : values;
  const used = list.filter((x) => x !== 0 && Number.isFinite(x)).map((x) => Math.abs(x));
  if (used.length === 0) return toDisplay(unscaled);
  let best = unscaled;
  let bestDeviation = Infinity;
  for (const candidate of candidates) {
    let deviation = 0;
    for (const x of used) deviation += (Math.log10(x / candidate.value) - 1) ** 2;
    if (deviation < bestDeviation) {
      bestDeviation = deviation;
      best = candidate;
    }
  }
  return toDisplay(best);
}

/**
 * A quantity as Brian2 prints it with `in_best_unit`: `10. ms`, `-65. mV`, `3. V`, `0. V`,
 * `5. J/K`; a plain number as `str(np.round(x, 8))` (`0.5`, `10.0`). With `options.unit`, in that
 * unit (`in_unit`: 3 V in mV → `3000. mV`).
 *
 * Deliberate difference: for a dimension with no registered unit Brian2 prints SI base symbols
 * (`5. m^-4 kg^-1 s^3 A^2`, unless the session happened to create such a unit); SpikeForge
 * prints the composed label (`5. S/m^2`).
 */
export function formatQuantity(q: Quantity, options: FormatQuantityOptions = {}): string {
  const precision = options.precision ?? 8;
  const unit = options.unit;
  if (unit !== undefined) {
    if (!sameDimension(unit.dim, q.dim)) throw new Error(`formatQuantity: unit ${unit.symbol} does not match the quantity's dimension`);
    const number = formatNumpyNumber(q.value / unit.value, precision);
    return isDimensionless(unit.dim) ? number : `${number} ${unit.symbol}`;
  }
  if (isDimensionless(q.dim)) return formatNumpyScalar(q.value, precision);
  const best = bestUnitFor(q.dim, q.value);
  return `${formatNumpyNumber(q.value / best.value, precision)} ${best.symbol}`;
}
