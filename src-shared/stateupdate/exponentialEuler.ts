/**
 * Exponential Euler (Brian2's `exponential_euler`) for conditionally linear systems: each
 * right-hand side is written `A*x + B` with A and B free of x (they may use the other variables'
 * old values, as for Hodgkin–Huxley gating). A = 0: `_x = x + dt*B`; B = 0: `_x = x*exp(A*dt)`;
 * else `_BA_x = B/A`; `_x = -_BA_x + (_BA_x + x)*exp(A*dt)`. Deterministic equations only.
 */
import type { Expr, Statement } from '../expressions';
import { formatExpr } from './formatAbstractCode';
import type { IntegrationProblem } from './integrationProblem';
import { assignBack, declare, refuseNoise, type CannotIntegrate, type StateUpdateMethod } from './method';
import { isLinear, makeBuilder, toLinearForm, type Builder } from './symbolic';


/** `A` and `B` of `rhs = A*x + B` (absent means zero), or the non-linear part. */
export function splitConditionallyLinear(rhs: Expr, variable: string, b: Builder): { A?: Expr; B?: Expr } | { nonlinear: Expr } {
  const form = toLinearForm(rhs, new Set([variable]), b);
  if (!isLinear(form)) return { nonlinear: form.at };
  const A = form.coefficients.get(variable);
  return { ...(A === undefined ? {} : { A }), ...(form.rest === undefined ? {} : { B: form.rest }) };
}

/** `num/den` with a shared denominator cancelled: (X/d)/(Y/d) → X/Y; X/1 → X; X/(-1) → −X. */
export function divideSimplified(num: Expr, den: Expr, b: Builder): Expr {
  if (num.kind === 'binary' && den.kind === 'binary' && num.op === '/' && den.op === '/' && formatExpr(num.right) === formatExpr(den.right)) {
    return divideSimplified(num.left, den.left, b);
  }
  if (den.kind === 'number' && den.value === 1) return num;
  if (den.kind === 'number' && den.value === -1) return b.neg(num);
  if (den.kind === 'unary' && den.op === '-') return b.neg(divideSimplified(num, den.operand, b));
  return b.div(num, den);
}

/** `A*dt` written as Brian prints it: (X/d)*dt → X*dt/d, so -1/tau gives -dt/tau. */
export function timesDt(A: Expr, b: Builder): Expr {
  if (A.kind === 'binary' && A.op === '/') return b.div(b.mul(A.left, b.name('dt')), A.right);
  if (A.kind === 'unary' && A.op === '-') return b.neg(timesDt(A.operand, b));
  return b.mul(A, b.name('dt'));
}

function canIntegrate(problem: IntegrationProblem): CannotIntegrate | undefined {
  const noise = refuseNoise(problem, 'exponential_euler');
  if (noise !== undefined) return noise;
  for (const eq of problem.equations) {
    const split = splitConditionallyLinear(eq.drift, eq.name, makeBuilder(eq.rhsSpan));
    if ('nonlinear' in split) {
      return { reason: `the equation of d${eq.name}/dt is not linear in ${eq.name} (at "${formatExpr(split.nonlinear)}")`, equation: eq.name, span: split.nonlinear.span };
    }
  }
  return undefined;
}

function integrate(problem: IntegrationProblem): Statement[] {
  const statements: Statement[] = [];
  for (const eq of problem.equations) {
    const b = makeBuilder(eq.rhsSpan);
    const split = splitConditionallyLinear(eq.drift, eq.name, b);
    if ('nonlinear' in split) throw new Error(`exponential_euler: ${eq.name} is not conditionally linear (canIntegrate must run first)`);
    const x = b.name(eq.name);
    if (split.A === undefined) {
      statements.push(declare(`_${eq.name}`, b.add(x, b.mul(b.name('dt'), split.B ?? b.num(0))), eq.span));
    } else if (split.B === undefined) {
      statements.push(declare(`_${eq.name}`, b.mul(x, b.call('exp', timesDt(split.A, b))), eq.span));
    } else {
      const ba = b.name(`_BA_${eq.name}`);
      statements.push(declare(`_BA_${eq.name}`, divideSimplified(split.B, split.A, b), eq.span));
      statements.push(declare(`_${eq.name}`, b.add(b.neg(ba), b.mul(b.add(ba, x), b.call('exp', timesDt(split.A, b)))), eq.span));
    }
  }
  return [...statements, ...assignBack(problem)];
}

/** Brian2's `exponential_euler`. */
export const exponentialEuler: StateUpdateMethod = { name: 'exponential_euler', canIntegrate, integrate };
