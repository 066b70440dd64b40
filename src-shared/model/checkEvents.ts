/**
 * Threshold, reset and refractoriness of a NeuronGroup (BRIAN2_SEMANTICS.md §7). The threshold
 * must be boolean; the reset is abstract code over the group's variables; `refractory=` is a time,
 * or code that evaluates either to a time (per neuron, every step) or to a boolean condition.
 * A group with a refractory period gets Brian2's two extra variables, `lastspike : second`
 * (initially −1e4 s) and `not_refractory : boolean` (initially true).
 */
import { makeDiagnostic, type Diagnostic, type SourceSpan } from '../diagnostics';
import type { EquationDef, Equations, ExternalConstant } from '../equations';
import { makeGroupLookup, secondDimension } from '../equations';
import { inferDimensions, parseExpression, type Expr, type Inferred, type Statement, type SymbolLookup } from '../expressions';
import { DIMENSIONLESS, formatDimension, isDimensionless, sameDimension } from '../units';
import { checkAbstractCode, parseAbstractCode, type WriteCheck } from './abstractCode';
import { SCHEDULE_SLOTS, type CodeText, type NeuronGroupIR } from './modelIR';

/** How a group's refractoriness is computed at the start of each state update. */
export type CheckedRefractory = { readonly kind: 'time'; readonly period: Expr } | { readonly kind: 'condition'; readonly condition: Expr };

/** The spike-related parts of a checked group. */
/** A SpikeGeneratorGroup's spikes as time steps, sorted by (step, index). */
export interface GeneratorSpikes {
  readonly steps: readonly number[];
  readonly indices: readonly number[];
  /** Steps per period (0: no repetition). */
  readonly periodSteps: number;
}

/** A checked `run_regularly` operation. */
export interface RegularOperation {
  readonly statements: readonly Statement[];
  readonly when: string;
  readonly dtSteps: number;
  readonly order: number;
}

/** A checked custom event: its boolean condition (not gated by refractoriness). */
export interface CustomEvent {
  readonly name: string;
  readonly condition: Expr;
}

/** A checked `run_on_event` operation. */
export interface EventOperation {
  readonly event: string;
  readonly statements: readonly Statement[];
  readonly when: string;
  readonly order: number;
}

/** A checked `run_at` operation: its statements run for every neuron at these time steps (ascending). */
export interface TimedOperation {
  readonly statements: readonly Statement[];
  readonly steps: readonly number[];
  readonly when: string;
  readonly order: number;
}

export interface GroupEvents {
  /** `run_regularly` operations. */
  readonly regular?: readonly RegularOperation[];
  /** Custom events (`events={…}`), in the order written. */
  readonly custom?: readonly CustomEvent[];
  /** `run_on_event` operations (the spike event's reset is `reset`). */
  readonly onEvent?: readonly EventOperation[];
  /** `run_at` operations. */
  readonly runAt?: readonly TimedOperation[];
  readonly threshold?: Expr;
  readonly generator?: GeneratorSpikes;
  readonly reset: readonly Statement[];
  readonly refractory?: CheckedRefractory;
}

/** Whether a group produces spikes (a threshold, a PoissonGroup or a SpikeGeneratorGroup). */
export function emitsSpikes(group: NeuronGroupIR): boolean {
  return group.threshold !== undefined || group.poisson !== undefined || group.spikeGenerator !== undefined;
}

/** The events a group defines: `spike` when it emits spikes, then its custom events. */
export function eventNamesOf(group: NeuronGroupIR): string[] {
  return [...(emitsSpikes(group) ? ['spike'] : []), ...(group.events ?? []).map((e) => e.name)];
}

/** SF4021 for an event a group does not define (`context` names the user, e.g. `EventMonitor M`). */
export function unknownEvent(group: NeuronGroupIR, event: string, context: string, span: SourceSpan | undefined): Diagnostic {
  const known = eventNamesOf(group);
  const hint = event === 'spike' ? [`give ${group.name} a threshold, e.g. threshold="v > -50*mV"`] : [`define it with events={'${event}': 'condition'}`];
  return makeDiagnostic('SF4021', { context, event, group: group.name, known: known.length === 0 ? 'it defines no events' : `its events: ${known.join(', ')}` }, span, hint);
}

/** Whether `when` names a schedule slot (a slot, or `before_`/`after_` one). */
export function isScheduleSlot(when: string): boolean {
  return SCHEDULE_SLOTS.some((slot) => when === slot || when === `before_${slot}` || when === `after_${slot}`);
}

