/**
 * Builds the template context of one network: its host arrays (in the one parameter order all
 * entry points share), its code objects (state update with refractoriness, threshold, reset,
 * monitors) with their statements printed for C++ and JS, and its entry points. The templates
 * (`templates/cpp`, `templates/js`) only arrange these pieces; nothing from the user's text
 * reaches them except printed identifiers and numbers.
 */
import { makeDiagnostic, toResult, type Diagnostic, type Result, type SourceSpan } from '../diagnostics';
import type { ExternalConstant } from '../equations';
import { evaluateConstantExpr, substituteNames, type Expr, type Statement, type ValueType } from '../expressions';
import { LASTSPIKE_INITIAL, SCHEDULE_SLOTS, namesRead, sizeOf, timedArrayName, type CheckedConnect, type ClockIR, type CheckedGroup, type CheckedModel, type CheckedSynapses, type GeneratorRange } from '../model';
import { exact, inlineSubexpressions, integrateGroup, toIntegrationProblem } from '../stateupdate';
import { dimensionName, formatBaseUnitExpression, isDimensionless, type Dimension } from '../units';
import { printExpression, printNumber, type CodeTarget, type PrintLookup, type PrintSymbol, type SupportNeed } from './printExpression';
import { printMathKernels, type MathKernel } from './support/mathKernels';
import { printBinomial } from './support/binomial';
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
   * `spikemonitor-*`: a SpikeMonitor's (or EventMonitor's) growable index and time buffers and its
   * event count per neuron (its recorded variables are `monitor-values` of row width 1).
   */
  readonly kind:
    | 'state'
    | 'spikespace'
    | 'monitor-t'
    | 'monitor-values'
    | 'monitor-count'
    | 'spikemonitor-i'
    | 'spikemonitor-t'
    | 'spikemonitor-counts'
    /** One element per synapse: sized by the host after connecting. */
    | 'synaptic'
    /** Row starts of a synapse index (N + 1 elements). */
    | 'synapse-rows'
    /** `[synapses, max delay steps, 1 if all delays are equal, ring slots]`, filled by the host. */
    | 'synapse-meta'
    /** The spike ring of a pre pathway (slots × N_pre) and its count per slot: sized by the host. */
    | 'spike-ring'
    /** Fixed input data, filled from `values`. */
    | 'input-data';
  /** Elements for fixed arrays; growable buffers start at a host-chosen number of rows. */
  readonly length: number;
  /** Value every element starts with (0 when absent). */
  readonly initial?: number;
  /** Every element's starting value (fixed input data such as a SpikeGeneratorGroup's spikes). */
  readonly values?: readonly number[];
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
  readonly loads: readonly { readonly local: string; readonly array: string; readonly index: string; readonly cppType: string }[];
  readonly cppLines: readonly CodeLine[];
  readonly jsLines: readonly CodeLine[];
  /** Variables stored back at the end; `condition` guards `(unless refractory)` variables. */
  readonly stores: readonly { readonly local: string; readonly array: string; readonly index: string; readonly condition?: string }[];
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
  /** Network steps per tick of the group's clock (1: the network's); its code objects run on it. */
  readonly every: number;
  /** The integration method used (Brian2 name). */
  readonly method: string;
  readonly constants: readonly { readonly name: string; readonly cpp: string; readonly js: string }[];
  /** State update (refractoriness first when the group has it). */
  readonly update: CodeBlock;
  readonly threshold?: ThresholdCode;
  /** A SpikeGeneratorGroup: its spikes by time step (sorted), replayed each period. */
  readonly generator?: { readonly spikespace: string; readonly steps: string; readonly indices: string; readonly count: number; readonly periodSteps: number };
  readonly reset?: CodeBlock;
  /** Initial values given as expressions, run once after the numeric ones, each over its range. */
  readonly init?: { readonly parts: readonly { readonly start: number; readonly stop: number; readonly block: CodeBlock }[] };
  /** `run_regularly` operations: function name, slot, order, period in steps and body. */
  readonly regular: readonly { readonly fn: string; readonly name: string; readonly when: string; readonly order: number; readonly every: number; readonly block: CodeBlock }[];
  /** Custom events: each a condition over all neurons filling its own event space (`_<event>space`). */
  readonly events: readonly { readonly event: string; readonly fn: string; readonly space: string; readonly block: CodeBlock }[];
  /** `run_on_event` operations: a body for each neuron in the event space of that step. */
  readonly onEvent: readonly { readonly event: string; readonly fn: string; readonly name: string; readonly space: string; readonly when: string; readonly order: number; readonly block: CodeBlock }[];
  /** `run_at` operations: a body over all neurons at the steps listed (ascending) in `stepsArray`. */
  readonly runAt: readonly { readonly fn: string; readonly name: string; readonly when: string; readonly order: number; readonly stepsArray: string; readonly count: number; readonly block: CodeBlock }[];
  readonly span?: SourceSpan;
}

export interface MonitorCode {
  readonly name: string;
  /** Position in the status protocol (StateMonitors first, then SpikeMonitors). */
  readonly index: number;
  readonly source: string;
  readonly when: 'start' | 'end';
  /** Records every this many steps (1 or absent: every step). */
  readonly every?: number;
  /** Size of the source group (0 for a Synapses source). */
  readonly sourceN?: number;
  /** A PopulationRateMonitor: records `spikes / (N·dt)` of this spikespace instead of variables. */
  readonly rate?: { readonly spikespace: string; readonly sourceN: number; readonly start: number; readonly stop: number; readonly whole: boolean };
  readonly indices: readonly number[];
  readonly tArray: string;
  readonly countArray: string;
  /** Recorded variables: copied from `sourceArray`, or computed by `block` (subexpressions) into `_value`. */
  readonly variables: readonly { readonly name: string; readonly valuesArray: string; readonly sourceArray: string; readonly block?: CodeBlock; readonly constants?: readonly { readonly name: string; readonly cpp: string; readonly js: string }[] }[];
  readonly span?: SourceSpan;
}

export interface SpikeMonitorCode {
  readonly name: string;
  readonly index: number;
  readonly source: string;
  /** The recorded event (`spike` for a SpikeMonitor) and where the monitor runs. */
  readonly event: string;
  readonly when: string;
  readonly order: number;
  /** Steps per tick of the source's clock (Brian2: an EventMonitor runs on its source's clock). */
  readonly every: number;
  /** Variables recorded at each event: copied from `sourceArray`, or computed by `block` (subexpressions) into `_value`. */
  readonly variables: readonly { readonly name: string; readonly valuesArray: string; readonly sourceArray: string; readonly block?: CodeBlock }[];
  /** Constants a subexpression block uses. */
  readonly constants: readonly { readonly name: string; readonly cpp: string; readonly js: string }[];
  /** Size of the source: the free rows a step may need. */
  readonly sourceN: number;
  readonly spikespace: string;
  readonly iArray: string;
  readonly tArray: string;
  readonly countArray: string;
  /** Spikes per neuron. */
  readonly perNeuronArray: string;
  /** `record=False`: counts only, no index/time buffers to fill. */
  readonly countsOnly: boolean;
  /** Recorded range of the source (a subgroup): spikes outside are ignored, indices are relative. */
  readonly start: number;
  readonly stop: number;
  readonly span?: SourceSpan;
}

