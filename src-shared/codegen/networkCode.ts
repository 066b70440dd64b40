/**
 * Builds the template context of one network: its host arrays (in the one parameter order all
 * entry points share), its code objects (state update with refractoriness, threshold, reset,
 * monitors) with their statements printed for C++ and JS, and its entry points. The templates
 * (`templates/cpp`, `templates/js`) only arrange these pieces; nothing from the user's text
 * reaches them except printed identifiers and numbers.
 */
import { toResult, type Diagnostic, type Result, type SourceSpan } from '../diagnostics';
import type { Expr, Statement, ValueType } from '../expressions';
import { LASTSPIKE_INITIAL, namesRead, type CheckedGroup, type CheckedModel } from '../model';
import { inlineSubexpressions, integrateGroup } from '../stateupdate';
import { dimensionName, formatBaseUnitExpression, isDimensionless } from '../units';
import { printExpression, printNumber, type CodeTarget, type PrintLookup, type PrintSymbol, type SupportNeed } from './printExpression';
import { printMathKernels, type MathKernel } from './support/mathKernels';
import { printPhilox } from './support/philox';
import { toArrayName, toLocalName } from './symbolNames';

/** Version of the generator; part of every cache key through the ABI tag. */
export const GENERATOR_VERSION = '0.2.0';

/** Array kinds whose length grows while running (rows of `rowWidth` elements). */
export const GROWABLE_ARRAY_KINDS: ReadonlySet<ArraySpec['kind']> = new Set(['monitor-t', 'monitor-values', 'spikemonitor-i', 'spikemonitor-t']);

/** A host-owned array every entry point receives. */
export interface ArraySpec {
  readonly name: string;
  readonly owner: string;
  readonly variable: string;
  readonly dtype: 'float64' | 'int32' | 'uint8';
  /**
   * `state`: a group variable; `spikespace`: spiking indices of the step, count in the last slot;
   * `monitor-*`: a StateMonitor's growable buffers and its `[used, capacity]` pair;
   * `spikemonitor-*`: a SpikeMonitor's growable index and time buffers and its spike count per neuron.
   */
  readonly kind: 'state' | 'spikespace' | 'monitor-t' | 'monitor-values' | 'monitor-count' | 'spikemonitor-i' | 'spikemonitor-t' | 'spikemonitor-counts';
  /** Elements for fixed arrays; growable buffers start at a host-chosen number of rows. */
  readonly length: number;
  /** Value every element starts with (0 when absent). */
  readonly initial?: number;
  /** Values per row for monitor-values (number of recorded indices). */
  readonly rowWidth: number;
  readonly unit: string;
}

/** One line of generated code with the model span it came from. */
export interface CodeLine {
  readonly code: string;
  readonly modelSpan?: SourceSpan;
}

/** The body of one per-neuron loop: locals loaded, statements, locals stored back. */
export interface CodeBlock {
  /** Variables loaded into locals at the start of the loop body. */
  readonly loads: readonly { readonly local: string; readonly array: string; readonly cppType: string }[];
  readonly cppLines: readonly CodeLine[];
  readonly jsLines: readonly CodeLine[];
  /** Variables stored back at the end; `condition` guards `(unless refractory)` variables. */
  readonly stores: readonly { readonly local: string; readonly array: string; readonly condition?: string }[];
}

export interface ThresholdCode extends CodeBlock {
  readonly spikespace: string;
  /** The spike condition (a boolean local set by the block's last line). */
  readonly condition: string;
  /** Refractory bookkeeping for spiking neurons: `lastspike = t`, `not_refractory = false`. */
  readonly lastspikeArray?: string;
  readonly notRefractoryArray?: string;
}

