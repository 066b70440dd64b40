/**
 * The Brian2 constructors and commands SpikeForge runs: `NeuronGroup` (with `events=`,
 * `run_regularly`, `run_on_event`, `run_at`), `StateMonitor`, `SpikeMonitor`, `EventMonitor`,
 * `Network` (with `add` and `run`) and `run`. Arguments follow Brian2's signatures; arguments
 * SpikeForge cannot honour yet (threshold, reset, refractory, …) are errors at their own span
 * unless they hold Brian2's default. Object names: `name=` if given, else the Python variable
 * the object is assigned to (what the user sees in the script; Brian2 itself would say
 * `neurongroup`, `neurongroup_1`, … — those are used only for objects not assigned to a name).
 * The model must stay the same across run() calls because the IR holds one duration: creating
 * objects after the first run() is reported.
 */
import { joinSpans, makeDiagnostic, type SourceSpan } from '../diagnostics';
import type { Expr } from '../expressions';
import type { CodeText, EventIR, MethodOptionsIR, RefractoryIR } from '../model';
import { isDimensionless, sameDimension } from '../units';
import { bindArguments, type BoundArgument, type Signature } from './bindArguments';
import { evaluateExpression, secondDimension } from './evaluateExpression';
import { hasRun, snapshotNamespace, type NameHint, type ScriptContext } from './scriptContext';
import { ERROR_VALUE, describeValue, type ScriptValue } from './scriptValue';

/** A call expression of the script. */
export type Call = Extract<Expr, { kind: 'call' }>;

const NEURON_GROUP: Signature = {
  callee: 'NeuronGroup',
  params: ['N', 'model', 'method', 'method_options', 'threshold', 'reset', 'refractory', 'events', 'namespace', 'dtype', 'dt', 'clock', 'order', 'name', 'codeobj_class'],
  required: 2,
};
const STATE_MONITOR: Signature = { callee: 'StateMonitor', params: ['source', 'variables', 'record', 'dt', 'clock', 'when', 'order', 'name', 'codeobj_class'], required: 3 };
const RUN: Signature = { callee: 'run', params: ['duration', 'report', 'report_period', 'namespace', 'profile', 'level'], required: 1 };

const SPIKE_MONITOR: Signature = { callee: 'SpikeMonitor', params: ['source', 'variables', 'record', 'when', 'order', 'name', 'codeobj_class'], required: 1 };
const EVENT_MONITOR: Signature = { callee: 'EventMonitor', params: ['source', 'event', 'variables', 'record', 'when', 'order', 'name', 'codeobj_class'], required: 2 };

/** Arguments not supported yet, with what to say; accepted when they hold Brian2's default. */
const GROUP_NOT_YET: Readonly<Record<string, string>> = {
  namespace: 'namespace= (SpikeForge takes constants from the script)',
  dtype: 'dtype=',
  clock: 'clock=',
  order: 'order=',
  codeobj_class: 'codeobj_class=',
};
const MONITOR_NOT_YET: Readonly<Record<string, string>> = {
  clock: 'clock=',
  order: 'order=',
  codeobj_class: 'codeobj_class=',
};
const SPIKE_MONITOR_NOT_YET: Readonly<Record<string, string>> = {
  codeobj_class: 'codeobj_class=',
};

/** Whether an argument is written as Brian2's default (None, False, 0, 'start'), so it changes nothing. */
export function isDefaultArgument(expr: Expr): boolean {
  switch (expr.kind) {
    case 'none':
      return true;
    case 'bool':
      return !expr.value;
    case 'number':
      return expr.value === 0;
    case 'string':
      return expr.value === 'start';
    default:
      return false;
  }
}

export function reportNotYet(ctx: ScriptContext, named: ReadonlyMap<string, BoundArgument>, table: Readonly<Record<string, string>>): void {
  for (const [param, what] of Object.entries(table)) {
    const argument = named.get(param);
    if (argument !== undefined && !isDefaultArgument(argument.expr)) ctx.diagnostics.push(makeDiagnostic('SF4009', { what }, argument.span));
  }
}