/** A Synapses object: its arrays, pathways, per-synapse initialisation and connect code. */
export interface SynapsesCode {
  readonly name: string;
  readonly source: string;
  readonly target: string;
  readonly sourceN: number;
  readonly targetN: number;
  readonly sourceSpikespace: string;
  readonly targetSpikespace?: string;
  /** Per-synapse arrays: presynaptic and postsynaptic index, delay in steps, synaptic variables. */
  readonly pre: string;
  readonly post: string;
  readonly delay: string;
  readonly delaySteps: string;
  /** Synapses grouped by source neuron, each row sorted by delay; `preStart[i]…preStart[i+1]`. */
  readonly preStart: string;
  readonly preSyn: string;
  /** Synapses grouped by target neuron (for on_post). */
  readonly postStart?: string;
  readonly postSyn?: string;
  readonly meta: string;
  readonly ring: string;
  readonly ringCount: string;
  /** Names of the synaptic variables (with `delay`) and their arrays. */
  readonly variables: readonly { readonly name: string; readonly array: string }[];
  /** A delay given for all synapses (seconds). */
  readonly scalarDelay?: number;
  /** Per-synapse counts of synapses sharing the target (`N_incoming`) or the source (`N_outgoing`), when used. */
  readonly nIncoming?: string;
  readonly nOutgoing?: string;
  readonly constants: readonly { readonly name: string; readonly cpp: string; readonly js: string }[];
  readonly onPre?: CodeBlock;
  readonly onPost?: CodeBlock;
  readonly init?: CodeBlock;
  /** Network steps per tick of each code object's clock: pre pathway (source's), post (target's), state update (own). */
  readonly every: { readonly pre: number; readonly post: number; readonly update: number };
  /** Clock-driven equations: integrated for every synapse each step (slot groups, `<S>_stateupdater`). */
  readonly update?: CodeBlock;
  /** The integration method of `update` (Brian2 name). */
  readonly method?: string;
  /** `(summed)` variables: zero the target variable, then add each synapse's value (slot groups). */
  readonly summed: readonly { readonly array: string; readonly N: number; readonly index: '_i' | '_j'; readonly every: number; readonly block: CodeBlock }[];
  /**
   * JavaScript of the connect calls, a function `(arrays, emit, invalid)` the host runs once:
   * `emit(i, j)` per synapse in Brian2's order, `invalid(call, i, j)` for a target out of range.
   */
  readonly connectJs: string;
  /** The state arrays the connect code reads: with `connectJs`, all its result depends on. */
  readonly connectReads: readonly string[];
  /** Span of each connect call, for messages. */
  readonly connectSpans: readonly (SourceSpan | undefined)[];
  readonly span?: SourceSpan;
}

/** A PoissonInput: one block over its target group's neurons, in the synapses slot. */
export interface PoissonInputCode {
  readonly name: string;
  readonly target: string;
  readonly N: number;
  readonly constants: readonly { readonly name: string; readonly cpp: string; readonly js: string }[];
  readonly block: CodeBlock;
}

/**
 * One code object in the schedule: its function, Brian2's slot (`when`), `order` and the name
 * Brian2 would give it (`G_stateupdater`, `S_pre`, the monitor's name …), which break ties.
 */
export interface ScheduleEntry {
  readonly fn: string;
  readonly every: number;
  readonly when: string;
  readonly order: number;
  readonly name: string;
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
  readonly synapses: readonly SynapsesCode[];
  readonly poissonInputs: readonly PoissonInputCode[];
  /**
   * One time step in Brian2's schedule order: each entry a code-object function called with the
   * step (run every `every` steps when > 1). `rooms` are the monitor capacity checks made before
   * a step starts.
   */
  readonly schedule: readonly ScheduleEntry[];
  /**
   * The schedule the C++ run loop calls: `schedule` with each group's state update and
   * threshold fused into one pass (`_update_threshold_<G>`) where they are adjacent — see
   * {@link fuseUpdateAndThreshold}. The JS tier runs `schedule` as is (same results).
   */
  readonly cppSchedule: readonly ScheduleEntry[];
  /** Groups whose state update and threshold the C++ code also has as one fused pass. */
  readonly fusedGroups: readonly string[];
  readonly rooms: readonly { readonly fn: string; readonly index: number; readonly every: number }[];
  /** Math kernels and RNG the code calls, printed for each target (empty when none). */
  readonly support: { readonly cpp: string; readonly js: string };
  /** Seed of the random numbers (`_sf_seed`), as a literal for each target. */
  readonly seed: { readonly cpp: string; readonly js: string };
}

function displayUnit(group: CheckedGroup, variable: string): string {
  const def = group.equations.definitions.find((d) => d.name === variable);
  return def === undefined ? '1' : unitOf(def);
}

/** A unit text Brian2 (and `parseUnitExpression`) reads back: `volt`, `metre ** -2 * …`, `1`; or the type. */
function unitOf(def: { readonly type: ValueType; readonly dim: Dimension }): string {
  if (def.type !== 'float') return def.type;
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
/** A stored variable a code block can load: its local name, array, index and type. */
interface Binding {
  readonly local: string;
  readonly array: string;
  readonly index: string;
  readonly type: ValueType;
  /** Guard of the store (`(unless refractory)` variables). */
  readonly guard?: string;
}

/** Names other than stored variables and temporaries: specials (t, i, N, …) and constants. */
type SpecialLookup = (name: string, target: CodeTarget) => PrintSymbol | undefined;

/**
 * Prints a block of statements for both targets. Loads exactly the bound variables the block
 * reads or writes; stores back the ones it writes. `alwaysLoad` adds variables the template
 * itself uses (e.g. `not_refractory` for guarded stores).
 */
function printStatements(statements: readonly Statement[], bindings: ReadonlyMap<string, Binding>, specials: SpecialLookup, state: PrintState, options: { cppDeclare?: 'const' | 'mutable'; extraReads?: readonly Expr[]; alwaysLoad?: readonly string[] } = {}): CodeBlock {
  const localTypes = new Map<string, ValueType>();
  const symbol = (target: CodeTarget): PrintLookup => (n) => {
    const bound = bindings.get(n);
    if (bound !== undefined) return { code: bound.local, type: bound.type };
    const temp = localTypes.get(n);
    if (temp !== undefined) return { code: n.startsWith('_') ? n : toLocalName(n), type: temp };
    return specials(n, target);
  };
  const cppLines: CodeLine[] = [];
  const jsLines: CodeLine[] = [];
  const written = new Set<string>();
  const used = namesRead([...statements.map((st) => st.expr), ...(options.extraReads ?? [])]);
  for (const name of options.alwaysLoad ?? []) used.add(name);
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
    const bound = bindings.get(statement.target);
    if (statement.declare === true && bound === undefined) {
      localTypes.set(statement.target, cpp.type);
      const local = statement.target.startsWith('_') ? statement.target : toLocalName(statement.target);
      const qualifier = (options.cppDeclare ?? 'const') === 'const' ? 'const ' : '';
      cppLines.push({ code: `${qualifier}${cppTypeOf(cpp.type)} ${local} = ${cpp.code};`, ...origin });
      jsLines.push({ code: `${qualifier === '' ? 'let' : 'const'} ${local} = ${js.code};`, ...origin });
    } else {
      const target = bound !== undefined ? bound.local : statement.target.startsWith('_') ? statement.target : toLocalName(statement.target);
      if (bound !== undefined) {
        written.add(statement.target);
        used.add(statement.target);
      }
      cppLines.push({ code: `${target} ${statement.op} ${cpp.code};`, ...origin });
      jsLines.push({ code: `${target} ${statement.op} ${js.code};`, ...origin });
    }
  }
  const loads = [...bindings].filter(([name]) => used.has(name)).map(([, b]) => ({ local: b.local, array: b.array, index: b.index, cppType: cppTypeOf(b.type) }));
  const stores = [...bindings].filter(([name]) => written.has(name)).map(([, b]) => ({ local: b.local, array: b.array, index: b.index, ...(b.guard === undefined ? {} : { condition: b.guard }) }));
  return { loads, cppLines, jsLines, stores };
}

/**
 * The clock a code object runs on when it is not the network's: it runs every `every` network
 * steps (only at multiples of it), and its code sees `dt` = this dt and `t` = tick · dt.
 */
interface ObjectClock {
  readonly every: number;
  readonly dt: number;
}

/** An object's own clock, or undefined for the network's (the fast path: nothing changes). */
function clockOf(clock: ClockIR | undefined): ObjectClock | undefined {
  return clock === undefined || clock.steps <= 1 ? undefined : { every: clock.steps, dt: clock.dt };
}