export interface GroupCode {
  readonly name: string;
  readonly N: number;
  /** The integration method used (Brian2 name). */
  readonly method: string;
  readonly constants: readonly { readonly name: string; readonly cpp: string; readonly js: string }[];
  /** State update (refractoriness first when the group has it). */
  readonly update: CodeBlock;
  readonly threshold?: ThresholdCode;
  readonly reset?: CodeBlock;
  /** Initial values given as expressions, run once over all neurons after the numeric ones. */
  readonly init?: CodeBlock;
  readonly span?: SourceSpan;
}

export interface MonitorCode {
  readonly name: string;
  /** Position in the status protocol (StateMonitors first, then SpikeMonitors). */
  readonly index: number;
  readonly source: string;
  readonly when: 'start' | 'end';
  readonly indices: readonly number[];
  readonly tArray: string;
  readonly countArray: string;
  readonly variables: readonly { readonly name: string; readonly valuesArray: string; readonly sourceArray: string }[];
  readonly span?: SourceSpan;
}

export interface SpikeMonitorCode {
  readonly name: string;
  readonly index: number;
  readonly source: string;
  /** Size of the source: the free rows a step may need. */
  readonly sourceN: number;
  readonly spikespace: string;
  readonly iArray: string;
  readonly tArray: string;
  readonly countArray: string;
  /** Spikes per neuron. */
  readonly perNeuronArray: string;
  readonly span?: SourceSpan;
}

/** Everything the network templates need. */
export interface NetworkCodeContext {
  readonly networkName: string;
  readonly generatorVersion: string;
  readonly dt: { readonly cpp: string; readonly js: string; readonly value: number };
  readonly arrays: readonly ArraySpec[];
  readonly groups: readonly GroupCode[];
  readonly monitors: readonly MonitorCode[];
  readonly spikeMonitors: readonly SpikeMonitorCode[];
  /** Math kernels and RNG the code calls, printed for each target (empty when none). */
  readonly support: { readonly cpp: string; readonly js: string };
  /** Seed of the random numbers (`_sf_seed`), as a literal for each target. */
  readonly seed: { readonly cpp: string; readonly js: string };
}

function displayUnit(group: CheckedGroup, variable: string): string {
  const def = group.equations.definitions.find((d) => d.name === variable);
  if (def === undefined) return '1';
  if (def.type !== 'float') return def.type;
  // A unit text Brian2 (and `parseUnitExpression`) reads back: `volt`, `metre ** -2 * …`, `1`.
  return isDimensionless(def.dim) ? '1' : (dimensionName(def.dim) ?? formatBaseUnitExpression(def.dim));
}

function cppTypeOf(type: ValueType): string {
  return type === 'float' ? 'double' : type === 'integer' ? 'int' : 'bool';
}

function dtypeOf(type: ValueType): ArraySpec['dtype'] {
  return type === 'float' ? 'float64' : type === 'integer' ? 'int32' : 'uint8';
}

/** Shared state while printing the code objects of one network. */
interface PrintState {
  readonly diagnostics: Diagnostic[];
  readonly needs: Set<SupportNeed>;
  readonly nextRandomSite: () => number;
}

/**
 * Prints a block of statements over one group's variables for both targets. Loads exactly the
 * stored variables the block reads or writes; stores back the ones it writes (guarded by
 * `not_refractory` for `(unless refractory)` variables when `conditional` is set).
 */
