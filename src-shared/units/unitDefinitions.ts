/**
 * The raw facts of Brian2's unit table (brian2/units/allunits.py and stdunits.py, 2.5.1):
 * the named units, the prefixes, which names each namespace exposes, and the compound display
 * units. `unitTable.ts` expands them into the ~2100 names; the fixture test checks the result
 * against Brian2 itself.
 */
import { makeDimension, type Dimension } from './dimension';

/** One SI prefix: its letters and its power of ten. */
export interface Prefix {
  readonly symbol: string;
  readonly exponent: number;
}

/** Every prefix Brian2 generates, in Brian2's order. */
export const PREFIXES: readonly Prefix[] = [
  { symbol: 'y', exponent: -24 }, { symbol: 'z', exponent: -21 }, { symbol: 'a', exponent: -18 },
  { symbol: 'f', exponent: -15 }, { symbol: 'p', exponent: -12 }, { symbol: 'n', exponent: -9 },
  { symbol: 'u', exponent: -6 }, { symbol: 'm', exponent: -3 }, { symbol: 'c', exponent: -2 },
  { symbol: 'd', exponent: -1 }, { symbol: 'da', exponent: 1 }, { symbol: 'h', exponent: 2 },
  { symbol: 'k', exponent: 3 }, { symbol: 'M', exponent: 6 }, { symbol: 'G', exponent: 9 },
  { symbol: 'T', exponent: 12 }, { symbol: 'P', exponent: 15 }, { symbol: 'E', exponent: 18 },
  { symbol: 'Z', exponent: 21 }, { symbol: 'Y', exponent: 24 },
];

/** Prefixes model strings resolve on every prefixable unit (`c d da h` only on litre/liter). */
export const MODEL_PREFIXES = 'y z a f p n u m k M G T P E Z Y'.split(' ');

/** Prefixes the star import (`from brian2 import *`) exposes. */
const IMPORT_PREFIXES = 'p n u m k M G T'.split(' ');

/**
 * How a named unit expands:
 * - `standard`: prefixed (all prefixes in the module, {@link MODEL_PREFIXES} in model strings),
 *   with `2`/`3` power forms of the bare and prefixed names;
 * - `bare`: no prefixes, but power forms (`kilogram2`, `kelvin3`);
 * - `litre`: every prefix in model strings too, no power forms.
 */
export type Expansion = 'standard' | 'bare' | 'litre';

/** A named unit before prefixes and powers. */
export interface NamedUnit {
  /** Brian2's name, e.g. `metre`. */
  readonly name: string;
  /** Brian2's display symbol, e.g. `m`; prefixed forms print prefix + symbol (`mV`, `um^2`). */
  readonly symbol: string;
  readonly dim: Dimension;
  /** log10 of the SI value of the bare unit (gram -3, litre -3, molar 3). */
  readonly exponent: number;
  readonly expansion: Expansion;
  /** Prefixes the star import exposes for this unit ('' = the bare name), without powers. */
  readonly importPrefixes: readonly string[];
}

const d = makeDimension;
const IMPORT_ALL = ['', ...IMPORT_PREFIXES];
const NONE: readonly string[] = [];

/**
 * The named units. Order is precedence: when two names share a dimension and value, the first
 * one is what Brian2 displays (metre over meter, hertz over becquerel, kilogram over kgram).
 */