/** Specials of model code plus constants of `namespace`; `indices` names the index locals. */
function makeSpecials(namespace: Readonly<Record<string, ExternalConstant>>, indices: Readonly<Record<string, string>>, clock?: ObjectClock): SpecialLookup {
  return (n, target) => {
    const index = indices[n];
    if (index !== undefined) return { code: index, type: 'integer' };
    if (clock !== undefined && (n === 't' || n === 'dt' || n === 't_in_timesteps')) {
      // Brian2: t = timestep · dt of the object's clock; the code runs when _step is a multiple of `every`.
      const dt = printNumber(clock.dt, 'float', target);
      const tick = target === 'cpp' ? `(_step / ${clock.every})` : `Math.floor(_step / ${clock.every})`;
      if (n === 'dt') return { code: dt, type: 'float' };
      if (n === 't') return { code: target === 'cpp' ? `((double)${tick} * ${dt})` : `(${tick} * ${dt})`, type: 'float' };
      return { code: target === 'cpp' ? `((int)${tick})` : tick, type: 'integer' };
    }
    switch (n) {
      case 't':
        return { code: 't', type: 'float' };
      case 'dt':
        return { code: 'dt', type: 'float' };
      case 't_in_timesteps':
        return { code: target === 'cpp' ? '((int)_step)' : '_step', type: 'integer' };
      default:
        break;
    }
    const constant = namespace[n];
    if (constant?.timedArray !== undefined) return { code: toLocalName(n), type: 'float', timed: constant.timedArray };
    if (constant !== undefined) return { code: toLocalName(n), type: 'float' } satisfies PrintSymbol;
    return undefined;
  };
}

/**
 * Prints a block over one group's variables (index `_idx`), storing `(unless refractory)`
 * variables only when not refractory if `conditional` is set.
 */
function printBlock(group: CheckedGroup, statements: readonly Statement[], state: PrintState, options: { conditional?: boolean; extraReads?: readonly Expr[]; cppDeclare?: 'const' | 'mutable'; indices?: Readonly<Record<string, string>>; clock?: ObjectClock } = {}): CodeBlock {
  const name = group.ir.name;
  const refractory = options.conditional === true && group.events.refractory !== undefined;
  const frozen = (v: { def: { flags: readonly { name: string }[] } }): boolean => refractory && v.def.flags.some((f) => f.name === 'unless refractory');
  const bindings = new Map<string, Binding>(
    group.variables.map((v) => [v.name, { local: toLocalName(v.name), array: toArrayName(name, v.name), index: '_idx', type: v.def.type, ...(frozen(v) ? { guard: toLocalName('not_refractory') } : {}) }]),
  );
  return printStatements(statements, bindings, makeSpecials(group.ir.namespace, options.indices ?? { i: '_idx', N: '_N' }, options.clock), state, {
    ...(options.cppDeclare === undefined ? {} : { cppDeclare: options.cppDeclare }),
    ...(options.extraReads === undefined ? {} : { extraReads: options.extraReads }),
    ...(group.variables.some(frozen) ? { alwaysLoad: ['not_refractory'] } : {}),
  });
}

function nameNode(name: string, span: SourceSpan): Expr {
  return { kind: 'name', name, span };
}

/** `timestep(x, dt)` as an AST node (the printer writes it out for both targets). */
function timestepNode(x: Expr, span: SourceSpan): Expr {
  return { kind: 'call', callee: nameNode('timestep', span), args: [x, nameNode('dt', span)], keywords: [], span };
}

/**
 * The statement Brian2 prepends to the state update of a refractory group (§7):
 * `not_refractory = timestep(t - lastspike, dt) >= timestep(period, dt)`. When the period is a
 * constant its step count K is known here, and with K ≥ 1 the test is written without the
 * integer conversions as `(t - lastspike + 1e-3*dt)/dt >= K` — the same decision for every value
 * (trunc(y) ≥ K ⟺ y ≥ K for an integer K ≥ 1), computed from the same y, but free of the
 * double→int64 conversion that keeps the neuron loop from vectorising.
 */
function refractoryStatement(group: CheckedGroup, dt: number): Statement | undefined {
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
  const steps = constantSteps(period, group, dt);
  if (steps !== undefined && steps >= 1) {
    const offset: Expr = { kind: 'binary', op: '*', left: numberNode(1e-3, span), right: nameNode('dt', span), span };
    const scaled: Expr = { kind: 'binary', op: '/', left: { kind: 'binary', op: '+', left: since, right: offset, span }, right: nameNode('dt', span), span };
    return { target: 'not_refractory', op: '=', expr: { kind: 'compare', ops: ['>='], operands: [scaled, numberNode(steps, span)], span }, span };
  }
  const expr: Expr = { kind: 'compare', ops: ['>='], operands: [timestepNode(since, span), timestepNode(period, span)], span };
  return { target: 'not_refractory', op: '=', expr, span };
}

/** `timestep(period, dt)` when the period is a constant (number, units, namespace constants), as generated code computes it. */
function constantSteps(period: Expr, group: CheckedGroup, dt: number): number | undefined {
  const value = evaluateConstantExpr(period, (name) => {
    const c = group.ir.namespace[name];
    return c === undefined || c.timedArray !== undefined ? undefined : { value: c.value, dim: c.dim };
  }).value;
  return value === undefined ? undefined : Math.trunc((value.value + 1e-3 * dt) / dt);
}

function numberNode(value: number, span: SourceSpan): Expr {
  return { kind: 'number', value, isInteger: Number.isInteger(value), text: String(value), span };
}

function buildGroupCode(group: CheckedGroup, dt: number, state: PrintState): GroupCode {
  const name = group.ir.name;
  // A group on its own clock: its state update, thresholds, resets and events tick with it.
  const clock = clockOf(group.ir.clock);
  const onClock = clock === undefined ? {} : { clock };
  const update = integrateGroup(group, clock?.dt ?? dt);
  state.diagnostics.push(...update.diagnostics);
  const refractory = refractoryStatement(group, clock?.dt ?? dt);
  const updateBlock = printBlock(group, [...(refractory === undefined ? [] : [refractory]), ...update.statements], state, { conditional: true, ...onClock });
  const constants = constantsOf(group.ir.namespace);
  let threshold: ThresholdCode | undefined;
  if (group.events.threshold !== undefined) {
    const span = group.events.threshold.span;
    let condition = inlineSubexpressions(group.events.threshold, group);
    if (group.events.refractory !== undefined) condition = { kind: 'boolop', op: 'and', left: condition, right: nameNode('not_refractory', span), span };
    const block = printBlock(group, [{ target: '_cond', op: '=', expr: condition, span, declare: true }], state, onClock);
    threshold = {
      ...block,
      spikespace: toArrayName(name, '_spikespace'),
      condition: '_cond',
      ...(group.events.refractory === undefined ? {} : { lastspikeArray: toArrayName(name, 'lastspike'), notRefractoryArray: toArrayName(name, 'not_refractory') }),
    };
  }
  const g = group.events.generator;
  const generator = g === undefined ? undefined : { spikespace: toArrayName(name, '_spikespace'), steps: toArrayName(name, '_generator_steps'), indices: toArrayName(name, '_generator_indices'), count: g.steps.length, periodSteps: g.periodSteps };
  let reset: CodeBlock | undefined;
  if (group.events.threshold !== undefined && group.events.reset.length > 0) {
    const statements = group.events.reset.map((st) => ({ ...st, expr: inlineSubexpressions(st.expr, group) }));
    reset = printBlock(group, statements, state, { cppDeclare: 'mutable', ...onClock });
  }
  const inlined = (statements: readonly Statement[]): Statement[] => statements.map((st) => ({ ...st, expr: inlineSubexpressions(st.expr, group) }));
  const numbered = (stem: string, k: number): string => (k === 0 ? `${name}_${stem}` : `${name}_${stem}_${k}`);
  const regular = (group.events.regular ?? []).map((op, k) => ({
    fn: `_regular_${name}_${k}`,
    name: numbered('run_regularly', k),
    when: op.when,
    order: op.order,
    every: op.dtSteps,
    block: printBlock(group, inlined(op.statements), state, { cppDeclare: 'mutable', ...(clock !== undefined && op.dtSteps === clock.every ? onClock : {}) }),
  }));
  // Custom events are not gated by refractoriness (BRIAN2_SEMANTICS.md §7).
  const events = (group.events.custom ?? []).map((event) => ({
    event: event.name,
    fn: `_event_${name}_${event.name}`,
    space: eventSpaceName(name, event.name),
    block: printBlock(group, [{ target: '_cond', op: '=', expr: inlineSubexpressions(event.condition, group), span: event.condition.span, declare: true }], state, onClock),
  }));
  const onEvent = (group.events.onEvent ?? []).map((op, k) => ({
    event: op.event,
    fn: `_on_event_${name}_${k}`,
    name: `${name}_${op.event}_resetter`,
    space: eventSpaceName(name, op.event),
    when: op.when,
    order: op.order,
    block: printBlock(group, inlined(op.statements), state, { cppDeclare: 'mutable', ...onClock }),
  }));
  const runAt = (group.events.runAt ?? []).map((op, k) => ({
    fn: `_run_at_${name}_${k}`,
    name: numbered('run_at', k),
    when: op.when,
    order: op.order,
    stepsArray: toArrayName(name, `_run_at_steps_${k}`),
    count: op.steps.length,
    block: printBlock(group, inlined(op.statements), state, { cppDeclare: 'mutable' }),
  }));
  // One loop per initial expression, over its subgroup (`i` and `N` are the subgroup's there).
  const initParts = group.initialCode.map((st) => {
    const start = st.range?.start ?? 0;
    const stop = st.range?.stop ?? group.ir.N;
    const block = printBlock(group, [{ ...st, expr: inlineSubexpressions(st.expr, group) }], state, { cppDeclare: 'mutable', ...(start === 0 && stop === group.ir.N ? {} : { indices: { i: `(_idx - ${start})`, N: String(stop - start) } }) });
    return { start, stop, block };
  });
  const init = initParts.length === 0 ? undefined : { parts: initParts };
  return {
    name,
    N: group.ir.N,
    every: clock?.every ?? 1,
    method: update.method ?? 'none',
    constants,
    update: updateBlock,
    regular,
    events,
    onEvent,
    runAt,
    ...(init === undefined ? {} : { init }),
    ...(threshold === undefined ? {} : { threshold }),
    ...(generator === undefined ? {} : { generator }),
    ...(reset === undefined ? {} : { reset }),
    ...(group.ir.span ? { span: group.ir.span } : {}),
  };
}

