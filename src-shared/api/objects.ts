/**
 * The TypeScript API's model objects, with Brian2's names and arguments. They only describe a
 * model (they build the model IR); running needs a `NetworkRuntime`, which the Node entry
 * (src-main/cli/api.ts) attaches when the network is built. Constants are passed explicitly
 * (no stack-frame namespaces): a number (dimensionless), a Brian2 quantity string such as
 * `'10*ms'`, or a Quantity.
 */
import { makeDiagnostic, type Diagnostic, type SourceSpan } from '../diagnostics';
import type { ExternalConstant } from '../equations';
import { evaluateConstant } from '../expressions';
import { DIMENSIONLESS, type Quantity } from '../units';
import type { InitialValue, NeuronGroupIR, RefractoryIR, SpikeMonitorIR, StateMonitorIR } from '../model';

/** A constant as the API accepts it. */
export type ConstantValue = number | string | Quantity;

/** What a built network offers its objects (implemented by the Node entry over the sim host). */
export interface NetworkRuntime {
  update(group: string, steps: number): Promise<void>;
  record(monitor: string): Promise<void>;
  fetchMonitor(monitor: string): Promise<{ t: Float64Array; indices: readonly number[]; values: Readonly<Record<string, readonly Float64Array[]>>; spikeIndices?: Int32Array; spikeCounts?: Int32Array }>;
  getVariable(group: string, variable: string): Promise<Float64Array>;
  setVariable(group: string, variable: string, value: number | readonly number[]): Promise<void>;
}

/** Converts an API constant to SI value + dimension, reporting bad strings. */
export function toExternalConstant(name: string, value: ConstantValue, diagnostics: Diagnostic[], source: string): ExternalConstant {
  if (typeof value === 'number') return { value, dim: DIMENSIONLESS };
  if (typeof value === 'string') {
    const evaluated = evaluateConstant(value);
    for (const d of evaluated.diagnostics) diagnostics.push({ ...d, notes: [...(d.notes ?? []), `in the value of "${name}" (${source}): ${value}`] });
    return evaluated.value ?? { value: NaN, dim: DIMENSIONLESS };
  }
  return { value: value.value, dim: value.dim };
}

function bug(message: string): never {
  throw new Error(message);
}

/** Options of `NeuronGroup`. */
export interface NeuronGroupOptions {
  /** Integration method (Brian2's `method`); default: Brian2's automatic choice (exact, euler, heun). */
  readonly method?: string;
  /** Brian2's `method_options`, e.g. `{ simplify: false }` for method `'exact'`; other methods take none. */
  readonly methodOptions?: Readonly<Record<string, boolean | number | string>>;
  /** Name of the group (part of C++ identifiers). Default `neurongroup`. */
  readonly name?: string;
  /** External constants the equations use. */
  readonly namespace?: Readonly<Record<string, ConstantValue>>;
  /** Time step: seconds as a number, or a quantity string like `'0.1*ms'`. Applies to the network. */
  readonly dt?: number | string;
  /** Unit assumed for definitions without `: unit` (the seed's unit-less equations); default: required. */
  readonly defaultUnit?: string;
  /** Spike condition, e.g. `'v > -50*mV'`. */
  readonly threshold?: string;
  /** Statements run for the neurons that spiked, e.g. `'v = -60*mV'`. */
  readonly reset?: string;
  /** Refractory period: seconds, or code (`'5*ms'`, `'ref'`, or a condition). */
  readonly refractory?: number | string;
  /**
   * Custom events (Brian2's `events`): name → boolean condition, e.g. `{ up: 'v > -55*mV' }`,
   * checked every step after the thresholds and not gated by refractoriness.
   */
  readonly events?: Readonly<Record<string, string>>;
  /** Statements run for the neurons that had a custom event (Brian2's `run_on_event`, slot `after_resets`). */
  readonly onEvent?: Readonly<Record<string, string>>;
}

/** A group of neurons defined by equations (Brian2's NeuronGroup). */
export class NeuronGroup {
  readonly name: string;
  readonly model: string;
  readonly method: string;
  readonly methodOptions?: Readonly<Record<string, boolean | number | string>>;
  readonly namespace: Readonly<Record<string, ConstantValue>>;
  readonly dt?: number | string;
  readonly defaultUnit?: string;
  readonly threshold?: string;
  readonly reset?: string;
  readonly refractory?: number | string;
  readonly events?: Readonly<Record<string, string>>;
  readonly onEvent?: Readonly<Record<string, string>>;
  private readonly initial = new Map<string, number | readonly number[] | string>();
  /** Set by the network when built. */
  runtime: NetworkRuntime | undefined;

