/**
 * PoissonInput and PopulationRateMonitor (BRIAN2_SEMANTICS.md §13, §14). A PoissonInput becomes
 * one statement on its target group, `x += _binomial(N, rate*dt) * weight`, integrated into the
 * generated code like any other block (and skipped for `(unless refractory)` variables while the
 * neuron is refractory); the binomial draw uses the network's counter-based generator.
 */
import { makeDiagnostic, type Diagnostic, type SourceSpan } from '../diagnostics';
import { makeGroupLookup, type ExternalConstant } from '../equations';
import { inferDimensions, parseExpression, type Expr, type Statement } from '../expressions';
import { formatDimension, isDimensionless, sameDimension } from '../units';
import { emitsSpikes } from './checkEvents';
import { checkRange, type CheckedGroup } from './checkedGroup';
import type { PoissonInputIR, RateMonitorIR } from './modelIR';
import { unitConstantsOf } from './unitConstants';

export interface CheckedPoissonInput {
  readonly ir: PoissonInputIR;
  readonly target: CheckedGroup;
  /** `variable += _binomial(N, p) * weight` over the target's neurons. */
  readonly statement: Statement;
  /** Constants the statement uses (the target's, plus units of the weight). */
  readonly namespace: Readonly<Record<string, ExternalConstant>>;
}

export interface CheckedRateMonitor {
  readonly ir: RateMonitorIR;
  readonly group: CheckedGroup;
}

const number = (value: number, span: SourceSpan): Expr => ({ kind: 'number', value, isInteger: Number.isInteger(value), text: String(value), span });

/** Checks a PoissonInput against its target group. */
export function checkPoissonInput(input: PoissonInputIR, groups: readonly CheckedGroup[], dt: number, diagnostics: Diagnostic[]): CheckedPoissonInput | undefined {
  const span = input.span ?? { start: 0, end: 0 };
  const target = groups.find((g) => g.ir.name === input.target);
  if (target === undefined) {
    diagnostics.push(makeDiagnostic('SF4010', { name: input.target }, span));
    return undefined;
  }
  const variable = target.variables.find((v) => v.name === input.variable);
  if (variable === undefined || variable.def.type !== 'float') {
    diagnostics.push(makeDiagnostic('SF4006', { name: input.variable, group: target.ir.name }, input.variableSpan ?? span, [`variables of ${target.ir.name}: ${target.variables.map((v) => v.name).join(', ')}`]));
    return undefined;
  }
  if (!Number.isInteger(input.N) || input.N < 0) {
    diagnostics.push(makeDiagnostic('SF4011', { callee: 'PoissonInput', detail: `N must be a non-negative number of inputs, got ${input.N}` }, span));
    return undefined;
  }
  if (!(input.rate >= 0) || !Number.isFinite(input.rate)) {
    diagnostics.push(makeDiagnostic('SF4011', { callee: 'PoissonInput', detail: `rate must be a non-negative frequency, got ${input.rate} Hz` }, span));
    return undefined;
  }
  let weight: Expr;
  let constants: Readonly<Record<string, ExternalConstant>> = target.ir.namespace;
  if ('code' in input.weight) {
    const code = input.weight;
    const parsed = parseExpression(code.code, { offset: code.offset });
    if (parsed.expr === undefined) {
      diagnostics.push(...parsed.diagnostics);
      return undefined;
    }
    const namespace = { ...target.ir.namespace, ...unitConstantsOf([code.code], (n) => target.variables.some((v) => v.name === n) || target.ir.namespace[n] !== undefined) };
    const inferred = inferDimensions(parsed.expr, makeGroupLookup(target.equations, namespace), `the weight of ${input.name}`);
    diagnostics.push(...inferred.diagnostics);
    if (inferred.inferred === undefined) return undefined;
    if (!sameDimension(inferred.inferred.dim, variable.def.dim)) {
      diagnostics.push(makeDiagnostic('SF1002', { context: `the weight of ${input.name}`, left: `${input.variable} has ${formatDimension(variable.def.dim)}`, right: `the weight has ${formatDimension(inferred.inferred.dim)}` }, parsed.expr.span));
      return undefined;
    }
    weight = parsed.expr;
    constants = namespace;
  } else {
    const w = input.weight;
    if (!sameDimension(w.dim, variable.def.dim) && !(w.value === 0 && isDimensionless(w.dim))) {
      diagnostics.push(makeDiagnostic('SF1002', { context: `the weight of ${input.name}`, left: `${input.variable} has ${formatDimension(variable.def.dim)}`, right: `the weight has ${formatDimension(w.dim)}` }, w.span ?? span));
      return undefined;
    }
    weight = number(w.value, w.span ?? span);
  }
  const draw: Expr = { kind: 'call', callee: { kind: 'name', name: '_binomial', span }, args: [number(input.N, span), number(input.rate * dt, span)], keywords: [], span };
  return { ir: input, target, namespace: constants, statement: { target: input.variable, op: '+=', expr: { kind: 'binary', op: '*', left: draw, right: weight, span }, span } };
}

/** Checks a PopulationRateMonitor's source. */
export function checkRateMonitor(monitor: RateMonitorIR, groups: readonly CheckedGroup[], diagnostics: Diagnostic[]): CheckedRateMonitor | undefined {
  const group = groups.find((g) => g.ir.name === monitor.source);
  if (group === undefined) {
    diagnostics.push(makeDiagnostic('SF4010', { name: monitor.source }, monitor.span));
    return undefined;
  }
  if (!emitsSpikes(group.ir)) {
    diagnostics.push(makeDiagnostic('SF4019', { monitor: monitor.name, group: group.ir.name }, monitor.span));
    return undefined;
  }
  if (!checkRange(monitor.range, group.ir, monitor.span, diagnostics)) return undefined;
  return { ir: monitor, group };
}