/** The message detail for a bad slot name. */
export function slotProblem(when: string): string {
  return `when must be a schedule slot (${SCHEDULE_SLOTS.join(', ')}, or before_/after_ one of them), got "${when}"`;
}

/** Safe time → step conversion for run_at times: undefined when `t` is not on the dt grid (within 1e-4·dt). */
export function timeToStep(t: number, dt: number): number | undefined {
  const step = Math.round(t / dt);
  return Math.abs(step * dt - t) <= 1e-4 * dt ? step : undefined;
}

/** Initial value of `lastspike` (Brian2: −1e4 s, finite so that `timestep()` works). */
export const LASTSPIKE_INITIAL = -1e4;

const RESERVED_WRITES: Readonly<Record<string, string>> = {
  t: 'the time is read-only',
  dt: 'the time step is read-only',
  t_in_timesteps: 'the time step count is read-only',
  i: 'the neuron index is read-only',
  N: 'the group size is read-only',
};

/** The equations plus `lastspike` and `not_refractory` when the group is refractory. */
export function withRefractoryVariables(equations: Equations, group: NeuronGroupIR): Equations {
  if (group.refractory === undefined) return equations;
  const span: SourceSpan = group.refractory.span ?? group.span ?? { start: 0, end: 0 };
  const extra = (name: string, unitText: string, type: EquationDef['type']): EquationDef => ({
    kind: 'parameter',
    name,
    nameSpan: span,
    unitText,
    unitSpan: span,
    dim: type === 'boolean' ? DIMENSIONLESS : secondDimension(),
    type,
    flags: [],
    span,
  });
  const defined = new Set(equations.definitions.map((d) => d.name));
  const added = [extra('lastspike', 'second', 'float'), extra('not_refractory', 'boolean', 'boolean')].filter((d) => !defined.has(d.name));
  return { definitions: [...equations.definitions, ...added] };
}

function describe(inferred: Inferred): string {
  if (inferred.type === 'boolean') return 'a boolean';
  return isDimensionless(inferred.dim) ? 'a dimensionless number' : `a value with ${formatDimension(inferred.dim)}`;
}

function parseCode(code: string, offset: number, span: SourceSpan | undefined, lookup: SymbolLookup, context: string, diagnostics: Diagnostic[]): { expr: Expr; inferred: Inferred } | undefined {
  const parsed = parseExpression(code, { offset });
  if (parsed.expr === undefined) {
    diagnostics.push(...parsed.diagnostics.map((d) => (d.span === undefined && span !== undefined ? { ...d, span } : d)));
    return undefined;
  }
  const result = inferDimensions(parsed.expr, lookup, context);
  diagnostics.push(...result.diagnostics);
  return result.inferred === undefined ? undefined : { expr: parsed.expr, inferred: result.inferred };
}

