/**
 * Derivative-free Milstein (Brian2's `milstein`, Stratonovich), per noise symbol k:
 * `x_support = x + dt*f(x, t) + dt**0.5*g_k(x, t)`; `g_support = g_k(x_support, t)`;
 * `_x = x + dt*f(x, t) + Σ_k [g_k*dW_k + (g_support − g_k)/(2*dt**0.5)*dW_k**2]`.
 * Without noise this is plain Euler.
 */
import type { Expr, Statement } from '../expressions';
import type { IntegrationProblem } from './integrationProblem';
import { assignBack, declare, noiseIncrementName, noiseIncrements, refuseNonLinearNoise, substituteState, type StateUpdateMethod } from './method';
import { isNumber, makeBuilder } from './symbolic';

function integrate(problem: IntegrationProblem): Statement[] {
  const statements: Statement[] = [...noiseIncrements(problem)];
  const supports = new Map<string, Map<string, Expr>>();
  for (const sym of problem.noiseSymbols) {
    const values = new Map<string, Expr>();
    for (const eq of problem.equations) {
      const b = makeBuilder(eq.rhsSpan);
      const g = eq.noise.get(sym) ?? b.num(0);
      const name = `__x_support_${sym}_${eq.name}`;
      const drift = b.add(b.name(eq.name), b.mul(b.name('dt'), eq.drift));
      statements.push(declare(name, isNumber(g, 0) ? drift : b.add(drift, b.mul(b.call('sqrt', b.name('dt')), g)), eq.span));
      values.set(eq.name, b.name(name));
    }
    supports.set(sym, values);
  }
  for (const sym of problem.noiseSymbols) {
    for (const eq of problem.equations) {
      const g = eq.noise.get(sym);
      if (g === undefined || isNumber(g, 0)) continue;
      statements.push(declare(`__g_support_${sym}_${eq.name}`, substituteState(g, supports.get(sym) ?? new Map()), eq.span));
    }
  }
  for (const eq of problem.equations) {
    const b = makeBuilder(eq.rhsSpan);
    let next = b.add(b.name(eq.name), b.mul(b.name('dt'), eq.drift));
    for (const [sym, g] of eq.noise) {
      if (isNumber(g, 0)) continue;
      const dW = b.name(noiseIncrementName(sym));
      const correction = b.mul(b.div(b.sub(b.name(`__g_support_${sym}_${eq.name}`), g), b.mul(b.num(2), b.call('sqrt', b.name('dt')))), b.mul(dW, dW));
      next = b.add(b.add(next, b.mul(g, dW)), correction);
    }
    statements.push(declare(`_${eq.name}`, next, eq.span));
  }
  return [...statements, ...assignBack(problem)];
}

/** Brian2's `milstein`. */
export const milstein: StateUpdateMethod = { name: 'milstein', canIntegrate: refuseNonLinearNoise, integrate };
