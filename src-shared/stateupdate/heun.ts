/**
 * Stochastic Heun (Brian2's `heun`, Stratonovich), per noise symbol k:
 * `x_support = x + g_k(x, t)*dW_k`; `g_support = g_k(x_support, t + dt)`;
 * `_x = x + dt*f(x, t) + Σ_k 0.5*dW_k*(g_k(x, t) + g_support)`.
 * Without noise this is plain Euler (it is not the deterministic trapezoidal method).
 */
import type { Expr, Statement } from '../expressions';
import type { IntegrationProblem } from './integrationProblem';
import { assignBack, declare, noiseIncrementName, noiseIncrements, refuseNonLinearNoise, substituteState, type StateUpdateMethod } from './method';
import { isNumber, makeBuilder } from './symbolic';

function integrate(problem: IntegrationProblem): Statement[] {
  const statements: Statement[] = [...noiseIncrements(problem)];
  const supports = new Map<string, Map<string, Expr>>(); // noise symbol → variable → support value
  for (const sym of problem.noiseSymbols) {
    const values = new Map<string, Expr>();
    for (const eq of problem.equations) {
      const g = eq.noise.get(sym);
      if (g === undefined || isNumber(g, 0)) continue;
      const b = makeBuilder(eq.rhsSpan);
      const name = `__x_support_${sym}_${eq.name}`;
      statements.push(declare(name, b.add(b.name(eq.name), b.mul(g, b.name(noiseIncrementName(sym)))), eq.span));
      values.set(eq.name, b.name(name));
    }
    supports.set(sym, values);
  }
  for (const sym of problem.noiseSymbols) {
    for (const eq of problem.equations) {
      const g = eq.noise.get(sym);
      if (g === undefined || isNumber(g, 0)) continue;
      const b = makeBuilder(eq.rhsSpan);
      const at = new Map(supports.get(sym)).set('t', b.add(b.name('t'), b.name('dt')));
      statements.push(declare(`__g_support_${sym}_${eq.name}`, substituteState(g, at), eq.span));
    }
  }
  for (const eq of problem.equations) {
    const b = makeBuilder(eq.rhsSpan);
    let next = b.add(b.name(eq.name), b.mul(b.name('dt'), eq.drift));
    for (const [sym, g] of eq.noise) {
      if (isNumber(g, 0)) continue;
      next = b.add(next, b.mul(b.mul(b.num(0.5), b.name(noiseIncrementName(sym))), b.add(g, b.name(`__g_support_${sym}_${eq.name}`))));
    }
    statements.push(declare(`_${eq.name}`, next, eq.span));
  }
  return [...statements, ...assignBack(problem)];
}

/** Brian2's `heun`. */
export const heun: StateUpdateMethod = { name: 'heun', canIntegrate: refuseNonLinearNoise, integrate };
