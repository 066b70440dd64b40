/**
 * Network-level checks over the model IR: group sizes, dt, equations of every group, monitor
 * variables and record indices. Produces the checked model that state updaters and code
 * generation consume, or every diagnostic found.
 */
import { makeDiagnostic, toResult, type Diagnostic, type Result, type SourceSpan } from '../diagnostics';
import { checkEquations, makeGroupLookup, parseEquations, type EquationDef, type Equations, type ExternalConstant } from '../equations';
import { inferDimensions, parseExpression, type Statement } from '../expressions';
import { formatDimension, sameDimension } from '../units';
import { checkMethodOptions } from './methodOptions';
import { unitConstantsOf } from './unitConstants';
import { checkPoissonInput, checkRateMonitor, type CheckedPoissonInput, type CheckedRateMonitor } from './checkInputs';
import { checkSynapses, type CheckedSynapses } from './checkSynapses';
import { checkGeneratorSpikes, checkGroupEvents, eventNamesOf, isScheduleSlot, slotProblem, unknownEvent, withRefractoryVariables, type GroupEvents } from './checkEvents';
import type { CodeText, IndexRange, ModelIR, NeuronGroupIR, SpikeMonitorIR, StateMonitorIR, TimedArrayIR } from './modelIR';
import { checkRange, sizeOf, type CheckedGroup } from './checkedGroup';

export type { CheckedGroup, StateVariable } from './checkedGroup';
export { checkRange, sizeOf } from './checkedGroup';

export interface CheckedMonitor {
  readonly ir: StateMonitorIR;
  /** The recorded object (for a Synapses source, a view of its synaptic variables). */
  readonly group: CheckedGroup;
  /** Recording synaptic variables: indices are synapse indices, checked once connected. */
  readonly ofSynapses?: true;
  readonly indices: readonly number[];
}

export interface CheckedSpikeMonitor {
  readonly ir: SpikeMonitorIR;
  readonly group: CheckedGroup;
  /** The recorded event (`spike` for a SpikeMonitor). */
  readonly event: string;
  /** Variables recorded at each event. */
  readonly variables: readonly string[];
  /** Schedule slot and order: by default right after the event's detection. */
  readonly when: string;
  readonly order: number;
}

export interface CheckedModel {
  readonly ir: ModelIR;
  readonly groups: readonly CheckedGroup[];
  readonly monitors: readonly CheckedMonitor[];
  readonly spikeMonitors: readonly CheckedSpikeMonitor[];
  readonly synapses: readonly CheckedSynapses[];
  readonly rateMonitors: readonly CheckedRateMonitor[];
  readonly poissonInputs: readonly CheckedPoissonInput[];
  readonly timedArrays: readonly TimedArrayIR[];
}

/** Whether a name can be used as a network/object name (it becomes part of C++ identifiers). */
export function checkObjectName(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) return 'use letters, digits and "_", starting with a letter';
  if (name.length > 48) return 'the name is longer than 48 characters';
  return undefined;
}

/**
 * Integration methods a group may name (Brian2's, `linear` = `exact`). Whether a method can
 * integrate the equations is decided by the state updaters (`stateupdate/`); the name is checked
 * here so an editor reports a typo at once.
 */
export const KNOWN_METHOD_NAMES: readonly string[] = ['exact', 'linear', 'exponential_euler', 'euler', 'rk2', 'rk4', 'heun', 'milstein'];

function checkMethodField(group: NeuronGroupIR, diagnostics: Diagnostic[]): void {
  const trimmed = group.method.trim();
  if (trimmed === '' || trimmed === 'auto') return;
  for (const name of trimmed.split(/[,|]/).map((s) => s.trim())) {
    if (!KNOWN_METHOD_NAMES.includes(name)) {
      const hint = name.startsWith('gsl') ? ': the GSL methods are not in SpikeForge v1' : `; known methods: ${KNOWN_METHOD_NAMES.join(', ')}`;
      diagnostics.push(makeDiagnostic('SF5001', { method: name, reason: hint }, group.methodSpan ?? group.span));
    }
  }
}