/** Checks threshold, reset and refractory of a group whose equations parsed. */
export function checkGroupEvents(group: NeuronGroupIR, equations: Equations, namespace: Readonly<Record<string, ExternalConstant>>, diagnostics: Diagnostic[], dt = 1e-4): GroupEvents {
  const lookup = makeGroupLookup(equations, namespace);
  let threshold: Expr | undefined;
  if (group.poisson !== undefined) {
    const rates = group.poisson.rates;
    let ratesExpr: Expr | undefined;
    const span = rates?.span ?? group.span ?? { start: 0, end: 0 };
    if (rates === undefined) ratesExpr = { kind: 'name', name: 'rates', span };
    else {
      const parsed = parseCode(rates.code, rates.offset, rates.span, lookup, `the rates of ${group.name}`, diagnostics);
      if (parsed !== undefined) {
        if (sameDimension(parsed.inferred.dim, hertzDimension()) && parsed.inferred.type !== 'boolean') ratesExpr = parsed.expr;
        else diagnostics.push(makeDiagnostic('SF1002', { context: `the rates of ${group.name}`, left: 'rates must have the dimension of frequency (Hz)', right: `"${rates.code.trim()}" is ${describe(parsed.inferred)}` }, parsed.expr.span));
      }
    }
    if (ratesExpr !== undefined) {
      const random: Expr = { kind: 'call', callee: { kind: 'name', name: 'rand', span }, args: [], keywords: [], span };
      const probability: Expr = { kind: 'binary', op: '*', left: ratesExpr, right: { kind: 'name', name: 'dt', span }, span };
      threshold = { kind: 'compare', ops: ['<'], operands: [random, probability], span };
    }
  }
  if (group.threshold !== undefined) {
    const t = group.threshold;
    const parsed = parseCode(t.code, t.offset, t.span, lookup, `the threshold of ${group.name}`, diagnostics);
    if (parsed !== undefined) {
      if (parsed.inferred.type === 'boolean') threshold = parsed.expr;
      else diagnostics.push(makeDiagnostic('SF4016', { group: group.name, code: t.code.trim(), what: describe(parsed.inferred) }, parsed.expr.span, ['write a condition such as "v > -50*mV"']));
    }
  }
  const defs = new Map(equations.definitions.map((d) => [d.name, d]));
  const canWrite: WriteCheck = (name) => {
    const reserved = RESERVED_WRITES[name];
    if (reserved !== undefined) return reserved;
    const def = defs.get(name);
    if (def === undefined) return namespace[name] !== undefined ? 'it is an external constant' : undefined;
    if (def.kind === 'subexpression') return 'it is a subexpression, computed from other variables';
    if (def.flags.some((f) => f.name === 'constant')) return 'it is declared (constant)';
    return undefined;
  };
  const checkCode = (code: CodeText, context: string): readonly Statement[] => {
    const parsed = parseAbstractCode(code.code, code.offset);
    diagnostics.push(...parsed.diagnostics);
    const checked = checkAbstractCode(parsed.statements, lookup, canWrite, context);
    diagnostics.push(...checked.diagnostics);
    return checked.code.statements;
  };
  const reset: readonly Statement[] = group.reset === undefined ? [] : checkCode(group.reset, `the reset of ${group.name}`);
  const regular: RegularOperation[] = [];
  for (const [k, op] of (group.runRegularly ?? []).entries()) {
    if (!isScheduleSlot(op.when)) {
      diagnostics.push(makeDiagnostic('SF4011', { callee: 'run_regularly', detail: slotProblem(op.when) }, op.whenSpan ?? op.span));
      continue;
    }
    if (!Number.isInteger(op.dtSteps) || op.dtSteps < 1) {
      diagnostics.push(makeDiagnostic('SF4011', { callee: 'run_regularly', detail: 'dt must be a whole multiple of the network dt' }, op.span));
      continue;
    }
    // Without dt= it runs on the group's clock (Brian2's run_regularly).
    const dtSteps = op.ownDt !== true && group.clock !== undefined ? group.clock.steps : op.dtSteps;
    regular.push({ statements: checkCode(op.code, `run_regularly operation ${k + 1} of ${group.name}`), when: op.when, dtSteps, order: op.order ?? 0 });
  }
  const custom = checkCustomEvents(group, lookup, diagnostics);
  const onEvent: EventOperation[] = [];
  for (const op of group.runOnEvent ?? []) {
    const context = `run_on_event('${op.event}') of ${group.name}`;
    if (!isScheduleSlot(op.when)) diagnostics.push(makeDiagnostic('SF4011', { callee: 'run_on_event', detail: slotProblem(op.when) }, op.whenSpan ?? op.span));
    else if (!eventNamesOf(group).includes(op.event)) diagnostics.push(unknownEvent(group, op.event, context, op.eventSpan ?? op.span));
    else if ((op.event === 'spike' && group.reset !== undefined) || onEvent.some((other) => other.event === op.event)) {
      // Brian2 keeps one code object per event (reset= is the spike event's).
      diagnostics.push(makeDiagnostic('SF4011', { callee: 'run_on_event', detail: `code for the event "${op.event}" of ${group.name} was already given${op.event === 'spike' ? ' (reset= is the spike event\'s code)' : ''}; put all its statements in one string` }, op.eventSpan ?? op.span));
    } else onEvent.push({ event: op.event, statements: checkCode(op.code, context), when: op.when, order: op.order ?? 0 });
  }
  const runAt: TimedOperation[] = [];
  for (const [k, op] of (group.runAt ?? []).entries()) {
    if (!isScheduleSlot(op.when)) {
      diagnostics.push(makeDiagnostic('SF4011', { callee: 'run_at', detail: slotProblem(op.when) }, op.whenSpan ?? op.span));
      continue;
    }
    const steps = checkTimes(op.times, dt, op.timesSpan ?? op.span, diagnostics);
    if (steps !== undefined) runAt.push({ statements: checkCode(op.code, `run_at operation ${k + 1} of ${group.name}`), steps, when: op.when, order: op.order ?? 0 });
  }
  let refractory: CheckedRefractory | undefined;
  const r = group.refractory;
  if (r !== undefined) {
    if (r.kind === 'time') {
      const span = r.span ?? group.span ?? { start: 0, end: 0 };
      if (!(r.seconds >= 0) || !Number.isFinite(r.seconds)) {
        diagnostics.push(makeDiagnostic('SF4017', { group: group.name, code: String(r.seconds), what: 'not a non-negative time' }, span));
      } else refractory = { kind: 'time', period: { kind: 'number', value: r.seconds, isInteger: false, text: String(r.seconds), span } };
    } else {
      const parsed = parseCode(r.code, r.offset, r.span, lookup, `the refractory period of ${group.name}`, diagnostics);
      if (parsed !== undefined) {
        if (parsed.inferred.type === 'boolean') refractory = { kind: 'condition', condition: parsed.expr };
        else if (sameDimension(parsed.inferred.dim, secondDimension())) refractory = { kind: 'time', period: parsed.expr };
        else {
          diagnostics.push(makeDiagnostic('SF4017', { group: group.name, code: r.code.trim(), what: describe(parsed.inferred) }, parsed.expr.span, [
            'give a time ("5*ms"), an expression of time ("ref" with ref : second) or a condition ("v > -50*mV")',
          ]));
        }
      }
    }
  }
  if (group.poisson === undefined && threshold !== undefined && group.reset === undefined && group.refractory === undefined && !mentionsRandom(threshold)) {
    diagnostics.push(makeDiagnostic('SF4020', { group: group.name }, group.threshold?.span ?? group.span, ['add reset="…" (or reset="" to silence this)']));
  }
  return {
    ...(threshold === undefined ? {} : { threshold }),
    reset,
    ...(refractory === undefined ? {} : { refractory }),
    ...(regular.length === 0 ? {} : { regular }),
    ...(custom.length === 0 ? {} : { custom }),
    ...(onEvent.length === 0 ? {} : { onEvent }),
    ...(runAt.length === 0 ? {} : { runAt }),
  };
}