/** The host array of a group's event space: `_spikespace` for spikes, `_<event>space` for a custom event. */
export function eventSpaceName(group: string, event: string): string {
  return toArrayName(group, event === 'spike' ? '_spikespace' : `_${event}space`);
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
    const generator = group.events.generator;
    if (generator !== undefined) {
      arrays.push({ name: toArrayName(group.ir.name, '_generator_steps'), owner: group.ir.name, variable: '_generator_steps', dtype: 'int32', kind: 'input-data', length: generator.steps.length, rowWidth: 1, unit: '1', values: generator.steps });
      arrays.push({ name: toArrayName(group.ir.name, '_generator_indices'), owner: group.ir.name, variable: '_generator_indices', dtype: 'int32', kind: 'input-data', length: generator.indices.length, rowWidth: 1, unit: '1', values: generator.indices });
    }
    if (group.events.threshold !== undefined || generator !== undefined) {
      arrays.push({ name: toArrayName(group.ir.name, '_spikespace'), owner: group.ir.name, variable: '_spikespace', dtype: 'int32', kind: 'spikespace', length: group.ir.N + 1, rowWidth: 1, unit: '1' });
    }
    for (const event of group.events.custom ?? []) {
      arrays.push({ name: eventSpaceName(group.ir.name, event.name), owner: group.ir.name, variable: `_${event.name}space`, dtype: 'int32', kind: 'spikespace', length: group.ir.N + 1, rowWidth: 1, unit: '1' });
    }
    for (const [k, op] of (group.events.runAt ?? []).entries()) {
      // Steps as float64: exact integers far beyond int32.
      arrays.push({ name: toArrayName(group.ir.name, `_run_at_steps_${k}`), owner: group.ir.name, variable: `_run_at_steps_${k}`, dtype: 'float64', kind: 'input-data', length: op.steps.length, rowWidth: 1, unit: '1', values: op.steps });
    }
  }
  for (const ta of model.timedArrays) {
    arrays.push({ name: timedArrayName(ta.name), owner: ta.name, variable: 'values', dtype: 'float64', kind: 'input-data', length: ta.values.length, rowWidth: 1, unit: '1', values: ta.values });
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
      const def = m.group.equations.definitions.find((d) => d.name === variable);
      if (def?.kind === 'subexpression' && def.expr !== undefined && m.ofSynapses !== true) {
        // A subexpression is computed for the recorded neurons when recording (C40).
        const block = printBlock(m.group, [{ target: '_value', op: '=', expr: inlineSubexpressions(def.expr, m.group), span: def.expr.span, declare: true }], state);
        return { name: variable, valuesArray, sourceArray: '', block, constants: constantsOf(m.group.ir.namespace) };
      }
      return { name: variable, valuesArray, sourceArray: toArrayName(m.group.ir.name, variable) };
    });
    arrays.push({ name: countArray, owner, variable: 'count', dtype: 'int32', kind: 'monitor-count', length: 2, rowWidth: 1, unit: '1' });
    // Without dt= a StateMonitor runs on its source's clock (Brian2).
    const sourceClock = m.ofSynapses === true ? model.synapses.find((s) => s.ir.name === m.group.ir.name)?.ir.clock : m.group.ir.clock;
    return { name: owner, index, source: m.group.ir.name, sourceN: m.group.ir.N, when: m.ir.when ?? 'start', every: m.ir.dtSteps ?? clockOf(sourceClock)?.every ?? 1, indices: m.indices, tArray, countArray, variables, ...(m.ir.span ? { span: m.ir.span } : {}) };
  });
  const spikeMonitors: SpikeMonitorCode[] = model.spikeMonitors.map((m, k) => {
    const owner = m.ir.name;
    const source = m.group.ir.name;
    const spec = (variable: string, dtype: ArraySpec['dtype'], kind: ArraySpec['kind'], length: number, unit: string): string => {
      const name = toArrayName(owner, variable);
      arrays.push({ name, owner, variable, dtype, kind, length, rowWidth: 1, unit });
      return name;
    };
    const iArray = spec('i', 'int32', 'spikemonitor-i', 0, '1');
    const tArray = spec('t', 'float64', 'spikemonitor-t', 0, 'second');
    const variables = m.variables.map((variable) => {
      const valuesArray = toArrayName(owner, variable);
      arrays.push({ name: valuesArray, owner, variable, dtype: 'float64', kind: 'monitor-values', length: 0, rowWidth: 1, unit: displayUnit(m.group, variable) });
      const def = m.group.equations.definitions.find((d) => d.name === variable);
      if (def?.kind === 'subexpression' && def.expr !== undefined) {
        // A subexpression is computed for the neuron at its event.
        const block = printBlock(m.group, [{ target: '_value', op: '=', expr: inlineSubexpressions(def.expr, m.group), span: def.expr.span, declare: true }], state);
        return { name: variable, valuesArray, sourceArray: '', block };
      }
      return { name: variable, valuesArray, sourceArray: toArrayName(source, variable) };
    });
    return {
      name: owner,
      index: monitors.length + k,
      source,
      event: m.event,
      when: m.when,
      order: m.order,
      every: clockOf(m.group.ir.clock)?.every ?? 1,
      variables,
      constants: variables.some((v) => v.block !== undefined) ? constantsOf(m.group.ir.namespace) : [],
      sourceN: m.group.ir.N,
      spikespace: eventSpaceName(source, m.event),
      iArray,
      tArray,
      countArray: spec('_used', 'int32', 'monitor-count', 2, '1'),
      perNeuronArray: spec('count', 'int32', 'spikemonitor-counts', (m.ir.range?.stop ?? m.group.ir.N) - (m.ir.range?.start ?? 0), '1'),
      countsOnly: m.ir.countsOnly === true,
      start: m.ir.range?.start ?? 0,
      stop: m.ir.range?.stop ?? m.group.ir.N,
      ...(m.ir.span ? { span: m.ir.span } : {}),
    };
  });
  const synapses = model.synapses.map((syn, k) => buildSynapsesCode(syn, k, model, state, arrays));
  for (const r of model.rateMonitors) {
    const owner = r.ir.name;
    const tArray = toArrayName(owner, 't');
    const rateArray = toArrayName(owner, 'rate');
    const countArray = toArrayName(owner, 'count');
    arrays.push({ name: tArray, owner, variable: 't', dtype: 'float64', kind: 'monitor-t', length: 0, rowWidth: 1, unit: 'second' });
    arrays.push({ name: rateArray, owner, variable: 'rate', dtype: 'float64', kind: 'monitor-values', length: 0, rowWidth: 1, unit: 'Hz' });
    arrays.push({ name: countArray, owner, variable: 'count', dtype: 'int32', kind: 'monitor-count', length: 2, rowWidth: 1, unit: '1' });
    const spikespace = toArrayName(r.group.ir.name, '_spikespace');
    monitors.push({
      name: owner,
      index: monitors.length,
      source: r.group.ir.name,
      when: 'end',
      rate: { spikespace, sourceN: r.group.ir.N, start: r.ir.range?.start ?? 0, stop: r.ir.range?.stop ?? r.group.ir.N, whole: r.ir.range === undefined },
      indices: [0],
      tArray,
      countArray,
      variables: [{ name: 'rate', valuesArray: rateArray, sourceArray: spikespace }],
      ...(r.ir.span ? { span: r.ir.span } : {}),
    });
  }
  // SpikeMonitors come after every StateMonitor and rate monitor in the status numbering.
  const spikeMonitorsNumbered = spikeMonitors.map((m, k) => ({ ...m, index: monitors.length + k }));
  const poissonInputs: PoissonInputCode[] = model.poissonInputs.map((p) => {
    const group = p.target;
    const bindings = new Map<string, Binding>(
      group.variables.map((v) => [
        v.name,
        { local: toLocalName(v.name), array: toArrayName(group.ir.name, v.name), index: '_idx', type: v.def.type, ...(group.events.refractory !== undefined && v.def.flags.some((f) => f.name === 'unless refractory') ? { guard: toLocalName('not_refractory') } : {}) },
      ]),
    );
    const guarded = [...bindings.values()].some((b) => b.guard !== undefined && b.local === toLocalName(p.ir.variable));
    const block = printStatements([p.statement], bindings, makeSpecials(p.namespace, { i: '_idx', N: '_N' }), state, guarded ? { alwaysLoad: ['not_refractory'] } : {});
    return { name: p.ir.name, target: group.ir.name, N: group.ir.N, constants: constantsOf(p.namespace), block };
  });
  const { schedule, rooms } = buildSchedule(groups, monitors, spikeMonitorsNumbered, synapses, poissonInputs);
  const fused = fuseUpdateAndThreshold(schedule, groups);
  const context: NetworkCodeContext = {
    networkName: model.ir.name,
    generatorVersion: GENERATOR_VERSION,
    dt: { cpp: printNumber(model.ir.dt, 'float', 'cpp'), js: printNumber(model.ir.dt, 'float', 'js'), value: model.ir.dt },
    arrays,
    groups,
    monitors,
    spikeMonitors: spikeMonitorsNumbered,
    synapses,
    poissonInputs,
    schedule,
    cppSchedule: fused.schedule,
    fusedGroups: fused.groups,
    rooms,
    support: { cpp: printSupport(state.needs, 'cpp'), js: printSupport(state.needs, 'js') },
    seed: { cpp: printNumber(model.ir.seed ?? 0, 'float', 'cpp'), js: printNumber(model.ir.seed ?? 0, 'float', 'js') },
  };
  return toResult(context, diagnostics);
}

