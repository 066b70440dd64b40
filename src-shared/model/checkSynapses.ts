/**
 * Checks a Synapses object (BRIAN2_SEMANTICS.md §12): its synaptic variables, its pathways'
 * statements (`on_pre`, `on_post`), its `connect` calls and its initial values. Names in pathway
 * code resolve as in Brian2: synaptic variables first, then `x_pre` / `x_post` for variables of
 * the source and target, then bare names of the target's variables (which the checked code
 * spells `x_post`, so each target variable has one local), then constants and units. Anything
 * that cannot run yet is reported at its span instead of being silently ignored.
 */
import { joinSpans, makeDiagnostic, type Diagnostic, type SourceSpan } from '../diagnostics';
import { parseEquations, secondDimension, type EquationDef, type ExternalConstant } from '../equations';
import {
  collectNames,
  inferDimensions,
  parseExpressionAt,
  runParser,
  scanExpression,
  substituteNames,
  TokenCursor,
  type Expr,
  type Statement,
  type SymbolInfo,
  type SymbolLookup,
} from '../expressions';
import { DIMENSIONLESS, divideDimensions, formatDimension, powerDimension, sameDimension } from '../units';
import { checkAbstractCode, parseAbstractCode, type WriteCheck } from './abstractCode';
import { eventNamesOf, unknownEvent } from './checkEvents';
import { checkMethodOptions } from './methodOptions';
import { checkRange, sizeOf, type CheckedGroup, type StateVariable } from './checkedGroup';
import type { CodeText, ConnectIR, SynapsesIR } from './modelIR';
import { unitConstantsOf } from './unitConstants';

/** The range of a generator: `range(…)` or `sample(…)`. */
export type GeneratorRange =
  | { readonly kind: 'range'; readonly start: Expr; readonly stop: Expr; readonly step: Expr }
  | { readonly kind: 'sample'; readonly start: Expr; readonly stop: Expr; readonly step: Expr; readonly p?: Expr; readonly size?: Expr };

/** A checked connect call. */
export type CheckedConnect =
  | { readonly kind: 'arrays'; readonly i: readonly number[]; readonly j: readonly number[] }
  | {
      readonly kind: 'generator';
      /** The target index for each value of `variable` (or for each source neuron when there is no range). */
      readonly expr: Expr;
      readonly variable?: string;
      readonly range?: GeneratorRange;
      readonly condition?: Expr;
      /** Probability of each pair passing the condition, when not folded into `sample`. */
      readonly p?: Expr;
      readonly n: number;
      readonly skipIfInvalid: boolean;
      readonly span?: SourceSpan;
    };

export interface CheckedSynapses {
  readonly ir: SynapsesIR;
  readonly source: CheckedGroup;
  readonly target: CheckedGroup;
  /** Synaptic parameters plus `delay`, one array each, indexed by synapse. */
  readonly variables: readonly StateVariable[];
  readonly namespace: Readonly<Record<string, ExternalConstant>>;
  readonly onPre: readonly Statement[];
  readonly onPost: readonly Statement[];
  readonly connect: readonly CheckedConnect[];
  /** Initial values given as expressions, per synapse, in order. */
  readonly initialCode: readonly Statement[];
  /** `(event-driven)` equations: solved exactly over `t - lastupdate` at each event of a pathway. */
  readonly eventDriven: readonly EquationDef[];
  /**
   * Clock-driven equations (with or without the flag): integrated for every synapse every step
   * (slot `groups`, `<S>_stateupdater`). Bare target variables are spelled `x_post`.
   */
  readonly clockDriven: readonly EquationDef[];
  /** Synaptic subexpressions (not summed), already substituted into pathway, summed and initial code. */
  readonly subexpressions: readonly EquationDef[];
  /** `(summed)` variables: `x_post = expr` summed over synapses into the target (or source) variable. */
  readonly summed: readonly SummedVariable[];
}

/** A `(summed)` subexpression of a Synapses model. */
export interface SummedVariable {
  readonly side: 'pre' | 'post';
  readonly variable: string;
  readonly expr: Expr;
  readonly span: SourceSpan;
}

const INTEGER: SymbolInfo = { dim: DIMENSIONLESS, type: 'integer' };

function delayDefinition(span: SourceSpan): EquationDef {
  return { kind: 'parameter', name: 'delay', nameSpan: span, unitText: 'second', unitSpan: span, dim: secondDimension(), type: 'float', flags: [], span };
}

