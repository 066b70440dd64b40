/**
 * Brian2's input groups in a script: `PoissonGroup(N, rates)` and
 * `SpikeGeneratorGroup(N, indices, times, period=0*ms)`. Both are NeuronGroups in the model IR
 * (with the `poisson` or `spikeGenerator` part), so monitors and Synapses use them as any group.
 */
import { makeDiagnostic, type SourceSpan } from '../diagnostics';
import { isDimensionless, lookupUnit, sameDimension } from '../units';
import { bindArguments, type BoundArgument, type Signature } from './bindArguments';
import { evaluateExpression, secondDimension } from './evaluateExpression';
import { objectName, rejectAfterRun, reportNotYet, type Call } from './evaluateObjects';
import type { PoissonInputIR } from '../model';
import type { InitialRecord, NameHint, ScriptContext } from './scriptContext';
import { ERROR_VALUE, describeValue, type ScriptValue } from './scriptValue';

const POISSON_GROUP: Signature = { callee: 'PoissonGroup', params: ['N', 'rates', 'dt', 'clock', 'when', 'order', 'namespace', 'name', 'codeobj_class'], required: 2 };
const SPIKE_GENERATOR: Signature = { callee: 'SpikeGeneratorGroup', params: ['N', 'indices', 'times', 'dt', 'clock', 'period', 'when', 'order', 'sorted', 'name', 'codeobj_class'], required: 3 };
const NOT_YET: Readonly<Record<string, string>> = { dt: 'dt= on an input group', clock: 'clock=', when: 'when=', order: 'order=', namespace: 'namespace=', codeobj_class: 'codeobj_class=' };

function sizeArgument(ctx: ScriptContext, argument: BoundArgument | undefined, callee: string): number | undefined {
  if (argument === undefined) return undefined;
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'quantity' && isDimensionless(value.dim) && Number.isInteger(value.value) && value.value > 0) return value.value;
  if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee, detail: `N must be a positive number of neurons, got ${describeValue(value)}` }, argument.expr.span));
  return undefined;
}

/** Numbers of one dimension from a quantity or a list of them. */
function quantities(ctx: ScriptContext, argument: BoundArgument, callee: string, what: string, time: boolean): number[] | undefined {
  const value = evaluateExpression(ctx, argument.expr);
  const ok = (item: ScriptValue): item is Extract<ScriptValue, { kind: 'quantity' }> => item.kind === 'quantity' && (time ? sameDimension(item.dim, secondDimension()) : isDimensionless(item.dim));
  if (ok(value)) return [value.value];
  if (value.kind === 'list' && value.items.every(ok)) return value.items.map((item) => (ok(item) ? item.value : NaN));
  if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee, detail: `${what} must be ${time ? 'times (e.g. [1, 2]*ms)' : 'neuron indices'}, got ${describeValue(value)}` }, argument.expr.span));
  return undefined;
}

