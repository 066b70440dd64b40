/**
 * Second-order Runge–Kutta, midpoint rule (Brian2's `rk2`): `__k_x = dt*f(x, t)` for all
 * variables, then `_x = x + dt*f(x + __k/2, t + dt/2)`. Deterministic equations only.
 */
import type { Expr, Statement } from '../expressions';
import type { IntegrationProblem } from './integrationProblem';
import { assignBack, declare, refuseNoise, substituteState, type StateUpdateMethod } from './method';
import { makeBuilder } from './symbolic';

function integrate(problem: IntegrationProblem): Statement[] {
  const statements: Statement[] = [];
  const midpoint = new Map<string, Expr>();
  for (const eq of problem.equations) {
    const b = makeBuilder(eq.rhsSpan);
    statements.push(declare(`__k_${eq.name}`, b.mul(b.name('dt'), eq.drift), eq.span));
    midpoint.set(eq.name, b.add(b.name(eq.name), b.div(b.name(`__k_${eq.name}`), b.num(2))));
  }
  for (const eq of problem.equations) {
    const b = makeBuilder(eq.rhsSpan);
    const at = new Map(midpoint).set('t', b.add(b.name('t'), b.div(b.name('dt'), b.num(2))));
    statements.push(declare(`_${eq.name}`, b.add(b.name(eq.name), b.mul(b.name('dt'), substituteState(eq.drift, at))), eq.span));
  }
  return [...statements, ...assignBack(problem)];
}

/** Brian2's `rk2`. */
export const rk2: StateUpdateMethod = { name: 'rk2', canIntegrate: (p) => refuseNoise(p, 'rk2'), integrate };
