/**
 * Hints for unknown unit names: what the user probably meant (`mS` → `msiemens`, `V` → `volt`,
 * `voltage` → `volt`, `celsius` → Brian2's explanation), and the base unit to write after an
 * equation's colon instead of a scaled one (`mV` → `volt`, `um2` → `metre ** 2`).
 */
import { formatBaseUnitExpression, isDimensionless } from './dimension';
import { CELSIUS_NOTE, NAMED_UNITS, PREFIXES } from './unitDefinitions';
import { listDisplayUnits, listUnitNames, lookupUnit, type UnitEntry, type UnitScope } from './unitTable';

/**
 * Brian2's list of the units allowed after the colon, grouped by dimension with aliases in
 * parentheses (its own wording, from `dimensions_and_type_from_string`).
 */
export const BASE_UNITS_TEXT =
  'amp (ampere), candle (lumen), coulomb, farad, gray (sievert), henry, hertz (Hz, becquerel), joule, katal, ' +
  'kelvin, kilogram (kilogramme, kgram, kgramme), klitre (kliter), lux, metre (meter), mmolar (mM), mole (mol), ' +
  'newton, ohm, pascal, radian (steradian), second, siemens, tesla, volt, watt, weber';

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** `mS` → `msiemens`, `V` → `volt`, `um2` stays: a prefix + display symbol read as a unit name. */
function fromSymbol(name: string, scope: UnitScope): string | undefined {
  const match = /^(.*?)([23]?)$/.exec(name);
  const stem = match?.[1] ?? name;
  const power = match?.[2] ?? '';
  for (const prefix of [{ symbol: '' }, ...PREFIXES]) {
    if (!stem.startsWith(prefix.symbol)) continue;
    const symbol = stem.slice(prefix.symbol.length);
    for (const def of NAMED_UNITS) {
      if (def.symbol !== symbol) continue;
      const candidate = `${prefix.symbol}${def.name}${power}`;
      if (candidate !== name && lookupUnit(candidate, scope) !== undefined) return candidate;
    }
  }
  return undefined;
}

/** The known unit name closest to an unknown one, or undefined when nothing is close. */
export function suggestUnitName(name: string, scope: UnitScope = 'model', baseOnly = false): string | undefined {
  // No unit name is longer than 20 characters: a longer word is not a misspelt unit (and the
  // edit distance below is quadratic in the length).
  if (name.length > 24) return undefined;
  const viaSymbol = fromSymbol(name, scope);
  if (viaSymbol !== undefined && (!baseOnly || lookupUnit(viaSymbol, scope)?.isBase === true)) return viaSymbol;
  const lower = name.toLowerCase();
  let best: { name: string; score: number } | undefined;
  for (const candidate of listUnitNames(scope)) {
    const entry = lookupUnit(candidate, scope);
    if (entry === undefined || (baseOnly && !entry.isBase)) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    const isStem = candidate.length >= 4 && lower.startsWith(candidate.toLowerCase());
    const limit = Math.max(1, Math.floor(name.length / 3));
    if (distance > limit && !isStem) continue;
    const score = (isStem ? Math.min(distance, 1.5) : distance) + (entry.isBase ? 0 : 0.25);
    if (best === undefined || score < best.score) best = { name: candidate, score };
  }
  return best?.name;
}

/** Notes for an unknown unit name: Brian2's celsius explanation, or the closest known name. */
export function unknownUnitNotes(name: string, scope: UnitScope = 'model', baseOnly = false): string[] {
  if (name === 'celsius') return [CELSIUS_NOTE];
  const notes: string[] = [];
  const suggestion = suggestUnitName(name, scope, baseOnly);
  if (suggestion !== undefined) notes.push(`did you mean "${suggestion}"?`);
  if (scope === 'model' && lookupUnit(name, 'import') !== undefined) {
    notes.push(`"${name}" exists after "from brian2 import *", but model strings do not know it`);
  }
  return notes;
}

/**
 * The base unit to write instead of a scaled one after an equation's colon, as Brian2 suggests
 * it: the unscaled unit of the same dimension (`mV` → `volt`, `kHz` → `hertz`, `mM` is already
 * base), or the dimension in base units when that unit is a power (`um2` → `metre ** 2`,
 * `liter` → `metre ** 3`; `mradian` → `radian`).
 */
export function baseUnitSuggestion(entry: UnitEntry): string {
  if (isDimensionless(entry.dim)) return 'radian';
  const unscaled = listDisplayUnits(entry.dim).find((e) => e.value === 1);
  return unscaled !== undefined && unscaled.power === 1 ? unscaled.name : formatBaseUnitExpression(entry.dim);
}
