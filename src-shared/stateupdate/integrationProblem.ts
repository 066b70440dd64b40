/**
 * What every integrator starts from: the differential equations of one group with subexpressions
 * inlined, each right-hand side split into drift f and noise coefficients g of every `xi`/`xi_*`
 * symbol (BRIAN2_SEMANTICS.md §10), plus the facts the methods' checks ask about (which names are
 * state variables, parameters, constants with values, dt). Pure data: the methods are pure
 * functions of it.
 */
import type { SourceSpan } from '../diagnostics';
import type { Expr } from '../expressions';
import type { CheckedGroup } from '../model';
import { inlineSubexpressions } from './inlineSubexpressions';
import { dependsOn, isLinear, makeBuilder, toLinearForm, type Builder } from './symbolic';

/** One `dx/dt = f + Σ g_k·xi_k`. */
export interface DifferentialEquation {
  readonly name: string;
  /** Right-hand side with subexpressions inlined. */
  readonly rhs: Expr;
  /** Drift f (the right-hand side without noise terms). */
  readonly drift: Expr;
  /** Noise coefficient g for each noise symbol the equation uses. */
  readonly noise: ReadonlyMap<string, Expr>;
  /** The whole definition (statements point here). */
  readonly span: SourceSpan;
  /** The right-hand side's span (diagnostics about its form point here). */
  readonly rhsSpan: SourceSpan;
}

/** The equations of one group as integrators see them. */
export interface IntegrationProblem {
  readonly group: string;
  readonly equations: readonly DifferentialEquation[];
  /** Names of the differential variables. */
  readonly stateVariables: ReadonlySet<string>;
  /** Per-neuron parameters (constant over a step). */
  readonly parameters: ReadonlySet<string>;
  /** External constants with their SI values. */
  readonly constants: ReadonlyMap<string, number>;
  /** Noise symbols used anywhere, in order of first use. */
  readonly noiseSymbols: readonly string[];
  /** Time step in seconds. */
  readonly dt: number;
  /** Noise that is not linear in its symbol (`xi**2`, `exp(xi)`): no method integrates it. */
  readonly nonLinearNoise?: { readonly equation: string; readonly at: Expr };
}

/** Whether a name is a white-noise symbol (`xi`, `xi_<suffix>`). */
export function isNoiseSymbol(name: string): boolean {
  return name === 'xi' || name.startsWith('xi_');
}

/** A builder for the statements of one equation. */
export function builderFor(eq: DifferentialEquation): Builder {
  return makeBuilder(eq.rhsSpan);
}

/** Prepares a checked group for integration. */
export function toIntegrationProblem(group: CheckedGroup, dt: number): IntegrationProblem {
  const defs = group.equations.definitions;
  const noiseSymbols: string[] = [];
  let nonLinearNoise: IntegrationProblem['nonLinearNoise'];
  const equations: DifferentialEquation[] = [];
  for (const def of defs) {
    if (def.kind !== 'differential' || def.expr === undefined) continue;
    const rhs = inlineSubexpressions(def.expr, group);
    const b = makeBuilder(def.expr.span);
    const used = [...new Set(collectNoise(rhs))];
    for (const sym of used) if (!noiseSymbols.includes(sym)) noiseSymbols.push(sym);
    let drift = rhs;
    const noise = new Map<string, Expr>();
    if (used.length > 0) {
      const form = toLinearForm(rhs, new Set(used), b);
      if (!isLinear(form)) {
        nonLinearNoise ??= { equation: def.name, at: form.at };
      } else {
        drift = form.rest ?? b.num(0);
        for (const sym of used) noise.set(sym, form.coefficients.get(sym) ?? b.num(0));
      }
    }
    equations.push({ name: def.name, rhs, drift, noise, span: def.span, rhsSpan: def.expr.span });
  }
  const parameters = new Set(defs.filter((d) => d.kind === 'parameter').map((d) => d.name));
  const constants = new Map(Object.entries(group.ir.namespace).map(([k, c]) => [k, c.value] as const));
  return {
    group: group.ir.name,
    equations,
    stateVariables: new Set(equations.map((e) => e.name)),
    parameters,
    constants,
    noiseSymbols,
    dt,
    ...(nonLinearNoise === undefined ? {} : { nonLinearNoise }),
  };
}

function collectNoise(expr: Expr): string[] {
  const names: string[] = [];
  const visit = (e: Expr): void => {
    if (e.kind === 'name' && isNoiseSymbol(e.name)) names.push(e.name);
    else if (e.kind === 'unary') visit(e.operand);
    else if (e.kind === 'binary' || e.kind === 'boolop') {
      visit(e.left);
      visit(e.right);
    } else if (e.kind === 'compare') e.operands.forEach(visit);
    else if (e.kind === 'call') e.args.forEach(visit);
  };
  visit(expr);
  return names;
}

/**
 * Brian's classification of the noise: none, additive (every g free of state variables and t)
 * or multiplicative.
 */
export function noiseKind(problem: IntegrationProblem): 'none' | 'additive' | 'multiplicative' {
  if (problem.noiseSymbols.length === 0) return 'none';
  const varying = new Set([...problem.stateVariables, 't']);
  for (const eq of problem.equations) for (const g of eq.noise.values()) if (dependsOn(g, varying)) return 'multiplicative';
  return 'additive';
}