export function rejectAfterRun(ctx: ScriptContext, what: string, span: SourceSpan): void {
  if (hasRun(ctx)) ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `${what} after run() (the model must be the same for every run)` }, span));
}

/** The object's name from `name=`, the variable, or Brian2's numbered default; undefined after an error. */
export function objectName(ctx: ScriptContext, argument: BoundArgument | undefined, hint: NameHint | undefined, call: Call, stem: string): { name: string; span: SourceSpan } | undefined {
  let result: { name: string; span: SourceSpan };
  if (argument !== undefined) {
    const value = evaluateExpression(ctx, argument.expr);
    if (value.kind === 'error') return undefined;
    if (value.kind !== 'string') {
      ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: stem, detail: `name must be a string, got ${describeValue(value)}` }, argument.expr.span));
      return undefined;
    }
    result = { name: value.value, span: argument.expr.span };
  } else if (hint !== undefined) result = hint;
  else {
    const taken = (name: string): boolean => [...ctx.groups, ...ctx.monitors, ...ctx.synapses].some((o) => o.name === name);
    let name = stem.toLowerCase();
    for (let k = 1; taken(name); k++) name = `${stem.toLowerCase()}_${k}`;
    result = { name, span: call.span };
  }
  if ([...ctx.groups, ...ctx.monitors, ...ctx.synapses].some((o) => o.name === result.name)) {
    ctx.diagnostics.push(makeDiagnostic('SF4015', { name: result.name }, result.span));
    return undefined;
  }
  return result;
}

/** `NeuronGroup(N, model, method=…, dt=…, name=…)`. */
export function createNeuronGroup(ctx: ScriptContext, call: Call, hint?: NameHint): ScriptValue {
  const { named, complete } = bindArguments(ctx, call, NEURON_GROUP);
  // Unsupported arguments and late creation are reported, but the object is still created so
  // that the lines using it are checked too (the IR is withheld anyway when there are errors).
  rejectAfterRun(ctx, 'creating a NeuronGroup', call.span);
  reportNotYet(ctx, named, GROUP_NOT_YET);
  let ok = complete;
  let N = 0;
  const nArg = named.get('N');
  if (nArg !== undefined) {
    const value = evaluateExpression(ctx, nArg.expr);
    if (value.kind === 'quantity' && isDimensionless(value.dim)) N = value.value;
    else {
      if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'NeuronGroup', detail: `N must be a number of neurons, got ${describeValue(value)}` }, nArg.expr.span));
      ok = false;
    }
  }
  let model: Extract<ScriptValue, { kind: 'string' }> | undefined;
  const modelArg = named.get('model');
  if (modelArg !== undefined) {
    const value = evaluateExpression(ctx, modelArg.expr);
    if (value.kind === 'string') model = value;
    else {
      if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'NeuronGroup', detail: `model must be a string of equations, got ${describeValue(value)}` }, modelArg.expr.span));
      ok = false;
    }
  }
  const methodChoice = methodArgument(ctx, named.get('method'), 'NeuronGroup');
  if (methodChoice === 'error') ok = false;
  const { method, methodSpan } = methodChoice === 'error' ? { method: '', methodSpan: undefined } : methodChoice;
  let dt: { value: number; span: SourceSpan } | undefined;
  const dtArg = named.get('dt');
  if (dtArg !== undefined && dtArg.expr.kind !== 'none') {
    const value = evaluateExpression(ctx, dtArg.expr);
    if (value.kind === 'quantity' && sameDimension(value.dim, secondDimension())) dt = { value: value.value, span: dtArg.expr.span };
    else {
      if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4004', { value: describeValue(value) }, dtArg.expr.span));
      ok = false;
    }
  }
  let threshold = codeArgument(ctx, named.get('threshold'), 'threshold', 'a condition such as "v > -50*mV"');
  const events = eventsArgument(ctx, named.get('events'));
  if (events === 'error') ok = false;
  else if (events?.spike !== undefined) {
    // Brian2: events={'spike': cond} is the threshold; both at once is an error.
    if (threshold !== undefined) {
      ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'NeuronGroup', detail: 'the event "spike" is given both as threshold= and in events=' }, events.spike.nameSpan ?? call.span));
      ok = false;
    } else threshold = events.spike.condition;
  }
  const reset = codeArgument(ctx, named.get('reset'), 'reset', 'statements such as "v = -65*mV"');
  const refractory = refractoryArgument(ctx, named.get('refractory'));
  const methodOptions = methodOptionsArgument(ctx, named.get('method_options'), 'NeuronGroup');
  if (threshold === 'error' || reset === 'error' || refractory === 'error' || methodOptions === 'error') ok = false;
  const name = objectName(ctx, named.get('name'), hint, call, 'NeuronGroup');
  if (!ok || name === undefined || model === undefined || nArg === undefined) return ERROR_VALUE;
  const id = ctx.groups.length;
  ctx.groups.push({
    id,
    name: name.name,
    nameSpan: name.span,
    N,
    nSpan: nArg.expr.span,
    equations: model.value,
    equationsOffset: model.contentStart,
    method,
    ...(methodSpan === undefined ? {} : { methodSpan }),
    ...(methodOptions === undefined || methodOptions === 'error' ? {} : { methodOptions }),
    ...(dt === undefined ? {} : { dt }),
    initial: [],
    ...(threshold === undefined || threshold === 'error' ? {} : { threshold }),
    ...(reset === undefined || reset === 'error' ? {} : { reset }),
    ...(refractory === undefined || refractory === 'error' ? {} : { refractory }),
    ...(events === undefined || events === 'error' || events.custom.length === 0 ? {} : { events: events.custom }),
    span: call.span,
  });
  return { kind: 'group', id };
}