function withUnitConstants(group: NeuronGroupIR, equations: Equations): NeuronGroupIR {
  const texts = [
    group.equations,
    group.threshold?.code,
    group.reset?.code,
    group.refractory?.kind === 'code' ? group.refractory.code : undefined,
    group.poisson?.rates?.code,
    ...group.initial.map((init) => init.code?.code),
    ...(group.runRegularly ?? []).map((op) => op.code.code),
    ...(group.events ?? []).map((event) => event.condition.code),
    ...(group.runOnEvent ?? []).map((op) => op.code.code),
    ...(group.runAt ?? []).map((op) => op.code.code),
  ];
  const variables = new Set(equations.definitions.map((d) => d.name));
  const added = unitConstantsOf(texts, (name) => variables.has(name) || group.namespace[name] !== undefined);
  return Object.keys(added).length === 0 ? group : { ...group, namespace: { ...group.namespace, ...added } };
}

/** Parses and unit-checks `G.v = 'expression'`. */
function checkInitialCode(group: NeuronGroupIR, equations: Equations, variable: string, def: EquationDef, code: CodeText, diagnostics: Diagnostic[]): Statement | undefined {
  const parsed = parseExpression(code.code, { offset: code.offset });
  if (parsed.expr === undefined) {
    diagnostics.push(...parsed.diagnostics);
    return undefined;
  }
  const context = `the initial value of ${group.name}.${variable}`;
  const inferred = inferDimensions(parsed.expr, makeGroupLookup(equations, group.namespace), context);
  diagnostics.push(...inferred.diagnostics);
  if (inferred.inferred === undefined) return undefined;
  if (def.type !== 'boolean' && !sameDimension(inferred.inferred.dim, def.dim)) {
    diagnostics.push(makeDiagnostic('SF1002', { context, left: `${variable} has ${formatDimension(def.dim)}`, right: `the expression has ${formatDimension(inferred.inferred.dim)}` }, parsed.expr.span));
    return undefined;
  }
  return { target: variable, op: '=', expr: parsed.expr, span: parsed.expr.span };
}

function checkGroup(declared: NeuronGroupIR, dt: number, diagnostics: Diagnostic[]): CheckedGroup {
  let group = declared;
  if (!Number.isInteger(group.N) || group.N <= 0) {
    diagnostics.push(makeDiagnostic('SF4001', { value: String(group.N) }, group.nSpan ?? group.span));
  }
  const nameProblem = checkObjectName(group.name);
  if (nameProblem !== undefined) diagnostics.push(makeDiagnostic('SF4005', { name: group.name, reason: nameProblem }, group.span));
  checkMethodField(group, diagnostics);
  checkMethodOptions(group.name, group.method, group.methodOptions, group.methodSpan ?? group.span, diagnostics);
  const parsed = parseEquations(group.equations, {
    offset: group.equationsOffset,
    ...(group.defaultUnit === undefined ? {} : { defaultUnit: group.defaultUnit }),
  });
  group = withUnitConstants(group, parsed.equations);
  // Brian2 accepts a group without equations (`NeuronGroup(1, '', threshold='True')`).
  const parseProblems = parsed.diagnostics.filter((d) => d.code !== 'SF3006');
  diagnostics.push(...parseProblems);
  const equations = withRefractoryVariables(parsed.equations, group);
  let events: GroupEvents = { reset: [] };
  if (parseProblems.length === 0) {
    diagnostics.push(...checkEquations(equations, group.namespace, group.name));
    events = checkGroupEvents(group, equations, group.namespace, diagnostics, dt);
    const generator = checkGeneratorSpikes(group, dt, diagnostics);
    if (generator !== undefined) events = { ...events, generator };
  }
  const variables = equations.definitions.filter((d) => d.kind !== 'subexpression').map((def) => ({ name: def.name, def }));
  const initialCode: (Statement & { range?: IndexRange })[] = [];
  for (const init of group.initial) {
    const target = variables.find((v) => v.name === init.variable);
    if (target === undefined) {
      diagnostics.push(makeDiagnostic('SF4006', { name: init.variable, group: group.name }, init.span ?? group.span));
    } else if (!checkRange(init.range, group, init.span, diagnostics)) {
      continue;
    } else if (init.code !== undefined) {
      if (parseProblems.length === 0) {
        const statement = checkInitialCode(group, equations, init.variable, target.def, init.code, diagnostics);
        if (statement !== undefined) initialCode.push({ ...statement, ...(init.range === undefined ? {} : { range: init.range }) });
      }
    } else if (typeof init.value !== 'number' && init.value.length !== sizeOf(group.N, init.range)) {
      diagnostics.push(makeDiagnostic('SF4007', { name: init.variable, expected: sizeOf(group.N, init.range), actual: init.value.length }, init.span ?? group.span));
    }
  }
  return { ir: group, equations, variables, events, initialCode };
}