/**
 * One memory pass instead of two for the commonest pair of code objects: a group's state update
 * directly followed in the schedule by its threshold (same clock) becomes `_update_threshold_<G>`,
 * which updates a neuron and tests it while its variables are in registers. Nothing runs between
 * the two, so the results are those of the separate calls; only adjacent pairs are fused, so the
 * order of the schedule is unchanged. (A SpikeGeneratorGroup's "threshold" is its generator.)
 */
export function fuseUpdateAndThreshold(schedule: readonly ScheduleEntry[], groups: readonly GroupCode[]): { schedule: ScheduleEntry[]; groups: string[] } {
  const fusable = new Set(groups.filter((g) => g.threshold !== undefined && g.generator === undefined).map((g) => g.name));
  const out: ScheduleEntry[] = [];
  const fusedGroups: string[] = [];
  for (let k = 0; k < schedule.length; k++) {
    const entry = schedule[k] as ScheduleEntry;
    const next = schedule[k + 1];
    const name = entry.fn.startsWith('_stateupdate_') ? entry.fn.slice('_stateupdate_'.length) : undefined;
    if (name !== undefined && fusable.has(name) && next !== undefined && next.fn === `_threshold_${name}` && next.every === entry.every) {
      out.push({ ...entry, fn: `_update_threshold_${name}` });
      fusedGroups.push(name);
      k++;
    } else out.push(entry);
  }
  return { schedule: out, groups: fusedGroups };
}

/** Position of a slot name (`before_X`, `X`, `after_X`) in Brian2's schedule. */
function slotRank(when: string): number {
  const [prefix, base] = when.startsWith('before_') ? [0, when.slice(7)] : when.startsWith('after_') ? [2, when.slice(6)] : [1, when];
  const index = (SCHEDULE_SLOTS as readonly string[]).indexOf(base);
  return (index < 0 ? SCHEDULE_SLOTS.length : index) * 3 + prefix;
}

/**
 * Brian2's schedule (BRIAN2_SEMANTICS.md §15, §16; C62) as an ordered list of code-object calls:
 * by slot (`before_start`, `start`, `after_start`, … `after_end`), then ascending `order`, then
 * name. Orders are Brian2's: summed variables −1 and state updaters 0 (groups); thresholders 0
 * and SpikeMonitors +1 (thresholds); custom events 0 and their EventMonitors +1
 * (after_thresholds); pre pathways −1 (push spikes and delivery in one function), PoissonInputs 0,
 * post pathways +1 (synapses); resetters 0 (resets); `run_on_event` code in after_resets; StateMonitors
 * (start or end), rate monitors (end), `run_regularly` and `run_at` where `when=` says.
 */