/** Custom events: names that can become array names, boolean conditions over the group's variables. */
function checkCustomEvents(group: NeuronGroupIR, lookup: SymbolLookup, diagnostics: Diagnostic[]): CustomEvent[] {
  const custom: CustomEvent[] = [];
  for (const event of group.events ?? []) {
    const span = event.nameSpan ?? event.condition.span ?? group.span;
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(event.name) || event.name.length > 32) {
      diagnostics.push(makeDiagnostic('SF4011', { callee: 'NeuronGroup', detail: `the event name "${event.name}" must be a name of letters, digits and "_", starting with a letter (at most 32 characters)` }, span));
      continue;
    }
    if (event.name === 'spike') {
      diagnostics.push(makeDiagnostic('SF4011', { callee: 'NeuronGroup', detail: 'the event "spike" is the threshold: give its condition as threshold=, not in events=' }, span));
      continue;
    }
    const c = event.condition;
    const parsed = parseCode(c.code, c.offset, c.span, lookup, `the condition of event "${event.name}" of ${group.name}`, diagnostics);
    if (parsed === undefined) continue;
    if (parsed.inferred.type !== 'boolean') {
      diagnostics.push(makeDiagnostic('SF4022', { event: event.name, group: group.name, code: c.code.trim(), what: describe(parsed.inferred) }, parsed.expr.span, ['write a condition such as "v > -60*mV"']));
      continue;
    }
    custom.push({ name: event.name, condition: parsed.expr });
  }
  return custom;
}

/** run_at times as ascending steps: each a time on the dt grid, not negative, not repeated. */
function checkTimes(times: readonly number[], dt: number, span: SourceSpan | undefined, diagnostics: Diagnostic[]): number[] | undefined {
  const steps: number[] = [];
  for (const t of times) {
    const step = Number.isFinite(t) && t >= 0 ? timeToStep(t, dt) : undefined;
    if (step === undefined) {
      const why = !(t >= 0) || !Number.isFinite(t) ? 'must not be negative' : `is not a multiple of dt (${dt * 1e3} ms)`;
      diagnostics.push(makeDiagnostic('SF4011', { callee: 'run_at', detail: `the time ${t * 1e3} ms ${why}; give times such as [0, 1, 3]*dt` }, span));
      return undefined;
    }
    if (steps.includes(step)) {
      diagnostics.push(makeDiagnostic('SF4011', { callee: 'run_at', detail: `the time ${t * 1e3} ms is given twice` }, span));
      return undefined;
    }
    steps.push(step);
  }
  if (steps.length === 0) {
    diagnostics.push(makeDiagnostic('SF4011', { callee: 'run_at', detail: 'times must list at least one time' }, span));
    return undefined;
  }
  return steps.sort((a, b) => a - b);
}