/** Substitutes subexpressions (which may use each other) until none is left. */
function inlineNames(expr: Expr, subexpressions: ReadonlyMap<string, Expr>): Expr {
  let current = expr;
  for (let depth = 0; depth <= subexpressions.size; depth++) {
    let changed = false;
    current = substituteNames(current, (name) => {
      const replacement = subexpressions.get(name);
      if (replacement !== undefined) changed = true;
      return replacement;
    });
    if (!changed) break;
  }
  return current;
}

/**
 * Brian2's `verify_dependencies`: a clock-driven equation or a summed variable must not depend on
 * an event-driven variable, directly or through subexpressions (C37). Reported at the use.
 */
function reportEventDrivenUse(def: EquationDef, what: string, subexpressions: ReadonlyMap<string, Expr>, eventNames: ReadonlySet<string>, diagnostics: Diagnostic[]): void {
  if (def.expr === undefined || eventNames.size === 0) return;
  const visit = (expr: Expr, via: readonly string[]): boolean => {
    for (const used of collectNames(expr)) {
      if (eventNames.has(used.name)) {
        const through = via.length === 0 ? '' : ` (via ${via.map((v) => `"${v}"`).join(', ')})`;
        diagnostics.push(makeDiagnostic('SF3011', { what, name: def.name, other: used.name, via: through }, used.span));
        return true;
      }
      const sub = subexpressions.get(used.name);
      if (sub !== undefined && !via.includes(used.name) && visit(sub, [...via, used.name])) return true;
    }
    return false;
  };
  visit(def.expr, []);
}

/** What a pathway or connect expression sees. */
function makeLookup(own: ReadonlyMap<string, EquationDef>, source: CheckedGroup, target: CheckedGroup, namespace: Readonly<Record<string, ExternalConstant>>, extra: Readonly<Record<string, SymbolInfo>> = {}): SymbolLookup {
  const groupVariable = (group: CheckedGroup, name: string): SymbolInfo | undefined => {
    const def = group.variables.find((v) => v.name === name)?.def;
    return def === undefined ? undefined : { dim: def.dim, type: def.type };
  };
  const second = secondDimension();
  return (name) => {
    const extraSymbol = extra[name];
    if (extraSymbol !== undefined) return extraSymbol;
    const def = own.get(name);
    if (def !== undefined) return { dim: def.dim, type: def.type };
    if (name === 'i' || name === 'j' || name === 'N' || name === 'N_pre' || name === 'N_post' || name === 'N_incoming' || name === 'N_outgoing') return INTEGER;
    if (name === 't' || name === 'dt') return { dim: second, type: 'float' };
    if (name === 't_in_timesteps') return INTEGER;
    if (name.endsWith('_pre')) return groupVariable(source, name.slice(0, -4));
    if (name.endsWith('_post')) return groupVariable(target, name.slice(0, -5));
    const post = groupVariable(target, name);
    if (post !== undefined) return post;
    const constant = namespace[name];
    if (constant !== undefined) return { dim: constant.dim, type: 'float', constant: constant.value };
    return undefined;
  };
}

/** Spells bare target variables `x_post` so that every target variable has one name. */
function normaliseNames(expr: Expr, own: ReadonlyMap<string, EquationDef>, target: CheckedGroup, extra: ReadonlySet<string> = new Set()): Expr {
  return substituteNames(expr, (name) => {
    if (own.has(name) || extra.has(name) || name.endsWith('_pre') || name.endsWith('_post')) return undefined;
    return target.variables.some((v) => v.name === name) ? { kind: 'name', name: `${name}_post`, span: expr.span } : undefined;
  });
}

function normaliseTarget(name: string, own: ReadonlyMap<string, EquationDef>, target: CheckedGroup): string {
  if (own.has(name) || name.endsWith('_pre') || name.endsWith('_post')) return name;
  return target.variables.some((v) => v.name === name) ? `${name}_post` : name;
}

function checkPathway(code: CodeText | undefined, which: string, synapses: SynapsesIR, own: ReadonlyMap<string, EquationDef>, source: CheckedGroup, target: CheckedGroup, namespace: Readonly<Record<string, ExternalConstant>>, diagnostics: Diagnostic[]): Statement[] {
  if (code === undefined) return [];
  const parsed = parseAbstractCode(code.code, code.offset);
  diagnostics.push(...parsed.diagnostics);
  const canWrite: WriteCheck = (name) => {
    if (['i', 'j', 'N', 'N_pre', 'N_post', 'N_incoming', 'N_outgoing', 't', 'dt', 't_in_timesteps'].includes(name)) return 'it is read-only';
    if (name === 'delay') return 'delays cannot change inside a pathway';
    if (own.get(name)?.kind === 'subexpression') return 'it is a subexpression';
    if (namespace[name] !== undefined && !own.has(name)) return 'it is an external constant';
    const def = own.get(name);
    if (def?.flags.some((f) => f.name === 'constant') === true) return 'it is declared (constant)';
    return undefined;
  };
  const checked = checkAbstractCode(parsed.statements, makeLookup(own, source, target, namespace), canWrite, `${which} of ${synapses.name}`);
  diagnostics.push(...checked.diagnostics);
  const temporaries = new Set(checked.code.temporaries.keys());
  return checked.code.statements.map((st) => ({
    ...st,
    target: temporaries.has(st.target) ? st.target : normaliseTarget(st.target, own, target),
    expr: normaliseNames(st.expr, own, target, temporaries),
  }));
}