export function buildSchedule(groups: readonly GroupCode[], monitors: readonly MonitorCode[], spikeMonitors: readonly SpikeMonitorCode[], synapses: readonly SynapsesCode[], inputs: readonly PoissonInputCode[]): Pick<NetworkCodeContext, 'schedule' | 'rooms'> {
  const entries: ScheduleEntry[] = [];
  const add = (fn: string, when: string, order: number, name: string, every = 1): void => {
    entries.push({ fn, every, when, order, name });
  };
  for (const m of monitors) add(`_record_${m.name}`, m.rate === undefined ? m.when : 'end', 0, m.name, m.every ?? 1);
  for (const syn of synapses) syn.summed.forEach((sum, k) => add(`_summed_${syn.name}_${k}`, 'groups', -1, `${syn.name}_summed_variable_${sum.array}`, sum.every));
  for (const syn of synapses) if (syn.update !== undefined) add(`_stateupdate_${syn.name}`, 'groups', 0, `${syn.name}_stateupdater`, syn.every.update);
  for (const g of groups) {
    // Objects of a group on its own clock run at its ticks (run_regularly and run_at keep theirs).
    add(`_stateupdate_${g.name}`, 'groups', 0, `${g.name}_stateupdater`, g.every);
    if (g.threshold !== undefined) add(`_threshold_${g.name}`, 'thresholds', 0, `${g.name}_spike_thresholder`, g.every);
    // A SpikeGeneratorGroup is its own code object (Brian2 names it after the group).
    if (g.generator !== undefined) add(`_threshold_${g.name}`, 'thresholds', 0, g.name);
    for (const event of g.events) add(event.fn, 'after_thresholds', 0, `${g.name}_${event.event}_thresholder`, g.every);
    if (g.reset !== undefined) add(`_reset_${g.name}`, 'resets', 0, `${g.name}_spike_resetter`, g.every);
    for (const op of g.onEvent) add(op.fn, op.when, op.order, op.name, g.every);
    for (const op of g.regular) add(op.fn, op.when, op.order, op.name, op.every);
    for (const op of g.runAt) add(op.fn, op.when, op.order, op.name);
  }
  for (const m of spikeMonitors) add(`_record_${m.name}`, m.when, m.order, m.name, m.every);
  for (const syn of synapses) {
    // A pathway runs on the clock of the group whose events drive it (Brian2's SynapticPathway).
    if (syn.onPre !== undefined) add(`_synapses_pre_${syn.name}`, 'synapses', -1, `${syn.name}_pre`, syn.every.pre);
    if (syn.onPost !== undefined) add(`_synapses_post_${syn.name}`, 'synapses', 1, `${syn.name}_post`, syn.every.post);
  }
  for (const input of inputs) add(`_poissoninput_${input.name}`, 'synapses', 0, input.name);
  // Array.prototype.sort is stable: equal keys keep the order above.
  const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const schedule = entries.map((entry, k) => ({ entry, k, rank: slotRank(entry.when) })).sort((a, b) => a.rank - b.rank || a.entry.order - b.entry.order || byCodeUnits(a.entry.name, b.entry.name) || a.k - b.k).map(({ entry }) => entry);
  const rooms = [...monitors.map((m) => ({ fn: `_room_${m.name}`, index: m.index, every: m.every ?? 1 })), ...spikeMonitors.filter((m) => !m.countsOnly).map((m) => ({ fn: `_room_${m.name}`, index: m.index, every: 1 }))];
  return { schedule, rooms };
}

/**
 * The support functions connect code uses, as a JS object source: the host evaluates it once per
 * process and passes it to every connect function (the same algorithms as in generated code).
 */
export function connectRuntimeSource(): string {
  return `(function () {\n"use strict";\n${printSupport(new Set<SupportNeed>(['random']), 'js')}\nreturn { _sf_rand, _sf_randn };\n})`;
}

/** Counter base of the random numbers connect code draws (far beyond any simulated step). */
const CONNECT_STREAM_BASE = 2 ** 52;

function constantsOf(namespace: Readonly<Record<string, ExternalConstant>>): { name: string; cpp: string; js: string }[] {
  return Object.entries(namespace).filter(([, c]) => c.timedArray === undefined).map(([constantName, c]) => ({ name: toLocalName(constantName), cpp: printNumber(c.value, 'float', 'cpp'), js: printNumber(c.value, 'float', 'js') }));
}

/** Bindings of pathway and per-synapse code: synaptic variables, `x_pre`, `x_post`. */
function synapseBindings(syn: CheckedSynapses): Map<string, Binding> {
  const name = syn.ir.name;
  const bindings = new Map<string, Binding>(syn.variables.map((v) => [v.name, { local: toLocalName(v.name), array: toArrayName(name, v.name), index: '_s', type: v.def.type }]));
  // Writes to `(unless refractory)` variables are skipped while their neuron is refractory (C23).
  const guard = (group: CheckedGroup, v: { def: { flags: readonly { name: string }[] } }, suffix: string): { guard?: string } =>
    group.events.refractory !== undefined && v.def.flags.some((f) => f.name === 'unless refractory') ? { guard: `not_refractory${suffix}` } : {};
  for (const v of syn.source.variables) bindings.set(`${v.name}_pre`, { local: `${v.name}_pre`, array: toArrayName(syn.source.ir.name, v.name), index: '_i', type: v.def.type, ...guard(syn.source, v, '_pre') });
  for (const v of syn.target.variables) bindings.set(`${v.name}_post`, { local: `${v.name}_post`, array: toArrayName(syn.target.ir.name, v.name), index: '_j', type: v.def.type, ...guard(syn.target, v, '_post') });
  return bindings;
}

/** The JS of one connect call: a function of the source index emitting (i, j) pairs. */
function printConnectCall(connect: CheckedConnect, call: number, streamId: number, syn: CheckedSynapses, needs: Set<SupportNeed>, reads: Set<string>): string {
  if (connect.kind === 'arrays') {
    return `function _connect${call}() {\n  const _ii = [${connect.i.join(', ')}];\n  const _jj = [${connect.j.join(', ')}];\n  for (let _q = 0; _q < _ii.length; _q++) _emit(_ii[_q] + _pre_offset, _jj[_q] + _post_offset);\n  return true;\n}`;
  }
  const sourceArrays = new Map(syn.source.variables.map((v) => [`${v.name}_pre`, { array: toArrayName(syn.source.ir.name, v.name), type: v.def.type }]));
  const targetArrays = new Map(syn.target.variables.map((v) => [`${v.name}_post`, { array: toArrayName(syn.target.ir.name, v.name), type: v.def.type }]));
  let site = 0;
  const lookup: PrintLookup = (n) => {
    const pre = sourceArrays.get(n);
    if (pre !== undefined) {
      reads.add(pre.array);
      return { code: `${pre.array}[i + _pre_offset]`, type: pre.type };
    }
    const post = targetArrays.get(n);
    if (post !== undefined) {
      reads.add(post.array);
      return { code: `${post.array}[_k + _post_offset]`, type: post.type };
    }
    switch (n) {
      case 'i':
        return { code: 'i', type: 'integer' };
      case '_v':
        return { code: '_v', type: 'integer' };
      case '_k':
        return { code: '_k', type: 'integer' };
      case 'N_pre':
        return { code: '_N_pre', type: 'integer' };
      case 'N_post':
        return { code: '_N_post', type: 'integer' };
      case 'N':
        return { code: '_count()', type: 'integer' };
      case 't':
        return { code: '0', type: 'float' };
      case 'dt':
        return { code: 'dt', type: 'float' };
      default:
        break;
    }
    const constant = syn.namespace[n];
    return constant === undefined ? undefined : { code: printNumber(constant.value, 'float', 'js'), type: 'float' };
  };
  const js = (expr: Expr): string => printExpression(expr, lookup, 'js', { needs, nextRandomSite: () => site++ }).code;
  const pairBase = CONNECT_STREAM_BASE + (streamId * 2) * 2 ** 32;
  const jumpBase = CONNECT_STREAM_BASE + (streamId * 2 + 1) * 2 ** 32;
  const body: string[] = [];
  body.push(`const _k = ${js(connect.expr)};`);
  body.push(`if (!(_k >= 0 && _k < _N_post)) { ${connect.skipIfInvalid ? 'return true;' : `_invalid(${call}, i, _k); return false;`} }`);
  body.push(`const _step = ${pairBase} + _k;`);
  // A condition on the source alone (`i < 3200`) is tested once per source neuron, before its
  // candidates are drawn (it cannot depend on them, nor draw random numbers per pair).
  const perSource = connect.condition !== undefined && isSourceOnly(connect.condition, new Set(targetArrays.keys()));
  const sourceCondition = perSource && connect.condition !== undefined ? js(connect.condition) : undefined;
  if (connect.condition !== undefined && !perSource) body.push(`if (!(${js(connect.condition)})) return true;`);
  if (connect.p !== undefined) body.push(`if (!(_sf_rand(_sf_seed, _step, _idx, ${site++}) < ${js(connect.p)})) return true;`);
  body.push(connect.n === 1 ? '_emit(i + _pre_offset, _k + _post_offset);' : `for (let _m = 0; _m < ${connect.n}; _m++) _emit(i + _pre_offset, _k + _post_offset);`);
  body.push('return true;');
  if (connect.p !== undefined) needs.add('random');
  // One body function per connect call (not one closure per source neuron).
  const lines: string[] = [`function _connect${call}() {`, `  const _body = (i, _idx, _v) => {\n    ${body.join('\n    ')}\n  };`, `  for (let i = 0; i < _N_pre; i++) {`, '    const _idx = i;'];
  if (sourceCondition !== undefined) lines.push(`    if (!(${sourceCondition})) continue;`);
  const range: GeneratorRange | undefined = connect.range;
  if (range === undefined) {
    lines.push('    if (!_body(i, _idx, 0)) return false;');
  } else {
    lines.push(`    const _start = ${js(range.start)}, _stop = ${js(range.stop)}, _by = ${js(range.step)};`);
    lines.push('    const _n = _by > 0 ? Math.max(0, Math.ceil((_stop - _start) / _by)) : _by < 0 ? Math.max(0, Math.ceil((_start - _stop) / -_by)) : 0;');
    if (range.kind === 'range') {
      lines.push('    for (let _t = 0; _t < _n; _t++) if (!_body(i, _idx, _start + _t * _by)) return false;');
    } else if (range.p !== undefined) {
      // Geometric jumps between selected candidates: O(selected), not O(candidates).
      needs.add('random');
      lines.push(`    const _p = ${js(range.p)};`);
      lines.push('    if (_p >= 1) { for (let _t = 0; _t < _n; _t++) if (!_body(i, _idx, _start + _t * _by)) return false; }');
      lines.push(`    else if (_p > 0) {\n      const _lq = Math.log(1 - _p);\n      let _pos = -1;\n      for (let _draw = 0; ; _draw++) {\n        const _u = _sf_rand(_sf_seed, ${jumpBase} + _draw, i, 0);\n        _pos += 1 + Math.floor(Math.log(_u) / _lq);\n        if (!(_pos < _n)) break;\n        if (!_body(i, _idx, _start + _pos * _by)) return false;\n      }\n    }`);
    } else if (range.size !== undefined) {
      // Selection sampling (Knuth's algorithm S): `size` distinct candidates, in order.
      needs.add('random');
      lines.push(`    let _need = ${js(range.size)};`);
      lines.push(`    if (_need > _n || _need < 0) { _invalid(${call}, i, _need); return false; }`);
      lines.push(`    for (let _t = 0; _t < _n && _need > 0; _t++) {\n      if ((_n - _t) * _sf_rand(_sf_seed, ${jumpBase} + _t, i, 0) < _need) {\n        _need--;\n        if (!_body(i, _idx, _start + _t * _by)) return false;\n      }\n    }`);
    }
  }
  lines.push('  }', '  return true;', '}');
  return lines.join('\n');
}

