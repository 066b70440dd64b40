/**
 * Typed access to brian2Units.json, which dumpBrian2Units.py writes from Brian2 2.5.1
 * (regenerate with the command in that script's docstring). Tests only.
 */
import raw from './brian2Units.json';

/** `[name, value, dims, str(unit), scopes ('M' model, 'I' star import, 'A' module), is base]`. */
export type FixtureUnit = [string, number, number[], string, string, boolean];
/** `[dims, [[value, repr, str], …]]`: Brian2's standard display registry for one dimension. */
export type FixtureRegistry = [number[], [number, string, string][]];
/** `[label, value, precision | null, in_best_unit(), repr(best unit)]`. */
export type FixtureBest = [string, number, number | null, string, string];

/** The fixture, with the loose JSON types narrowed to the row shapes above. */
export interface Brian2Fixture {
  readonly brian2Version: string;
  readonly units: FixtureUnit[];
  readonly registry: FixtureRegistry[];
  readonly additional: [string, string, number, number[]][];
  /** `[dims, repr(get_unit), str(get_unit), str(dim), repr(dim)]`. */
  readonly getUnit: [number[], string, string, string, string][];
  readonly bestUnit: FixtureBest[];
  /** `[label, values, repr(best unit)]`. */
  readonly bestUnitArrays: [string, number[], string][];
  /** `[value, precision | null, numpy array_str of [value] without brackets]`. */
  readonly numberFormat: [number, number | null, string][];
  /** `[value, in_best_unit(value)]` for plain numbers. */
  readonly dimensionlessFormat: [number, string][];
  /** `[text, dims | null, type | null, error message | null]` from dimensions_and_type_from_string. */
  readonly unitStrings: [string, number[] | null, string | null, string | null][];
}

/** The fixture data. */
export const fixture = raw as unknown as Brian2Fixture;