function parseCode(code: CodeText, lookup: SymbolLookup, context: string, diagnostics: Diagnostic[], mode: 'model' | 'python' = 'model'): { expr: Expr; info: SymbolInfo; cursor: TokenCursor } | undefined {
  const scanned = scanExpression(code.code, { offset: code.offset });
  if (scanned.diagnostics.length > 0) {
    diagnostics.push(...scanned.diagnostics);
    return undefined;
  }
  const cursor = new TokenCursor(scanned.tokens, mode);
  const parsed = runParser(() => parseExpressionAt(cursor));
  if (parsed.value === undefined) {
    diagnostics.push(...parsed.diagnostics);
    return undefined;
  }
  const inferred = inferDimensions(parsed.value, lookup, context);
  diagnostics.push(...inferred.diagnostics);
  return inferred.inferred === undefined ? undefined : { expr: parsed.value, info: inferred.inferred, cursor };
}

function requireEnd(cursor: TokenCursor, diagnostics: Diagnostic[]): boolean {
  const token = cursor.peek();
  if (token.kind === 'eof') return true;
  diagnostics.push(makeDiagnostic('SF2002', { expected: 'the end of the expression', found: `"${token.text}"` }, token.span));
  return false;
}

const NUMBER_ONE = (span: SourceSpan): Expr => ({ kind: 'number', value: 1, isInteger: true, text: '1', span });
const NUMBER_ZERO = (span: SourceSpan): Expr => ({ kind: 'number', value: 0, isInteger: true, text: '0', span });
const NAME = (name: string, span: SourceSpan): Expr => ({ kind: 'name', name, span });

/** `range(stop)`, `range(start, stop[, step])`, `sample(...)` with `p=` or `size=`. */
function toRange(expr: Expr, diagnostics: Diagnostic[]): GeneratorRange | undefined {
  if (expr.kind !== 'call' || expr.callee.kind !== 'name' || (expr.callee.name !== 'range' && expr.callee.name !== 'sample')) {
    diagnostics.push(makeDiagnostic('SF4011', { callee: 'connect', detail: 'the generator must iterate over range(…) or sample(…)' }, expr.span));
    return undefined;
  }
  const args = expr.args;
  if (args.length < 1 || args.length > 3) {
    diagnostics.push(makeDiagnostic('SF2004', { name: expr.callee.name, expected: '1 to 3', actual: args.length }, expr.span));
    return undefined;
  }
  const span = expr.span;
  const [a, b, c] = args;
  const start = args.length === 1 ? NUMBER_ZERO(span) : (a as Expr);
  const stop = args.length === 1 ? (a as Expr) : (b as Expr);
  const step = c ?? NUMBER_ONE(span);
  if (expr.callee.name === 'range') {
    if (expr.keywords.length > 0) diagnostics.push(makeDiagnostic('SF4011', { callee: 'range', detail: 'it takes no keyword arguments' }, expr.keywords[0]?.span ?? span));
    return { kind: 'range', start, stop, step };
  }
  const p = expr.keywords.find((k) => k.name === 'p')?.value;
  const size = expr.keywords.find((k) => k.name === 'size')?.value;
  const unknown = expr.keywords.find((k) => k.name !== 'p' && k.name !== 'size');
  if (unknown !== undefined) diagnostics.push(makeDiagnostic('SF4011', { callee: 'sample', detail: `unknown argument "${unknown.name}" (use p= or size=)` }, unknown.span));
  if ((p === undefined) === (size === undefined)) {
    diagnostics.push(makeDiagnostic('SF4011', { callee: 'sample', detail: 'give exactly one of p= (probability) or size= (number of targets)' }, span));
    return undefined;
  }
  return { kind: 'sample', start, stop, step, ...(p === undefined ? {} : { p }), ...(size === undefined ? {} : { size }) };
}