function printBlock(group: CheckedGroup, statements: readonly Statement[], state: PrintState, options: { conditional?: boolean; extraReads?: readonly Expr[]; cppDeclare?: 'const' | 'mutable' } = {}): CodeBlock {
  const name = group.ir.name;
  const stored = new Map(group.variables.map((v) => [v.name, v.def]));
  const localTypes = new Map<string, ValueType>();
  const symbol = (target: CodeTarget): PrintLookup => (n) => {
    const variable = stored.get(n);
    if (variable !== undefined) return { code: toLocalName(n), type: variable.type };
    const temp = localTypes.get(n);
    if (temp !== undefined) return { code: n.startsWith('_') ? n : toLocalName(n), type: temp };
    switch (n) {
      case 't':
        return { code: 't', type: 'float' };
      case 'dt':
        return { code: 'dt', type: 'float' };
      case 'i':
        return { code: '_idx', type: 'integer' };
      case 'N':
        return { code: '_N', type: 'integer' };
      case 't_in_timesteps':
        return { code: target === 'cpp' ? '((int)_step)' : '_step', type: 'integer' };
      default:
        break;
    }
    const constant = group.ir.namespace[n];
    if (constant !== undefined) return { code: toLocalName(n), type: 'float' } satisfies PrintSymbol;
    return undefined;
  };
  const cppLines: CodeLine[] = [];
  const jsLines: CodeLine[] = [];
  const written = new Set<string>();
  const used = namesRead([...statements.map((st) => st.expr), ...(options.extraReads ?? [])]);
  for (const statement of statements) {
    // Both targets get the same random-site numbers: the JS walk replays the C++ walk's.
    const sites: number[] = [];
    const cpp = printExpression(statement.expr, symbol('cpp'), 'cpp', {
      needs: state.needs,
      nextRandomSite: () => {
        const next = state.nextRandomSite();
        sites.push(next);
        return next;
      },
    });
    let replay = 0;
    const js = printExpression(statement.expr, symbol('js'), 'js', { nextRandomSite: () => sites[replay++] ?? -1 });
    state.diagnostics.push(...cpp.diagnostics);
    const span = statement.span;
    const origin = span ? { modelSpan: span } : {};
    if (statement.declare === true) {
      localTypes.set(statement.target, cpp.type);
      const local = statement.target.startsWith('_') ? statement.target : toLocalName(statement.target);
      const qualifier = (options.cppDeclare ?? 'const') === 'const' ? 'const ' : '';
      cppLines.push({ code: `${qualifier}${cppTypeOf(cpp.type)} ${local} = ${cpp.code};`, ...origin });
      jsLines.push({ code: `${qualifier === '' ? 'let' : 'const'} ${local} = ${js.code};`, ...origin });
    } else {
      const isStored = stored.has(statement.target);
      const target = isStored ? toLocalName(statement.target) : statement.target;
      if (isStored) {
        written.add(statement.target);
        used.add(statement.target);
      }
      cppLines.push({ code: `${target} ${statement.op} ${cpp.code};`, ...origin });
      jsLines.push({ code: `${target} ${statement.op} ${js.code};`, ...origin });
    }
  }
  const refractory = options.conditional === true && group.events.refractory !== undefined;
  const frozen = (v: { def: { flags: readonly { name: string }[] } }): boolean => refractory && v.def.flags.some((f) => f.name === 'unless refractory');
  if (group.variables.some(frozen)) used.add('not_refractory');
  const loads = group.variables.filter((v) => used.has(v.name)).map((v) => ({ local: toLocalName(v.name), array: toArrayName(name, v.name), cppType: cppTypeOf(v.def.type) }));
  const stores = group.variables
    .filter((v) => written.has(v.name))
    .map((v) => ({ local: toLocalName(v.name), array: toArrayName(name, v.name), ...(frozen(v) ? { condition: toLocalName('not_refractory') } : {}) }));
  return { loads, cppLines, jsLines, stores };
}

function nameNode(name: string, span: SourceSpan): Expr {
  return { kind: 'name', name, span };
}

/** `timestep(x, dt)` as an AST node (the printer writes it out for both targets). */
function timestepNode(x: Expr, span: SourceSpan): Expr {
  return { kind: 'call', callee: nameNode('timestep', span), args: [x, nameNode('dt', span)], keywords: [], span };
}

