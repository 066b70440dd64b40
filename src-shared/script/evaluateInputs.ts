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
