/**
 * Evaluates calls in a script: dispatches on what the callee is (a Brian2 constructor, a
 * Python built-in, a method of a Network, a plotting function, something unsupported) and
 * implements the small built-ins constants need (`range`, `int`, `float`, `abs`, `round`,
 * `min`, `max`, `len`, `sqrt`, `exp`, `log`) plus `Equations`, `collect`, `start_scope` and
 * `Network`. Plotting calls are not evaluated at all: their arguments usually read recorded
 * data, which exists only when the simulation has run.
 */
import { makeDiagnostic } from '../diagnostics';
import type { Expr } from '../expressions';
import { DIMENSIONLESS, formatDimension, isDimensionless, powerDimension, sameDimension } from '../units';
import { bindArguments } from './bindArguments';
import { evaluateAttributeOf, evaluateExpression, evaluateRaw } from './evaluateExpression';
import { addRunAt, addRunOnEvent, addRunRegularly, createEventMonitor, createNeuronGroup, createSpikeMonitor, createStateMonitor, runNetwork } from './evaluateObjects';
import { createPoissonGroup, createPoissonInput, createRateMonitor, createSpikeGeneratorGroup, createTimedArray } from './evaluateInputs';
import { connectSynapses, createSynapses } from './evaluateSynapses';
import { hasRun, type NameHint, type ScriptContext } from './scriptContext';
import { ERROR_VALUE, MAX_LIST_LENGTH, describeUnsupported, describeValue, toNumberValue, toQuantityValue, type BuiltinName, type ScriptValue } from './scriptValue';

type Call = Extract<Expr, { kind: 'call' }>;
type Quantity = Extract<ScriptValue, { kind: 'quantity' }>;


function wrongArgument(ctx: ScriptContext, callee: string, detail: string, call: Call, argument?: Expr): ScriptValue {
  ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: `${callee}()`, detail }, argument?.span ?? call.span));
  return ERROR_VALUE;
}

/** Evaluates positional arguments that must all be quantities; undefined (reported) otherwise. */
function quantityArguments(ctx: ScriptContext, name: string, call: Call, min: number, max: number): Quantity[] | undefined {
  if (call.keywords.length > 0 || call.args.length < min || call.args.length > max) {
    wrongArgument(ctx, name, `it takes ${min === max ? min : `${min} to ${max}`} positional argument(s)`, call);
    return undefined;
  }
  const values: Quantity[] = [];
  for (const arg of call.args) {
    const value = evaluateExpression(ctx, arg);
    if (value.kind === 'error') return undefined;
    if (value.kind !== 'quantity') {
      wrongArgument(ctx, name, `expected a number or quantity, got ${describeValue(value)}`, call, arg);
      return undefined;
    }
    values.push(value);
  }
  return values;
}

