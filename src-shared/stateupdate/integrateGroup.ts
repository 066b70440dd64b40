/**
 * The state-update stage for one checked group: prepare the equations, choose or check the
 * method, integrate. Problems are diagnostics (SF5xxx) with spans, never exceptions; an
 * automatic choice is reported as an info naming the group and the method (Brian's
 * `method_choice` message).
 */
import { makeDiagnostic, type Diagnostic } from '../diagnostics';
import type { Statement } from '../expressions';
import type { CheckedGroup } from '../model';
import { toIntegrationProblem } from './integrationProblem';
import type { MethodName } from './method';
import { chooseMethod, parseMethodField } from './methodTable';

/** The state update of a group: method and abstract code, or why there is none. */
export interface GroupStateUpdate {
  readonly method?: MethodName;
  readonly statements: readonly Statement[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Integrates a checked group with its IR's `method` at time step `dt` (seconds). */
export function integrateGroup(group: CheckedGroup, dt: number): GroupStateUpdate {
  const problem = toIntegrationProblem(group, dt);
  const span = group.ir.methodSpan ?? group.ir.span;
  if (problem.equations.length === 0) return { statements: [], diagnostics: [] };
  const { names, automatic } = parseMethodField(group.ir.method);
  const choice = chooseMethod(problem, names, automatic);
  if (!choice.ok) {
    if (choice.unknown !== undefined) {
      return { statements: [], diagnostics: [makeDiagnostic('SF5001', { method: choice.unknown, reason: '; known methods: exact (linear), exponential_euler, euler, rk2, rk4, heun, milstein' }, span)] };
    }
    const diagnostics = choice.rejected.map(({ method, why }) =>
      makeDiagnostic('SF5002', { method, group: group.ir.name, equation: why.equation === undefined ? 'the equations' : `d${why.equation}/dt`, reason: why.reason }, why.span ?? span),
    );
    if (choice.rejected.length > 1) diagnostics.unshift(makeDiagnostic('SF5003', { group: group.ir.name, methods: choice.rejected.map((r) => r.method).join(', ') }, span));
    return { statements: [], diagnostics };
  }
  const diagnostics: Diagnostic[] = [];
  if (choice.automatic) {
    diagnostics.push(makeDiagnostic('SF5004', { group: group.ir.name, method: choice.method.name, rejected: choice.rejected.length === 0 ? '' : ` (${choice.rejected.map((r) => `${r.method}: ${r.why.reason}`).join('; ')})` }, span));
  }
  return { method: choice.method.name, statements: choice.method.integrate(problem), diagnostics };
}