/** `events={'name': 'condition', …}` (None: none); the `spike` entry is returned apart (it is the threshold). */
function eventsArgument(ctx: ScriptContext, argument: BoundArgument | undefined): { custom: EventIR[]; spike?: EventIR } | undefined | 'error' {
  if (argument === undefined || argument.expr.kind === 'none') return undefined;
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'error') return 'error';
  if (value.kind !== 'dict') {
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'NeuronGroup', detail: `events must be a dict of event names to conditions such as {'up': 'v > -50*mV'}, got ${describeValue(value)}` }, argument.expr.span));
    return 'error';
  }
  const custom: EventIR[] = [];
  let spike: EventIR | undefined;
  let failed = false;
  for (const entry of value.entries) {
    const condition = entry.value;
    if (condition.kind !== 'string') {
      if (condition.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'NeuronGroup', detail: `the condition of event "${entry.key}" must be a string such as 'v > -50*mV', got ${describeValue(condition)}` }, entry.valueSpan));
      failed = true;
      continue;
    }
    const event: EventIR = { name: entry.key, condition: { code: condition.value, offset: condition.contentStart, span: entry.valueSpan }, nameSpan: entry.keySpan };
    if (entry.key === 'spike') spike = event;
    else custom.push(event);
  }
  if (failed) return 'error';
  return spike === undefined ? { custom } : { custom, spike };
}

/**
 * `method=`: a method name; absent means Brian2's automatic choice (exact, then euler, then heun),
 * reported as an info when the group is integrated. A list of methods is not read yet.
 */
export function methodArgument(ctx: ScriptContext, argument: BoundArgument | undefined, callee: string): { method: string; methodSpan?: SourceSpan } | 'error' {
  if (argument === undefined) return { method: '' };
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'string') return { method: value.value, methodSpan: argument.expr.span };
  if (value.kind === 'list') ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'a list of methods to choose from' }, argument.expr.span));
  else if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee, detail: `method must be a string, got ${describeValue(value)}` }, argument.expr.span));
  return 'error';
}

/**
 * `method_options=` as a dict of names to True/False, numbers or strings (None: absent). Whether
 * the method takes them is checked with the model (model/methodOptions.ts), which knows the method.
 */
