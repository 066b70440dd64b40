/**
 * Brian2's `Synapses(source, target, model, on_pre, on_post, delay, …)` and
 * `S.connect(condition, i, j, p, n, skip_if_invalid)` in a script. Arguments become the model
 * IR's Synapses and connect calls with the spans of what the user wrote; their meaning (names,
 * units, ranges) is checked by `checkSynapses`, so the editor and the build report the same.
 */
import { makeDiagnostic, type SourceSpan } from '../diagnostics';
import type { ConnectIR, IndexRange, SynapsesIR } from '../model';
import { isDimensionless, sameDimension } from '../units';
import { bindArguments, type BoundArgument, type Signature } from './bindArguments';
import { evaluateExpression, secondDimension } from './evaluateExpression';
import { codeArgument, methodArgument, methodOptionsArgument, objectName, rejectAfterRun, reportNotYet, type Call } from './evaluateObjects';
import type { NameHint, ScriptContext } from './scriptContext';
import { ERROR_VALUE, describeValue, type ScriptValue } from './scriptValue';

const SYNAPSES: Signature = {
  callee: 'Synapses',
  params: ['source', 'target', 'model', 'on_pre', 'on_post', 'delay', 'on_event', 'multisynaptic_index', 'namespace', 'dtype', 'codeobj_class', 'dt', 'clock', 'order', 'method', 'method_options', 'name'],
  required: 1,
};
const CONNECT: Signature = { callee: 'Synapses.connect', params: ['condition', 'i', 'j', 'p', 'n', 'skip_if_invalid', 'namespace', 'level'], required: 0 };

const SYNAPSES_NOT_YET: Readonly<Record<string, string>> = {
  multisynaptic_index: 'multisynaptic_index=',
  namespace: 'namespace= (SpikeForge takes constants from the script)',
  dtype: 'dtype=',
  codeobj_class: 'codeobj_class=',
  clock: 'clock=',
  order: 'order=',
};

/**
 * `on_event='name'` (every pathway) or `on_event={'pre': 'name', 'post': 'name'}`: the events that
 * drive the pathways (checked against the groups with the model). Absent or None: spikes.
 */
function onEventArgument(ctx: ScriptContext, argument: BoundArgument | undefined): SynapsesIR['onEvent'] | undefined | 'error' {
  if (argument === undefined || argument.expr.kind === 'none') return undefined;
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'error') return 'error';
  if (value.kind === 'string') return { pre: value.value, post: value.value, span: argument.expr.span };
  const wrong = (detail: string, span: SourceSpan): 'error' => {
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'Synapses', detail }, span));
    return 'error';
  };
  if (value.kind !== 'dict') return wrong(`on_event must be an event name or a dict such as {'pre': 'up'}, got ${describeValue(value)}`, argument.expr.span);
  let pre: string | undefined;
  let post: string | undefined;
  for (const entry of value.entries) {
    if (entry.key !== 'pre' && entry.key !== 'post') return wrong(`on_event keys are the pathways 'pre' and 'post', not '${entry.key}'`, entry.keySpan);
    if (entry.value.kind !== 'string') return entry.value.kind === 'error' ? 'error' : wrong(`the event of the ${entry.key} pathway must be a name in quotes, got ${describeValue(entry.value)}`, entry.valueSpan);
    if (entry.key === 'pre') pre = entry.value.value;
    else post = entry.value.value;
  }
  return { ...(pre === undefined ? {} : { pre }), ...(post === undefined ? {} : { post }), span: argument.expr.span };
}

function groupArgument(ctx: ScriptContext, argument: BoundArgument | undefined, what: string): { id: number; range?: IndexRange } | undefined {
  if (argument === undefined) return undefined;
  const value = evaluateExpression(ctx, argument.expr);
  if (value.kind === 'group') return value.range === undefined ? { id: value.id } : { id: value.id, range: value.range };
  if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'Synapses', detail: `the ${what} must be a NeuronGroup, got ${describeValue(value)}` }, argument.expr.span));
  return undefined;
}