/** The exact update of the event-driven variables over `t - lastupdate`, or [] with a diagnostic. */
function eventDrivenPrelude(syn: CheckedSynapses, state: PrintState): Statement[] {
  if (syn.eventDriven.length === 0) return [];
  const parameters = syn.variables.map((v) => v.def).filter((d) => d.kind === 'parameter');
  const pseudo: CheckedGroup = {
    ir: { name: syn.ir.name, N: 0, equations: '', equationsOffset: 0, method: 'exact', namespace: syn.namespace, initial: [] },
    equations: { definitions: [...syn.eventDriven, ...parameters] },
    variables: [],
    events: { reset: [] },
    initialCode: [],
  };
  const problem = toIntegrationProblem(pseudo, 0);
  const refusal = exact.canIntegrate(problem);
  if (refusal !== undefined) {
    state.diagnostics.push(makeDiagnostic('SF5002', { method: 'exact (event-driven)', group: syn.ir.name, equation: refusal.equation === undefined ? 'the event-driven equations' : `d${refusal.equation}/dt`, reason: `${refusal.reason}; event-driven equations must be linear` }, refusal.span ?? syn.ir.span));
    return [];
  }
  return exact.integrate(problem).map((st) => ({
    ...st,
    expr: substituteNames(st.expr, (name) => (name === 'dt' ? { kind: 'binary', op: '-', left: nameNode('t', st.expr.span), right: nameNode('lastupdate', st.expr.span), span: st.expr.span } : undefined)),
  }));
}

/**
 * The clock-driven equations of a Synapses object as a group of their own for the state updaters:
 * the same methods and automatic choice as a NeuronGroup (Brian2's synapses `StateUpdater`).
 * Pre- and postsynaptic variables are read as constants over the step, as Brian2 treats them.
 */
function integrateSynapses(syn: CheckedSynapses, dt: number, state: PrintState): { method?: string; statements: readonly Statement[] } | undefined {
  if (syn.clockDriven.length === 0) return undefined;
  const parameters = syn.variables.map((v) => v.def).filter((d) => d.kind === 'parameter');
  const span = syn.ir.methodSpan ?? syn.ir.span;
  const pseudo: CheckedGroup = {
    ir: {
      name: syn.ir.name,
      N: 0,
      equations: syn.ir.model,
      equationsOffset: syn.ir.modelOffset,
      method: syn.ir.method,
      ...(syn.ir.methodOptions === undefined ? {} : { methodOptions: syn.ir.methodOptions }),
      namespace: syn.namespace,
      initial: [],
      ...(span === undefined ? {} : { methodSpan: span, span }),
    },
    equations: { definitions: [...syn.clockDriven, ...syn.subexpressions, ...parameters] },
    variables: [],
    events: { reset: [] },
    initialCode: [],
  };
  const update = integrateGroup(pseudo, dt);
  state.diagnostics.push(...update.diagnostics);
  return { ...(update.method === undefined ? {} : { method: update.method }), statements: update.statements };
}

/** Whether a connect condition depends only on the source neuron (no target, no loop value, no randomness). */
function isSourceOnly(condition: Expr, targetNames: ReadonlySet<string>): boolean {
  const names = namesRead([condition]);
  if ([...names].some((n) => n === '_k' || n === '_v' || n === 'j' || targetNames.has(n))) return false;
  const random = (e: Expr): boolean => {
    switch (e.kind) {
      case 'call':
        return (e.callee.kind === 'name' && (e.callee.name === 'rand' || e.callee.name === 'randn')) || e.args.some(random);
      case 'unary':
        return random(e.operand);
      case 'binary':
      case 'boolop':
        return random(e.left) || random(e.right);
      case 'compare':
        return e.operands.some(random);
      default:
        return false;
    }
  };
  return !random(condition);
}

/** The connect function's source and the state arrays it reads (its result depends on nothing else). */
function printConnect(syn: CheckedSynapses, synapsesIndex: number, seed: number, dt: number): { source: string; reads: string[] } {
  const needs = new Set<SupportNeed>();
  const reads = new Set<string>();
  const calls = syn.connect.map((c, k) => printConnectCall(c, k, synapsesIndex * 64 + k, syn, needs, reads));
  const source = [
    '(function (_a, _emit, _invalid, _count, _rt) {',
    '"use strict";',
    `const _sf_seed = ${printNumber(seed, 'float', 'js')};`,
    `const dt = ${printNumber(dt, 'float', 'js')};`,
    `const _N_pre = ${sizeOf(syn.source.ir.N, syn.ir.sourceRange)}, _N_post = ${sizeOf(syn.target.ir.N, syn.ir.targetRange)};`,
    `const _pre_offset = ${syn.ir.sourceRange?.start ?? 0}, _post_offset = ${syn.ir.targetRange?.start ?? 0};`,
    ...[...reads].sort().map((a) => `const ${a} = _a.${a};`),
    // The random numbers come from a runtime the host compiles once (warm across builds).
    'const _sf_rand = _rt._sf_rand;',
    'function _sf_mod(a, b) { return a - b * Math.floor(a / b); }',
    'function _sf_mod_int(a, b) { const r = a % b; return (r !== 0 && ((r < 0) !== (b < 0))) ? r + b : r; }',
    'function _sf_sign(x) { return (0 < x) - (x < 0); }',
    'function _sf_clip(x, lo, hi) { return x < lo ? lo : (x > hi ? hi : x); }',
    'function _sf_timestep(x, step) { return Math.trunc((x + 1e-3 * step) / step); }',
    ...calls,
    ...syn.connect.map((_, k) => `if (!_connect${k}()) return;`),
    '})',
  ].join('\n');
  return { source, reads: [...reads].sort() };
}

