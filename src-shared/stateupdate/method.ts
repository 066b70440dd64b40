/**
 * The contract every integration method fulfils, and the statement helpers the explicit methods
 * share: temporaries `_x`, the final `x = _x` assignments (so every right-hand side sees the
 * values at the start of the step) and the noise increments `dW = sqrt(dt)*randn()`.
 */
import type { SourceSpan } from '../diagnostics';
import { substituteNames, type Expr, type Statement } from '../expressions';
import type { DifferentialEquation, IntegrationProblem } from './integrationProblem';
import { makeBuilder } from './symbolic';

/** Brian2's method names (`linear` is an alias of `exact`). */
export type MethodName = 'exact' | 'exponential_euler' | 'euler' | 'rk2' | 'rk4' | 'heun' | 'milstein';

/** Why a method cannot integrate a problem. */
export interface CannotIntegrate {
  readonly reason: string;
  /** The equation it is about, if one. */
  readonly equation?: string;
  readonly span?: SourceSpan;
}

/** An integration method: a check and a pure transformation to abstract code. */
export interface StateUpdateMethod {
  readonly name: MethodName;
  /** Undefined when the method can integrate the problem, else why not. */
  canIntegrate(problem: IntegrationProblem): CannotIntegrate | undefined;
  /** The update statements (only valid when `canIntegrate` returned undefined). */
  integrate(problem: IntegrationProblem): Statement[];
}

/** `target = expr` declaring a temporary. */
export function declare(target: string, expr: Expr, span: SourceSpan): Statement {
  return { target, op: '=', expr, span, declare: true };
}

/** The closing `x = _x` of every equation. */
export function assignBack(problem: IntegrationProblem): Statement[] {
  return problem.equations.map((eq) => ({ target: eq.name, op: '=', expr: makeBuilder(eq.rhsSpan).name(`_${eq.name}`), span: eq.span }));
}

/** Replaces state variables (and `t`) by expressions. */
export function substituteState(expr: Expr, values: ReadonlyMap<string, Expr>): Expr {
  return substituteNames(expr, (name) => values.get(name));
}

/** The temporary holding the increment dW of a noise symbol. */
export function noiseIncrementName(symbol: string): string {
  return `_${symbol}`;
}

/** `_xi = sqrt(dt)*randn()` for every noise symbol (Brian: `xi = dt**0.5 * randn()`). */
export function noiseIncrements(problem: IntegrationProblem): Statement[] {
  const first = problem.equations.find((eq) => eq.noise.size > 0);
  if (first === undefined) return [];
  const b = makeBuilder(first.rhsSpan);
  return problem.noiseSymbols.map((sym) => declare(noiseIncrementName(sym), b.mul(b.call('sqrt', b.name('dt')), b.call('randn')), first.span));
}

/** Refusal shared by the deterministic-only methods. */
export function refuseNoise(problem: IntegrationProblem, method: MethodName): CannotIntegrate | undefined {
  if (problem.noiseSymbols.length === 0) return undefined;
  const eq = problem.equations.find((e) => e.noise.size > 0);
  return { reason: `"${method}" cannot integrate stochastic equations (they use ${problem.noiseSymbols.join(', ')})`, ...(eq ? { equation: eq.name, span: eq.rhsSpan } : {}) };
}

/** Refusal when noise is not linear in its symbol. */
export function refuseNonLinearNoise(problem: IntegrationProblem): CannotIntegrate | undefined {
  const bad = problem.nonLinearNoise;
  if (bad === undefined) return undefined;
  return { reason: 'the noise term is not linear in its noise symbol', equation: bad.equation, span: bad.at.span };
}

/** The equation called `name` (for spans of diagnostics). */
export function equationNamed(problem: IntegrationProblem, name: string): DifferentialEquation | undefined {
  return problem.equations.find((e) => e.name === name);
}