  constructor(
    readonly N: number,
    model: string,
    options: NeuronGroupOptions = {},
  ) {
    this.model = model;
    this.name = options.name ?? 'neurongroup';
    this.method = options.method ?? '';
    if (options.methodOptions !== undefined) this.methodOptions = options.methodOptions;
    this.namespace = options.namespace ?? {};
    if (options.dt !== undefined) this.dt = options.dt;
    if (options.defaultUnit !== undefined) this.defaultUnit = options.defaultUnit;
    if (options.threshold !== undefined) this.threshold = options.threshold;
    if (options.reset !== undefined) this.reset = options.reset;
    if (options.refractory !== undefined) this.refractory = options.refractory;
    if (options.events !== undefined) this.events = options.events;
    if (options.onEvent !== undefined) this.onEvent = options.onEvent;
  }

  /** Code texts of this group in the order they appear in the network's model text (after `model`). */
  codeTexts(): string[] {
    return [
      this.threshold,
      this.reset,
      typeof this.refractory === 'string' ? this.refractory : undefined,
      ...[...this.initial.values()].filter((v): v is string => typeof v === 'string'),
      ...Object.values(this.events ?? {}),
      ...Object.values(this.onEvent ?? {}),
    ].filter((t): t is string => t !== undefined);
  }

  /**
   * Sets a state variable (SI units): before the build as initial value (a number, one per
   * neuron, or a Brian2 expression string such as `'rand()*10*mV'`), after it in the running network.
   */
  async set(variable: string, value: number | readonly number[] | string): Promise<void> {
    if (this.runtime === undefined) this.initial.set(variable, value);
    else if (typeof value === 'string') throw new Error(`NeuronGroup ${this.name}: expressions are initial values only (set before the build)`);
    else await this.runtime.setVariable(this.name, variable, value);
  }

  /** Reads a state variable's current values (a copy from the sim host). */
  async get(variable: string): Promise<Float64Array> {
    return (this.runtime ?? bug(`NeuronGroup ${this.name}: build the network first`)).getVariable(this.name, variable);
  }

  /** The seed's `update()`: advances this group by one step (or `steps`). */
  async update(steps = 1): Promise<void> {
    await (this.runtime ?? bug(`NeuronGroup ${this.name}: build the network first`)).update(this.name, steps);
  }

  /** The model IR of this group; `equationsOffset` places its equations in the network's model text. */
  toIR(diagnostics: Diagnostic[], equationsOffset = 0): NeuronGroupIR {
    const namespace: Record<string, ExternalConstant> = {};
    for (const [name, value] of Object.entries(this.namespace)) namespace[name] = toExternalConstant(name, value, diagnostics, `namespace of ${this.name}`);
    // Code texts follow the equations in the model text, one per line (see networkModelText).
    let offset = equationsOffset + this.model.length + 1;
    const place = (code: string): { code: string; offset: number } => {
      const placed = { code, offset };
      offset += code.length + 1;
      return placed;
    };
    const threshold = this.threshold === undefined ? undefined : place(this.threshold);
    const reset = this.reset === undefined ? undefined : place(this.reset);
    const refractory: RefractoryIR | undefined =
      this.refractory === undefined ? undefined : typeof this.refractory === 'number' ? { kind: 'time', seconds: this.refractory } : { kind: 'code', ...place(this.refractory) };
    const initial: InitialValue[] = [...this.initial].map(([variable, value]) => (typeof value === 'string' ? { variable, value: 0, code: place(value) } : { variable, value }));
    const events = Object.entries(this.events ?? {}).map(([name, condition]) => ({ name, condition: place(condition) }));
    const runOnEvent = Object.entries(this.onEvent ?? {}).map(([event, statements]) => ({ event, code: place(statements), when: 'after_resets' }));
    return {
      ...(events.length === 0 ? {} : { events }),
      ...(runOnEvent.length === 0 ? {} : { runOnEvent }),
      ...(threshold === undefined ? {} : { threshold }),
      ...(reset === undefined ? {} : { reset }),
      ...(refractory === undefined ? {} : { refractory }),
      name: this.name,
      N: this.N,
      equations: this.model,
      equationsOffset,
      ...(this.defaultUnit === undefined ? {} : { defaultUnit: this.defaultUnit }),
      method: this.method,
      ...(this.methodOptions === undefined ? {} : { methodOptions: { entries: Object.entries(this.methodOptions).map(([name, value]) => ({ name, value })) } }),
      namespace,
      initial,
    };
  }
}

/** Options of `StateMonitor`. */
export interface StateMonitorOptions {
  /** Indices to record, `true` for all, or one index. */
  readonly record?: readonly number[] | number | boolean;
  readonly name?: string;
}