function buildSynapsesCode(syn: CheckedSynapses, index: number, model: CheckedModel, state: PrintState, arrays: ArraySpec[]): SynapsesCode {
  const name = syn.ir.name;
  const spec = (variable: string, dtype: ArraySpec['dtype'], kind: ArraySpec['kind'], length: number, unit = '1'): string => {
    const arrayName = toArrayName(name, variable);
    arrays.push({ name: arrayName, owner: name, variable, dtype, kind, length, rowWidth: 1, unit });
    return arrayName;
  };
  const pre = spec('_synaptic_pre', 'int32', 'synaptic', 0);
  const post = spec('_synaptic_post', 'int32', 'synaptic', 0);
  const variables = syn.variables.map((v) => ({
    name: v.name,
    array: spec(v.name, dtypeOf(v.def.type), 'synaptic', 0, unitOf(v.def)),
  }));
  const delaySteps = spec('_delay_steps', 'int32', 'synaptic', 0);
  const preSyn = spec('_pre_syn', 'int32', 'synaptic', 0);
  const preStart = spec('_pre_start', 'int32', 'synapse-rows', syn.source.ir.N + 1);
  const hasPost = syn.onPost.length > 0;
  const postSyn = hasPost ? spec('_post_syn', 'int32', 'synaptic', 0) : undefined;
  const postStart = hasPost ? spec('_post_start', 'int32', 'synapse-rows', syn.target.ir.N + 1) : undefined;
  const meta = spec('_meta', 'int32', 'synapse-meta', 4);
  const ring = spec('_ring', 'int32', 'spike-ring', 0);
  const ringCount = spec('_ring_count', 'int32', 'spike-ring', 0);
  const bindings = synapseBindings(syn);
  const everything = [...syn.onPre, ...syn.onPost, ...syn.initialCode].map((st) => st.expr).concat(syn.summed.map((s) => s.expr), [...syn.clockDriven, ...syn.subexpressions].flatMap((d) => (d.expr === undefined ? [] : [d.expr])));
  const read = namesRead(everything);
  const counts: { nIncoming?: string; nOutgoing?: string } = {};
  for (const [variable, key] of [['N_incoming', 'nIncoming'], ['N_outgoing', 'nOutgoing']] as const) {
    if (!read.has(variable)) continue;
    counts[key] = spec(variable, 'int32', 'synaptic', 0);
    bindings.set(variable, { local: variable, array: toArrayName(name, variable), index: '_s', type: 'integer' });
  }
  // In a subgroup, i and j count from the subgroup's start (the arrays hold absolute indices).
  const preOffset = syn.ir.sourceRange?.start ?? 0;
  const postOffset = syn.ir.targetRange?.start ?? 0;
  const indices = {
    i: preOffset === 0 ? '_i' : `(_i - ${preOffset})`,
    j: postOffset === 0 ? '_j' : `(_j - ${postOffset})`,
    N: '_nsyn',
    N_pre: String(sizeOf(syn.source.ir.N, syn.ir.sourceRange)),
    N_post: String(sizeOf(syn.target.ir.N, syn.ir.targetRange)),
  };
  const specials = makeSpecials(syn.namespace, indices);
  // Clocks (Brian2): pre pathway and its source's; post pathway and summed-into-target, the
  // target's; the state update, the Synapses' own dt.
  const preClock = clockOf(syn.source.ir.clock);
  const postClock = clockOf(syn.target.ir.clock);
  const ownClock = clockOf(syn.ir.clock);
  const block = (statements: readonly Statement[], declare: 'const' | 'mutable', clock?: ObjectClock): CodeBlock | undefined => {
    if (statements.length === 0) return undefined;
    // Guarded stores need their guard loaded.
    const written = new Set(statements.map((st) => st.target));
    const guards = [...bindings].filter(([name, b]) => written.has(name) && b.guard !== undefined).map(([, b]) => b.guard as string);
    return printStatements(statements, bindings, clock === undefined ? specials : makeSpecials(syn.namespace, indices, clock), state, { cppDeclare: declare, alwaysLoad: [...new Set(guards)] });
  };
  // Event-driven variables: their exact solution over t - lastupdate before the pathway's own
  // statements, then lastupdate = t (BRIAN2_SEMANTICS.md §12).
  const prelude = eventDrivenPrelude(syn, state);
  const withEvents = (statements: readonly Statement[]): readonly Statement[] => {
    if (statements.length === 0 || syn.eventDriven.length === 0) return statements;
    const span = statements[0]?.span ?? syn.ir.span ?? { start: 0, end: 0 };
    return [...prelude, ...statements, { target: 'lastupdate', op: '=', expr: nameNode('t', span), span }];
  };
  const onPre = block(withEvents(syn.onPre), 'mutable', preClock);
  const onPost = block(withEvents(syn.onPost), 'mutable', postClock);
  const summed = syn.summed.map((s) => {
    const group = s.side === 'post' ? syn.target : syn.source;
    const clock = clockOf(group.ir.clock);
    const summedBlock = printStatements([{ target: '_summed', op: '=', expr: s.expr, span: s.span, declare: true }], bindings, clock === undefined ? specials : makeSpecials(syn.namespace, indices, clock), state);
    return { array: toArrayName(group.ir.name, s.variable), N: group.ir.N, index: s.side === 'post' ? ('_j' as const) : ('_i' as const), every: clock?.every ?? 1, block: summedBlock };
  });
  const init = block(syn.initialCode, 'mutable');
  const integrated = integrateSynapses(syn, ownClock?.dt ?? model.ir.dt, state);
  const update = integrated === undefined ? undefined : block(integrated.statements, 'const', ownClock);
  const connect = printConnect(syn, index, model.ir.seed ?? 0, model.ir.dt);
  return {
    name,
    source: syn.source.ir.name,
    target: syn.target.ir.name,
    sourceN: syn.source.ir.N,
    targetN: syn.target.ir.N,
    // on_event= picks the event space a pathway reads (BRIAN2_SEMANTICS.md §7).
    sourceSpikespace: eventSpaceName(syn.source.ir.name, syn.ir.onEvent?.pre ?? 'spike'),
    ...(hasPost ? { targetSpikespace: eventSpaceName(syn.target.ir.name, syn.ir.onEvent?.post ?? 'spike') } : {}),
    pre,
    post,
    delay: toArrayName(name, 'delay'),
    delaySteps,
    preStart,
    preSyn,
    ...(postStart === undefined || postSyn === undefined ? {} : { postStart, postSyn }),
    meta,
    ring,
    ringCount,
    variables,
    ...(syn.ir.delay === undefined ? {} : { scalarDelay: syn.ir.delay.seconds }),
    ...counts,
    constants: constantsOf(syn.namespace),
    ...(onPre === undefined ? {} : { onPre }),
    ...(onPost === undefined ? {} : { onPost }),
    ...(init === undefined ? {} : { init }),
    every: { pre: preClock?.every ?? 1, post: postClock?.every ?? 1, update: ownClock?.every ?? 1 },
    ...(update === undefined || integrated?.method === undefined ? {} : { update, method: integrated.method }),
    summed,
    connectJs: connect.source,
    connectReads: connect.reads,
    connectSpans: syn.ir.connect.map((c) => c.span),
    ...(syn.ir.span ? { span: syn.ir.span } : {}),
  };
}

/** The support code for `needs` (the generator's `_sf_randn` uses the log kernel). */
function printSupport(needs: ReadonlySet<SupportNeed>, target: CodeTarget): string {
  const kernels = new Set<MathKernel | SupportNeed>(needs);
  const binomial = needs.has('binomial');
  if (needs.has('exp') || binomial) kernels.add('exp');
  if (needs.has('log') || needs.has('random') || binomial) kernels.add('log');
  const parts = kernels.size > 0 ? [printMathKernels(kernels, target)] : [];
  if (needs.has('random') || binomial) parts.push(printPhilox(target));
  if (binomial) parts.push(printBinomial(target));
  return parts.join('\n');
}
