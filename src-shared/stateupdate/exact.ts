/**
 * Exact integration of linear systems with coefficients constant over a step (Brian2's `exact`,
 * alias `linear`): dX/dt = M·X + B gives X_new = e^(M·dt)·X + ∫₀^dt e^(M·s) ds · B.
 * - Uncoupled equations (M diagonal) are solved symbolically, so coefficients may be per-neuron
 *   parameters: `dx/dt = a*x + b` gives `_x = x*exp(a*dt)` (b = 0) or, with `_b_x = b/a`,
 *   `_x = _A_x*x + (_A_x*_b_x - _b_x)` where `_A_x = exp(a*dt)` (Brian's X_new = A·X + (A·b − b)).
 * - Coupled systems (membrane + exponential synapses, CUBA) need M numeric (constants and dt):
 *   the propagator e^(M·dt) and its integral are computed here in double precision (scaling and
 *   squaring of the augmented matrix [[M, I], [0, 0]]·dt) and baked in as literals.
 * Refused as Brian refuses: noise, non-linear terms, coefficients that change within a step
 * (t, rand), a constant right-hand side (`dv/dt = 10*Hz`) and complex eigenvalues (oscillators).
 */
import type { Expr, Statement } from '../expressions';
import { formatExpr } from './formatAbstractCode';
import { divideSimplified, timesDt } from './exponentialEuler';
import type { IntegrationProblem } from './integrationProblem';
import { assignBack, declare, refuseNoise, type CannotIntegrate, type StateUpdateMethod } from './method';
import { callsAny, dependsOn, evaluateNumeric, isLinear, makeBuilder, toLinearForm, type LinearForm } from './symbolic';

const RANDOM = new Set(['rand', 'randn']);

interface LinearSystem {
  readonly forms: readonly LinearForm[];
  readonly coupled: boolean;
}

function toLinearSystem(problem: IntegrationProblem): LinearSystem | CannotIntegrate {
  const forms: LinearForm[] = [];
  let coupled = false;
  for (const eq of problem.equations) {
    const form = toLinearForm(eq.drift, problem.stateVariables, makeBuilder(eq.rhsSpan));
    if (!isLinear(form)) {
      return { reason: `the equation of d${eq.name}/dt is not linear in the state variables (at "${formatExpr(form.at)}")`, equation: eq.name, span: form.at.span };
    }
    const parts = [...form.coefficients.values(), ...(form.rest === undefined ? [] : [form.rest])];
    if (parts.some((p) => dependsOn(p, new Set(['t'])) || callsAny(p, RANDOM))) {
      return { reason: `the coefficients of d${eq.name}/dt are not constant over a time step (they depend on t or on random numbers)`, equation: eq.name, span: eq.rhsSpan };
    }
    if ([...form.coefficients.keys()].some((k) => k !== eq.name)) coupled = true;
    if (form.coefficients.size === 0 && form.rest !== undefined) {
      return { reason: `d${eq.name}/dt does not depend on ${eq.name} (a constant right-hand side), which "exact" cannot solve; use "euler"`, equation: eq.name, span: eq.rhsSpan };
    }
    forms.push(form);
  }
  return { forms, coupled };
}

function numericValues(problem: IntegrationProblem): Map<string, number> {
  return new Map([...problem.constants, ['dt', problem.dt]]);
}

/** M as numbers (row i: equation i), or the first entry that is not numeric. */
function numericMatrix(problem: IntegrationProblem, system: LinearSystem): number[][] | CannotIntegrate {
  const values = numericValues(problem);
  const names = problem.equations.map((e) => e.name);
  const rows: number[][] = [];
  for (const [i, form] of system.forms.entries()) {
    const row: number[] = [];
    for (const name of names) {
      const coefficient = form.coefficients.get(name);
      const value = coefficient === undefined ? 0 : evaluateNumeric(coefficient, values);
      if (value === undefined || !Number.isFinite(value)) {
        const eq = problem.equations[i];
        return {
          reason: `the equations are coupled and the coefficient of ${name} in d${eq?.name ?? '?'}/dt ("${coefficient ? formatExpr(coefficient) : '0'}") is not a constant; coupled systems need constant coefficients`,
          ...(eq ? { equation: eq.name, span: eq.rhsSpan } : {}),
        };
      }
      row.push(value);
    }
    rows.push(row);
  }
  return rows;
}

/** Complex eigenvalues, checked per strongly coupled block (1×1 real; 2×2 by the discriminant). */
function checkEigenvalues(problem: IntegrationProblem, m: readonly (readonly number[])[]): CannotIntegrate | undefined {
  const n = m.length;
  // Transitive reachability: i and j are in one block when each depends on the other.
  const reach = m.map((row, i) => row.map((v, j) => v !== 0 || i === j));
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (reach[i]?.[k] && reach[k]?.[j]) (reach[i] as boolean[])[j] = true;
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (seen.has(i)) continue;
    const block = [...Array(n).keys()].filter((j) => reach[i]?.[j] && reach[j]?.[i]);
    block.forEach((j) => seen.add(j));
    const names = block.map((j) => problem.equations[j]?.name ?? '?').join(', ');
    if (block.length === 2) {
      const [p, q] = block as [number, number];
      const a = m[p]?.[p] ?? 0;
      const b = m[p]?.[q] ?? 0;
      const c = m[q]?.[p] ?? 0;
      const d = m[q]?.[q] ?? 0;
      if ((a - d) ** 2 + 4 * b * c < 0) {
        return { reason: `the linear system of ${names} has complex eigenvalues (an oscillating solution), which "exact" does not integrate (as Brian 2.5.1)`, equation: problem.equations[p]?.name ?? '', span: problem.equations[p]?.rhsSpan };
      }
    } else if (block.length > 2) {
      return { reason: `${names} form a coupled cycle of more than two variables, which "exact" does not integrate yet` };
    }
  }
  return undefined;
}