/** `Synapses(source, target=None, model=None, on_pre=None, on_post=None, delay=None, name=…)`. */
export function createSynapses(ctx: ScriptContext, call: Call, hint?: NameHint): ScriptValue {
  const { named, complete } = bindArguments(ctx, call, SYNAPSES);
  rejectAfterRun(ctx, 'creating Synapses', call.span);
  reportNotYet(ctx, named, SYNAPSES_NOT_YET);
  let ok = complete;
  const source = groupArgument(ctx, named.get('source'), 'source');
  const targetArg = named.get('target');
  const target = targetArg === undefined || targetArg.expr.kind === 'none' ? source : groupArgument(ctx, targetArg, 'target');
  let model = '';
  let modelOffset = call.span.start;
  const modelArg = named.get('model');
  if (modelArg !== undefined && modelArg.expr.kind !== 'none') {
    const value = evaluateExpression(ctx, modelArg.expr);
    if (value.kind === 'string') {
      model = value.value;
      modelOffset = value.contentStart;
    } else {
      if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'Synapses', detail: `model must be a string of equations, got ${describeValue(value)}` }, modelArg.expr.span));
      ok = false;
    }
  }
  const onPre = codeArgument(ctx, named.get('on_pre'), 'on_pre', 'statements such as "v += w"', 'Synapses');
  const onPost = codeArgument(ctx, named.get('on_post'), 'on_post', 'statements such as "w += 0.01"', 'Synapses');
  if (onPre === 'error' || onPost === 'error') ok = false;
  const onEvent = onEventArgument(ctx, named.get('on_event'));
  if (onEvent === 'error') ok = false;
  let delay: { seconds: number; span: SourceSpan } | undefined;
  const delayArg = named.get('delay');
  if (delayArg !== undefined && delayArg.expr.kind !== 'none') {
    const value = evaluateExpression(ctx, delayArg.expr);
    if (value.kind === 'quantity' && sameDimension(value.dim, secondDimension())) delay = { seconds: value.value, span: delayArg.expr.span };
    else {
      if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'Synapses', detail: `delay must be a time (e.g. 1.5*ms), got ${describeValue(value)}` }, delayArg.expr.span));
      ok = false;
    }
  }
  const methodChoice = methodArgument(ctx, named.get('method'), 'Synapses');
  if (methodChoice === 'error') ok = false;
  const methodOptions = methodOptionsArgument(ctx, named.get('method_options'), 'Synapses');
  if (methodOptions === 'error') ok = false;
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
  const name = objectName(ctx, named.get('name'), hint, call, 'Synapses');
  if (!ok || name === undefined || source === undefined || target === undefined) return ERROR_VALUE;
  const id = ctx.synapses.length;
  ctx.synapses.push({
    id,
    name: name.name,
    nameSpan: name.span,
    source: source.id,
    target: target.id,
    ...(source.range === undefined ? {} : { sourceRange: source.range }),
    ...(target.range === undefined ? {} : { targetRange: target.range }),
    model,
    modelOffset,
    ...(onPre === undefined || onPre === 'error' ? {} : { onPre }),
    ...(onEvent === undefined || onEvent === 'error' ? {} : { onEvent }),
    ...(onPost === undefined || onPost === 'error' ? {} : { onPost }),
    ...(delay === undefined ? {} : { delay }),
    connect: [],
    initial: [],
    method: methodChoice === 'error' ? '' : methodChoice.method,
    ...(methodOptions === undefined || methodOptions === 'error' ? {} : { methodOptions }),
    ...(methodChoice === 'error' || methodChoice.methodSpan === undefined ? {} : { methodSpan: methodChoice.methodSpan }),
    ...(dt === undefined ? {} : { dt }),
    span: call.span,
  });
  return { kind: 'synapses', id };
}

/** A list of integer indices, or one index, as `connect(i=…, j=…)` takes them. */
function indexList(ctx: ScriptContext, argument: BoundArgument, what: string): number[] | undefined {
  const value = evaluateExpression(ctx, argument.expr);
  const isIndex = (item: ScriptValue): item is Extract<ScriptValue, { kind: 'quantity' }> => item.kind === 'quantity' && isDimensionless(item.dim) && Number.isInteger(item.value);
  if (isIndex(value)) return [value.value];
  if (value.kind === 'list' && value.items.every(isIndex)) return value.items.map((item) => (isIndex(item) ? item.value : -1));
  if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'Synapses.connect', detail: `${what} must be an index or a list of indices, got ${describeValue(value)}` }, argument.expr.span));
  return undefined;
}