/** A Synapses object seen as a group of its synaptic variables (for StateMonitors). */
function synapsesAsGroup(syn: CheckedSynapses): CheckedGroup {
  return {
    ir: { name: syn.ir.name, N: 0, equations: syn.ir.model, equationsOffset: syn.ir.modelOffset, method: syn.ir.method, namespace: syn.namespace, initial: [] },
    equations: { definitions: syn.variables.map((v) => v.def) },
    variables: syn.variables,
    events: { reset: [] },
    initialCode: [],
  };
}

function checkMonitor(monitor: StateMonitorIR, groups: readonly CheckedGroup[], synapses: readonly CheckedSynapses[], diagnostics: Diagnostic[]): CheckedMonitor | undefined {
  const syn = synapses.find((s) => s.ir.name === monitor.source);
  if (syn !== undefined) {
    const view = synapsesAsGroup(syn);
    for (const variable of monitor.variables) {
      if (!view.variables.some((v) => v.name === variable)) {
        diagnostics.push(makeDiagnostic('SF4003', { name: variable, group: syn.ir.name }, monitor.variablesSpan ?? monitor.span, [`variables of ${syn.ir.name}: ${view.variables.map((v) => v.name).join(', ')}`]));
      }
    }
    if (monitor.record === true) {
      diagnostics.push(makeDiagnostic('SF4009', { what: 'record=True on a Synapses object (give the synapse indices to record, e.g. record=[0, 1])' }, monitor.recordSpans?.[0] ?? monitor.span));
      return undefined;
    }
    monitor.record.forEach((index, k) => {
      if (!Number.isInteger(index) || index < 0) diagnostics.push(makeDiagnostic('SF4002', { index: String(index), size: 'its', max: 'the number of synapses minus 1' }, monitor.recordSpans?.[k] ?? monitor.span));
    });
    return { ir: monitor, group: view, indices: [...monitor.record], ofSynapses: true };
  }
  const group = groups.find((g) => g.ir.name === monitor.source);
  if (group === undefined) {
    diagnostics.push(makeDiagnostic('SF4010', { name: monitor.source }, monitor.span));
    return undefined;
  }
  for (const variable of monitor.variables) {
    const isSubexpression = group.equations.definitions.some((d) => d.name === variable && d.kind === 'subexpression');
    if (!group.variables.some((v) => v.name === variable) && !isSubexpression) {
      diagnostics.push(makeDiagnostic('SF4003', { name: variable, group: group.ir.name }, monitor.variablesSpan ?? monitor.span, [
        `variables of ${group.ir.name}: ${group.variables.map((v) => v.name).join(', ') || '(none)'}`,
      ]));
    }
  }
  if (!checkRange(monitor.range, group.ir, monitor.span, diagnostics)) return undefined;
  const N = sizeOf(group.ir.N, monitor.range);
  const offset = monitor.range?.start ?? 0;
  const indices = (monitor.record === true ? Array.from({ length: Math.max(0, N) }, (_, k) => k) : [...monitor.record]).map((k) => k + offset);
  if (monitor.record !== true) {
    monitor.record.forEach((index, k) => {
      if (!Number.isInteger(index) || index < 0 || index >= N) {
        diagnostics.push(makeDiagnostic('SF4002', { index: String(index), size: N, max: N - 1 }, monitor.recordSpans?.[k] ?? monitor.span));
      }
    });
  }
  return { ir: monitor, group, indices };
}

