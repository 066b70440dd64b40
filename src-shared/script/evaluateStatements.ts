/**
 * Runs the statements of a script, in order, against a `ScriptContext`: imports bind modules
 * and names, assignments bind constants, strings and objects, attribute assignments set initial
 * values and the clock, and expression statements run calls. Lines that only plot, print or
 * analyse recordings are counted and skipped (one info at the end), because SpikeForge plots the
 * monitors itself; statements that would change the model after run() are errors, because the IR
 * describes one model for one duration.
 */
import { makeDiagnostic, type SourceSpan } from '../diagnostics';
import type { Expr } from '../expressions';
import { sameDimension, type Dimension } from '../units';
import { evaluateExpression, evaluateRaw, secondDimension } from './evaluateExpression';
import type { ScriptStatement } from './scriptAst';
import { hasRun, resolveName, skipLine, type InitialRecord, type ScriptContext } from './scriptContext';
import { lookupBrian2Name, lookupNumpyName, moduleFamily } from './scriptNames';
import { ERROR_VALUE, describeValue, type ScriptValue } from './scriptValue';

function bind(ctx: ScriptContext, name: string, value: ScriptValue, origin: 'assign' | 'import', span: SourceSpan, valueSpan?: SourceSpan): void {
  const previous = ctx.env.get(name);
  if (hasRun(ctx) && ctx.namespace?.[name] !== undefined && previous?.value.kind === 'quantity') {
    const same = value.kind === 'quantity' && value.value === previous.value.value && sameDimension(value.dim, previous.value.dim);
    if (!same) ctx.changedAfterRun.set(name, span);
  }
  ctx.env.set(name, { value, origin, span, ...(valueSpan === undefined ? {} : { valueSpan }) });
}

function poison(ctx: ScriptContext, names: readonly string[], span: SourceSpan): void {
  for (const name of names) bind(ctx, name, ERROR_VALUE, 'assign', span);
}

function evaluateImport(ctx: ScriptContext, statement: Extract<ScriptStatement, { kind: 'import' }>): void {
  for (const imported of statement.names) {
    const family = moduleFamily(imported.name);
    // `import a.b` binds `a`; `import a.b as c` binds c to a.b.
    const bound = imported.alias ?? imported.name.split('.')[0] ?? imported.name;
    const moduleName = imported.alias === undefined ? bound : imported.name;
    bind(ctx, bound, { kind: 'module', name: moduleName, family }, 'import', imported.span);
  }
}

function evaluateFromImport(ctx: ScriptContext, statement: Extract<ScriptStatement, { kind: 'fromImport' }>): void {
  const family = moduleFamily(statement.module);
  if (statement.names === '*') {
    if (family === 'brian2') ctx.brian2Star = true;
    else if (family === 'numpy') ctx.numpyStar = true;
    else if (family === 'plotting') ctx.plottingStar = true;
    else ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `"from ${statement.module} import *" (its names are unknown to SpikeForge)` }, statement.span));
    return;
  }
  for (const imported of statement.names) {
    const qualified = `${statement.module}.${imported.name}`;
    let value: ScriptValue | undefined;
    if (family === 'brian2') value = lookupBrian2Name(imported.name);
    else if (family === 'numpy') value = lookupNumpyName(imported.name, qualified);
    else if (family === 'plotting') value = { kind: 'plotting' };
    else value = { kind: 'unsupported', what: `${qualified} (from a module SpikeForge does not read)` };
    if (value === undefined) {
      ctx.diagnostics.push(makeDiagnostic('SF4010', { name: imported.name }, imported.span, [`brian2 has no name "${imported.name}"`]));
      value = ERROR_VALUE;
    }
    bind(ctx, imported.alias ?? imported.name, value, 'import', imported.span);
  }
}