/** `PoissonGroup(N, rates)`: rates a frequency, a list of them, or a string expression. */
export function createPoissonGroup(ctx: ScriptContext, call: Call, hint?: NameHint): ScriptValue {
  const { named, complete } = bindArguments(ctx, call, POISSON_GROUP);
  rejectAfterRun(ctx, 'creating a PoissonGroup', call.span);
  reportNotYet(ctx, named, NOT_YET);
  const nArg = named.get('N');
  const N = sizeArgument(ctx, nArg, 'PoissonGroup');
  const ratesArg = named.get('rates');
  const hertz = lookupUnit('Hz')?.dim;
  let poisson: { rates?: { code: string; offset: number; span: SourceSpan } } | undefined;
  const initial: InitialRecord[] = [];
  if (ratesArg !== undefined) {
    const value = evaluateExpression(ctx, ratesArg.expr);
    const isRate = (item: ScriptValue): item is Extract<ScriptValue, { kind: 'quantity' }> => item.kind === 'quantity' && hertz !== undefined && (sameDimension(item.dim, hertz) || (item.value === 0 && isDimensionless(item.dim)));
    if (value.kind === 'string') poisson = { rates: { code: value.value, offset: value.contentStart, span: ratesArg.expr.span } };
    else if (isRate(value) || (value.kind === 'list' && value.items.every(isRate))) {
      poisson = {};
      const items = value.kind === 'list' ? value.items : [value];
      initial.push({ variable: 'rates', values: items.map((item, k) => ({ value: isRate(item) ? item.value : 0, dim: hertz ?? [0, 0, -1, 0, 0, 0, 0], span: value.kind === 'list' ? (value.spans[k] ?? ratesArg.expr.span) : ratesArg.expr.span })), isList: value.kind === 'list', raw: false, span: ratesArg.expr.span });
    } else if (value.kind !== 'error') {
      ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'PoissonGroup', detail: `rates must be a frequency (e.g. 15*Hz), a list of them or a string expression, got ${describeValue(value)}` }, ratesArg.expr.span));
    }
  }
  const name = objectName(ctx, named.get('name'), hint, call, 'PoissonGroup');
  if (!complete || N === undefined || nArg === undefined || poisson === undefined || name === undefined) return ERROR_VALUE;
  const id = ctx.groups.length;
  ctx.groups.push({
    id,
    name: name.name,
    nameSpan: name.span,
    N,
    nSpan: nArg.expr.span,
    equations: poisson.rates === undefined ? 'rates : Hz' : '',
    equationsOffset: call.span.start,
    method: 'euler',
    initial,
    poisson,
    span: call.span,
  });
  return { kind: 'group', id };
}

/** `SpikeGeneratorGroup(N, indices, times, period=0*second)`. */
export function createSpikeGeneratorGroup(ctx: ScriptContext, call: Call, hint?: NameHint): ScriptValue {
  const { named, complete } = bindArguments(ctx, call, SPIKE_GENERATOR);
  rejectAfterRun(ctx, 'creating a SpikeGeneratorGroup', call.span);
  reportNotYet(ctx, named, NOT_YET);
  const nArg = named.get('N');
  const N = sizeArgument(ctx, nArg, 'SpikeGeneratorGroup');
  const indicesArg = named.get('indices');
  const timesArg = named.get('times');
  const indices = indicesArg === undefined ? undefined : quantities(ctx, indicesArg, 'SpikeGeneratorGroup', 'indices', false);
  const times = timesArg === undefined ? undefined : quantities(ctx, timesArg, 'SpikeGeneratorGroup', 'times', true);
  let period = 0;
  const periodArg = named.get('period');
  if (periodArg !== undefined) {
    const value = evaluateExpression(ctx, periodArg.expr);
    if (value.kind === 'quantity' && (sameDimension(value.dim, secondDimension()) || value.value === 0)) period = value.value;
    else if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'SpikeGeneratorGroup', detail: `period must be a time, got ${describeValue(value)}` }, periodArg.expr.span));
  }
  const name = objectName(ctx, named.get('name'), hint, call, 'SpikeGeneratorGroup');
  if (!complete || N === undefined || nArg === undefined || indices === undefined || times === undefined || indicesArg === undefined || timesArg === undefined || name === undefined) return ERROR_VALUE;
  const id = ctx.groups.length;
  ctx.groups.push({
    id,
    name: name.name,
    nameSpan: name.span,
    N,
    nSpan: nArg.expr.span,
    equations: '',
    equationsOffset: call.span.start,
    method: 'euler',
    initial: [],
    spikeGenerator: { indices, times, period, indicesSpan: indicesArg.expr.span, timesSpan: timesArg.expr.span, ...(periodArg === undefined ? {} : { periodSpan: periodArg.expr.span }) },
    span: call.span,
  });
  return { kind: 'group', id };
}

const POISSON_INPUT: Signature = { callee: 'PoissonInput', params: ['target', 'target_var', 'N', 'rate', 'weight', 'when', 'order'], required: 5 };
const RATE_MONITOR: Signature = { callee: 'PopulationRateMonitor', params: ['source', 'name', 'codeobj_class', 'dtype'], required: 1 };