function evaluateRange(ctx: ScriptContext, call: Call): ScriptValue {
  const args = quantityArguments(ctx, 'range', call, 1, 3);
  if (args === undefined) return ERROR_VALUE;
  const bad = args.findIndex((a) => !a.isInteger);
  if (bad >= 0) return wrongArgument(ctx, 'range', `expected integers, got ${describeValue(args[bad] ?? ERROR_VALUE)}`, call, call.args[bad]);
  const [start, stop, step] = args.length === 1 ? [0, args[0]?.value ?? 0, 1] : [args[0]?.value ?? 0, args[1]?.value ?? 0, args[2]?.value ?? 1];
  if (step === 0) return wrongArgument(ctx, 'range', 'the step must not be zero', call, call.args[2]);
  const length = Math.max(0, Math.ceil((stop - start) / step));
  if (length > MAX_LIST_LENGTH) {
    ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `a range of more than ${MAX_LIST_LENGTH} numbers` }, call.span));
    return ERROR_VALUE;
  }
  const items = Array.from({ length }, (_, k) => toNumberValue(start + k * step, true));
  return { kind: 'list', items, spans: items.map(() => call.span) };
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function evaluateMath(ctx: ScriptContext, name: BuiltinName, call: Call): ScriptValue {
  if ((name === 'min' || name === 'max') && call.args.length === 1) {
    const list = evaluateExpression(ctx, call.args[0] as Expr); // length checked on the line above
    if (list.kind === 'error') return list;
    if (list.kind !== 'list' || list.items.length === 0 || !list.items.every((item) => item.kind === 'quantity')) {
      return wrongArgument(ctx, name, `expected a non-empty list of numbers, got ${describeValue(list)}`, call);
    }
    return pickExtreme(ctx, name, list.items, call); // every item checked above
  }
  const args = quantityArguments(ctx, name, call, name === 'min' || name === 'max' ? 2 : 1, name === 'round' || name === 'min' || name === 'max' ? Number.MAX_SAFE_INTEGER : 1);
  const x = args?.[0];
  if (args === undefined || x === undefined) return ERROR_VALUE;
  switch (name) {
    case 'int':
      // Like Brian2, int() and float() of a quantity give the SI value without its unit.
      return toNumberValue(Math.trunc(x.value), true);
    case 'float':
      return toNumberValue(x.value, false);
    case 'abs':
      return toQuantityValue(Math.abs(x.value), x.dim, x.isInteger);
    case 'round': {
      const digits = args[1];
      if (args.length > 2 || (digits !== undefined && !digits.isInteger)) return wrongArgument(ctx, 'round', 'expected a number and an optional integer number of digits', call);
      if (digits === undefined) return toQuantityValue(roundHalfEven(x.value), x.dim, isDimensionless(x.dim));
      const scale = 10 ** digits.value;
      return toQuantityValue(roundHalfEven(x.value * scale) / scale, x.dim, x.isInteger);
    }
    case 'min':
    case 'max':
      return pickExtreme(ctx, name, args, call);
    case 'sqrt':
      if (x.value < 0) return wrongArgument(ctx, 'sqrt', 'the argument is negative', call, call.args[0]);
      return toQuantityValue(Math.sqrt(x.value), powerDimension(x.dim, 0.5));
    case 'exp':
    case 'log':
      if (!isDimensionless(x.dim)) {
        ctx.diagnostics.push(makeDiagnostic('SF1002', { context: `the argument of ${name}()`, left: formatDimension(x.dim), right: formatDimension(DIMENSIONLESS) }, call.args[0]?.span ?? call.span));
        return ERROR_VALUE;
      }
      if (name === 'log' && !(x.value > 0)) return wrongArgument(ctx, 'log', 'the argument must be positive', call, call.args[0]);
      return toNumberValue(name === 'exp' ? Math.exp(x.value) : Math.log(x.value), false);
    default:
      return wrongArgument(ctx, name, 'not a function of numbers', call);
  }
}

function pickExtreme(ctx: ScriptContext, name: 'min' | 'max', items: readonly Quantity[], call: Call): ScriptValue {
  let best = items[0];
  for (const item of items) {
    if (best === undefined || !sameDimension(item.dim, best.dim)) {
      ctx.diagnostics.push(makeDiagnostic('SF1002', { context: `${name}()`, left: formatDimension(best?.dim ?? DIMENSIONLESS), right: formatDimension(item.dim) }, call.span));
      return ERROR_VALUE;
    }
    if (name === 'min' ? item.value < best.value : item.value > best.value) best = item;
  }
  return best ?? ERROR_VALUE;
}

/** All groups and monitors created so far (Brian2's `collect()` in the script's scope). */
function collectObjects(ctx: ScriptContext, call: Call): ScriptValue {
  const items: ScriptValue[] = [
    ...ctx.groups.map((g) => ({ kind: 'group', id: g.id }) as const),
    ...ctx.monitors.map((m) => ({ kind: 'monitor', id: m.id }) as const),
    ...ctx.synapses.map((s) => ({ kind: 'synapses', id: s.id }) as const),
    ...ctx.poissonInputs.map((p) => ({ kind: 'poissoninput', id: p.id }) as const),
  ];
  return { kind: 'list', items, spans: items.map(() => call.span) };
}

