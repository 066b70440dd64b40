/**
 * Turns the evaluated script into the model IR and the symbols the editor needs. Also the checks
 * that need both the script and the equations: an initial value must have its variable's unit
 * (Brian2 accepts a plain 0 for any unit, and `G.v_ = …` sets raw SI values without a check),
 * and a NeuronGroup's or Synapses' `dt=` must be a whole multiple of the network's (clocks run on
 * the grid of defaultclock.dt). The network-level
 * checks (sizes, record indices, monitor variables, equations) are `checkModel`'s, which gets the
 * spans collected here so its diagnostics point into the script.
 */
import { makeDiagnostic, type SourceSpan } from '../diagnostics';
import { parseEquations, type ExternalConstant } from '../equations';
import type { ClockIR, InitialValue, ModelIR, NeuronGroupIR, RateMonitorIR, SpikeMonitorIR, StateMonitorIR, SynapsesIR } from '../model';
import { formatUnit, isDimensionless, sameDimension, type Dimension } from '../units';
import { snapshotNamespace, type GroupRecord, type InitialRecord, type ScriptContext, type SynapsesRecord } from './scriptContext';
import { describeValue } from './scriptValue';

/** A number or quantity constant of the script. */
export interface ScriptConstant {
  readonly name: string;
  /** SI value. */
  readonly value: number;
  readonly dim: Dimension;
  /** The name where it is assigned (its last assignment). */
  readonly span: SourceSpan;
  /** The value expression (what a slider edits). */
  readonly valueSpan?: SourceSpan;
}

/** A Brian2 object created by the script. */
export interface ScriptObject {
  /** The Python variable holding it, or its Brian2 name when it is not assigned to one. */
  readonly name: string;
  /** The name it has in the model (`name=` or the variable). */
  readonly objectName: string;
  readonly kind: 'NeuronGroup' | 'StateMonitor' | 'SpikeMonitor' | 'EventMonitor' | 'PopulationRateMonitor' | 'Synapses' | 'Network';
  /** The constructor call. */
  readonly span: SourceSpan;
}

/** A string assigned to a name (equations, usually). */
export interface ScriptString {
  readonly name: string;
  readonly value: string;
  /** Offset of the string's content in the script. */
  readonly contentStart: number;
  readonly span: SourceSpan;
}

/** What the editor needs for completion and hover: constants, objects and strings of the script. */
export interface ScriptSymbols {
  readonly constants: readonly ScriptConstant[];
  readonly objects: readonly ScriptObject[];
  readonly strings: readonly ScriptString[];
}

function checkInitialUnits(ctx: ScriptContext, group: GroupRecord): void {
  if (group.initial.every((init) => init.raw)) return;
  // Equation errors are reported by checkModel; here only the units of known variables matter.
  const parsed = parseEquations(group.equations, { offset: group.equationsOffset });
  for (const init of group.initial) {
    const def = parsed.equations.definitions.find((d) => d.name === init.variable && d.kind !== 'subexpression');
    if (def === undefined || init.raw) continue;
    for (const item of init.values) {
      if (sameDimension(item.dim, def.dim) || (item.value === 0 && isDimensionless(item.dim))) continue;
      ctx.diagnostics.push(makeDiagnostic('SF1005', {
        expected: isDimensionless(def.dim) ? 'a dimensionless value' : `a value in ${formatUnit(def.dim)}`,
        name: `${group.name}.${init.variable}`,
        actual: describeValue({ kind: 'quantity', value: item.value, dim: item.dim, isInteger: false }),
      }, item.span));
    }
  }
}

/** A later assignment of a variable replaces earlier ones (numbers are applied before expressions). */
function toInitialValues(records: readonly InitialRecord[]): InitialValue[] {
  return records
    // (a later one on a subgroup replaces it only on the same subgroup)
    .filter((init, k) => !records.slice(k + 1).some((later) => later.variable === init.variable && (later.range === undefined || (later.range.start === init.range?.start && later.range.stop === init.range.stop))))
    .map((init) => ({
      variable: init.variable,
      value: init.isList ? init.values.map((v) => v.value) : (init.values[0]?.value ?? 0),
      ...(init.code === undefined ? {} : { code: init.code }),
      ...(init.range === undefined ? {} : { range: init.range }),
      span: init.span,
    }));
}