/** `PoissonInput(target, target_var, N, rate, weight)`. */
export function createPoissonInput(ctx: ScriptContext, call: Call, hint?: NameHint): ScriptValue {
  const { named, complete } = bindArguments(ctx, call, POISSON_INPUT);
  rejectAfterRun(ctx, 'creating a PoissonInput', call.span);
  reportNotYet(ctx, named, { when: 'when=', order: 'order=' });
  const targetArg = named.get('target');
  const targetValue = targetArg === undefined ? undefined : evaluateExpression(ctx, targetArg.expr);
  const target = targetValue?.kind === 'group' ? ctx.groups[targetValue.id] : undefined;
  if (targetValue?.kind === 'group' && targetValue.range !== undefined && targetArg !== undefined) {
    ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'a PoissonInput onto a subgroup (target the whole group)' }, targetArg.expr.span));
    return ERROR_VALUE;
  }
  if (targetArg !== undefined && targetValue !== undefined && targetValue.kind !== 'group' && targetValue.kind !== 'error') {
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'PoissonInput', detail: `the target must be a NeuronGroup, got ${describeValue(targetValue)}` }, targetArg.expr.span));
  }
  const varArg = named.get('target_var');
  const varValue = varArg === undefined ? undefined : evaluateExpression(ctx, varArg.expr);
  if (varArg !== undefined && varValue !== undefined && varValue.kind !== 'string' && varValue.kind !== 'error') {
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'PoissonInput', detail: `target_var must be the name of a variable, got ${describeValue(varValue)}` }, varArg.expr.span));
  }
  const nArg = named.get('N');
  const nValue = nArg === undefined ? undefined : evaluateExpression(ctx, nArg.expr);
  const rateArg = named.get('rate');
  const rateValue = rateArg === undefined ? undefined : evaluateExpression(ctx, rateArg.expr);
  const hertz = lookupUnit('Hz')?.dim;
  if (rateArg !== undefined && rateValue !== undefined && rateValue.kind !== 'error' && !(rateValue.kind === 'quantity' && hertz !== undefined && (sameDimension(rateValue.dim, hertz) || rateValue.value === 0))) {
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'PoissonInput', detail: `rate must be a frequency (e.g. 10*Hz), got ${describeValue(rateValue)}` }, rateArg.expr.span));
  }
  const weightArg = named.get('weight');
  const weightValue = weightArg === undefined ? undefined : evaluateExpression(ctx, weightArg.expr);
  let weight: PoissonInputIR['weight'] | undefined;
  if (weightArg !== undefined && weightValue !== undefined) {
    if (weightValue.kind === 'quantity') weight = { value: weightValue.value, dim: weightValue.dim, span: weightArg.expr.span };
    else if (weightValue.kind === 'string') weight = { code: weightValue.value, offset: weightValue.contentStart, span: weightArg.expr.span };
    else if (weightValue.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'PoissonInput', detail: `weight must be a quantity or a string expression, got ${describeValue(weightValue)}` }, weightArg.expr.span));
  }
  const taken = new Set(ctx.poissonInputs.map((p) => p.name));
  let name = hint?.name ?? 'poissoninput';
  for (let k = 1; hint === undefined && taken.has(name); k++) name = `poissoninput_${k}`;
  if (!complete || target === undefined || varValue?.kind !== 'string' || nValue?.kind !== 'quantity' || rateValue?.kind !== 'quantity' || weight === undefined) return ERROR_VALUE;
  const id = ctx.poissonInputs.length;
  ctx.poissonInputs.push({ id, name, target: target.name, variable: varValue.value, N: nValue.value, rate: rateValue.value, weight, span: call.span, ...(varArg === undefined ? {} : { variableSpan: varArg.expr.span }) });
  return { kind: 'poissoninput', id };
}