export function methodOptionsArgument(ctx: ScriptContext, argument: BoundArgument | undefined, callee: string): MethodOptionsIR | undefined | 'error' {
  if (argument === undefined || argument.expr.kind === 'none') return undefined;
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'error') return 'error';
  if (value.kind !== 'dict') {
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee, detail: `method_options must be a dict such as {'simplify': False}, got ${describeValue(value)}` }, argument.expr.span));
    return 'error';
  }
  const entries: MethodOptionsIR['entries'][number][] = [];
  let failed = false;
  for (const entry of value.entries) {
    const option = entry.value;
    if (option.kind === 'bool' || option.kind === 'string') entries.push({ name: entry.key, value: option.value, span: joinSpans(entry.keySpan, entry.valueSpan) });
    else if (option.kind === 'quantity' && isDimensionless(option.dim)) entries.push({ name: entry.key, value: option.value, span: joinSpans(entry.keySpan, entry.valueSpan) });
    else {
      if (option.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF5007', { key: entry.key, expected: 'True, False, a number or a string', found: describeValue(option) }, entry.valueSpan));
      failed = true;
    }
  }
  return failed ? 'error' : { entries, span: argument.expr.span };
}

/** A code string argument (threshold=, reset=); None means absent. */
export function codeArgument(ctx: ScriptContext, argument: BoundArgument | undefined, param: string, example: string, callee = 'NeuronGroup'): CodeText | undefined | 'error' {
  if (argument === undefined || argument.expr.kind === 'none') return undefined;
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'string') return { code: value.value, offset: value.contentStart, span: argument.expr.span };
  if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee, detail: `${param} must be a string of model code (${example}), got ${describeValue(value)}` }, argument.expr.span));
  return 'error';
}

/** `refractory=`: False (none), a time, or a string of code. */
function refractoryArgument(ctx: ScriptContext, argument: BoundArgument | undefined): RefractoryIR | undefined | 'error' {
  if (argument === undefined || argument.expr.kind === 'none') return undefined;
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'bool' && !value.value) return undefined;
  if (value.kind === 'string') return { kind: 'code', code: value.value, offset: value.contentStart, span: argument.expr.span };
  if (value.kind === 'quantity' && sameDimension(value.dim, secondDimension())) return { kind: 'time', seconds: value.value, span: argument.expr.span };
  if (value.kind !== 'error') {
    ctx.diagnostics.push(makeDiagnostic('SF4017', { group: 'the NeuronGroup', code: ctx.text.slice(argument.expr.span.start, argument.expr.span.end), what: describeValue(value) }, argument.expr.span, [
      'give a time ("5*ms"), an expression of time ("ref" with ref : second) or a condition ("v > -50*mV")',
    ]));
  }
  return 'error';
}

function toVariables(ctx: ScriptContext, argument: BoundArgument, callee = 'StateMonitor'): string[] | undefined {
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'string') return [value.value];
  if (value.kind === 'list' && value.items.every((item) => item.kind === 'string')) return value.items.map((item) => (item.kind === 'string' ? item.value : ''));
  if (value.kind === 'bool' && value.value) ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'variables=True (name the variables to record)' }, argument.span));
  else if (value.kind !== 'error' && !(value.kind === 'list' && value.items.some((item) => item.kind === 'error'))) {
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee, detail: `variables must be a name or a list of names, got ${describeValue(value)}` }, argument.expr.span));
  }
  return undefined;
}

function toRecord(ctx: ScriptContext, argument: BoundArgument): { record: readonly number[] | true; spans: readonly SourceSpan[] } | undefined {
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'bool') return value.value ? { record: true, spans: [] } : { record: [], spans: [] };
  const isIndex = (item: ScriptValue): item is Extract<ScriptValue, { kind: 'quantity' }> => item.kind === 'quantity' && isDimensionless(item.dim);
  if (isIndex(value)) return { record: [value.value], spans: [argument.expr.span] };
  if (value.kind === 'list') {
    const bad = value.items.findIndex((item) => !isIndex(item));
    if (bad < 0) return { record: value.items.map((item) => (isIndex(item) ? item.value : Number.NaN)), spans: value.spans };
    const item = value.items[bad];
    if (item !== undefined && item.kind !== 'error') {
      ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'StateMonitor', detail: `record indices must be integers, got ${describeValue(item)}` }, value.spans[bad] ?? argument.expr.span));
    }
    return undefined;
  }
  if (value.kind !== 'error') {
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'StateMonitor', detail: `record must be True, False, an index or a list of indices, got ${describeValue(value)}` }, argument.expr.span));
  }
  return undefined;
}

