/**
 * Forward Euler, Euler–Maruyama for additive noise (Brian2's `euler`):
 * `_x = x + dt*f(x, t) + Σ g_k*dW_k`, computed for all variables first and then assigned, so
 * every right-hand side sees the values at the start of the step. Multiplicative noise is
 * refused as Brian refuses it.
 */
import type { Statement } from '../expressions';
import { noiseKind, type IntegrationProblem } from './integrationProblem';
import { assignBack, declare, noiseIncrementName, noiseIncrements, refuseNonLinearNoise, type CannotIntegrate, type StateUpdateMethod } from './method';
import { dependsOn, makeBuilder } from './symbolic';

function canIntegrate(problem: IntegrationProblem): CannotIntegrate | undefined {
  const nonLinear = refuseNonLinearNoise(problem);
  if (nonLinear !== undefined) return nonLinear;
  if (noiseKind(problem) === 'multiplicative') {
    const varying = new Set([...problem.stateVariables, 't']);
    const eq = problem.equations.find((e) => [...e.noise.values()].some((g) => dependsOn(g, varying)));
    return {
      reason: '"euler" integrates additive noise only, and this noise is multiplicative (its coefficient depends on a state variable or t); use "heun" or "milstein"',
      ...(eq ? { equation: eq.name, span: eq.rhsSpan } : {}),
    };
  }
  return undefined;
}

function integrate(problem: IntegrationProblem): Statement[] {
  const updates: Statement[] = [...noiseIncrements(problem)];
  for (const eq of problem.equations) {
    const b = makeBuilder(eq.rhsSpan);
    let next = b.add(b.name(eq.name), b.mul(b.name('dt'), eq.drift));
    for (const [sym, g] of eq.noise) next = b.add(next, b.mul(g, b.name(noiseIncrementName(sym))));
    updates.push(declare(`_${eq.name}`, next, eq.span));
  }
  return [...updates, ...assignBack(problem)];
}

/** Brian2's `euler`. */
export const euler: StateUpdateMethod = { name: 'euler', canIntegrate, integrate };