export const NAMED_UNITS: readonly NamedUnit[] = [
  { name: 'metre', symbol: 'm', dim: d({ m: 1 }), exponent: 0, expansion: 'standard', importPrefixes: [...IMPORT_ALL, 'c'] },
  { name: 'meter', symbol: 'm', dim: d({ m: 1 }), exponent: 0, expansion: 'standard', importPrefixes: [...IMPORT_ALL, 'c'] },
  { name: 'kilogram', symbol: 'kg', dim: d({ kg: 1 }), exponent: 0, expansion: 'bare', importPrefixes: [''] },
  { name: 'kilogramme', symbol: 'kg', dim: d({ kg: 1 }), exponent: 0, expansion: 'bare', importPrefixes: NONE },
  { name: 'gram', symbol: 'g', dim: d({ kg: 1 }), exponent: -3, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'gramme', symbol: 'g', dim: d({ kg: 1 }), exponent: -3, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'second', symbol: 's', dim: d({ s: 1 }), exponent: 0, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'amp', symbol: 'A', dim: d({ A: 1 }), exponent: 0, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'ampere', symbol: 'A', dim: d({ A: 1 }), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  { name: 'kelvin', symbol: 'K', dim: d({ K: 1 }), exponent: 0, expansion: 'bare', importPrefixes: [''] },
  { name: 'mole', symbol: 'mol', dim: d({ mol: 1 }), exponent: 0, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'mol', symbol: 'mol', dim: d({ mol: 1 }), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  { name: 'candle', symbol: 'cd', dim: d({ cd: 1 }), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  { name: 'molar', symbol: 'M', dim: d({ m: -3, mol: 1 }), exponent: 3, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'radian', symbol: 'rad', dim: d({}), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  { name: 'steradian', symbol: 'sr', dim: d({}), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  { name: 'hertz', symbol: 'Hz', dim: d({ s: -1 }), exponent: 0, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'newton', symbol: 'N', dim: d({ m: 1, kg: 1, s: -2 }), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  { name: 'pascal', symbol: 'Pa', dim: d({ m: -1, kg: 1, s: -2 }), exponent: 0, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'joule', symbol: 'J', dim: d({ m: 2, kg: 1, s: -2 }), exponent: 0, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'watt', symbol: 'W', dim: d({ m: 2, kg: 1, s: -3 }), exponent: 0, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'coulomb', symbol: 'C', dim: d({ s: 1, A: 1 }), exponent: 0, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'volt', symbol: 'V', dim: d({ m: 2, kg: 1, s: -3, A: -1 }), exponent: 0, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'farad', symbol: 'F', dim: d({ m: -2, kg: -1, s: 4, A: 2 }), exponent: 0, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'ohm', symbol: 'ohm', dim: d({ m: 2, kg: 1, s: -3, A: -2 }), exponent: 0, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'siemens', symbol: 'S', dim: d({ m: -2, kg: -1, s: 3, A: 2 }), exponent: 0, expansion: 'standard', importPrefixes: IMPORT_ALL },
  { name: 'weber', symbol: 'Wb', dim: d({ m: 2, kg: 1, s: -2, A: -1 }), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  { name: 'tesla', symbol: 'T', dim: d({ kg: 1, s: -2, A: -1 }), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  { name: 'henry', symbol: 'H', dim: d({ m: 2, kg: 1, s: -2, A: -2 }), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  { name: 'lumen', symbol: 'lm', dim: d({ cd: 1 }), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  { name: 'lux', symbol: 'lx', dim: d({ m: -2, cd: 1 }), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  { name: 'becquerel', symbol: 'Bq', dim: d({ s: -1 }), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  // The star import's `gray` is pylab's colour-map function, not the unit.
  { name: 'gray', symbol: 'Gy', dim: d({ m: 2, s: -2 }), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  { name: 'sievert', symbol: 'Sv', dim: d({ m: 2, s: -2 }), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  { name: 'katal', symbol: 'kat', dim: d({ s: -1, mol: 1 }), exponent: 0, expansion: 'standard', importPrefixes: NONE },
  { name: 'liter', symbol: 'l', dim: d({ m: 3 }), exponent: -3, expansion: 'litre', importPrefixes: IMPORT_ALL },
  { name: 'litre', symbol: 'l', dim: d({ m: 3 }), exponent: -3, expansion: 'litre', importPrefixes: IMPORT_ALL },
];

/** Short aliases from `brian2.units.stdunits`: alias → the unit it names. */
export const SHORT_ALIASES: Readonly<Record<string, string>> = {
  mV: 'mvolt', mA: 'mamp', uA: 'uamp', nA: 'namp', pA: 'pamp', pF: 'pfarad', uF: 'ufarad',
  nF: 'nfarad', nS: 'nsiemens', uS: 'usiemens', mS: 'msiemens', ms: 'msecond', us: 'usecond',
  Hz: 'hertz', kHz: 'khertz', MHz: 'Mhertz', cm: 'cmetre', cm2: 'cmetre2', cm3: 'cmetre3',
  mm: 'mmetre', mm2: 'mmetre2', mm3: 'mmetre3', um: 'umetre', um2: 'umetre2', um3: 'umetre3',
  mM: 'mmolar', uM: 'umolar', nM: 'nmolar',
};

/**
 * Aliases missing from the namespace of model strings: Brian2's `DEFAULT_UNITS` is built from a
 * dict that lacks `mS` (the star import has it).
 */
export const ALIASES_NOT_IN_MODEL: ReadonlySet<string> = new Set(['mS']);

/** A compound unit Brian2 registers only for display (`additional_unit_register`). */
export interface CompoundDisplayUnit {
  readonly name: string;
  readonly symbol: string;
  readonly dim: Dimension;
}

/** Brian2's compound display units, all of SI value 1, tried when no named unit fits a dimension. */
export const COMPOUND_DISPLAY_UNITS: readonly CompoundDisplayUnit[] = [
  { name: 'pascal * second', symbol: 'Pa s', dim: d({ m: -1, kg: 1, s: -1 }) },
  { name: 'newton * metre', symbol: 'N m', dim: d({ m: 2, kg: 1, s: -2 }) },
  { name: 'watt / (metre ** 2)', symbol: 'W/(m^2)', dim: d({ kg: 1, s: -3 }) },
  { name: 'joule / kelvin', symbol: 'J/K', dim: d({ m: 2, kg: 1, s: -2, K: -1 }) },
  { name: 'joule / (kilogram * kelvin)', symbol: 'J/(kg K)', dim: d({ m: 2, s: -2, K: -1 }) },
  { name: 'joule / kilogram', symbol: 'J/kg', dim: d({ m: 2, s: -2 }) },
  { name: 'watt / (metre * kelvin)', symbol: 'W/(m K)', dim: d({ m: 1, kg: 1, s: -3, K: -1 }) },
  { name: 'joule / (metre ** 3)', symbol: 'J/(m^3)', dim: d({ m: -1, kg: 1, s: -2 }) },
  { name: 'volt / (metre ** 3)', symbol: 'V/(m^3)', dim: d({ m: -1, kg: 1, s: -3, A: -1 }) },
  { name: 'coulomb / (metre ** 3)', symbol: 'C/(m^3)', dim: d({ m: -3, s: 1, A: 1 }) },
  { name: 'coulomb / (metre ** 2)', symbol: 'C/(m^2)', dim: d({ m: -2, s: 1, A: 1 }) },
  { name: 'farad / metre', symbol: 'F/m', dim: d({ m: -3, kg: -1, s: 4, A: 2 }) },
  { name: 'henry / metre', symbol: 'H/m', dim: d({ m: 1, kg: 1, s: -2, A: -2 }) },
  { name: 'joule / mole', symbol: 'J/mol', dim: d({ m: 2, kg: 1, s: -2, mol: -1 }) },
  { name: 'joule / (mole * kelvin)', symbol: 'J/(mol K)', dim: d({ m: 2, kg: 1, s: -2, K: -1, mol: -1 }) },
  { name: 'coulomb / kilogram', symbol: 'C/kg', dim: d({ kg: -1, s: 1, A: 1 }) },
  { name: 'gray / second', symbol: 'Gy/s', dim: d({ m: 2, s: -3 }) },
  { name: 'katal / (metre ** 3)', symbol: 'kat/(m^3)', dim: d({ m: -3, s: -1, mol: 1 }) },
];

/**
 * The order in which Brian2 first registers the prefixed forms of one dimension (set iteration
 * order in allunits.py). Brian2 picks the display unit with numpy's `argmin`, so on an exact tie
 * (common for squares and cubes: 1e-32 m^2 is as far from `fm^2` as from `am^2`) the earlier wins.
 */
export const REGISTRY_PREFIX_ORDER: readonly string[] = ['Y', 'k', 'M', 'z', 'E', 'y', 'T', 'u', 'p', 'n', 'm', 'f', 'G', 'P', 'Z', 'a', ''];

/** Brian2's note for `celsius`, which it removed on purpose (brian2 issue #817). */
export const CELSIUS_NOTE =
  'Brian2 has no "celsius" unit (it was ambiguous next to kelvin): use kelvin for temperature ' +
  'differences, and add zero_celsius (273.15 K) to convert a Celsius temperature.';