/** `StateMonitor(source, variables, record, name=…)`. */
export function createStateMonitor(ctx: ScriptContext, call: Call, hint?: NameHint): ScriptValue {
  const { named, complete } = bindArguments(ctx, call, STATE_MONITOR);
  // Unsupported arguments and late creation are reported, but the object is still created so
  // that the lines using it are checked too (the IR is withheld anyway when there are errors).
  rejectAfterRun(ctx, 'creating a StateMonitor', call.span);
  reportNotYet(ctx, named, MONITOR_NOT_YET);
  const ok = complete;
  let source: number | undefined;
  let range: { start: number; stop: number } | undefined;
  let sourceSynapses: number | undefined;
  const sourceArg = named.get('source');
  if (sourceArg !== undefined) {
    const value = evaluateExpression(ctx, sourceArg.expr);
    if (value.kind === 'group') {
      source = value.id;
      range = value.range;
    } else if (value.kind === 'synapses') {
      source = -1;
      sourceSynapses = value.id;
    } else if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'StateMonitor', detail: `the source must be a NeuronGroup or Synapses, got ${describeValue(value)}` }, sourceArg.expr.span));
  }
  const variablesArg = named.get('variables');
  const variables = variablesArg === undefined ? undefined : toVariables(ctx, variablesArg);
  const recordArg = named.get('record');
  const record = recordArg === undefined ? undefined : toRecord(ctx, recordArg);
  const when = whenArgument(ctx, named.get('when'));
  const dtSteps = stepsArgument(ctx, named.get('dt'), 'StateMonitor');
  const name = objectName(ctx, named.get('name'), hint, call, 'StateMonitor');
  if (!ok || source === undefined || variables === undefined || variablesArg === undefined || record === undefined || name === undefined || when === 'error' || dtSteps === 'error') return ERROR_VALUE;
  const id = ctx.monitors.length;
  ctx.monitors.push({ id, name: name.name, nameSpan: name.span, source, variables, variablesSpan: variablesArg.expr.span, record: record.record, recordSpans: record.spans, ...(when === undefined ? {} : { when }), ...(sourceSynapses === undefined ? {} : { sourceSynapses }), ...(dtSteps === undefined ? {} : { dtSteps }), ...(range === undefined ? {} : { range }), span: call.span });
  return { kind: 'monitor', id };
}

/** A `dt=` argument as a whole number of network steps (Brian allows only multiples of dt here). */
function stepsArgument(ctx: ScriptContext, argument: BoundArgument | undefined, callee: string): number | undefined | 'error' {
  if (argument === undefined || argument.expr.kind === 'none') return undefined;
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'error') return 'error';
  const steps = value.kind === 'quantity' && sameDimension(value.dim, secondDimension()) ? value.value / ctx.dt.value : Number.NaN;
  const rounded = Math.round(steps);
  if (!(rounded >= 1) || Math.abs(steps - rounded) > 1e-4) {
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee, detail: `dt must be a whole multiple of the network dt (${ctx.dt.value * 1e3} ms), got ${describeValue(value)}` }, argument.expr.span));
    return 'error';
  }
  return rounded;
}

const RUN_REGULARLY: Signature = { callee: 'run_regularly', params: ['code', 'dt', 'clock', 'when', 'order', 'name', 'codeobj_class'], required: 1 };