/** Recorded samples: `values[variable][k]` is the trace of `indices[k]` (shape: indices × samples, as Brian2's `monitor.v`). */
export interface MonitorRecording {
  readonly t: Float64Array;
  readonly indices: readonly number[];
  readonly values: Readonly<Record<string, readonly Float64Array[]>>;
}

/** Records state variables of a group over time (Brian2's StateMonitor). */
export class StateMonitor {
  readonly name: string;
  readonly variables: readonly string[];
  readonly record: readonly number[] | true;
  runtime: NetworkRuntime | undefined;

  constructor(
    readonly source: NeuronGroup,
    variables: string | readonly string[],
    options: StateMonitorOptions = {},
  ) {
    this.variables = typeof variables === 'string' ? [variables] : [...variables];
    const record = options.record ?? false;
    this.record = record === true ? true : record === false ? [] : typeof record === 'number' ? [record] : [...record];
    this.name = options.name ?? 'statemonitor';
  }

  /** The seed's `record_timestep()`: one sample of the current state. */
  async recordTimestep(): Promise<void> {
    await (this.runtime ?? bug(`StateMonitor ${this.name}: build the network first`)).record(this.name);
  }

  /** The samples so far (a copy from the sim host). */
  async fetch(): Promise<MonitorRecording> {
    return (this.runtime ?? bug(`StateMonitor ${this.name}: build the network first`)).fetchMonitor(this.name);
  }

  /** The model IR of this monitor. */
  toIR(): StateMonitorIR {
    return { name: this.name, source: this.source.name, variables: this.variables, record: this.record };
  }
}

/**
 * The spikes (events) a SpikeMonitor or EventMonitor recorded: neuron `i[k]` at `t[k]`, with
 * `values[variable][k]` the recorded variables at that moment; `count[n]` events of neuron n.
 */
export interface SpikeRecording {
  readonly i: Int32Array;
  readonly t: Float64Array;
  readonly count: Int32Array;
  readonly values: Readonly<Record<string, Float64Array>>;
}

/** Options of `SpikeMonitor` and `EventMonitor`. */
export interface SpikeMonitorOptions {
  readonly name?: string;
  /** Variables of the source recorded at each spike (event). */
  readonly variables?: string | readonly string[];
}

/** Records the spikes of a group (Brian2's SpikeMonitor), optionally with variables at each spike. */
export class SpikeMonitor {
  readonly name: string;
  readonly variables: readonly string[];
  runtime: NetworkRuntime | undefined;

  constructor(
    readonly source: NeuronGroup,
    options: SpikeMonitorOptions = {},
  ) {
    this.name = options.name ?? 'spikemonitor';
    this.variables = typeof options.variables === 'string' ? [options.variables] : [...(options.variables ?? [])];
  }

  /** The spikes (events) so far (a copy from the sim host). */
  async fetch(): Promise<SpikeRecording> {
    const data = await (this.runtime ?? bug(`${this.constructor.name} ${this.name}: build the network first`)).fetchMonitor(this.name);
    const values = Object.fromEntries(Object.entries(data.values).map(([variable, traces]) => [variable, traces[0] ?? new Float64Array()]));
    return { i: data.spikeIndices ?? new Int32Array(), t: data.t, count: data.spikeCounts ?? new Int32Array(), values };
  }

  /** The model IR of this monitor. */
  toIR(): SpikeMonitorIR {
    return { name: this.name, source: this.source.name, ...(this.variables.length === 0 ? {} : { variables: this.variables }) };
  }
}

/** Records a custom event of a group (Brian2's EventMonitor; `new EventMonitor(G, 'spike')` is a SpikeMonitor). */
export class EventMonitor extends SpikeMonitor {
  constructor(
    source: NeuronGroup,
    readonly event: string,
    options: SpikeMonitorOptions = {},
  ) {
    super(source, { ...options, name: options.name ?? 'eventmonitor' });
  }

  /** The model IR of this monitor. */
  override toIR(): SpikeMonitorIR {
    return { ...super.toIR(), event: this.event, eventMonitor: true };
  }
}

/** Converts the API's dt to seconds. */
export function toSeconds(dt: number | string | undefined, diagnostics: Diagnostic[], span?: SourceSpan): number {
  if (dt === undefined) return 1e-4;
  if (typeof dt === 'number') return dt;
  const evaluated = evaluateConstant(dt);
  diagnostics.push(...evaluated.diagnostics);
  if (evaluated.value === undefined) return NaN;
  if (evaluated.value.dim[2] !== 1 || evaluated.value.dim.some((e, k) => k !== 2 && e !== 0)) {
    diagnostics.push(makeDiagnostic('SF4004', { value: dt }, span));
  }
  return evaluated.value.value;
}
