/**
 * Evaluates the Python expressions of a script to script values: constants with units
 * (`(60*0.27/10)*mV`), strings, lists, names of Brian2 objects, attribute access
 * (`G.N`, `brian2.ms`, `M.v` after run()) and calls (delegated to the context's call evaluator,
 * which `evaluateScript` wires in, so this module and the object constructors do not import
 * each other). Every problem is reported at the span of the sub-expression that caused it and
 * evaluation continues with an `error` value, which later steps pass on silently.
 */
import { makeDiagnostic, type SourceSpan } from '../diagnostics';
import type { Expr } from '../expressions';
import { DIMENSIONLESS, formatDimension, isDimensionless, lookupUnit, type Dimension } from '../units';
import { applyBinary, applyComparison, applyNegation, type ArithmeticFailure, type Operand } from './quantityArithmetic';
import { hasRun, resolveName, type NameHint, type ScriptContext } from './scriptContext';
import { lookupBrian2Name, lookupNumpyName } from './scriptNames';
import { ERROR_VALUE, MAX_LIST_LENGTH, describeUnsupported, describeValue, toNumberValue, type DictValueEntry, type ScriptValue } from './scriptValue';

/** Deeper than this, an expression is reported instead of evaluated (protects the call stack). */
const MAX_DEPTH = 400;

/** Options of `evaluateExpression`. */
export interface EvaluateOptions {
  /** The variable the value will be bound to (object names default to it). */
  readonly nameHint?: NameHint;
}

function reportFailure(ctx: ScriptContext, failure: ArithmeticFailure, span: SourceSpan, operator: string): ScriptValue {
  if (failure.kind === 'mismatch') {
    ctx.diagnostics.push(makeDiagnostic('SF1002', { context: failure.context, left: formatDimension(failure.left), right: formatDimension(failure.right) }, span));
  } else {
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: `"${operator}"`, detail: failure.detail }, span));
  }
  return ERROR_VALUE;
}

function asOperand(value: ScriptValue): Operand | undefined {
  if (value.kind === 'quantity') return value;
  if (value.kind === 'bool') return { value: value.value ? 1 : 0, dim: DIMENSIONLESS, isInteger: true };
  return undefined;
}

/** Whether a value is true in Python's sense. */
export function isTruthy(value: ScriptValue): boolean | undefined {
  switch (value.kind) {
    case 'quantity':
      return value.value !== 0;
    case 'bool':
      return value.value;
    case 'none':
      return false;
    case 'string':
      return value.value !== '';
    case 'list':
      return value.items.length > 0;
    case 'dict':
      return value.entries.length > 0;
    default:
      return undefined;
  }
}

/** A value that cannot take part in arithmetic: already reported (error) or passed through (plotting, recorded). */
function passThrough(values: readonly ScriptValue[]): ScriptValue | undefined {
  if (values.some((v) => v.kind === 'error')) return ERROR_VALUE;
  if (values.some((v) => v.kind === 'recorded')) return { kind: 'recorded' };
  if (values.some((v) => v.kind === 'plotting')) return { kind: 'plotting' };
  return undefined;
}

/**
 * Python's own list arithmetic: `[0, 1] * 3` repeats the list and `a + b` joins two lists (a list
 * times a unit or a quantity is an array, element-wise: handled by the caller). Undefined when the
 * operands are not of these shapes.
 */
function listArithmetic(ctx: ScriptContext, expr: Extract<Expr, { kind: 'binary' }>, left: ScriptValue, right: ScriptValue): ScriptValue | undefined {
  let parts: Extract<ScriptValue, { kind: 'list' }>[];
  if (expr.op === '+' && left.kind === 'list' && right.kind === 'list') parts = [left, right];
  else if (expr.op === '*' && (left.kind === 'list') !== (right.kind === 'list')) {
    const list = left.kind === 'list' ? left : right.kind === 'list' ? right : undefined;
    const times = left.kind === 'list' ? right : left;
    if (list === undefined || times.kind !== 'quantity' || !times.isInteger || !isDimensionless(times.dim)) return undefined;
    // Checked before the copies are made: `[0]*10**9` must not allocate.
    if (list.items.length * Math.max(0, times.value) > MAX_LIST_LENGTH) return tooLong(ctx, expr);
    parts = list.items.length === 0 ? [] : Array.from({ length: Math.max(0, times.value) }, () => list);
  } else return undefined;
  if (parts.reduce((n, part) => n + part.items.length, 0) > MAX_LIST_LENGTH) return tooLong(ctx, expr);
  return { kind: 'list', items: parts.flatMap((part) => part.items), spans: parts.flatMap((part) => part.spans) };
}

