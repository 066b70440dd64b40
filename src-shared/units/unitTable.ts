/**
 * The unit table: every name Brian2 defines, with its SI value, dimension, display symbol and
 * the namespaces that expose it. Expanded once, lazily, from `unitDefinitions.ts`, so importing
 * this module builds nothing. Values are `10^k` written as decimal literals, which matches the
 * floats Brian2 computes bit for bit (checked against the fixture).
 */
import { dimensionKey, isDimensionless, powerDimension, type Dimension } from './dimension';
import {
  ALIASES_NOT_IN_MODEL,
  MODEL_PREFIXES,
  NAMED_UNITS,
  PREFIXES,
  REGISTRY_PREFIX_ORDER,
  SHORT_ALIASES,
  type NamedUnit,
} from './unitDefinitions';

/**
 * Where a name resolves:
 * - `model`: model strings (equations, thresholds, resets, `on_pre`), Brian2's `DEFAULT_UNITS`;
 * - `import`: a script after `from brian2 import *`;
 * - `module`: anything in `brian2.units.allunits` / `stdunits` (e.g. `cmetre`, `davolt`).
 */
export type UnitScope = 'model' | 'import' | 'module';

/** One unit name. */
export interface UnitEntry {
  /** The name as written (`mV`, `umetre2`, `volt`). */
  readonly name: string;
  /** SI value of one of this unit (`mV` → 0.001). */
  readonly value: number;
  readonly dim: Dimension;
  /** Allowed after the colon in equations: a model-string name with SI value 1 and no power suffix. */
  readonly isBase: boolean;
  /** Brian2's display form (`mV`, `um^2`, `ohm`). */
  readonly symbol: string;
  /** The named unit it is built from (`volt` for `mV`). */
  readonly unitName: string;
  readonly prefix: string;
  /** 1, or 2/3 for the `metre2`/`metre3` forms. */
  readonly power: number;
  /** For `stdunits` short names: the unit it aliases (`mvolt` for `mV`). */
  readonly aliasOf?: string;
  readonly inModel: boolean;
  readonly inImport: boolean;
  readonly inModule: boolean;
}

interface Table {
  readonly byName: ReadonlyMap<string, UnitEntry>;
  /** Display candidates per dimension key, in Brian2's registry order (see REGISTRY_PREFIX_ORDER). */
  readonly display: ReadonlyMap<string, readonly UnitEntry[]>;
}

let table: Table | undefined;

function pow10(exponent: number): number {
  return Number(`1e${exponent}`);
}

function expandNamedUnit(def: NamedUnit, add: (entry: UnitEntry) => void): void {
  const prefixes = def.expansion === 'bare' ? [{ symbol: '', exponent: 0 }] : [{ symbol: '', exponent: 0 }, ...PREFIXES];
  const powers = def.expansion === 'litre' ? [1] : [1, 2, 3];
  for (const prefix of prefixes) {
    const inModelPrefix = prefix.symbol === '' || def.expansion === 'litre' || MODEL_PREFIXES.includes(prefix.symbol);
    for (const power of powers) {
      const exponent = (def.exponent + prefix.exponent) * power;
      const name = `${prefix.symbol}${def.name}${power === 1 ? '' : String(power)}`;
      const value = pow10(exponent);
      add({
        name,
        value,
        dim: powerDimension(def.dim, power),
        isBase: inModelPrefix && power === 1 && exponent === 0,
        symbol: `${prefix.symbol}${def.symbol}${power === 1 ? '' : `^${power}`}`,
        unitName: def.name,
        prefix: prefix.symbol,
        power,
        inModel: inModelPrefix,
        inImport: power === 1 && def.importPrefixes.includes(prefix.symbol),
        inModule: true,
      });
    }
  }
}