function checkConnect(connect: ConnectIR, synapses: SynapsesIR, own: ReadonlyMap<string, EquationDef>, source: CheckedGroup, target: CheckedGroup, namespace: Readonly<Record<string, ExternalConstant>>, diagnostics: Diagnostic[]): CheckedConnect | undefined {
  const lookup = makeLookup(new Map(), source, target, namespace);
  const context = `connect of ${synapses.name}`;
  const booleanOf = (code: CodeText, what: string, extra: SymbolLookup = lookup): Expr | undefined => {
    const parsed = parseCode(code, extra, context, diagnostics);
    if (parsed === undefined || !requireEnd(parsed.cursor, diagnostics)) return undefined;
    if (parsed.info.type !== 'boolean') {
      diagnostics.push(makeDiagnostic('SF4011', { callee: 'connect', detail: `${what} must be a boolean condition` }, parsed.expr.span));
      return undefined;
    }
    return normaliseNames(parsed.expr, new Map(), target);
  };
  switch (connect.kind) {
    case 'arrays': {
      const problems = diagnostics.length;
      if (connect.i.length !== connect.j.length) {
        diagnostics.push(makeDiagnostic('SF4011', { callee: 'connect', detail: `i and j must have the same length (${connect.i.length} and ${connect.j.length})` }, connect.span));
      }
      const check = (values: readonly number[], size: number, what: string, span: SourceSpan | undefined): void => {
        const bad = values.find((v) => !Number.isInteger(v) || v < 0 || v >= size);
        if (bad !== undefined) diagnostics.push(makeDiagnostic('SF4011', { callee: 'connect', detail: `${what} index ${bad} is out of range: ${what === 'i' ? source.ir.name : target.ir.name} has ${size} neurons (valid: 0 to ${size - 1})` }, span ?? connect.span));
      };
      check(connect.i, sizeOf(source.ir.N, synapses.sourceRange), 'i', connect.iSpan);
      check(connect.j, sizeOf(target.ir.N, synapses.targetRange), 'j', connect.jSpan);
      return diagnostics.length > problems ? undefined : { kind: 'arrays', i: connect.i, j: connect.j };
    }
    case 'condition': {
      const span = connect.span ?? synapses.span ?? { start: 0, end: 0 };
      const condition = connect.condition === undefined ? undefined : booleanOf(connect.condition, 'the condition');
      if (connect.condition !== undefined && condition === undefined) return undefined;
      let p: Expr | undefined;
      if (typeof connect.p === 'number') {
        if (!(connect.p >= 0 && connect.p <= 1)) {
          diagnostics.push(makeDiagnostic('SF4011', { callee: 'connect', detail: `p must be a probability between 0 and 1, got ${connect.p}` }, connect.pSpan ?? span));
          return undefined;
        }
        if (connect.p < 1) p = { kind: 'number', value: connect.p, isInteger: false, text: String(connect.p), span: connect.pSpan ?? span };
      } else if (connect.p !== undefined) {
        const parsed = parseCode(connect.p, lookup, context, diagnostics);
        if (parsed === undefined || !requireEnd(parsed.cursor, diagnostics)) return undefined;
        if (!sameDimension(parsed.info.dim, DIMENSIONLESS) || parsed.info.type === 'boolean') {
          diagnostics.push(makeDiagnostic('SF4011', { callee: 'connect', detail: `p must be a dimensionless probability, got ${formatDimension(parsed.info.dim)}` }, parsed.expr.span));
          return undefined;
        }
        p = normaliseNames(parsed.expr, new Map(), target);
      }
      const n = connect.n ?? 1;
      if (!Number.isInteger(n) || n < 0) {
        diagnostics.push(makeDiagnostic('SF4011', { callee: 'connect', detail: `n must be a non-negative integer, got ${n}` }, span));
        return undefined;
      }
      // Brian2 turns connect(condition, p) into j='k for k in sample(N_post, p=p) if condition'.
      const conditionOnJ = condition === undefined ? undefined : substituteNames(condition, (name) => (name === 'j' ? NAME('_k', span) : undefined));
      const pIsConstant = p === undefined || p.kind === 'number';
      const range: GeneratorRange =
        p !== undefined && pIsConstant ? { kind: 'sample', start: NUMBER_ZERO(span), stop: NAME('N_post', span), step: NUMBER_ONE(span), p } : { kind: 'range', start: NUMBER_ZERO(span), stop: NAME('N_post', span), step: NUMBER_ONE(span) };
      return {
        kind: 'generator',
        expr: NAME('_v', span),
        variable: '_v',
        range,
        ...(conditionOnJ === undefined ? {} : { condition: conditionOnJ }),
        ...(p !== undefined && !pIsConstant ? { p: substituteNames(p, (name) => (name === 'j' ? NAME('_k', span) : undefined)) } : {}),
        n,
        skipIfInvalid: false,
        span,
      };
    }
    case 'generator':
      return checkGenerator(connect, lookup, source, target, context, diagnostics);
  }
}