function tooLong(ctx: ScriptContext, expr: Expr): ScriptValue {
  ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `a list of more than ${MAX_LIST_LENGTH} items` }, expr.span));
  return ERROR_VALUE;
}

function evaluateBinary(ctx: ScriptContext, expr: Extract<Expr, { kind: 'binary' }>): ScriptValue {
  const left = evaluateExpression(ctx, expr.left);
  const right = evaluateExpression(ctx, expr.right);
  const passed = passThrough([left, right]);
  if (passed !== undefined) return passed;
  const python = listArithmetic(ctx, expr, left, right);
  if (python !== undefined) return python;
  // A list times (or divided by) a quantity is Brian2's array quantity: `[2, 1]*ms`.
  if ((expr.op === '*' || expr.op === '/') && (left.kind === 'list') !== (right.kind === 'list')) {
    const list = left.kind === 'list' ? left : right.kind === 'list' ? right : undefined;
    const scalar = asOperand(left.kind === 'list' ? right : left);
    if (list !== undefined && scalar !== undefined && !(expr.op === '/' && left.kind !== 'list')) {
      // Element-wise, through nested lists (a 2-D array times a unit).
      const scale = (value: Extract<ScriptValue, { kind: 'list' }>): ScriptValue => {
        const items: ScriptValue[] = [];
        for (const [k, item] of value.items.entries()) {
          if (item.kind === 'list') {
            const inner = scale(item);
            if (inner.kind === 'error') return inner;
            items.push(inner);
            continue;
          }
          const operand = asOperand(item);
          if (operand === undefined) {
            ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `"${expr.op}" on a list of ${describeValue(item)}` }, value.spans[k] ?? expr.span));
            return ERROR_VALUE;
          }
          const product = left.kind === 'list' ? applyBinary(expr.op, operand, scalar) : applyBinary(expr.op, scalar, operand);
          if (!product.ok) return reportFailure(ctx, product.failure, expr.span, expr.op);
          items.push({ kind: 'quantity', ...product.value });
        }
        return { kind: 'list', items, spans: value.spans };
      };
      return scale(list);
    }
  }
  const a = asOperand(left);
  const b = asOperand(right);
  if (a === undefined || b === undefined) {
    const what = left.kind === 'string' && right.kind === 'string' && expr.op === '+' ? 'joining strings with "+"' : `"${expr.op}" on ${describeValue(a === undefined ? left : right)}`;
    ctx.diagnostics.push(makeDiagnostic('SF4009', { what }, expr.span));
    return ERROR_VALUE;
  }
  const result = applyBinary(expr.op, a, b);
  if (!result.ok) return reportFailure(ctx, result.failure, result.failure.kind === 'mismatch' && result.failure.onRight === true ? expr.right.span : expr.span, expr.op);
  return { kind: 'quantity', ...result.value };
}

function evaluateCompare(ctx: ScriptContext, expr: Extract<Expr, { kind: 'compare' }>): ScriptValue {
  const operands = expr.operands.map((operand) => evaluateExpression(ctx, operand));
  const passed = passThrough(operands);
  if (passed !== undefined) return passed;
  let result = true;
  for (let k = 0; k < expr.ops.length; k++) {
    const a = asOperand(operands[k] ?? ERROR_VALUE);
    const b = asOperand(operands[k + 1] ?? ERROR_VALUE);
    const op = expr.ops[k];
    if (a === undefined || b === undefined || op === undefined) {
      ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'comparisons of values other than numbers and quantities' }, expr.span));
      return ERROR_VALUE;
    }
    const compared = applyComparison(op, a, b);
    if (!compared.ok) return reportFailure(ctx, compared.failure, expr.span, op);
    result &&= compared.value;
  }
  return { kind: 'bool', value: result };
}