/** `S.connect(condition=None, i=None, j=None, p=1., n=1, skip_if_invalid=False)`. */
export function connectSynapses(ctx: ScriptContext, id: number, call: Call): ScriptValue {
  const synapses = ctx.synapses[id];
  if (synapses === undefined) return ERROR_VALUE;
  const { named, complete } = bindArguments(ctx, call, CONNECT);
  rejectAfterRun(ctx, 'connecting Synapses', call.span);
  if (!complete) return ERROR_VALUE;
  const conditionArg = named.get('condition');
  const iArg = named.get('i');
  const jArg = named.get('j');
  const pArg = named.get('p');
  const nArg = named.get('n');
  const skipArg = named.get('skip_if_invalid');
  let skipIfInvalid = false;
  if (skipArg !== undefined) {
    const value = evaluateExpression(ctx, skipArg.expr);
    if (value.kind === 'bool') skipIfInvalid = value.value;
  }
  let connect: ConnectIR | undefined;
  const jValue = jArg === undefined ? undefined : evaluateExpression(ctx, jArg.expr);
  if (jArg !== undefined && jValue?.kind === 'string' && iArg === undefined) {
    if (conditionArg !== undefined || pArg !== undefined) ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'connect(j=\'…\') together with a condition or p (put them in the generator: \'k for k in sample(N_post, p=…) if …\')' }, call.span));
    connect = { kind: 'generator', j: { code: jValue.value, offset: jValue.contentStart, span: jArg.expr.span }, skipIfInvalid, span: call.span };
  } else if (iArg !== undefined || jArg !== undefined) {
    if (iArg === undefined || jArg === undefined) {
      ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'connect(i=\'…\') generator over sources (give j=\'…\', or both i and j as indices)' }, call.span));
      return ERROR_VALUE;
    }
    const i = indexList(ctx, iArg, 'i');
    const j = indexList(ctx, jArg, 'j');
    if (i === undefined || j === undefined) return ERROR_VALUE;
    // connect(i=5, j=[1, 2]) broadcasts a single index.
    const iList = i.length === 1 && j.length > 1 ? j.map(() => i[0] as number) : i;
    const jList = j.length === 1 && i.length > 1 ? i.map(() => j[0] as number) : j;
    connect = { kind: 'arrays', i: iList, j: jList, span: call.span, iSpan: iArg.expr.span, jSpan: jArg.expr.span };
  } else {
    let condition: { code: string; offset: number; span: SourceSpan } | undefined;
    if (conditionArg !== undefined && conditionArg.expr.kind !== 'none') {
      const value = evaluateExpression(ctx, conditionArg.expr);
      if (value.kind === 'string') condition = { code: value.value, offset: value.contentStart, span: conditionArg.expr.span };
      else if (value.kind === 'bool') condition = value.value ? undefined : { code: 'False', offset: conditionArg.expr.span.start, span: conditionArg.expr.span };
      else {
        if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'Synapses.connect', detail: `the condition must be a string, got ${describeValue(value)}` }, conditionArg.expr.span));
        return ERROR_VALUE;
      }
    }
    let p: number | { code: string; offset: number; span: SourceSpan } | undefined;
    if (pArg !== undefined) {
      const value = evaluateExpression(ctx, pArg.expr);
      if (value.kind === 'quantity' && isDimensionless(value.dim)) p = value.value;
      else if (value.kind === 'string') p = { code: value.value, offset: value.contentStart, span: pArg.expr.span };
      else {
        if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'Synapses.connect', detail: `p must be a probability or a string expression, got ${describeValue(value)}` }, pArg.expr.span));
        return ERROR_VALUE;
      }
    }
    let n = 1;
    if (nArg !== undefined) {
      const value = evaluateExpression(ctx, nArg.expr);
      if (value.kind === 'quantity' && isDimensionless(value.dim)) n = value.value;
      else {
        if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'connect(n=…) other than a number' }, nArg.expr.span));
        return ERROR_VALUE;
      }
    }
    connect = { kind: 'condition', ...(condition === undefined ? {} : { condition }), ...(p === undefined ? {} : { p }), ...(pArg === undefined ? {} : { pSpan: pArg.expr.span }), n, span: call.span };
  }
  synapses.connect.push(connect);
  return { kind: 'none' };
}