/**
 * An object's `dt=` as a clock on the network's grid (BRIAN2_SEMANTICS.md §1): Brian2 runs each
 * step the objects whose clock has the earliest time; SpikeForge keeps one grid, that of
 * defaultclock.dt, and runs a clock of k·dt every k steps, so finer or non-multiple dts are refused.
 * A dt equal to the network's is no clock of its own.
 */
function clockOf(ctx: ScriptContext, dt: { readonly value: number; readonly span: SourceSpan }, callee: string): ClockIR | undefined {
  if (!(dt.value > 0) || !Number.isFinite(dt.value)) {
    ctx.diagnostics.push(makeDiagnostic('SF4004', { value: `${dt.value} s` }, dt.span));
    return undefined;
  }
  const steps = dt.value / ctx.dt.value;
  const rounded = Math.round(steps);
  if (rounded < 1 || Math.abs(steps - rounded) > 1e-4) {
    const what = `a ${callee} dt of ${formatMs(dt.value)} that is not a whole multiple of defaultclock.dt (${formatMs(ctx.dt.value)}): SpikeForge runs every clock on the grid of defaultclock.dt, so set defaultclock.dt to the finest dt (or a common divisor)`;
    ctx.diagnostics.push(makeDiagnostic('SF4009', { what }, dt.span));
    return undefined;
  }
  return rounded === 1 ? undefined : { dt: dt.value, steps: rounded, span: dt.span };
}

function formatMs(seconds: number): string {
  return `${Number((seconds * 1e3).toPrecision(12))} ms`;
}

function toSynapsesIR(ctx: ScriptContext, synapses: SynapsesRecord, namespace: Readonly<Record<string, ExternalConstant>>): SynapsesIR {
  const clock = synapses.dt === undefined ? undefined : clockOf(ctx, synapses.dt, 'Synapses');
  return {
    name: synapses.name,
    source: ctx.groups[synapses.source]?.name ?? '',
    target: ctx.groups[synapses.target]?.name ?? '',
    ...(synapses.sourceRange === undefined ? {} : { sourceRange: synapses.sourceRange }),
    ...(synapses.targetRange === undefined ? {} : { targetRange: synapses.targetRange }),
    model: synapses.model,
    modelOffset: synapses.modelOffset,
    ...(synapses.onPre === undefined ? {} : { onPre: synapses.onPre }),
    ...(synapses.onPost === undefined ? {} : { onPost: synapses.onPost }),
    ...(synapses.onEvent === undefined ? {} : { onEvent: synapses.onEvent }),
    ...(synapses.delay === undefined ? {} : { delay: synapses.delay }),
    connect: synapses.connect,
    initial: toInitialValues(synapses.initial),
    namespace,
    method: synapses.method,
    ...(synapses.methodOptions === undefined ? {} : { methodOptions: synapses.methodOptions }),
    ...(synapses.methodSpan === undefined ? {} : { methodSpan: synapses.methodSpan }),
    ...(clock === undefined ? {} : { clock }),
    span: synapses.span,
  };
}