function hertzDimension(): ReturnType<typeof secondDimension> {
  return secondDimension().map((e) => -e) as unknown as ReturnType<typeof secondDimension>;
}

/**
 * Checks a SpikeGeneratorGroup's spikes and turns them into time steps (BRIAN2_SEMANTICS.md §13):
 * indices within the group, times ≥ 0, a period that is a multiple of dt and later than every
 * spike, and at most one spike per neuron and time step.
 */
export function checkGeneratorSpikes(group: NeuronGroupIR, dt: number, diagnostics: Diagnostic[]): GeneratorSpikes | undefined {
  const g = group.spikeGenerator;
  if (g === undefined) return undefined;
  const problems = diagnostics.length;
  const span = group.span;
  if (g.indices.length !== g.times.length) {
    diagnostics.push(makeDiagnostic('SF4011', { callee: 'SpikeGeneratorGroup', detail: `indices and times must have the same length (${g.indices.length} and ${g.times.length})` }, g.timesSpan ?? span));
    return undefined;
  }
  const badIndex = g.indices.find((k) => !Number.isInteger(k) || k < 0 || k >= group.N);
  if (badIndex !== undefined) diagnostics.push(makeDiagnostic('SF4011', { callee: 'SpikeGeneratorGroup', detail: `index ${badIndex} is out of range: ${group.name} has ${group.N} neurons (valid: 0 to ${group.N - 1})` }, g.indicesSpan ?? span));
  const badTime = g.times.find((t) => !(t >= 0) || !Number.isFinite(t));
  if (badTime !== undefined) diagnostics.push(makeDiagnostic('SF4011', { callee: 'SpikeGeneratorGroup', detail: `spike times must be non-negative, got ${badTime} s` }, g.timesSpan ?? span));
  const toStep = (t: number): number => Math.trunc((t + 1e-3 * dt) / dt);
  let periodSteps = 0;
  if (g.period !== 0) {
    periodSteps = Math.round(g.period / dt);
    if (!(g.period >= dt) || Math.abs(periodSteps * dt - g.period) > 1e-4 * dt) {
      diagnostics.push(makeDiagnostic('SF4011', { callee: 'SpikeGeneratorGroup', detail: `the period (${g.period} s) must be at least dt and a multiple of dt (${dt} s)` }, g.periodSpan ?? span));
    } else if (g.times.some((t) => toStep(t) >= periodSteps)) {
      diagnostics.push(makeDiagnostic('SF4011', { callee: 'SpikeGeneratorGroup', detail: `every spike time must be earlier than the period (${g.period} s)` }, g.periodSpan ?? span));
    }
  }
  if (diagnostics.length > problems) return undefined;
  const order = g.indices.map((_, k) => k).sort((a, b) => toStep(g.times[a] as number) - toStep(g.times[b] as number) || (g.indices[a] as number) - (g.indices[b] as number));
  const steps = order.map((k) => toStep(g.times[k] as number));
  const indices = order.map((k) => g.indices[k] as number);
  for (let k = 1; k < steps.length; k++) {
    if (steps[k] === steps[k - 1] && indices[k] === indices[k - 1]) {
      diagnostics.push(makeDiagnostic('SF4011', {
        callee: 'SpikeGeneratorGroup',
        detail: `neuron ${indices[k]} of ${group.name} spikes more than once in the time step at ${((steps[k] as number) * dt * 1e3).toPrecision(6)} ms (dt = ${dt * 1e3} ms); use a smaller dt or remove the duplicate`,
      }, g.timesSpan ?? span));
      return undefined;
    }
  }
  return { steps, indices, periodSteps };
}

function mentionsRandom(expr: Expr): boolean {
  switch (expr.kind) {
    case 'call':
      return (expr.callee.kind === 'name' && (expr.callee.name === 'rand' || expr.callee.name === 'randn')) || expr.args.some(mentionsRandom);
    case 'unary':
      return mentionsRandom(expr.operand);
    case 'binary':
    case 'boolop':
      return mentionsRandom(expr.left) || mentionsRandom(expr.right);
    case 'compare':
      return expr.operands.some(mentionsRandom);
    default:
      return false;
  }
}
