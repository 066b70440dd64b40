/**
 * The checked form of a NeuronGroup and the subgroup-range helpers, in their own module so the
 * checkers of Synapses and inputs can use them without importing the network-level checker.
 */
import { makeDiagnostic, type Diagnostic, type SourceSpan } from '../diagnostics';
import type { EquationDef, Equations } from '../equations';
import type { Statement } from '../expressions';
import type { GroupEvents } from './checkEvents';
import type { IndexRange, NeuronGroupIR } from './modelIR';

/** A stored per-neuron variable of a group (state variable or parameter). */
export interface StateVariable {
  readonly name: string;
  readonly def: EquationDef;
}

export interface CheckedGroup {
  readonly ir: NeuronGroupIR;
  readonly equations: Equations;
  /** Differential variables and parameters, in definition order: one host array each. */
  readonly variables: readonly StateVariable[];
  /** Threshold, reset and refractoriness. */
  readonly events: GroupEvents;
  /** Initial values given as expressions, in order: `variable = expr` per neuron (of `range`). */
  readonly initialCode: readonly (Statement & { readonly range?: IndexRange })[];
}

/** Checks a subgroup range against its group; reports and returns false when it does not fit. */
export function checkRange(range: IndexRange | undefined, group: { readonly name: string; readonly N: number }, span: SourceSpan | undefined, diagnostics: Diagnostic[]): boolean {
  if (range === undefined) return true;
  if (Number.isInteger(range.start) && Number.isInteger(range.stop) && range.start >= 0 && range.stop <= group.N && range.start < range.stop) return true;
  diagnostics.push(makeDiagnostic('SF4011', { callee: `the subgroup of ${group.name}`, detail: `[${range.start}:${range.stop}] is not a non-empty range within 0 to ${group.N}` }, span));
  return false;
}

/** Size of a group or of its subgroup. */
export function sizeOf(N: number, range: IndexRange | undefined): number {
  return range === undefined ? N : range.stop - range.start;
}