/** `G.run_regularly(code, dt=None, when='start')`. */
export function addRunRegularly(ctx: ScriptContext, groupId: number, call: Call): ScriptValue {
  const group = ctx.groups[groupId];
  if (group === undefined) return ERROR_VALUE;
  const { named, complete } = bindArguments(ctx, call, RUN_REGULARLY);
  rejectAfterRun(ctx, 'adding run_regularly operations', call.span);
  reportNotYet(ctx, named, { clock: 'clock=', codeobj_class: 'codeobj_class=' });
  const code = codeArgument(ctx, named.get('code'), 'code', 'statements such as "v += 1*mV"', 'run_regularly');
  const dtSteps = stepsArgument(ctx, named.get('dt'), 'run_regularly');
  const when = slotArgument(ctx, named.get('when'), 'run_regularly');
  const order = orderArgument(ctx, named.get('order'), 'run_regularly');
  if (!complete || code === undefined || code === 'error' || dtSteps === 'error' || when === 'error' || order === 'error') return ERROR_VALUE;
  (group.runRegularly ??= []).push({ code, when: when?.when ?? 'start', dtSteps: dtSteps ?? 1, ...(dtSteps === undefined ? {} : { ownDt: true }), span: call.span, ...(when === undefined ? {} : { whenSpan: when.span }), ...(order === undefined ? {} : { order }) });
  return { kind: 'none' };
}

/** A `when=` slot name (checked against the schedule with the model); undefined when absent or None. */
function slotArgument(ctx: ScriptContext, argument: BoundArgument | undefined, callee: string): { when: string; span: SourceSpan } | undefined | 'error' {
  if (argument === undefined || argument.expr.kind === 'none') return undefined;
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'string') return { when: value.value, span: argument.expr.span };
  if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee, detail: `when must be a schedule slot name, got ${describeValue(value)}` }, argument.expr.span));
  return 'error';
}

/** An `order=` argument: an integer (None: absent). */
function orderArgument(ctx: ScriptContext, argument: BoundArgument | undefined, callee: string): number | undefined | 'error' {
  if (argument === undefined || argument.expr.kind === 'none') return undefined;
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'quantity' && isDimensionless(value.dim) && Number.isInteger(value.value)) return value.value;
  if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee, detail: `order must be an integer, got ${describeValue(value)}` }, argument.expr.span));
  return 'error';
}

/** An event name argument (`'spike'` or a custom event; checked against the group with the model). */
function eventArgument(ctx: ScriptContext, argument: BoundArgument | undefined, callee: string): { event: string; span: SourceSpan } | undefined | 'error' {
  if (argument === undefined) return undefined;
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'string') return { event: value.value, span: argument.expr.span };
  if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee, detail: `the event must be a name in quotes such as 'spike', got ${describeValue(value)}` }, argument.expr.span));
  return 'error';
}

const RUN_ON_EVENT: Signature = { callee: 'run_on_event', params: ['event', 'code', 'when', 'order'], required: 2 };

/** `G.run_on_event(event, code, when='after_resets', order=None)`. */
export function addRunOnEvent(ctx: ScriptContext, groupId: number, call: Call): ScriptValue {
  const group = ctx.groups[groupId];
  if (group === undefined) return ERROR_VALUE;
  const { named, complete } = bindArguments(ctx, call, RUN_ON_EVENT);
  rejectAfterRun(ctx, 'adding run_on_event operations', call.span);
  const event = eventArgument(ctx, named.get('event'), 'run_on_event');
  const code = codeArgument(ctx, named.get('code'), 'code', 'statements such as "v += 1*mV"', 'run_on_event');
  const when = slotArgument(ctx, named.get('when'), 'run_on_event');
  const order = orderArgument(ctx, named.get('order'), 'run_on_event');
  if (!complete || event === undefined || event === 'error' || code === undefined || code === 'error' || when === 'error' || order === 'error') return ERROR_VALUE;
  (group.runOnEvent ??= []).push({
    event: event.event,
    eventSpan: event.span,
    code,
    when: when?.when ?? 'after_resets',
    ...(when === undefined ? {} : { whenSpan: when.span }),
    ...(order === undefined ? {} : { order }),
    span: call.span,
  });
  return { kind: 'none' };
}

const RUN_AT: Signature = { callee: 'run_at', params: ['code', 'times', 'when', 'order', 'name', 'codeobj_class'], required: 2 };