/** A SpikeMonitor or EventMonitor: its source and event, recorded variables, slot (BRIAN2_SEMANTICS.md §14). */
function checkSpikeMonitor(monitor: SpikeMonitorIR, groups: readonly CheckedGroup[], diagnostics: Diagnostic[]): CheckedSpikeMonitor | undefined {
  const group = groups.find((g) => g.ir.name === monitor.source);
  if (group === undefined) {
    diagnostics.push(makeDiagnostic('SF4010', { name: monitor.source }, monitor.span));
    return undefined;
  }
  if (!checkRange(monitor.range, group.ir, monitor.span, diagnostics)) return undefined;
  const event = monitor.event ?? 'spike';
  if (!eventNamesOf(group.ir).includes(event)) {
    if (event === 'spike' && monitor.eventMonitor !== true) {
      diagnostics.push(makeDiagnostic('SF4019', { monitor: monitor.name, group: group.ir.name }, monitor.span, [`give ${group.ir.name} a threshold, e.g. threshold="v > -50*mV"`]));
    } else diagnostics.push(unknownEvent(group.ir, event, `EventMonitor ${monitor.name}`, monitor.eventSpan ?? monitor.span));
    return undefined;
  }
  const problems = diagnostics.length;
  const variables = monitor.variables ?? [];
  for (const variable of variables) {
    const known = group.variables.some((v) => v.name === variable) || group.equations.definitions.some((d) => d.name === variable && d.kind === 'subexpression');
    if (!known || variable === 'i' || variable === 't') {
      const detail = known || variable === 'i' || variable === 't' ? `"${variable}" is recorded anyway` : `"${variable}" is not a variable of ${group.ir.name}`;
      diagnostics.push(makeDiagnostic('SF4011', { callee: monitor.eventMonitor === true ? 'EventMonitor' : 'SpikeMonitor', detail: `${detail} (variables of ${group.ir.name}: ${group.variables.map((v) => v.name).join(', ') || 'none'})` }, monitor.variablesSpan ?? monitor.span));
    }
  }
  if (monitor.when !== undefined && !isScheduleSlot(monitor.when)) diagnostics.push(makeDiagnostic('SF4011', { callee: monitor.eventMonitor === true ? 'EventMonitor' : 'SpikeMonitor', detail: slotProblem(monitor.when) }, monitor.whenSpan ?? monitor.span));
  if (diagnostics.length > problems) return undefined;
  // Brian2: the monitor runs right after the event's thresholder (same slot, order + 1).
  const when = monitor.when ?? (event === 'spike' ? 'thresholds' : 'after_thresholds');
  const order = monitor.order ?? (monitor.when === undefined ? 1 : 0);
  return { ir: monitor, group, event, variables, when, order };
}

/** The host array of a TimedArray's values. */
export function timedArrayName(name: string): string {
  return `_array__timedarray_${name}`;
}

/** TimedArrays as the functions model code calls (BRIAN2_SEMANTICS.md §13 index rule). */
function timedArrayConstants(ir: ModelIR, diagnostics: Diagnostic[]): Record<string, ExternalConstant> {
  const entries: Record<string, ExternalConstant> = {};
  for (const ta of ir.timedArrays ?? []) {
    if (!(ta.dt > 0) || ta.rows < 1 || ta.values.length !== ta.rows * Math.max(1, ta.columns)) {
      diagnostics.push(makeDiagnostic('SF4011', { callee: `TimedArray ${ta.name}`, detail: 'it needs at least one value and a positive dt' }, ta.span));
      continue;
    }
    const K = Math.max(1, 2 ** Math.ceil(Math.log2((8 * ta.dt) / ir.dt)));
    entries[ta.name] = { value: Number.NaN, dim: ta.dim, timedArray: { array: timedArrayName(ta.name), rows: ta.rows, columns: ta.columns, eps: ta.dt / K, K } };
  }
  return entries;
}

/**
 * Objects on their own clock (`dt=` of a NeuronGroup or Synapses): a whole number of network
 * steps per tick, and refusals, at the clock's span, of what does not follow a clock yet.
 */
