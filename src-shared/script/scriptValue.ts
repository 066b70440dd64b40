/**
 * The values a Brian2 script's names can hold while SpikeForge evaluates it. Only what the
 * declarative subset needs is modelled: quantities (SI value + dimension; Python numbers are
 * dimensionless quantities), strings with their position in the script (so equations keep
 * their spans), lists, Brian2 objects by reference, and markers for things the reader knows
 * but does not run (plotting, recorded data, unsupported objects). `error` marks a value whose
 * problem was already reported, so it propagates without further diagnostics.
 */
import type { SourceSpan } from '../diagnostics';
import { DIMENSIONLESS, formatQuantity, isDimensionless, type Dimension } from '../units';

/** Longest list the reader builds (`range()`, list repetition): a model index list, not a data set. */
export const MAX_LIST_LENGTH = 1_000_000;

/** One entry of a dict value, with the spans of its key and value for diagnostics. */
export interface DictValueEntry {
  readonly key: string;
  readonly keySpan: SourceSpan;
  readonly value: ScriptValue;
  readonly valueSpan: SourceSpan;
}

/** Callables and objects of Brian2 and Python that the reader evaluates itself. */
export type BuiltinName =
  | 'NeuronGroup'
  | 'StateMonitor'
  | 'SpikeMonitor'
  | 'EventMonitor'
  | 'Synapses'
  | 'PoissonGroup'
  | 'PoissonInput'
  | 'TimedArray'
  | 'seed'
  | 'PopulationRateMonitor'
  | 'SpikeGeneratorGroup'
  | 'Network'
  | 'run'
  | 'collect'
  | 'start_scope'
  | 'Equations'
  | 'defaultclock'
  | 'prefs'
  | 'dict'
  | 'range'
  | 'int'
  | 'float'
  | 'abs'
  | 'round'
  | 'min'
  | 'max'
  | 'sqrt'
  | 'exp'
  | 'log'
  | 'len';

/** Where a module's names come from, which decides what using them means. */
export type ModuleFamily = 'brian2' | 'numpy' | 'plotting' | 'other';

/** A value of the script. */
export type ScriptValue =
  | { readonly kind: 'quantity'; readonly value: number; readonly dim: Dimension; readonly isInteger: boolean }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'none' }
  /** `contentStart` is the script offset of the content; `exact` is false when escapes shift offsets. */
  | { readonly kind: 'string'; readonly value: string; readonly contentStart: number; readonly exact: boolean; readonly span: SourceSpan }
  | { readonly kind: 'list'; readonly items: readonly ScriptValue[]; readonly spans: readonly SourceSpan[] }
  /** A dict with string keys (later entries replace earlier ones with the same key, as in Python). */
  | { readonly kind: 'dict'; readonly entries: readonly DictValueEntry[] }
  /** A NeuronGroup, or its subgroup `G[start:stop]` when `range` is set. */
  | { readonly kind: 'group'; readonly id: number; readonly range?: { readonly start: number; readonly stop: number } }
  | { readonly kind: 'synapses'; readonly id: number }
  | { readonly kind: 'poissoninput'; readonly id: number }
  | { readonly kind: 'timedarray'; readonly id: number }
  | { readonly kind: 'monitor'; readonly id: number }
  | { readonly kind: 'network'; readonly id: number }
  | { readonly kind: 'builtin'; readonly name: BuiltinName }
  | { readonly kind: 'module'; readonly name: string; readonly family: ModuleFamily }
  /**
   * Something that exists but that SpikeForge cannot run yet; reported where it is used. With
   * `module`, the message names the module and quotes the code as written (`numpy (np.exp(x))`).
   */
  | { readonly kind: 'unsupported'; readonly what: string; readonly module?: string }
  /** A plotting or printing function, or what one returned: calls on it are skipped. */
  | { readonly kind: 'plotting' }
  /** Data a monitor recorded (`M.t`, `M.v[0]`): only meaningful after run(), for analysis lines. */
  | { readonly kind: 'recorded' }
  | { readonly kind: 'ignored'; readonly what: string }
  | { readonly kind: 'error' };

/** The value that stands for "already reported". */
export const ERROR_VALUE: ScriptValue = { kind: 'error' };

/** A dimensionless number. */
export function toNumberValue(value: number, isInteger = Number.isInteger(value)): ScriptValue {
  return { kind: 'quantity', value, dim: DIMENSIONLESS, isInteger };
}

/** A quantity with a dimension (never an integer unless dimensionless and whole). */
export function toQuantityValue(value: number, dim: Dimension, isInteger = false): ScriptValue {
  return { kind: 'quantity', value, dim, isInteger: isInteger && isDimensionless(dim) };
}

/** What to call an unsupported value in a message, quoting `source` (the code that used it) for module members. */
export function describeUnsupported(value: Extract<ScriptValue, { kind: 'unsupported' }>, source: string): string {
  if (value.module === undefined) return value.what;
  const quoted = source.length > 60 ? `${source.slice(0, 57)}...` : source;
  return `${value.module} (${quoted})`;
}

/** Formats a number the way Python prints it (`100`, `0.1`, `1e-05`). */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value);
}

/** Describes a value for messages: `0.01 s`, `100`, `a string`, `a NeuronGroup`. */
export function describeValue(value: ScriptValue): string {
  switch (value.kind) {
    case 'quantity':
      return isDimensionless(value.dim) ? `${formatNumber(value.value)} (dimensionless)` : formatQuantity({ value: value.value, dim: value.dim });
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'string':
      return 'a string';
    case 'list':
      return 'a list';
    case 'dict':
      return 'a dict';
    case 'group':
      return 'a NeuronGroup';
    case 'synapses':
      return 'a Synapses object';
    case 'poissoninput':
      return 'a PoissonInput';
    case 'timedarray':
      return 'a TimedArray';
    case 'monitor':
      return 'a StateMonitor';
    case 'network':
      return 'a Network';
    case 'builtin':
      return `"${value.name}"`;
    case 'module':
      return `the module ${value.name}`;
    case 'unsupported':
      return value.what;
    case 'plotting':
      return 'a plotting function';
    case 'recorded':
      return 'recorded monitor data';
    case 'ignored':
      return value.what;
    case 'error':
      return 'an invalid value';
  }
}