function toGroupIR(ctx: ScriptContext, group: GroupRecord, namespace: Readonly<Record<string, ExternalConstant>>): NeuronGroupIR {
  const clock = group.dt === undefined ? undefined : clockOf(ctx, group.dt, 'NeuronGroup');
  checkInitialUnits(ctx, group);
  const initial = toInitialValues(group.initial);
  return {
    name: group.name,
    N: group.N,
    equations: group.equations,
    equationsOffset: group.equationsOffset,
    method: group.method,
    ...(group.methodOptions === undefined ? {} : { methodOptions: group.methodOptions }),
    namespace,
    initial,
    ...(group.threshold === undefined ? {} : { threshold: group.threshold }),
    ...(group.reset === undefined ? {} : { reset: group.reset }),
    ...(group.refractory === undefined ? {} : { refractory: group.refractory }),
    ...(group.poisson === undefined ? {} : { poisson: group.poisson }),
    ...(group.spikeGenerator === undefined ? {} : { spikeGenerator: group.spikeGenerator }),
    ...(group.runRegularly === undefined ? {} : { runRegularly: group.runRegularly }),
    ...(group.events === undefined ? {} : { events: group.events }),
    ...(group.runOnEvent === undefined ? {} : { runOnEvent: group.runOnEvent }),
    ...(group.runAt === undefined ? {} : { runAt: group.runAt }),
    ...(clock === undefined ? {} : { clock }),
    span: group.span,
    nSpan: group.nSpan,
    ...(group.methodSpan === undefined ? {} : { methodSpan: group.methodSpan }),
  };
}

function monitorKind(ctx: ScriptContext, id: number): 'StateMonitor' | 'SpikeMonitor' | 'EventMonitor' | 'PopulationRateMonitor' {
  const monitor = ctx.monitors[id];
  if (monitor?.eventMonitor === true) return 'EventMonitor';
  return monitor?.spikes === true ? 'SpikeMonitor' : monitor?.rate === true ? 'PopulationRateMonitor' : 'StateMonitor';
}

function collectSymbols(ctx: ScriptContext): ScriptSymbols {
  const constants: ScriptConstant[] = [];
  const strings: ScriptString[] = [];
  const objects: ScriptObject[] = [];
  const named = new Set<string>();
  for (const [name, binding] of ctx.env) {
    const value = binding.value;
    if (binding.origin !== 'assign') continue;
    if (value.kind === 'quantity') constants.push({ name, value: value.value, dim: value.dim, span: binding.span, ...(binding.valueSpan === undefined ? {} : { valueSpan: binding.valueSpan }) });
    else if (value.kind === 'string') strings.push({ name, value: value.value, contentStart: value.contentStart, span: binding.span });
    else if (value.kind === 'group' || value.kind === 'monitor' || value.kind === 'network' || value.kind === 'synapses') {
      const record = value.kind === 'group' ? ctx.groups[value.id] : value.kind === 'monitor' ? ctx.monitors[value.id] : value.kind === 'synapses' ? ctx.synapses[value.id] : ctx.networks[value.id];
      if (record === undefined) continue;
      const kind = value.kind === 'group' ? 'NeuronGroup' : value.kind === 'monitor' ? monitorKind(ctx, value.id) : value.kind === 'synapses' ? 'Synapses' : 'Network';
      const objectName = 'name' in record ? record.name : name;
      named.add(`${kind}:${value.id}`);
      objects.push({ name, objectName, kind, span: record.span });
    }
  }
  for (const group of ctx.groups) if (!named.has(`NeuronGroup:${group.id}`)) objects.push({ name: group.name, objectName: group.name, kind: 'NeuronGroup', span: group.span });
  for (const monitor of ctx.monitors) {
    const kind = monitorKind(ctx, monitor.id);
    if (!named.has(`${kind}:${monitor.id}`)) objects.push({ name: monitor.name, objectName: monitor.name, kind, span: monitor.span });
  }
  for (const synapses of ctx.synapses) if (!named.has(`Synapses:${synapses.id}`)) objects.push({ name: synapses.name, objectName: synapses.name, kind: 'Synapses', span: synapses.span });
  objects.sort((a, b) => a.span.start - b.span.start);
  return { constants, objects, strings };
}

