/**
 * The methods by name and Brian2's automatic choice: the first method of the list (default
 * `exact`, `euler`, `heun`) whose check accepts the equations wins (BRIAN2_SEMANTICS.md §10).
 * The group IR's `method` is one name (`linear` is `exact`), or several separated by commas or
 * `|` to choose among, or empty/`auto` for the default list.
 */
import type { IntegrationProblem } from './integrationProblem';
import type { CannotIntegrate, MethodName, StateUpdateMethod } from './method';
import { euler } from './euler';
import { exact } from './exact';
import { exponentialEuler } from './exponentialEuler';
import { heun } from './heun';
import { milstein } from './milstein';
import { rk2 } from './rk2';
import { rk4 } from './rk4';

/** Every method, by Brian2 name. */
export const METHODS: Readonly<Record<MethodName, StateUpdateMethod>> = {
  exact,
  exponential_euler: exponentialEuler,
  euler,
  rk2,
  rk4,
  heun,
  milstein,
};

/** Brian2's default order for NeuronGroup and Synapses. */
export const DEFAULT_METHOD_ORDER: readonly MethodName[] = ['exact', 'euler', 'heun'];

/** A method by name (`linear` → `exact`), or undefined. */
export function lookupMethod(name: string): StateUpdateMethod | undefined {
  const key = name === 'linear' ? 'exact' : name;
  return Object.prototype.hasOwnProperty.call(METHODS, key) ? METHODS[key as MethodName] : undefined;
}

/** The method names a `method` field asks for: one, a list, or the default order. */
export function parseMethodField(field: string): { names: readonly string[]; automatic: boolean } {
  const trimmed = field.trim();
  if (trimmed === '' || trimmed === 'auto') return { names: DEFAULT_METHOD_ORDER, automatic: true };
  const names = trimmed.split(/[,|]/).map((s) => s.trim()).filter((s) => s !== '');
  return { names, automatic: names.length > 1 };
}

/** The outcome of choosing a method. */
export type MethodChoice =
  | { readonly ok: true; readonly method: StateUpdateMethod; readonly automatic: boolean; readonly rejected: readonly { readonly method: MethodName; readonly why: CannotIntegrate }[] }
  | { readonly ok: false; readonly unknown?: string; readonly rejected: readonly { readonly method: MethodName; readonly why: CannotIntegrate }[] };

/** Picks the first method in `names` that can integrate `problem`. */
export function chooseMethod(problem: IntegrationProblem, names: readonly string[], automatic: boolean): MethodChoice {
  const rejected: { method: MethodName; why: CannotIntegrate }[] = [];
  for (const name of names) {
    const method = lookupMethod(name);
    if (method === undefined) return { ok: false, unknown: name, rejected };
    const why = method.canIntegrate(problem);
    if (why === undefined) return { ok: true, method, automatic, rejected };
    rejected.push({ method: method.name, why });
  }
  return { ok: false, rejected };
}