function canIntegrate(problem: IntegrationProblem): CannotIntegrate | undefined {
  const noise = refuseNoise(problem, 'exact');
  if (noise !== undefined) return noise;
  const system = toLinearSystem(problem);
  if ('reason' in system) return system;
  if (!system.coupled) return undefined;
  const m = numericMatrix(problem, system);
  if ('reason' in m) return m;
  return checkEigenvalues(problem, m);
}

/** exp(A) of a small dense matrix: scaling and squaring with a Taylor series. */
export function matrixExponential(a: readonly (readonly number[])[]): number[][] {
  const n = a.length;
  const norm = Math.max(0, ...a.map((row) => row.reduce((s, v) => s + Math.abs(v), 0)));
  const squarings = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const scale = 2 ** -squarings;
  const identity = (): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const multiply = (x: readonly (readonly number[])[], y: readonly (readonly number[])[]): number[][] =>
    x.map((row) => Array.from({ length: n }, (_, j) => row.reduce((s, v, k) => s + v * (y[k]?.[j] ?? 0), 0)));
  const scaled = a.map((row) => row.map((v) => v * scale));
  let result = identity();
  let term = identity();
  for (let k = 1; k <= 30; k++) {
    term = multiply(term, scaled).map((row) => row.map((v) => v / k));
    result = result.map((row, i) => row.map((v, j) => v + (term[i]?.[j] ?? 0)));
  }
  for (let s = 0; s < squarings; s++) result = multiply(result, result);
  return result;
}

function integrateScalar(problem: IntegrationProblem, system: LinearSystem): Statement[] {
  const statements: Statement[] = [];
  problem.equations.forEach((eq, i) => {
    const b = makeBuilder(eq.rhsSpan);
    const form = system.forms[i] as LinearForm;
    const a = form.coefficients.get(eq.name);
    const x = b.name(eq.name);
    if (a === undefined) {
      statements.push(declare(`_${eq.name}`, x, eq.span)); // dx/dt = 0
    } else if (form.rest === undefined) {
      statements.push(declare(`_${eq.name}`, b.mul(x, b.call('exp', timesDt(a, b))), eq.span));
    } else {
      const A = b.name(`_A_${eq.name}`);
      const c = b.name(`_b_${eq.name}`);
      statements.push(declare(`_A_${eq.name}`, b.call('exp', timesDt(a, b)), eq.span));
      statements.push(declare(`_b_${eq.name}`, divideSimplified(form.rest, a, b), eq.span));
      statements.push(declare(`_${eq.name}`, b.add(b.mul(A, x), b.sub(b.mul(A, c), c)), eq.span));
    }
  });
  return statements;
}

function integrateCoupled(problem: IntegrationProblem, system: LinearSystem): Statement[] {
  const m = numericMatrix(problem, system);
  if ('reason' in m) throw new Error(`exact: ${m.reason} (canIntegrate must run first)`);
  const n = m.length;
  const dt = problem.dt;
  // Augmented [[M, I], [0, 0]]·dt: its exponential holds e^(M·dt) and ∫₀^dt e^(M·s) ds.
  const augmented = Array.from({ length: 2 * n }, (_, i) => Array.from({ length: 2 * n }, (_, j) => (i < n ? (j < n ? (m[i]?.[j] ?? 0) * dt : i === j - n ? dt : 0) : 0)));
  const e = matrixExponential(augmented);
  const values = numericValues(problem);
  const statements: Statement[] = [];
  problem.equations.forEach((eq, i) => {
    const b = makeBuilder(eq.rhsSpan);
    let sum: Expr | undefined;
    const add = (term: Expr): void => {
      sum = sum === undefined ? term : b.add(sum, term);
    };
    problem.equations.forEach((other, j) => {
      const coefficient = e[i]?.[j] ?? 0;
      if (coefficient !== 0) add(b.mul(b.num(coefficient), b.name(other.name)));
    });
    let constantPart = 0;
    system.forms.forEach((form, k) => {
      const weight = e[i]?.[n + k] ?? 0;
      if (form.rest === undefined || weight === 0) return;
      const value = evaluateNumeric(form.rest, values);
      if (value !== undefined) constantPart += weight * value;
      else add(b.mul(b.num(weight), form.rest));
    });
    if (constantPart !== 0) add(b.num(constantPart));
    statements.push(declare(`_${eq.name}`, sum ?? b.num(0), eq.span));
  });
  return statements;
}

function integrate(problem: IntegrationProblem): Statement[] {
  const system = toLinearSystem(problem);
  if ('reason' in system) throw new Error(`exact: ${system.reason} (canIntegrate must run first)`);
  const updates = system.coupled ? integrateCoupled(problem, system) : integrateScalar(problem, system);
  return [...updates, ...assignBack(problem)];
}

/** Brian2's `exact` (alias `linear`). */
export const exact: StateUpdateMethod = { name: 'exact', canIntegrate, integrate };