/** Whether a call only plots or prints (found without evaluating anything, so without side effects). */
function isPlottingCall(ctx: ScriptContext, expr: Expr): boolean {
  if (expr.kind !== 'call') return false;
  const resolve = (callee: Expr): 'plotting' | 'other' => {
    if (callee.kind === 'name') {
      const value = resolveName(ctx, callee.name);
      return value?.kind === 'plotting' ? 'plotting' : 'other';
    }
    if (callee.kind === 'attribute') {
      if (callee.object.kind === 'name') {
        const value = resolveName(ctx, callee.object.name);
        if (value?.kind === 'plotting' || (value?.kind === 'module' && value.family === 'plotting')) return 'plotting';
      }
      return resolve(callee.object);
    }
    if (callee.kind === 'call') return resolve(callee.callee);
    return 'other';
  };
  return resolve(expr.callee) === 'plotting';
}

function isPlottingStatement(ctx: ScriptContext, statement: ScriptStatement): boolean {
  switch (statement.kind) {
    case 'expression':
      return isPlottingCall(ctx, statement.expr);
    case 'assign':
      return isPlottingCall(ctx, statement.value);
    case 'for':
      return statement.body.length > 0 && statement.body.every((s) => isPlottingStatement(ctx, s));
    default:
      return false;
  }
}

function toInitialRecord(ctx: ScriptContext, variable: string, value: ScriptValue, valueExpr: Expr, span: SourceSpan): InitialRecord | undefined {
  const raw = variable.endsWith('_');
  const name = raw ? variable.slice(0, -1) : variable;
  if (value.kind === 'quantity') return { variable: name, values: [{ value: value.value, dim: value.dim, span: valueExpr.span }], isList: false, raw, span };
  if (value.kind === 'list') {
    const values: { value: number; dim: Dimension; span: SourceSpan }[] = [];
    for (const [k, item] of value.items.entries()) {
      const itemSpan = value.spans[k] ?? valueExpr.span;
      if (item.kind === 'error') return undefined;
      if (item.kind !== 'quantity') {
        ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: `the initial value of ${name}`, detail: `expected a number or quantity, got ${describeValue(item)}` }, itemSpan));
        return undefined;
      }
      values.push({ value: item.value, dim: item.dim, span: itemSpan });
    }
    return { variable: name, values, isList: true, raw, span };
  }
  if (value.kind === 'string') return { variable: name, values: [], isList: false, raw, span, code: { code: value.value, offset: value.contentStart, span: valueExpr.span } };
  if (value.kind !== 'error') {
    ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: `the initial value of ${name}`, detail: `expected a number, quantity or list, got ${describeValue(value)}` }, valueExpr.span));
  }
  return undefined;
}

function evaluateAttributeAssign(ctx: ScriptContext, statement: Extract<ScriptStatement, { kind: 'attributeAssign' }>): void {
  const object = evaluateRaw(ctx, statement.object);
  const { attribute } = statement;
  if (object.kind === 'error') return;
  if (object.kind === 'builtin' && object.name === 'defaultclock' && attribute === 'dt') {
    if (hasRun(ctx)) {
      ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'changing defaultclock.dt between run() calls' }, statement.span));
      return;
    }
    const value = evaluateExpression(ctx, statement.value);
    if (value.kind === 'quantity' && sameDimension(value.dim, secondDimension())) ctx.dt = { value: value.value, span: statement.value.span };
    else if (value.kind !== 'error') ctx.diagnostics.push(makeDiagnostic('SF4004', { value: describeValue(value) }, statement.value.span));
    return;
  }
  if (object.kind === 'ignored') {
    ctx.diagnostics.push(makeDiagnostic('SF4014', { what: object.what }, statement.span));
    return;
  }
  if (object.kind === 'group') {
    const group = ctx.groups[object.id];
    if (group === undefined) return;
    if (hasRun(ctx)) {
      ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'setting state variables between run() calls' }, statement.span));
      return;
    }
    if (['N', 'name', 'equations', 'method', 'namespace', 'clock', 'dt', 't', 'i'].includes(attribute)) {
      ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `setting ${attribute} of a NeuronGroup after creating it` }, statement.attributeSpan));
      return;
    }
    const value = evaluateExpression(ctx, statement.value);
    const record = toInitialRecord(ctx, attribute, value, statement.value, statement.span);
    if (record !== undefined) group.initial.push(object.range === undefined ? record : { ...record, range: object.range });
    return;
  }
  if (object.kind === 'synapses') {
    const synapses = ctx.synapses[object.id];
    if (synapses === undefined) return;
    if (hasRun(ctx)) {
      ctx.diagnostics.push(makeDiagnostic('SF4009', { what: 'setting synaptic variables between run() calls' }, statement.span));
      return;
    }
    const value = evaluateExpression(ctx, statement.value);
    const record = toInitialRecord(ctx, attribute, value, statement.value, statement.span);
    if (record !== undefined) synapses.initial.push(record);
    return;
  }
  if (object.kind === 'plotting') {
    skipLine(ctx, statement.span);
    return;
  }
  ctx.diagnostics.push(makeDiagnostic('SF4009', { what: `setting "${attribute}" of ${describeValue(object)}` }, statement.targetSpan));
}