/** Builds the IR (with every span checkModel needs) and the symbols; reports the skipped-lines info. */
export function buildModel(ctx: ScriptContext, networkName: string): { ir: ModelIR; symbols: ScriptSymbols } {
  const network = ctx.networks[0];
  const groups = network === undefined ? ctx.groups : ctx.groups.filter((g) => network.groups.includes(g.id));
  const monitors = network === undefined ? ctx.monitors : ctx.monitors.filter((m) => network.monitors.includes(m.id));
  const synapses = network === undefined ? ctx.synapses : ctx.synapses.filter((s) => network.synapses.includes(s.id));
  const poissonInputs = (network === undefined ? ctx.poissonInputs : ctx.poissonInputs.filter((p) => network.poissonInputs.includes(p.id))).map(({ id: _id, ...input }) => input);
  const namespace = ctx.namespace ?? snapshotNamespace(ctx);
  const groupIRs = groups.map((group) => toGroupIR(ctx, group, namespace));
  const monitorIRs: StateMonitorIR[] = monitors
    .filter((monitor) => monitor.spikes !== true && monitor.rate !== true)
    .map((monitor) => ({
      name: monitor.name,
      source: monitor.sourceSynapses === undefined ? (ctx.groups[monitor.source]?.name ?? '') : (ctx.synapses[monitor.sourceSynapses]?.name ?? ''),
      variables: monitor.variables,
      record: monitor.record,
      ...(monitor.when === undefined ? {} : { when: monitor.when }),
      ...(monitor.dtSteps === undefined ? {} : { dtSteps: monitor.dtSteps }),
      ...(monitor.range === undefined ? {} : { range: monitor.range }),
      span: monitor.span,
      variablesSpan: monitor.variablesSpan,
      recordSpans: monitor.recordSpans,
    }));
  const rateMonitorIRs: RateMonitorIR[] = monitors.filter((monitor) => monitor.rate === true).map((monitor) => ({ name: monitor.name, source: ctx.groups[monitor.source]?.name ?? '', ...(monitor.range === undefined ? {} : { range: monitor.range }), span: monitor.span }));
  const spikeMonitorIRs: SpikeMonitorIR[] = monitors
    .filter((monitor) => monitor.spikes === true)
    .map((monitor) => ({
      name: monitor.name,
      source: ctx.groups[monitor.source]?.name ?? '',
      ...(monitor.event === undefined ? {} : { event: monitor.event, eventSpan: monitor.eventSpan }),
      ...(monitor.eventMonitor === true ? { eventMonitor: true } : {}),
      ...(monitor.variables.length === 0 ? {} : { variables: monitor.variables, variablesSpan: monitor.variablesSpan }),
      ...(monitor.eventWhen === undefined ? {} : { when: monitor.eventWhen, whenSpan: monitor.eventWhenSpan }),
      ...(monitor.order === undefined ? {} : { order: monitor.order }),
      ...(monitor.countsOnly === true ? { countsOnly: true } : {}),
      ...(monitor.range === undefined ? {} : { range: monitor.range }),
      span: monitor.span,
    }));
  if (ctx.skipped.count > 0) ctx.diagnostics.push(makeDiagnostic('SF4013', { count: ctx.skipped.count }, ctx.skipped.first));
  const ir: ModelIR = {
    name: networkName,
    dt: ctx.dt.value,
    groups: groupIRs,
    monitors: monitorIRs,
    ...(spikeMonitorIRs.length === 0 ? {} : { spikeMonitors: spikeMonitorIRs }),
    ...(synapses.length === 0 ? {} : { synapses: synapses.map((s) => toSynapsesIR(ctx, s, namespace)) }),
    ...(rateMonitorIRs.length === 0 ? {} : { rateMonitors: rateMonitorIRs }),
    ...(poissonInputs.length === 0 ? {} : { poissonInputs }),
    ...(ctx.timedArrays.length === 0 ? {} : { timedArrays: ctx.timedArrays }),
    ...(ctx.seed === undefined ? {} : { seed: ctx.seed }),
    // NOTE: several run() calls add up; the IR has one duration until run segments are modelled.
    duration: ctx.runs.reduce((sum, run) => sum + run.duration, 0),
    ...(ctx.dt.span === undefined ? {} : { dtSpan: ctx.dt.span }),
  };
  return { ir, symbols: collectSymbols(ctx) };
}