/** `G.run_at(code, times=[…], when='start', order=0)` (Brian ≥ 2.10): times are checked against dt with the model. */
export function addRunAt(ctx: ScriptContext, groupId: number, call: Call): ScriptValue {
  const group = ctx.groups[groupId];
  if (group === undefined) return ERROR_VALUE;
  const { named, complete } = bindArguments(ctx, call, RUN_AT);
  rejectAfterRun(ctx, 'adding run_at operations', call.span);
  reportNotYet(ctx, named, { codeobj_class: 'codeobj_class=' });
  const code = codeArgument(ctx, named.get('code'), 'code', 'statements such as "v += 1*mV"', 'run_at');
  const when = slotArgument(ctx, named.get('when'), 'run_at');
  const order = orderArgument(ctx, named.get('order'), 'run_at');
  const timesArg = named.get('times');
  let times: number[] | undefined;
  if (timesArg !== undefined) {
    const value = evaluateExpression(ctx, timesArg.expr);
    const isTime = (item: ScriptValue): item is Extract<ScriptValue, { kind: 'quantity' }> => item.kind === 'quantity' && sameDimension(item.dim, secondDimension());
    if (isTime(value)) times = [value.value];
    else if (value.kind === 'list' && value.items.every(isTime)) times = value.items.map((item) => (isTime(item) ? item.value : Number.NaN));
    else if (value.kind !== 'error' && !(value.kind === 'list' && value.items.some((item) => item.kind === 'error'))) {
      ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'run_at', detail: `times must be a list of times such as [0, 1, 3]*defaultclock.dt or [1, 2]*ms, got ${describeValue(value)}` }, timesArg.expr.span));
    }
  }
  if (!complete || code === undefined || code === 'error' || times === undefined || timesArg === undefined || when === 'error' || order === 'error') return ERROR_VALUE;
  (group.runAt ??= []).push({
    code,
    times,
    timesSpan: timesArg.expr.span,
    when: when?.when ?? 'start',
    ...(when === undefined ? {} : { whenSpan: when.span }),
    ...(order === undefined ? {} : { order }),
    span: call.span,
  });
  return { kind: 'none' };
}

/** `when=` of a StateMonitor: 'start' (default) or 'end'. */
function whenArgument(ctx: ScriptContext, argument: BoundArgument | undefined): 'start' | 'end' | undefined | 'error' {
  if (argument === undefined) return undefined;
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'string' && (value.value === 'start' || value.value === 'end')) return value.value;
  if (value.kind !== 'error') {
    const detail = value.kind === 'string' ? `the slot "${value.value}" is not supported yet (use 'start' or 'end')` : `when must be a schedule slot name, got ${describeValue(value)}`;
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'StateMonitor', detail }, argument.expr.span));
  }
  return 'error';
}

/** `SpikeMonitor(source, variables=None, record=True, when=None, order=None, name=…)`. */
export function createSpikeMonitor(ctx: ScriptContext, call: Call, hint?: NameHint): ScriptValue {
  const { named, complete } = bindArguments(ctx, call, SPIKE_MONITOR);
  return addEventMonitor(ctx, call, hint, named, complete, 'SpikeMonitor');
}

/** `EventMonitor(source, event, variables=None, record=True, when=None, order=None, name=…)`. */
export function createEventMonitor(ctx: ScriptContext, call: Call, hint?: NameHint): ScriptValue {
  const { named, complete } = bindArguments(ctx, call, EVENT_MONITOR);
  return addEventMonitor(ctx, call, hint, named, complete, 'EventMonitor');
}