/** Adds groups and monitors (or lists of them) to a network. */
function addToNetwork(ctx: ScriptContext, networkId: number, args: readonly Expr[]): void {
  const network = ctx.networks[networkId];
  if (network === undefined) return;
  const add = (value: ScriptValue, arg: Expr): void => {
    if (value.kind === 'group') network.groups.push(value.id);
    else if (value.kind === 'monitor') network.monitors.push(value.id);
    else if (value.kind === 'synapses') network.synapses.push(value.id);
    else if (value.kind === 'poissoninput') network.poissonInputs.push(value.id);
    else if (value.kind === 'list') value.items.forEach((item) => add(item, arg));
    else if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'Network', detail: `cannot add ${describeValue(value)}` }, arg.span));
  };
  for (const arg of args) add(evaluateExpression(ctx, arg), arg);
}

function createNetwork(ctx: ScriptContext, call: Call): ScriptValue {
  const { named, rest } = bindArguments(ctx, call, { callee: 'Network', params: ['name'], required: 0, varargs: true });
  if (ctx.networks.length > 0) {
    ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'more than one Network in a script' }, call.span));
    return ERROR_VALUE;
  }
  const nameArg = named.get('name');
  if (nameArg !== undefined) ctx.diagnostics.push(makeDiagnostic('SF4014', { what: 'the Network name (SpikeForge names the network)' }, nameArg.span));
  const id = ctx.networks.length;
  ctx.networks.push({ id, groups: [], monitors: [], synapses: [], poissonInputs: [], span: call.span });
  addToNetwork(ctx, id, rest);
  return { kind: 'network', id };
}

function callNetworkMethod(ctx: ScriptContext, networkId: number, method: string, call: Call): ScriptValue {
  if (method === 'run') return runNetwork(ctx, call, networkId);
  if (method === 'add') {
    if (hasRun(ctx)) ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'adding objects after run() (the model must be the same for every run)' }, call.span));
    else addToNetwork(ctx, networkId, call.args);
    return { kind: 'none' };
  }
  ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `Network.${method}()` }, call.span));
  return ERROR_VALUE;
}

function callBuiltin(ctx: ScriptContext, name: BuiltinName, call: Call, hint?: NameHint): ScriptValue {
  switch (name) {
    case 'NeuronGroup':
      return createNeuronGroup(ctx, call, hint);
    case 'StateMonitor':
      return createStateMonitor(ctx, call, hint);
    case 'SpikeMonitor':
      return createSpikeMonitor(ctx, call, hint);
    case 'EventMonitor':
      return createEventMonitor(ctx, call, hint);
    case 'Synapses':
      return createSynapses(ctx, call, hint);
    case 'PoissonGroup':
      return createPoissonGroup(ctx, call, hint);
    case 'SpikeGeneratorGroup':
      return createSpikeGeneratorGroup(ctx, call, hint);
    case 'PoissonInput':
      return createPoissonInput(ctx, call, hint);
    case 'PopulationRateMonitor':
      return createRateMonitor(ctx, call, hint);
    case 'TimedArray':
      return createTimedArray(ctx, call, hint);
    case 'seed': {
      const arg = call.args[0];
      const value = arg === undefined ? undefined : evaluateExpression(ctx, arg);
      if (value?.kind === 'quantity' && Number.isInteger(value.value) && value.value >= 0 && value.value < 2 ** 53) {
        ctx.seed = value.value;
        ctx.diagnostics.push(makeDiagnostic('SF4014', { what: 'the exact random streams of Brian2 (seed() seeds SpikeForge\'s own generator: runs are reproducible, but draws differ from Brian2\'s)' }, call.span));
        return { kind: 'none' };
      }
      if (value?.kind === 'error') return ERROR_VALUE;
      return wrongArgument(ctx, 'seed', 'it takes one non-negative integer', call, arg);
    }
    case 'Network':
      return createNetwork(ctx, call);
    case 'run':
      return runNetwork(ctx, call);
    case 'collect':
      return collectObjects(ctx, call);
    case 'start_scope':
      if (ctx.groups.length + ctx.monitors.length > 0) ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'start_scope() after objects were created' }, call.span));
      return { kind: 'none' };
    case 'Equations': {
      const first = call.args[0];
      if (call.args.length !== 1 || first === undefined || call.keywords.length > 0) {
        const span = call.keywords[0]?.span ?? call.span;
        ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'Equations() with substitutions or several arguments' }, span));
        return ERROR_VALUE;
      }
      const value = evaluateExpression(ctx, first);
      if (value.kind === 'string' || value.kind === 'error') return value;
      return wrongArgument(ctx, 'Equations', `expected a string of equations, got ${describeValue(value)}`, call, first);
    }
    case 'range':
      return evaluateRange(ctx, call);
    case 'len': {
      const arg = call.args[0];
      if (call.args.length !== 1 || arg === undefined || call.keywords.length > 0) return wrongArgument(ctx, 'len', 'it takes 1 positional argument', call);
      const value = evaluateExpression(ctx, arg);
      if (value.kind === 'list') return toNumberValue(value.items.length, true);
      if (value.kind === 'string') return toNumberValue(value.value.length, true);
      if (value.kind === 'group') return toNumberValue(value.range === undefined ? (ctx.groups[value.id]?.N ?? 0) : value.range.stop - value.range.start, true);
      return value.kind === 'error' ? value : wrongArgument(ctx, 'len', `expected a list, got ${describeValue(value)}`, call);
    }
    case 'dict': {
      // dict(simplify=False): keyword arguments only (dict(pairs) would need tuples of data).
      if (call.args.length > 0) return wrongArgument(ctx, 'dict', 'SpikeForge reads dict(name=value, …) or {…} only', call, call.args[0]);
      const entries = call.keywords.map((keyword) => ({ key: keyword.name, keySpan: keyword.span, value: evaluateExpression(ctx, keyword.value), valueSpan: keyword.value.span }));
      return { kind: 'dict', entries };
    }
    case 'defaultclock':
    case 'prefs':
      return wrongArgument(ctx, name, 'it cannot be called', call);
    default:
      return evaluateMath(ctx, name, call);
  }
}

