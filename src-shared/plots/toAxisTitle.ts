/**
 * Axis units for charts. Recordings travel in SI; which display unit reads best (`mV` for
 * membrane potentials) is chosen from the data by `chooseAxisUnit` and handed to the figure
 * builders as an {@link AxisUnit}.
 */

/** How values are shown on an axis: `shown = SI value / scale`, labelled with `symbol`. */
export interface AxisUnit {
  /** Display symbol (`mV`); absent for plain numbers, integers and booleans. */
  readonly symbol?: string;
  /** SI value of one display unit (`mV` → 0.001). */
  readonly scale: number;
}

/** Unit strings that mean "no unit" on an axis: dimensionless values and the integer/boolean types. */
const UNITLESS = new Set(['', '1', 'integer', 'boolean', 'bool']);

/** The axis unit for a unit string shown as given (no rescaling): `volt` → `{ symbol: 'volt', scale: 1 }`. */
export function toUnscaledAxisUnit(unit: string): AxisUnit {
  const trimmed = unit.trim();
  return UNITLESS.has(trimmed) ? { scale: 1 } : { symbol: trimmed, scale: 1 };
}

/** Axis title: `v (mV)`, or just `v` without a unit. */
export function toAxisTitle(name: string, axisUnit: AxisUnit): string {
  return axisUnit.symbol === undefined ? name : `${name} (${axisUnit.symbol})`;
}
