/**
 * Classical fourth-order Runge–Kutta (Brian2's `rk4`): each `__k_n_x` is computed for all
 * variables before `__k_{n+1}`, from the others' `x + __k_{n-1}/2` (`x + __k_3` for `__k_4`);
 * `_x = x + __k_1/6 + __k_2/3 + __k_3/3 + __k_4/6`. Deterministic equations only.
 */
import type { Expr, Statement } from '../expressions';
import type { IntegrationProblem } from './integrationProblem';
import { assignBack, declare, refuseNoise, substituteState, type StateUpdateMethod } from './method';
import { makeBuilder } from './symbolic';

function integrate(problem: IntegrationProblem): Statement[] {
  const statements: Statement[] = [];
  const k = (n: number, name: string): string => `__k_${n}_${name}`;
  for (let n = 1; n <= 4; n++) {
    for (const eq of problem.equations) {
      const b = makeBuilder(eq.rhsSpan);
      const at = new Map<string, Expr>();
      if (n > 1) {
        for (const other of problem.equations) {
          const previous = b.name(k(n - 1, other.name));
          at.set(other.name, b.add(b.name(other.name), n === 4 ? previous : b.div(previous, b.num(2))));
        }
        at.set('t', b.add(b.name('t'), n === 4 ? b.name('dt') : b.div(b.name('dt'), b.num(2))));
      }
      statements.push(declare(k(n, eq.name), b.mul(b.name('dt'), substituteState(eq.drift, at)), eq.span));
    }
  }
  for (const eq of problem.equations) {
    const b = makeBuilder(eq.rhsSpan);
    const term = (n: number, d: number): Expr => b.div(b.name(k(n, eq.name)), b.num(d));
    const sum = b.add(b.add(b.add(b.add(b.name(eq.name), term(1, 6)), term(2, 3)), term(3, 3)), term(4, 6));
    statements.push(declare(`_${eq.name}`, sum, eq.span));
  }
  return [...statements, ...assignBack(problem)];
}

/** Brian2's `rk4`. */
export const rk4: StateUpdateMethod = { name: 'rk4', canIntegrate: (p) => refuseNoise(p, 'rk4'), integrate };