/** Evaluates a call; `hint` is the variable the result is assigned to, if any. */
export function evaluateCall(ctx: ScriptContext, call: Call, hint?: NameHint): ScriptValue {
  let callee: ScriptValue;
  if (call.callee.kind === 'attribute') {
    const object = evaluateRaw(ctx, call.callee.object);
    if (object.kind === 'network') return callNetworkMethod(ctx, object.id, call.callee.name, call);
    if (object.kind === 'synapses') {
      if (call.callee.name === 'connect') return connectSynapses(ctx, object.id, call);
      ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `Synapses.${call.callee.name}()` }, call.span));
      return ERROR_VALUE;
    }
    if (object.kind === 'group' && call.callee.name === 'run_regularly') return addRunRegularly(ctx, object.id, call);
    if (object.kind === 'group' && call.callee.name === 'run_on_event') return addRunOnEvent(ctx, object.id, call);
    if (object.kind === 'group' && call.callee.name === 'run_at') return addRunAt(ctx, object.id, call);
    if (object.kind === 'group' || (object.kind === 'monitor' && !hasRun(ctx))) {
      ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `${object.kind === 'group' ? 'NeuronGroup' : 'StateMonitor'}.${call.callee.name}()` }, call.span));
      return ERROR_VALUE;
    }
    callee = evaluateAttributeOf(ctx, object, call.callee);
  } else callee = evaluateRaw(ctx, call.callee);
  switch (callee.kind) {
    case 'builtin':
      return callBuiltin(ctx, callee.name, call, hint);
    case 'plotting':
      return { kind: 'plotting' };
    case 'ignored':
      ctx.diagnostics.push(makeDiagnostic('SF4014', { what: callee.what }, call.span));
      return { kind: 'none' };
    case 'unsupported':
      ctx.diagnostics.push(makeDiagnostic('SF4009', { what: describeUnsupported(callee, ctx.text.slice(call.span.start, call.span.end)) }, call.span));
      return ERROR_VALUE;
    case 'error':
      return ERROR_VALUE;
    case 'recorded':
    case 'monitor':
      return { kind: 'recorded' };
    default:
      ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: describeValue(callee), detail: 'it cannot be called' }, call.callee.span));
      return ERROR_VALUE;
  }
}