/** `j='EXPR for VAR in RANGE if COND'` or `j='EXPR'`. */
function checkGenerator(connect: Extract<ConnectIR, { kind: 'generator' }>, lookup: SymbolLookup, source: CheckedGroup, target: CheckedGroup, context: string, diagnostics: Diagnostic[]): CheckedConnect | undefined {
  const scanned = scanExpression(connect.j.code, { offset: connect.j.offset });
  if (scanned.diagnostics.length > 0) {
    diagnostics.push(...scanned.diagnostics);
    return undefined;
  }
  const cursor = new TokenCursor(scanned.tokens, 'python');
  const parsed = runParser(() => {
    const expr = parseExpressionAt(cursor);
    if (cursor.peek().kind === 'eof') return { expr };
    if (!cursor.isKeyword('for')) cursor.fail('"for" or the end of the expression');
    cursor.next();
    const variable = cursor.next();
    if (variable.kind !== 'name') cursor.fail('a loop variable name', variable);
    if (!cursor.isKeyword('in')) cursor.fail('"in"');
    cursor.next();
    const range = parseExpressionAt(cursor);
    let condition: Expr | undefined;
    if (cursor.isKeyword('if')) {
      cursor.next();
      condition = parseExpressionAt(cursor);
    }
    if (cursor.peek().kind !== 'eof') cursor.fail('"if" or the end of the expression');
    return { expr, variable: variable.text, variableSpan: variable.span, range, ...(condition === undefined ? {} : { condition }) };
  });
  if (parsed.value === undefined) {
    diagnostics.push(...parsed.diagnostics);
    return undefined;
  }
  const g = parsed.value;
  const problems = diagnostics.length;
  const variable = 'variable' in g ? g.variable : undefined;
  const loopSymbol: Record<string, SymbolInfo> = variable === undefined ? {} : { [variable]: INTEGER };
  const withLoop: SymbolLookup = (name) => loopSymbol[name] ?? lookup(name);
  // The range may use i and presynaptic variables only (its bounds are fixed per source neuron).
  let range: GeneratorRange | undefined;
  if ('range' in g && g.range !== undefined) {
    range = toRange(g.range, diagnostics);
    if (range !== undefined) {
      const parts = [range.start, range.stop, range.step, ...(range.kind === 'sample' ? [range.p, range.size].filter((x): x is Expr => x !== undefined) : [])];
      for (const part of parts) inferDimensions(part, lookup, context).diagnostics.forEach((d) => diagnostics.push(d));
    }
  }
  const exprInfo = inferDimensions(g.expr, withLoop, context);
  diagnostics.push(...exprInfo.diagnostics);
  if (exprInfo.inferred !== undefined && exprInfo.inferred.type !== 'integer') {
    diagnostics.push(makeDiagnostic('SF4011', { callee: 'connect', detail: 'the target index expression must be an integer' }, g.expr.span));
  }
  let condition: Expr | undefined;
  if ('condition' in g && g.condition !== undefined) {
    // In the condition, j is the candidate target (as is the loop variable).
    const withJ: SymbolLookup = (name) => (name === 'j' ? INTEGER : withLoop(name));
    const info = inferDimensions(g.condition, withJ, context);
    diagnostics.push(...info.diagnostics);
    if (info.inferred !== undefined && info.inferred.type !== 'boolean') diagnostics.push(makeDiagnostic('SF4011', { callee: 'connect', detail: 'the condition after "if" must be boolean' }, g.condition.span));
    condition = g.condition;
  }
  if (diagnostics.length > problems) return undefined;
  const span = connect.span ?? joinSpans(g.expr.span, g.expr.span);
  // Candidate target j is called _k in generated code; the loop variable is an alias of it only
  // when EXPR is the variable itself, so keep both names: VAR (loop value) and j (EXPR's value).
  const rename = (e: Expr): Expr => normaliseNames(substituteNames(e, (name) => (name === variable ? NAME('_v', e.span) : undefined)), new Map(), target, new Set(['_v']));
  return {
    kind: 'generator',
    expr: rename(g.expr),
    ...(variable === undefined ? {} : { variable: '_v' }),
    ...(range === undefined ? {} : { range: mapRange(range, rename) }),
    ...(condition === undefined ? {} : { condition: substituteNames(rename(condition), (name) => (name === 'j' ? NAME('_k', span) : undefined)) }),
    n: 1,
    skipIfInvalid: connect.skipIfInvalid === true,
    span,
  };
}