/** The statement Brian2 prepends to the state update of a refractory group (§7). */
function refractoryStatement(group: CheckedGroup): Statement | undefined {
  const r = group.events.refractory;
  if (r === undefined) return undefined;
  const span = r.kind === 'time' ? r.period.span : r.condition.span;
  if (r.kind === 'condition') {
    const condition = inlineSubexpressions(r.condition, group);
    const expr: Expr = { kind: 'boolop', op: 'or', left: nameNode('not_refractory', span), right: { kind: 'unary', op: 'not', operand: condition, span }, span };
    return { target: 'not_refractory', op: '=', expr, span };
  }
  const since: Expr = { kind: 'binary', op: '-', left: nameNode('t', span), right: nameNode('lastspike', span), span };
  const period = inlineSubexpressions(r.period, group);
  const expr: Expr = { kind: 'compare', ops: ['>='], operands: [timestepNode(since, span), timestepNode(period, span)], span };
  return { target: 'not_refractory', op: '=', expr, span };
}

function buildGroupCode(group: CheckedGroup, dt: number, state: PrintState): GroupCode {
  const name = group.ir.name;
  const update = integrateGroup(group, dt);
  state.diagnostics.push(...update.diagnostics);
  const refractory = refractoryStatement(group);
  const updateBlock = printBlock(group, [...(refractory === undefined ? [] : [refractory]), ...update.statements], state, { conditional: true });
  const constants = Object.entries(group.ir.namespace).map(([constantName, c]) => ({
    name: toLocalName(constantName),
    cpp: printNumber(c.value, 'float', 'cpp'),
    js: printNumber(c.value, 'float', 'js'),
  }));
  let threshold: ThresholdCode | undefined;
  if (group.events.threshold !== undefined) {
    const span = group.events.threshold.span;
    let condition = inlineSubexpressions(group.events.threshold, group);
    if (group.events.refractory !== undefined) condition = { kind: 'boolop', op: 'and', left: condition, right: nameNode('not_refractory', span), span };
    const block = printBlock(group, [{ target: '_cond', op: '=', expr: condition, span, declare: true }], state);
    threshold = {
      ...block,
      spikespace: toArrayName(name, '_spikespace'),
      condition: '_cond',
      ...(group.events.refractory === undefined ? {} : { lastspikeArray: toArrayName(name, 'lastspike'), notRefractoryArray: toArrayName(name, 'not_refractory') }),
    };
  }
  let reset: CodeBlock | undefined;
  if (group.events.threshold !== undefined && group.events.reset.length > 0) {
    const statements = group.events.reset.map((st) => ({ ...st, expr: inlineSubexpressions(st.expr, group) }));
    reset = printBlock(group, statements, state, { cppDeclare: 'mutable' });
  }
  const init = group.initialCode.length === 0 ? undefined : printBlock(group, group.initialCode.map((st) => ({ ...st, expr: inlineSubexpressions(st.expr, group) })), state, { cppDeclare: 'mutable' });
  return {
    name,
    N: group.ir.N,
    method: update.method ?? 'none',
    constants,
    update: updateBlock,
    ...(init === undefined ? {} : { init }),
    ...(threshold === undefined ? {} : { threshold }),
    ...(reset === undefined ? {} : { reset }),
    ...(group.ir.span ? { span: group.ir.span } : {}),
  };
}

function initialOf(name: string): number | undefined {
  if (name === 'lastspike') return LASTSPIKE_INITIAL;
  if (name === 'not_refractory') return 1;
  return undefined;
}