/** The SpikeMonitor and EventMonitor records (a SpikeMonitor is Brian2's EventMonitor of 'spike'). */
function addEventMonitor(ctx: ScriptContext, call: Call, hint: NameHint | undefined, named: ReadonlyMap<string, BoundArgument>, complete: boolean, callee: 'SpikeMonitor' | 'EventMonitor'): ScriptValue {
  rejectAfterRun(ctx, `creating a ${callee}`, call.span);
  reportNotYet(ctx, named, SPIKE_MONITOR_NOT_YET);
  let ok = complete;
  let source: number | undefined;
  let range: { start: number; stop: number } | undefined;
  const sourceArg = named.get('source');
  if (sourceArg !== undefined) {
    const value = evaluateExpression(ctx, sourceArg.expr);
    if (value.kind === 'group') {
      source = value.id;
      range = value.range;
    } else if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee, detail: `the source must be a NeuronGroup, got ${describeValue(value)}` }, sourceArg.expr.span));
  }
  const event = callee === 'EventMonitor' ? eventArgument(ctx, named.get('event'), callee) : undefined;
  if (event === 'error') ok = false;
  const recordArg = named.get('record');
  let countsOnly = false;
  if (recordArg !== undefined) {
    const value = evaluateExpression(ctx, recordArg.expr);
    if (value.kind === 'bool') countsOnly = !value.value;
    else if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `${callee} record= other than True or False` }, recordArg.expr.span));
  }
  const variablesArg = named.get('variables');
  let variables: string[] | undefined;
  if (variablesArg !== undefined && variablesArg.expr.kind !== 'none') {
    variables = toVariables(ctx, variablesArg, callee);
    if (variables === undefined) ok = false;
  }
  const when = slotArgument(ctx, named.get('when'), callee);
  const order = orderArgument(ctx, named.get('order'), callee);
  if (when === 'error' || order === 'error') ok = false;
  else if (order !== undefined && when === undefined) {
    // Brian2: "Cannot specify order if when is not specified."
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee, detail: 'order= needs when= (without it the monitor runs right after the event is detected)' }, named.get('order')?.span ?? call.span));
    ok = false;
  }
  const name = objectName(ctx, named.get('name'), hint, call, callee);
  if (!ok || source === undefined || name === undefined || event === 'error' || when === 'error' || order === 'error') return ERROR_VALUE;
  const id = ctx.monitors.length;
  ctx.monitors.push({
    id,
    name: name.name,
    nameSpan: name.span,
    source,
    variables: variables ?? [],
    variablesSpan: variablesArg?.expr.span ?? call.span,
    record: true,
    recordSpans: [],
    spikes: true,
    ...(callee === 'EventMonitor' ? { eventMonitor: true } : {}),
    ...(event === undefined ? {} : { event: event.event, eventSpan: event.span }),
    ...(when === undefined ? {} : { eventWhen: when.when, eventWhenSpan: when.span }),
    ...(order === undefined ? {} : { order }),
    ...(countsOnly ? { countsOnly } : {}),
    ...(range === undefined ? {} : { range }),
    span: call.span,
  });
  return { kind: 'monitor', id };
}

/** `run(duration)` or `net.run(duration)` (`network` is the explicit network's id). */
export function runNetwork(ctx: ScriptContext, call: Call, network?: number): ScriptValue {
  const { named, complete } = bindArguments(ctx, call, { ...RUN, callee: network === undefined ? 'run' : 'Network.run' });
  const namespaceArg = named.get('namespace');
  if (namespaceArg !== undefined && !isDefaultArgument(namespaceArg.expr)) {
    ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'run(namespace=…) (SpikeForge takes constants from the script)' }, namespaceArg.span));
  }
  const previous = ctx.runs[0];
  if (previous !== undefined && previous.network !== network) {
    ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'mixing run() and Network.run() in one script' }, call.span));
  }
  for (const [name, span] of ctx.changedAfterRun) {
    ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `changing "${name}" between run() calls` }, span));
  }
  ctx.changedAfterRun.clear();
  const durationArg = named.get('duration');
  if (!complete || durationArg === undefined) return ERROR_VALUE;
  const value = evaluateExpression(ctx, durationArg.expr);
  if (value.kind === 'error') return ERROR_VALUE;
  if (value.kind !== 'quantity' || !sameDimension(value.dim, secondDimension()) || !(value.value >= 0) || !Number.isFinite(value.value)) {
    const note = value.kind === 'quantity' && isDimensionless(value.dim) ? ['give the duration with a time unit, e.g. run(100*ms)'] : [];
    ctx.diagnostics.push(makeDiagnostic('SF4008', { value: describeValue(value) }, durationArg.expr.span, note));
    return ERROR_VALUE;
  }
  ctx.namespace ??= snapshotNamespace(ctx);
  // NOTE: several run() calls add up to one duration; the IR has a single run segment for now.
  ctx.runs.push({ duration: value.value, ...(network === undefined ? {} : { network }), span: call.span });
  return { kind: 'none' };
}