/** The value of `object.name` where `object` is already evaluated (calls use it to look at methods first). */
export function evaluateAttributeOf(ctx: ScriptContext, object: ScriptValue, expr: Extract<Expr, { kind: 'attribute' }>): ScriptValue {
  const name = expr.name;
  switch (object.kind) {
    case 'error':
    case 'plotting':
    case 'recorded':
    case 'unsupported':
    case 'ignored':
      return object;
    case 'module':
      if (object.family === 'brian2') {
        const value = lookupBrian2Name(name);
        if (value !== undefined) return value;
        ctx.diagnostics.push(makeDiagnostic('SF4010', { name: `${object.name}.${name}` }, expr.span));
        return ERROR_VALUE;
      }
      if (object.family === 'numpy') return lookupNumpyName(name, `${object.name}.${name}`);
      if (object.family === 'plotting') return { kind: 'plotting' };
      return { kind: 'unsupported', what: `the module ${object.name}`, module: `the module ${object.name}` };
    case 'group': {
      const group = ctx.groups[object.id];
      if (name === 'N' && group !== undefined) return toNumberValue(group.N, true);
      if (hasRun(ctx)) return { kind: 'recorded' };
      ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `reading ${name} of a NeuronGroup in the script` }, expr.span));
      return ERROR_VALUE;
    }
    case 'synapses':
      if (hasRun(ctx)) return { kind: 'recorded' };
      ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `reading ${name} of a Synapses object in the script` }, expr.span));
      return ERROR_VALUE;
    case 'monitor':
      if (hasRun(ctx)) return { kind: 'recorded' };
      ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'reading a StateMonitor before run()' }, expr.span));
      return ERROR_VALUE;
    case 'builtin':
      if (object.name === 'defaultclock' && name === 'dt') return { kind: 'quantity', value: ctx.dt.value, dim: secondDimension(), isInteger: false };
      if (object.name === 'prefs') return { kind: 'ignored', what: 'Brian2 preferences (prefs…): SpikeForge generates its own code' };
      break;
    default:
      break;
  }
  ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `the attribute "${name}" of ${describeValue(object)}` }, expr.nameSpan));
  return ERROR_VALUE;
}

/** The dimension of time. */
export function secondDimension(): Dimension {
  // `second` is always in the unit table; the fallback only guards a broken table.
  return lookupUnit('second')?.dim ?? DIMENSIONLESS;
}

function evaluateSubscript(ctx: ScriptContext, expr: Extract<Expr, { kind: 'subscript' }>): ScriptValue {
  const object = evaluateExpression(ctx, expr.object);
  if (object.kind === 'error' || object.kind === 'recorded' || object.kind === 'plotting') return object;
  if (object.kind === 'monitor' && hasRun(ctx)) return { kind: 'recorded' };
  if (object.kind === 'group' && expr.index.kind === 'slice' && object.range === undefined) {
    // A subgroup G[a:b] (Brian2's Subgroup: contiguous, indices relative to a).
    const N = ctx.groups[object.id]?.N ?? 0;
    const bound = (e: Expr | undefined, fallback: number): number | undefined => {
      if (e === undefined) return fallback;
      const value = evaluateExpression(ctx, e);
      if (value.kind === 'quantity' && value.isInteger) return value.value < 0 ? N + value.value : value.value;
      if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'a subgroup', detail: `slice bounds must be integers, got ${describeValue(value)}` }, e.span));
      return undefined;
    };
    const start = bound(expr.index.lower, 0);
    const stop = bound(expr.index.upper, N);
    if (start === undefined || stop === undefined) return ERROR_VALUE;
    if (!(start >= 0 && stop <= N && start < stop)) {
      ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'a subgroup', detail: `[${start}:${stop}] is not a non-empty range of the group's ${N} neurons` }, expr.index.span));
      return ERROR_VALUE;
    }
    return start === 0 && stop === N ? object : { kind: 'group', id: object.id, range: { start, stop } };
  }
  if (object.kind === 'list' && expr.index.kind !== 'slice') {
    const index = evaluateExpression(ctx, expr.index);
    if (index.kind === 'error') return index;
    if (index.kind === 'quantity' && index.isInteger) {
      const k = index.value < 0 ? object.items.length + index.value : index.value;
      const item = object.items[k];
      if (item !== undefined) return item;
      ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: 'indexing', detail: `index ${index.value} is out of range for a list of ${object.items.length}` }, expr.index.span));
      return ERROR_VALUE;
    }
  }
  ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `indexing ${describeValue(object)}` }, expr.span));
  return ERROR_VALUE;
}

/**
 * Evaluates without reporting unsupported objects: used for callees and attribute objects, so
 * that `Synapses(...)` is reported once for the whole call and `np.random.rand` once at its use.
 */
export function evaluateRaw(ctx: ScriptContext, expr: Expr, options: EvaluateOptions = {}): ScriptValue {
  if (ctx.depth > MAX_DEPTH) {
    ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'expressions nested this deeply' }, expr.span));
    return ERROR_VALUE;
  }
  ctx.depth++;
  try {
    return evaluateNode(ctx, expr, options);
  } finally {
    ctx.depth--;
  }
}