function mapRange(range: GeneratorRange, f: (e: Expr) => Expr): GeneratorRange {
  if (range.kind === 'range') return { kind: 'range', start: f(range.start), stop: f(range.stop), step: f(range.step) };
  return { kind: 'sample', start: f(range.start), stop: f(range.stop), step: f(range.step), ...(range.p === undefined ? {} : { p: f(range.p) }), ...(range.size === undefined ? {} : { size: f(range.size) }) };
}

/** Checks one Synapses object against the checked groups. */
export function checkSynapses(synapses: SynapsesIR, groups: readonly CheckedGroup[], diagnostics: Diagnostic[]): CheckedSynapses | undefined {
  const span = synapses.span;
  const source = groups.find((g) => g.ir.name === synapses.source);
  const target = groups.find((g) => g.ir.name === synapses.target);
  if (source === undefined) diagnostics.push(makeDiagnostic('SF4010', { name: synapses.source }, span));
  if (target === undefined) diagnostics.push(makeDiagnostic('SF4010', { name: synapses.target }, span));
  if (source === undefined || target === undefined) return undefined;
  if (!checkRange(synapses.sourceRange, source.ir, span, diagnostics) || !checkRange(synapses.targetRange, target.ir, span, diagnostics)) return undefined;
  const parsed = parseEquations(synapses.model, { offset: synapses.modelOffset });
  const parseProblems = parsed.diagnostics.filter((d) => d.code !== 'SF3006');
  diagnostics.push(...parseProblems);
  if (parseProblems.length > 0) return undefined;
  const problems = diagnostics.length;
  const eventDriven: EquationDef[] = [];
  const clockDrivenDefs: EquationDef[] = [];
  const subexpressionDefs: EquationDef[] = [];
  const summedDefs: EquationDef[] = [];
  let unflagged: EquationDef | undefined;
  for (const def of parsed.equations.definitions) {
    const flags = new Set(def.flags.map((f) => f.name));
    if (def.kind === 'differential' && flags.has('event-driven')) {
      const both = def.flags.find((f) => f.name === 'clock-driven');
      if (both !== undefined) diagnostics.push(makeDiagnostic('SF3005', { flag: 'clock-driven' }, both.span, ['an equation is either (event-driven) or (clock-driven), not both']));
      eventDriven.push(def);
    } else if (def.kind === 'subexpression' && flags.has('summed')) summedDefs.push(def);
    else if (def.kind === 'differential') {
      // Brian2: a synaptic ODE without a flag is clock-driven, with an info message (once).
      if (!flags.has('clock-driven')) unflagged ??= def;
      clockDrivenDefs.push(def);
    } else if (def.kind === 'subexpression') subexpressionDefs.push(def);
    if (def.name === 'delay' || def.name === 'i' || def.name === 'j') diagnostics.push(makeDiagnostic('SF3004', { name: def.name, reason: 'Synapses define it themselves' }, def.nameSpan));
  }
  if (unflagged !== undefined) diagnostics.push(makeDiagnostic('SF3010', { name: unflagged.name }, unflagged.span));
  // Brian2 builds a state updater (and reads method_options) only for clock-driven equations.
  if (clockDrivenDefs.length > 0) checkMethodOptions(synapses.name, synapses.method, synapses.methodOptions, synapses.methodSpan ?? span, diagnostics);
  const userLastupdate = parsed.equations.definitions.find((d) => d.name === 'lastupdate');
  if (eventDriven.length > 0 && userLastupdate !== undefined) diagnostics.push(makeDiagnostic('SF3004', { name: 'lastupdate', reason: 'Synapses with event-driven equations define it themselves' }, userLastupdate.nameSpan));
  const lastupdate: EquationDef[] = eventDriven.length === 0 ? [] : [{ ...delayDefinition(span ?? { start: 0, end: 0 }), name: 'lastupdate' }];
  const definitions = [...parsed.equations.definitions.filter((d) => !summedDefs.includes(d)), delayDefinition(span ?? { start: 0, end: 0 }), ...lastupdate];
  const own = new Map(definitions.map((d) => [d.name, d]));
  const texts = [synapses.model, synapses.onPre?.code, synapses.onPost?.code, ...synapses.connect.flatMap((c) => (c.kind === 'condition' ? [c.condition?.code, typeof c.p === 'object' ? c.p.code : undefined] : c.kind === 'generator' ? [c.j.code] : [])), ...synapses.initial.map((init) => init.code?.code)];
  const namespace = { ...synapses.namespace, ...unitConstantsOf(texts, (name) => own.has(name) || synapses.namespace[name] !== undefined) };
  if (synapses.delay !== undefined && !(synapses.delay.seconds >= 0 && Number.isFinite(synapses.delay.seconds))) {
    diagnostics.push(makeDiagnostic('SF4011', { callee: `Synapses ${synapses.name}`, detail: `the delay must be a non-negative time, got ${synapses.delay.seconds} s` }, synapses.delay.span ?? span));
  }
  // Subexpressions are substituted wherever they are used; each name maps to its definition.
  const subexpressionOf = new Map(subexpressionDefs.flatMap((d) => (d.expr === undefined ? [] : [[d.name, normaliseNames(d.expr, own, target)] as const])));
  const inlined = (expr: Expr): Expr => inlineNames(expr, subexpressionOf);
  // Event-driven equations may use synaptic parameters, other event-driven variables, constants
  // and subexpressions of those only (BRIAN2_SEMANTICS.md §12, C37).
  const eventNames = new Set(eventDriven.map((d) => d.name));
  const parameterNames = new Set(parsed.equations.definitions.filter((d) => d.kind === 'parameter').map((d) => d.name));
  for (const def of eventDriven) {
    if (def.expr === undefined) continue;
    const info = inferDimensions(def.expr, makeLookup(own, source, target, namespace), `the equation of d${def.name}/dt in ${synapses.name}`);
    diagnostics.push(...info.diagnostics);
    for (const used of collectNames(inlined(def.expr))) {
      if (eventNames.has(used.name) || parameterNames.has(used.name) || namespace[used.name] !== undefined) continue;
      diagnostics.push(makeDiagnostic('SF5002', { method: 'event-driven', group: synapses.name, equation: `d${def.name}/dt`, reason: `it uses "${used.name}", but an event-driven equation may only use synaptic parameters, event-driven variables and constants` }, used.span));
    }
    if (info.inferred !== undefined && !sameDimension(info.inferred.dim, divideDimensions(def.dim, secondDimension()))) {
      diagnostics.push(makeDiagnostic('SF1002', { context: `the equation of d${def.name}/dt in ${synapses.name}`, left: `d${def.name}/dt has ${formatDimension(divideDimensions(def.dim, secondDimension()))}`, right: `the right-hand side has ${formatDimension(info.inferred.dim)}` }, def.expr.span));
    }
  }
  // Clock-driven equations and synaptic subexpressions: units (noise allowed in equations), and
  // no dependence on an event-driven variable (Brian2's verify_dependencies, C37).
  const noisy = makeLookup(own, source, target, namespace);
  const withNoise: SymbolLookup = (name) => noisy(name) ?? (name === 'xi' || name.startsWith('xi_') ? { dim: powerDimension(secondDimension(), -0.5), type: 'float' } : undefined);
  for (const def of [...clockDrivenDefs, ...subexpressionDefs]) {
    if (def.expr === undefined) continue;
    const lhs = def.kind === 'differential' ? `d${def.name}/dt` : def.name;
    const context = def.kind === 'differential' ? `the equation of ${lhs} in ${synapses.name}` : `the subexpression ${def.name} of ${synapses.name}`;
    const info = inferDimensions(def.expr, def.kind === 'differential' ? withNoise : noisy, context);
    diagnostics.push(...info.diagnostics);
    const expected = def.kind === 'differential' ? divideDimensions(def.dim, secondDimension()) : def.dim;
    if (info.inferred !== undefined && def.type !== 'boolean' && !sameDimension(info.inferred.dim, expected)) {
      diagnostics.push(makeDiagnostic('SF1002', { context, left: `${lhs} has ${formatDimension(expected)}`, right: `the right-hand side has ${formatDimension(info.inferred.dim)}` }, def.expr.span));
    }
    if (def.kind === 'differential') reportEventDrivenUse(def, 'clock-driven equation', subexpressionOf, eventNames, diagnostics);
  }
  const summed: SummedVariable[] = [];
  for (const def of summedDefs) {
    const side = def.name.endsWith('_post') ? 'post' : def.name.endsWith('_pre') ? 'pre' : undefined;
    const group = side === 'post' ? target : side === 'pre' ? source : undefined;
    const variable = side === undefined ? def.name : def.name.slice(0, side === 'post' ? -5 : -4);
    const targetDef = group?.variables.find((v) => v.name === variable)?.def;
    if (group === undefined || targetDef === undefined || targetDef.kind !== 'parameter' || def.expr === undefined) {
      diagnostics.push(makeDiagnostic('SF4011', { callee: `Synapses ${synapses.name}`, detail: `a (summed) variable must be named x_post (or x_pre) for a parameter x of the target (source) group, not "${def.name}"` }, def.nameSpan));
      continue;
    }
    const info = inferDimensions(def.expr, makeLookup(own, source, target, namespace), `the summed variable ${def.name} of ${synapses.name}`);
    diagnostics.push(...info.diagnostics);
    if (info.inferred !== undefined && !sameDimension(info.inferred.dim, targetDef.dim)) {
      diagnostics.push(makeDiagnostic('SF1002', { context: `the summed variable ${def.name} of ${synapses.name}`, left: `${variable} has ${formatDimension(targetDef.dim)}`, right: `the expression has ${formatDimension(info.inferred.dim)}` }, def.expr.span));
      continue;
    }
    reportEventDrivenUse(def, 'summed variable', subexpressionOf, eventNames, diagnostics);
    summed.push({ side: side ?? 'post', variable, expr: normaliseNames(inlined(def.expr), own, target), span: def.span });
  }
  const onPre = checkPathway(synapses.onPre, 'on_pre', synapses, own, source, target, namespace, diagnostics);
  const onPost = checkPathway(synapses.onPost, 'on_post', synapses, own, source, target, namespace, diagnostics);
  // A pathway runs on an event of its group: `spike` unless on_event= names another (§7).
  const pathwayEvent = (pathway: 'on_pre' | 'on_post', group: CheckedGroup, code: SynapsesIR['onPre']): void => {
    const event = (pathway === 'on_pre' ? synapses.onEvent?.pre : synapses.onEvent?.post) ?? 'spike';
    if (eventNamesOf(group.ir).includes(event)) return;
    if (event === 'spike') diagnostics.push(makeDiagnostic('SF4019', { monitor: `The ${pathway} pathway of ${synapses.name}`, group: group.ir.name }, code?.span ?? span));
    else diagnostics.push(unknownEvent(group.ir, event, `The ${pathway} pathway of ${synapses.name} (on_event=)`, synapses.onEvent?.span ?? span));
  };
  if (onPost.length > 0) pathwayEvent('on_post', target, synapses.onPost);
  if (onPre.length > 0 || synapses.onPre !== undefined) pathwayEvent('on_pre', source, synapses.onPre);
  const connect = synapses.connect.flatMap((c) => checkConnect(c, synapses, own, source, target, namespace, diagnostics) ?? []);
  const lookup = makeLookup(own, source, target, namespace);
  const initialCode: Statement[] = [];
  for (const init of synapses.initial) {
    const def = own.get(init.variable);
    if (def === undefined) {
      diagnostics.push(makeDiagnostic('SF4006', { name: init.variable, group: synapses.name }, init.span ?? span));
      continue;
    }
    if (init.code === undefined) continue;
    const parsedInit = parseCode(init.code, lookup, `the initial value of ${synapses.name}.${init.variable}`, diagnostics);
    if (parsedInit === undefined || !requireEnd(parsedInit.cursor, diagnostics)) continue;
    if (def.type !== 'boolean' && !sameDimension(parsedInit.info.dim, def.dim)) {
      diagnostics.push(makeDiagnostic('SF1002', { context: `the initial value of ${synapses.name}.${init.variable}`, left: `${init.variable} has ${formatDimension(def.dim)}`, right: `the expression has ${formatDimension(parsedInit.info.dim)}` }, parsedInit.expr.span));
      continue;
    }
    initialCode.push({ target: init.variable, op: '=', expr: normaliseNames(parsedInit.expr, own, target), span: parsedInit.expr.span });
  }
  if (diagnostics.length > problems && diagnostics.slice(problems).some((d) => d.severity === 'error')) return undefined;
  const variables = definitions.filter((def) => def.kind !== 'subexpression').map((def) => ({ name: def.name, def }));
  const normalised = (def: EquationDef): EquationDef => (def.expr === undefined ? def : { ...def, expr: normaliseNames(def.expr, own, target) });
  return {
    ir: synapses,
    source,
    target,
    variables,
    namespace,
    onPre: onPre.map((st) => ({ ...st, expr: inlined(st.expr) })),
    onPost: onPost.map((st) => ({ ...st, expr: inlined(st.expr) })),
    connect,
    initialCode: initialCode.map((st) => ({ ...st, expr: inlined(st.expr) })),
    eventDriven,
    clockDriven: clockDrivenDefs.map(normalised),
    subexpressions: subexpressionDefs.map(normalised),
    summed,
  };
}