function checkClocks(ir: ModelIR, diagnostics: Diagnostic[]): void {
  const clocked = new Map(ir.groups.flatMap((g) => (g.clock === undefined ? [] : [[g.name, g.clock] as const])));
  const notYet = (what: string, span: SourceSpan | undefined): void => {
    diagnostics.push(makeDiagnostic('SF4009', { what: `${what} (a group with its own dt)` }, span));
  };
  for (const object of [...ir.groups, ...(ir.synapses ?? [])]) {
    const clock = object.clock;
    if (clock === undefined) continue;
    if (!(clock.dt > 0) || !Number.isFinite(clock.dt)) diagnostics.push(makeDiagnostic('SF4004', { value: `${clock.dt} s` }, clock.span ?? object.span));
    else if (!Number.isInteger(clock.steps) || clock.steps < 1 || Math.abs(clock.dt - clock.steps * ir.dt) > 1e-4 * ir.dt) {
      diagnostics.push(makeDiagnostic('SF4011', { callee: object.name, detail: `its dt (${clock.dt} s) must be a whole multiple of the network dt (${ir.dt} s)` }, clock.span ?? object.span));
    }
  }
  for (const group of ir.groups) if (group.clock !== undefined && group.spikeGenerator !== undefined) notYet('a SpikeGeneratorGroup with its own dt', group.clock.span);
  for (const input of ir.poissonInputs ?? []) if (clocked.has(input.target)) notYet(`the PoissonInput ${input.name} into ${input.target}`, input.span);
  for (const monitor of ir.rateMonitors ?? []) if (clocked.has(monitor.source)) notYet(`the PopulationRateMonitor ${monitor.name} of ${monitor.source}`, monitor.span);
  for (const syn of ir.synapses ?? []) {
    const delayed = (syn.delay !== undefined && syn.delay.seconds !== 0) || syn.initial.some((init) => init.variable === 'delay');
    if (delayed && (clocked.has(syn.source) || (syn.onPost !== undefined && clocked.has(syn.target)))) notYet(`synaptic delays of ${syn.name} on a pathway of ${clocked.has(syn.source) ? syn.source : syn.target}`, syn.delay?.span ?? syn.span);
  }
}

/** Checks a whole model. */
export function checkModel(ir: ModelIR): Result<CheckedModel> {
  const diagnostics: Diagnostic[] = [];
  const timed = timedArrayConstants(ir, diagnostics);
  if (Object.keys(timed).length > 0) {
    ir = {
      ...ir,
      groups: ir.groups.map((g) => ({ ...g, namespace: { ...timed, ...g.namespace } })),
      ...(ir.synapses === undefined ? {} : { synapses: ir.synapses.map((s) => ({ ...s, namespace: { ...timed, ...s.namespace } })) }),
    };
  }
  const nameProblem = checkObjectName(ir.name);
  if (nameProblem !== undefined) diagnostics.push(makeDiagnostic('SF4005', { name: ir.name, reason: nameProblem }));
  if (!(ir.dt > 0) || !Number.isFinite(ir.dt)) diagnostics.push(makeDiagnostic('SF4004', { value: String(ir.dt) }, ir.dtSpan));
  if (!(ir.duration >= 0) || !Number.isFinite(ir.duration)) diagnostics.push(makeDiagnostic('SF4008', { value: String(ir.duration) }));
  checkClocks(ir, diagnostics);
  const groups = ir.groups.map((g) => checkGroup(g, ir.dt, diagnostics));
  const synapses = (ir.synapses ?? []).flatMap((s) => checkSynapses(s, groups, diagnostics) ?? []);
  const monitors = ir.monitors.flatMap((m) => checkMonitor(m, groups, synapses, diagnostics) ?? []);
  const spikeMonitors = (ir.spikeMonitors ?? []).flatMap((m) => checkSpikeMonitor(m, groups, diagnostics) ?? []);
  const rateMonitors = (ir.rateMonitors ?? []).flatMap((m) => checkRateMonitor(m, groups, diagnostics) ?? []);
  const poissonInputs = (ir.poissonInputs ?? []).flatMap((p) => checkPoissonInput(p, groups, ir.dt, diagnostics) ?? []);
  const names = new Set<string>();
  for (const object of [...ir.groups, ...ir.monitors, ...(ir.spikeMonitors ?? []), ...(ir.synapses ?? []), ...(ir.rateMonitors ?? []), ...(ir.poissonInputs ?? [])]) {
    if (names.has(object.name)) diagnostics.push(makeDiagnostic('SF4015', { name: object.name }, object.span));
    names.add(object.name);
  }
  return toResult({ ir, groups, monitors, spikeMonitors, synapses, rateMonitors, poissonInputs, timedArrays: ir.timedArrays ?? [] }, diagnostics);
}