/** Builds the template context for a checked model. */
export function buildNetworkCode(model: CheckedModel): Result<NetworkCodeContext> {
  const diagnostics: Diagnostic[] = [];
  const arrays: ArraySpec[] = [];
  for (const group of model.groups) {
    for (const v of group.variables) {
      const initial = group.events.refractory === undefined ? undefined : initialOf(v.name);
      arrays.push({ name: toArrayName(group.ir.name, v.name), owner: group.ir.name, variable: v.name, dtype: dtypeOf(v.def.type), kind: 'state', length: group.ir.N, rowWidth: 1, unit: displayUnit(group, v.name), ...(initial === undefined ? {} : { initial }) });
    }
    if (group.events.threshold !== undefined) {
      arrays.push({ name: toArrayName(group.ir.name, '_spikespace'), owner: group.ir.name, variable: '_spikespace', dtype: 'int32', kind: 'spikespace', length: group.ir.N + 1, rowWidth: 1, unit: '1' });
    }
  }
  let randomSites = 0;
  const state: PrintState = { diagnostics, needs: new Set<SupportNeed>(), nextRandomSite: () => randomSites++ };
  const groups = model.groups.map((g) => buildGroupCode(g, model.ir.dt, state));
  const monitors: MonitorCode[] = model.monitors.map((m, index) => {
    const owner = m.ir.name;
    const tArray = toArrayName(owner, 't');
    const countArray = toArrayName(owner, 'count');
    arrays.push({ name: tArray, owner, variable: 't', dtype: 'float64', kind: 'monitor-t', length: 0, rowWidth: 1, unit: 'second' });
    const variables = m.ir.variables.map((variable) => {
      const valuesArray = toArrayName(owner, variable);
      arrays.push({ name: valuesArray, owner, variable, dtype: 'float64', kind: 'monitor-values', length: 0, rowWidth: m.indices.length, unit: displayUnit(m.group, variable) });
      return { name: variable, valuesArray, sourceArray: toArrayName(m.group.ir.name, variable) };
    });
    arrays.push({ name: countArray, owner, variable: 'count', dtype: 'int32', kind: 'monitor-count', length: 2, rowWidth: 1, unit: '1' });
    return { name: owner, index, source: m.group.ir.name, when: m.ir.when ?? 'start', indices: m.indices, tArray, countArray, variables, ...(m.ir.span ? { span: m.ir.span } : {}) };
  });
  const spikeMonitors: SpikeMonitorCode[] = model.spikeMonitors.map((m, k) => {
    const owner = m.ir.name;
    const source = m.group.ir.name;
    const spec = (variable: string, dtype: ArraySpec['dtype'], kind: ArraySpec['kind'], length: number, unit: string): string => {
      const name = toArrayName(owner, variable);
      arrays.push({ name, owner, variable, dtype, kind, length, rowWidth: 1, unit });
      return name;
    };
    return {
      name: owner,
      index: monitors.length + k,
      source,
      sourceN: m.group.ir.N,
      spikespace: toArrayName(source, '_spikespace'),
      iArray: spec('i', 'int32', 'spikemonitor-i', 0, '1'),
      tArray: spec('t', 'float64', 'spikemonitor-t', 0, 'second'),
      countArray: spec('_used', 'int32', 'monitor-count', 2, '1'),
      perNeuronArray: spec('count', 'int32', 'spikemonitor-counts', m.group.ir.N, '1'),
      ...(m.ir.span ? { span: m.ir.span } : {}),
    };
  });
  const context: NetworkCodeContext = {
    networkName: model.ir.name,
    generatorVersion: GENERATOR_VERSION,
    dt: { cpp: printNumber(model.ir.dt, 'float', 'cpp'), js: printNumber(model.ir.dt, 'float', 'js'), value: model.ir.dt },
    arrays,
    groups,
    monitors,
    spikeMonitors,
    support: { cpp: printSupport(state.needs, 'cpp'), js: printSupport(state.needs, 'js') },
    seed: { cpp: printNumber(model.ir.seed ?? 0, 'float', 'cpp'), js: printNumber(model.ir.seed ?? 0, 'float', 'js') },
  };
  return toResult(context, diagnostics);
}

/** The support code for `needs` (the generator's `_sf_randn` uses the log kernel). */
function printSupport(needs: ReadonlySet<SupportNeed>, target: CodeTarget): string {
  const kernels = new Set<MathKernel>();
  if (needs.has('exp')) kernels.add('exp');
  if (needs.has('log') || needs.has('random')) kernels.add('log');
  const parts = kernels.size > 0 ? [printMathKernels(kernels, target)] : [];
  if (needs.has('random')) parts.push(printPhilox(target));
  return parts.join('\n');
}