function evaluateNode(ctx: ScriptContext, expr: Expr, options: EvaluateOptions): ScriptValue {
  switch (expr.kind) {
    case 'number':
      return toNumberValue(expr.value, expr.isInteger);
    case 'bool':
      return { kind: 'bool', value: expr.value };
    case 'none':
      return { kind: 'none' };
    case 'string': {
      // The prefix is the text between the span's start and the quotes (`f`, `rb`, …; `r` is plain).
      const prefix = ctx.text.slice(expr.span.start, expr.contentStart).replace(/['"]/g, '');
      if (/[fF]/.test(prefix)) return { kind: 'unsupported', what: 'f-strings (formatted strings)' };
      if (/[bB]/.test(prefix)) return { kind: 'unsupported', what: 'bytes literals' };
      return { kind: 'string', value: expr.value, contentStart: expr.contentStart, exact: expr.raw, span: expr.span };
    }
    case 'name': {
      const value = resolveName(ctx, expr.name);
      if (value !== undefined) return value;
      ctx.diagnostics.push(makeDiagnostic('SF4010', { name: expr.name }, expr.span, ctx.brian2Star || ctx.env.size > 0 ? [] : ['is "from brian2 import *" missing?']));
      return ERROR_VALUE;
    }
    case 'list': {
      const items = expr.items.map((item) => evaluateExpression(ctx, item));
      return { kind: 'list', items, spans: expr.items.map((item) => item.span) };
    }
    case 'dict':
      return evaluateDict(ctx, expr);
    case 'unary': {
      const operand = evaluateExpression(ctx, expr.operand);
      const passed = passThrough([operand]);
      if (passed !== undefined) return passed;
      if (expr.op === 'not') {
        const truth = isTruthy(operand);
        if (truth !== undefined) return { kind: 'bool', value: !truth };
        ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `"not" on ${describeValue(operand)}` }, expr.span));
        return ERROR_VALUE;
      }
      const a = asOperand(operand);
      if (a === undefined) {
        ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `"${expr.op}" on ${describeValue(operand)}` }, expr.span));
        return ERROR_VALUE;
      }
      return { kind: 'quantity', ...applyNegation(expr.op, a) };
    }
    case 'binary':
      return evaluateBinary(ctx, expr);
    case 'compare':
      return evaluateCompare(ctx, expr);
    case 'boolop': {
      const left = evaluateExpression(ctx, expr.left);
      const truth = isTruthy(left);
      if (truth === undefined) {
        const passed = passThrough([left]);
        if (passed !== undefined) return passed;
        ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `"${expr.op}" on ${describeValue(left)}` }, expr.span));
        return ERROR_VALUE;
      }
      // Python returns the deciding operand itself: `a or b` is a when a is true.
      if (expr.op === 'and' ? !truth : truth) return left;
      return evaluateExpression(ctx, expr.right);
    }
    case 'call':
      return ctx.evaluateCall(ctx, expr, options.nameHint);
    case 'attribute':
      return evaluateAttributeOf(ctx, evaluateRaw(ctx, expr.object), expr);
    case 'subscript':
      return evaluateSubscript(ctx, expr);
  }
}

/** Evaluates an expression whose value is used: unsupported objects are reported here, at its span. */
export function evaluateExpression(ctx: ScriptContext, expr: Expr, options: EvaluateOptions = {}): ScriptValue {
  const value = evaluateRaw(ctx, expr, options);
  if (value.kind !== 'unsupported') return value;
  ctx.diagnostics.push(makeDiagnostic('SF4009', { what: describeUnsupported(value, ctx.text.slice(expr.span.start, expr.span.end)) }, expr.span));
  return ERROR_VALUE;
}

/** `{'key': value, …}`: keys must be strings (all the dicts Brian2 takes here are keyed by names). */
function evaluateDict(ctx: ScriptContext, expr: Extract<Expr, { kind: 'dict' }>): ScriptValue {
  const entries = new Map<string, DictValueEntry>();
  let failed = false;
  for (const entry of expr.entries) {
    const key = evaluateExpression(ctx, entry.key);
    const value = evaluateExpression(ctx, entry.value);
    if (key.kind !== 'string') {
      if (key.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `a dict key that is ${describeValue(key)} (keys are names in quotes, such as 'simplify')` }, entry.key.span));
      failed = true;
      continue;
    }
    entries.delete(key.value);
    entries.set(key.value, { key: key.value, keySpan: entry.key.span, value, valueSpan: entry.value.span });
  }
  return failed ? ERROR_VALUE : { kind: 'dict', entries: [...entries.values()] };
}