/** `PopulationRateMonitor(source)`. */
export function createRateMonitor(ctx: ScriptContext, call: Call, hint?: NameHint): ScriptValue {
  const { named, complete } = bindArguments(ctx, call, RATE_MONITOR);
  rejectAfterRun(ctx, 'creating a PopulationRateMonitor', call.span);
  reportNotYet(ctx, named, { codeobj_class: 'codeobj_class=', dtype: 'dtype=' });
  const sourceArg = named.get('source');
  const value = sourceArg === undefined ? undefined : evaluateExpression(ctx, sourceArg.expr);
  if (sourceArg !== undefined && value !== undefined && value.kind !== 'group' && value.kind !== 'error') {
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'PopulationRateMonitor', detail: `the source must be a NeuronGroup, got ${describeValue(value)}` }, sourceArg.expr.span));
  }
  const name = objectName(ctx, named.get('name'), hint, call, 'PopulationRateMonitor');
  if (!complete || value?.kind !== 'group' || name === undefined) return ERROR_VALUE;
  const id = ctx.monitors.length;
  ctx.monitors.push({ id, name: name.name, nameSpan: name.span, source: value.id, variables: [], variablesSpan: call.span, record: true, recordSpans: [], rate: true, ...(value.range === undefined ? {} : { range: value.range }), span: call.span });
  return { kind: 'monitor', id };
}

const TIMED_ARRAY: Signature = { callee: 'TimedArray', params: ['values', 'dt', 'name'], required: 2 };

/** `TimedArray(values, dt)`: values a list (1-D) or a list of equal-length lists (2-D), one unit. */
export function createTimedArray(ctx: ScriptContext, call: Call, hint?: NameHint): ScriptValue {
  const { named, complete } = bindArguments(ctx, call, TIMED_ARRAY);
  rejectAfterRun(ctx, 'creating a TimedArray', call.span);
  const valuesArg = named.get('values');
  const dtArg = named.get('dt');
  const fail = (detail: string, span: SourceSpan): ScriptValue => {
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'TimedArray', detail }, span));
    return ERROR_VALUE;
  };
  if (!complete || valuesArg === undefined || dtArg === undefined) return ERROR_VALUE;
  const dtValue = evaluateExpression(ctx, dtArg.expr);
  if (dtValue.kind === 'error') return ERROR_VALUE;
  if (dtValue.kind !== 'quantity' || !sameDimension(dtValue.dim, secondDimension()) || !(dtValue.value > 0)) return fail(`dt must be a positive time, got ${describeValue(dtValue)}`, dtArg.expr.span);
  const value = evaluateExpression(ctx, valuesArg.expr);
  if (value.kind === 'error') return ERROR_VALUE;
  if (value.kind !== 'list' || value.items.length === 0) return fail(`values must be a non-empty list, got ${describeValue(value)}`, valuesArg.expr.span);
  const rows = value.items.map((item) => (item.kind === 'list' ? item.items : [item]));
  const twoD = value.items[0]?.kind === 'list';
  const columns = twoD ? (rows[0]?.length ?? 0) : 0;
  if (twoD && rows.some((row, k) => row.length !== columns || value.items[k]?.kind !== 'list')) return fail('the rows of a 2-D TimedArray must all have the same length', valuesArg.expr.span);
  const flat = rows.flat();
  const first = flat[0];
  if (first === undefined || first.kind !== 'quantity') return fail('values must be numbers or quantities', valuesArg.expr.span);
  const dim = first.dim;
  const numbers: number[] = [];
  for (const item of flat) {
    if (item.kind !== 'quantity' || !sameDimension(item.dim, dim)) return fail('all values must have the same unit', valuesArg.expr.span);
    numbers.push(item.value);
  }
  const nameArg = named.get('name');
  const nameValue = nameArg === undefined ? undefined : evaluateExpression(ctx, nameArg.expr);
  const name = nameValue?.kind === 'string' ? nameValue.value : hint?.name;
  if (name === undefined) return fail('assign the TimedArray to a name (equations call it by that name)', call.span);
  const id = ctx.timedArrays.length;
  ctx.timedArrays.push({ name, values: numbers, rows: rows.length, columns, dt: dtValue.value, dim, span: call.span });
  return { kind: 'timedarray', id };
}