function evaluateAssign(ctx: ScriptContext, statement: Extract<ScriptStatement, { kind: 'assign' }>): void {
  if (isPlottingStatement(ctx, statement)) {
    skipLine(ctx, statement.span);
    bind(ctx, statement.target, { kind: 'plotting' }, 'assign', statement.targetSpan);
    return;
  }
  const value = evaluateExpression(ctx, statement.value, { nameHint: { name: statement.target, span: statement.targetSpan } });
  if (value.kind === 'recorded') skipLine(ctx, statement.span);
  bind(ctx, statement.target, value, 'assign', statement.targetSpan, statement.value.span);
}

function evaluateStatement(ctx: ScriptContext, statement: ScriptStatement): void {
  switch (statement.kind) {
    case 'import':
      evaluateImport(ctx, statement);
      return;
    case 'fromImport':
      evaluateFromImport(ctx, statement);
      return;
    case 'assign':
      evaluateAssign(ctx, statement);
      return;
    case 'attributeAssign':
      evaluateAttributeAssign(ctx, statement);
      return;
    case 'expression': {
      if (isPlottingStatement(ctx, statement)) {
        skipLine(ctx, statement.span);
        return;
      }
      const value = evaluateExpression(ctx, statement.expr);
      if (value.kind === 'recorded' || value.kind === 'plotting') skipLine(ctx, statement.span);
      return;
    }
    case 'for':
      if (isPlottingStatement(ctx, statement)) skipLine(ctx, statement.span);
      else {
        ctx.diagnostics.push(makeDiagnostic('SF4009', { what: '"for" loops (only loops that just plot or print are skipped)' }, statement.span));
        poison(ctx, [statement.target, ...statement.body.flatMap(assignedBy)], statement.span);
      }
      return;
    case 'unsupported':
      if (statement.value !== undefined && isPlottingCall(ctx, statement.value)) {
        skipLine(ctx, statement.span);
        for (const name of statement.assigns) bind(ctx, name, { kind: 'plotting' }, 'assign', statement.span);
        return;
      }
      ctx.diagnostics.push(makeDiagnostic('SF4009', { what: statement.what }, statement.span));
      poison(ctx, statement.assigns, statement.span);
      return;
    case 'invalid':
      poison(ctx, statement.assigns, statement.span);
      return;
  }
}

function assignedBy(statement: ScriptStatement): string[] {
  switch (statement.kind) {
    case 'assign':
      return [statement.target];
    case 'for':
      return [statement.target, ...statement.body.flatMap(assignedBy)];
    case 'unsupported':
    case 'invalid':
      return [...statement.assigns];
    case 'import':
      return statement.names.map((n) => n.alias ?? n.name.split('.')[0] ?? n.name);
    case 'fromImport':
      return statement.names === '*' ? [] : statement.names.map((n) => n.alias ?? n.name);
    default:
      return [];
  }
}

/** Evaluates statements in order; everything found is reported into `ctx.diagnostics`. */
export function evaluateStatements(ctx: ScriptContext, statements: readonly ScriptStatement[]): void {
  for (const statement of statements) evaluateStatement(ctx, statement);
}