function buildTable(): Table {
  const byName = new Map<string, UnitEntry>();
  const add = (entry: UnitEntry): void => {
    if (byName.has(entry.name)) throw new Error(`unit table: duplicate name ${entry.name}`);
    byName.set(entry.name, entry);
  };
  for (const def of NAMED_UNITS) expandNamedUnit(def, add);
  for (const [alias, target] of Object.entries(SHORT_ALIASES)) {
    const of = byName.get(target);
    if (of === undefined) throw new Error(`unit table: alias ${alias} of unknown ${target}`);
    const inModel = !ALIASES_NOT_IN_MODEL.has(alias);
    add({ ...of, name: alias, aliasOf: target, inModel, inImport: true, inModule: true, isBase: inModel && of.power === 1 && of.value === 1 });
  }

  // Brian2's standard display registry: model-string units (not the litre family, which is
  // registered separately), one per dimension and value; the first named unit wins a clash.
  const precedence = new Map(NAMED_UNITS.map((def, k) => [def.name, k]));
  const chosen = new Map<string, Map<number, UnitEntry>>();
  const order = new Map<UnitEntry, number>();
  const firstSlot = new Map<string, number>();
  for (const entry of byName.values()) {
    if (!entry.inModel || entry.aliasOf !== undefined || entry.unitName === 'litre' || entry.unitName === 'liter') continue;
    if (isDimensionless(entry.dim)) continue;
    const key = dimensionKey(entry.dim);
    let byValue = chosen.get(key);
    if (byValue === undefined) {
      byValue = new Map();
      chosen.set(key, byValue);
    }
    const slot = REGISTRY_PREFIX_ORDER.indexOf(entry.prefix);
    const slotKey = `${key}|${entry.value}`;
    firstSlot.set(slotKey, Math.min(firstSlot.get(slotKey) ?? slot, slot));
    const current = byValue.get(entry.value);
    const rank = (e: UnitEntry): number => (precedence.get(e.unitName) ?? 0) * 10 + (e.prefix === '' ? 0 : 1);
    if (current === undefined || rank(entry) < rank(current)) byValue.set(entry.value, entry);
  }
  const display = new Map<string, readonly UnitEntry[]>();
  for (const [key, byValue] of chosen) {
    for (const entry of byValue.values()) order.set(entry, firstSlot.get(`${key}|${entry.value}`) ?? 0);
    display.set(key, [...byValue.values()].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)));
  }
  return { byName, display };
}

function getTable(): Table {
  table ??= buildTable();
  return table;
}

function inScope(entry: UnitEntry, scope: UnitScope): boolean {
  return scope === 'model' ? entry.inModel : scope === 'import' ? entry.inImport : entry.inModule;
}

/**
 * The unit called `name` in a namespace (default: model strings), or undefined.
 * `lookupUnit('mV')` → 1 mV = 0.001 V, not a base unit; `lookupUnit('cmetre')` is undefined in
 * model strings but defined in `'import'` and `'module'`.
 */
export function lookupUnit(name: string, scope: UnitScope = 'model'): UnitEntry | undefined {
  const entry = getTable().byName.get(name);
  return entry !== undefined && inScope(entry, scope) ? entry : undefined;
}

/** True when `name` is a unit in the namespace (default: model strings), so not a free identifier. */
export function isUnitName(name: string, scope: UnitScope = 'model'): boolean {
  return lookupUnit(name, scope) !== undefined;
}

/** Every unit name in a namespace (default: model strings), in table order. */
export function listUnitNames(scope: UnitScope = 'model'): readonly string[] {
  return [...getTable().byName.values()].filter((e) => inScope(e, scope)).map((e) => e.name);
}

/** The names allowed after the colon in equations (Brian2's base units and their aliases). */
export function listBaseUnitNames(): readonly string[] {
  return [...getTable().byName.values()].filter((e) => e.isBase).map((e) => e.name);
}

/**
 * The units Brian2 considers when displaying a value of this dimension, in Brian2's registry
 * order (its standard registry: prefixed named units and their powers). Empty for dimensionless
 * values and for compound dimensions such as V/s.
 */
export function listDisplayUnits(dim: Dimension): readonly UnitEntry[] {
  return getTable().display.get(dimensionKey(dim)) ?? [];
}
