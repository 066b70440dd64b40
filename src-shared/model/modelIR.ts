/**
 * The model IR: what a network is, independent of how it was written (Brian2 script or the
 * TypeScript API). Plain data, so it crosses process boundaries by structured clone; every item
 * keeps the span it came from so later stages can point back at the user's text.
 */
import type { SourceSpan } from '../diagnostics';
import type { ExternalConstant } from '../equations';
import type { Dimension } from '../units';

/** A contiguous subgroup `G[start:stop]` (Brian2's Subgroup): indices relative to `start`. */
export interface IndexRange {
  readonly start: number;
  readonly stop: number;
}

/** Initial value of a state variable: one number for all neurons, or one per neuron (SI units). */
export interface InitialValue {
  readonly variable: string;
  readonly value: number | readonly number[];
  /**
   * A Brian2 string expression evaluated per element at build time (`G.v = 'El + rand()*mV'`,
   * may use `i`, `N`, other variables, constants and units); `value` is ignored when present.
   */
  readonly code?: CodeText;
  /** Set only on a subgroup `G[start:stop]` (`i` then counts from the subgroup's start). */
  readonly range?: IndexRange;
  readonly span?: SourceSpan;
}

/** Model code given as a string argument (threshold, reset, refractory): text and where it starts. */
export interface CodeText {
  readonly code: string;
  /** Offset of `code[0]` in the model document (0 when it stands alone). */
  readonly offset: number;
  /** The whole argument (string literal included), for messages about the argument itself. */
  readonly span?: SourceSpan;
}

/** `refractory=`: a time in seconds, or code evaluating to a time or a boolean (BRIAN2_SEMANTICS.md §7). */
export type RefractoryIR = { readonly kind: 'time'; readonly seconds: number; readonly span?: SourceSpan } | ({ readonly kind: 'code' } & CodeText);

/**
 * An object's own clock (Brian2's `dt=` of a NeuronGroup or Synapses): it ticks every `steps`
 * network steps, so its dt must be a whole multiple of the network dt (defaultclock.dt). Inside
 * its code objects `dt` is this dt and `t` is its tick count times this dt (BRIAN2_SEMANTICS.md §1).
 */
export interface ClockIR {
  /** The clock's dt in seconds, as written. */
  readonly dt: number;
  /** Network steps per tick (an integer ≥ 1). */
  readonly steps: number;
  readonly span?: SourceSpan;
}

/** Schedule slots a code object can run in (Brian2's, with before_/after_ variants). */
export const SCHEDULE_SLOTS = ['start', 'groups', 'thresholds', 'synapses', 'resets', 'end'] as const;

/** A `run_regularly` operation: statements run for every neuron every `dtSteps` steps. */
export interface RunRegularlyIR {
  readonly code: CodeText;
  /** `start` (default), `end`, … or `before_X` / `after_X` of a slot. */
  readonly when: string;
  /** Runs at steps that are multiples of this (1: every step). */
  readonly dtSteps: number;
  /** Whether `dt=` was given; without it the operation runs on the group's clock (Brian2). */
  readonly ownDt?: boolean;
  /** Position within the slot (Brian2's `order`, default 0; ties broken by name). */
  readonly order?: number;
  readonly span?: SourceSpan;
  readonly whenSpan?: SourceSpan;
}

/** A custom event `events={'name': 'condition'}` of a NeuronGroup (BRIAN2_SEMANTICS.md §7). */
export interface EventIR {
  /** The event name (a Python identifier other than `spike`). */
  readonly name: string;
  /** A boolean condition, checked every step in `after_thresholds`, not gated by refractoriness. */
  readonly condition: CodeText;
  readonly nameSpan?: SourceSpan;
}

/** `G.run_on_event(event, code, when='after_resets', order=0)`: statements for the neurons that had the event. */
export interface RunOnEventIR {
  readonly event: string;
  readonly code: CodeText;
  /** Schedule slot (`after_resets` by default). */
  readonly when: string;
  readonly order?: number;
  readonly span?: SourceSpan;
  readonly eventSpan?: SourceSpan;
  readonly whenSpan?: SourceSpan;
}

/** `G.run_at(code, times=[…], when='start', order=0)` (Brian ≥ 2.10): statements for every neuron at the given times. */
export interface RunAtIR {
  readonly code: CodeText;
  /** Times in seconds (each on the dt grid). */
  readonly times: readonly number[];
  readonly when: string;
  readonly order?: number;
  readonly span?: SourceSpan;
  readonly timesSpan?: SourceSpan;
  readonly whenSpan?: SourceSpan;
}

/** `method_options={'name': value, …}` as written, checked against the method in checkModel. */
export interface MethodOptionsIR {
  readonly entries: readonly { readonly name: string; readonly value: boolean | number | string; readonly span?: SourceSpan }[];
  readonly span?: SourceSpan;
}

export interface NeuronGroupIR {
  readonly name: string;
  readonly N: number;
  readonly equations: string;
  /** Where the equation text starts in the model document (for spans); 0 when it stands alone. */
  readonly equationsOffset: number;
  /** Unit assumed for definitions without `: unit` (seed API only). */
  readonly defaultUnit?: string;
  readonly method: string;
  /** Brian2's `method_options` (only `exact`/`linear` takes one: `simplify`). */
  readonly methodOptions?: MethodOptionsIR;
  readonly namespace: Readonly<Record<string, ExternalConstant>>;
  readonly initial: readonly InitialValue[];
  /** Spike condition (a boolean expression). */
  readonly threshold?: CodeText;
  /** Statements run for the neurons that spiked. */
  readonly reset?: CodeText;
  readonly refractory?: RefractoryIR;
  /** `G.run_regularly(code, dt=…, when=…)` operations, in the order they were added. */
  readonly runRegularly?: readonly RunRegularlyIR[];
  /** Custom events (`events={…}`); the spike event is `threshold`. */
  readonly events?: readonly EventIR[];
  /** `G.run_on_event(…)` operations (at most one per event; `reset` is the spike event's). */
  readonly runOnEvent?: readonly RunOnEventIR[];
  /** `G.run_at(…)` operations. */
  readonly runAt?: readonly RunAtIR[];
  /** Its own clock (`dt=`); absent: the network's. */
  readonly clock?: ClockIR;
  /**
   * A PoissonGroup: each neuron spikes with probability `rates*dt` per step. Code (re-evaluated
   * every step, may use t and i) or, when absent, the group's own `rates : Hz` variable.
   */
  readonly poisson?: { readonly rates?: CodeText };
  /** A SpikeGeneratorGroup: neuron `indices[k]` spikes at `times[k]` (seconds), repeated every `period` (0: once). */
  readonly spikeGenerator?: {
    readonly indices: readonly number[];
    readonly times: readonly number[];
    readonly period: number;
    readonly indicesSpan?: SourceSpan;
    readonly timesSpan?: SourceSpan;
    readonly periodSpan?: SourceSpan;
  };
  readonly span?: SourceSpan;
  readonly nSpan?: SourceSpan;
  readonly methodSpan?: SourceSpan;
}

export interface StateMonitorIR {
  readonly name: string;
  readonly source: string;
  readonly variables: readonly string[];
  /** Recorded neuron indices; `true` records every neuron. */
  readonly record: readonly number[] | true;
  /** Schedule slot: `start` (default, before the update) or `end` (after resets). */
  readonly when?: 'start' | 'end';
  /** Recording a subgroup: `record` indices are relative to its start. */
  readonly range?: IndexRange;
  /** Records every this many steps (Brian's monitor `dt`); 1 when absent. */
  readonly dtSteps?: number;
  readonly span?: SourceSpan;
  readonly variablesSpan?: SourceSpan;
  readonly recordSpans?: readonly SourceSpan[];
}

/**
 * Brian2's SpikeMonitor, and its EventMonitor (a SpikeMonitor is `EventMonitor(G, 'spike')`):
 * index and time of every event of a group, the values of `variables` at that moment, and a count
 * per neuron.
 */
export interface SpikeMonitorIR {
  readonly name: string;
  readonly source: string;
  /** The recorded event: `spike` (absent) or a custom event of the source. */
  readonly event?: string;
  /** Variables of the source recorded at each event. */
  readonly variables?: readonly string[];
  /** `record=False`: keep only the count per neuron and the total. */
  readonly countsOnly?: boolean;
  /** Recording a subgroup: indices are relative to its start. */
  readonly range?: IndexRange;
  /** Schedule slot; absent: the event's own slot (after its detection). */
  readonly when?: string;
  /** Position within the slot; absent: after the event's detection (its order + 1). */
  readonly order?: number;
  /** Written as Brian2's EventMonitor (for the app's labels; the recording is the same). */
  readonly eventMonitor?: boolean;
  readonly span?: SourceSpan;
  readonly eventSpan?: SourceSpan;
  readonly variablesSpan?: SourceSpan;
  readonly whenSpan?: SourceSpan;
}

/**
 * One `connect(...)` call of a Synapses object. `condition` (with optional `p` and `n`) tests
 * pairs; `arrays` lists explicit pairs; `generator` is Brian2's `j='EXPR for VAR in RANGE if COND'`
 * (or a plain `j='EXPR'` mapping each source neuron to one target).
 */
export type ConnectIR =
  | {
      readonly kind: 'condition';
      /** A boolean expression of i, j and pre/post variables; absent: every pair. */
      readonly condition?: CodeText;
      /** Probability per pair (a number in [0, 1]) or an expression of i and j. */
      readonly p?: number | CodeText;
      readonly pSpan?: SourceSpan;
      /** Synapses per selected pair. */
      readonly n?: number;
      readonly span?: SourceSpan;
    }
  | { readonly kind: 'arrays'; readonly i: readonly number[]; readonly j: readonly number[]; readonly span?: SourceSpan; readonly iSpan?: SourceSpan; readonly jSpan?: SourceSpan }
  | { readonly kind: 'generator'; readonly j: CodeText; readonly skipIfInvalid?: boolean; readonly span?: SourceSpan };

/** Brian2's Synapses: connections from one group to another with their variables and pathways. */
export interface SynapsesIR {
  readonly name: string;
  readonly source: string;
  readonly target: string;
  /** Subgroups of source and target (i and j count from their starts). */
  readonly sourceRange?: IndexRange;
  readonly targetRange?: IndexRange;
  /** Synaptic variables (parameters); `''` when there are none. */
  readonly model: string;
  readonly modelOffset: number;
  readonly onPre?: CodeText;
  readonly onPost?: CodeText;
  /** `on_event=`: the event of the source (pre) or target (post) that drives a pathway; default `spike`. */
  readonly onEvent?: { readonly pre?: string; readonly post?: string; readonly span?: SourceSpan };
  /** A delay for all synapses of the pre pathway, seconds (per-synapse delays go through `initial`). */
  readonly delay?: { readonly seconds: number; readonly span?: SourceSpan };
  readonly connect: readonly ConnectIR[];
  /** Initial values of synaptic variables and of `delay`, in order, after connecting. */
  readonly initial: readonly InitialValue[];
  readonly namespace: Readonly<Record<string, ExternalConstant>>;
  /** Integration method of the clock-driven equations (`''` or `auto`: Brian2's default choice). */
  readonly method: string;
  readonly methodOptions?: MethodOptionsIR;
  /** Its own clock (`dt=`) for the clock-driven equations; absent: the network's. */
  readonly clock?: ClockIR;
  readonly span?: SourceSpan;
  readonly methodSpan?: SourceSpan;
}

/** Brian2's PopulationRateMonitor: per step, the fraction of the group that spiked divided by dt. */
export interface RateMonitorIR {
  readonly name: string;
  readonly source: string;
  readonly range?: IndexRange;
  readonly span?: SourceSpan;
}

/** Brian2's PoissonInput: each step, `variable += Binomial(N, rate*dt) * weight` for every target neuron. */
export interface PoissonInputIR {
  readonly name: string;
  readonly target: string;
  readonly variable: string;
  readonly N: number;
  /** Rate of each of the N inputs, Hz. */
  readonly rate: number;
  /** A quantity (SI value and dimension), or an expression per target neuron. */
  readonly weight: { readonly value: number; readonly dim: Dimension; readonly span?: SourceSpan } | CodeText;
  readonly span?: SourceSpan;
  readonly variableSpan?: SourceSpan;
}

/** Brian2's TimedArray: values on a time grid (rows), optionally one column per neuron (2-D). */
export interface TimedArrayIR {
  readonly name: string;
  /** Row-major values in SI units. */
  readonly values: readonly number[];
  readonly rows: number;
  /** 0 for a 1-D TimedArray. */
  readonly columns: number;
  /** Grid step, seconds. */
  readonly dt: number;
  readonly dim: Dimension;
  readonly span?: SourceSpan;
}

/** A network: what the generated C++ namespace and JS module hold. */
export interface ModelIR {
  readonly name: string;
  /** Time step in seconds. */
  readonly dt: number;
  readonly groups: readonly NeuronGroupIR[];
  readonly monitors: readonly StateMonitorIR[];
  readonly spikeMonitors?: readonly SpikeMonitorIR[];
  readonly synapses?: readonly SynapsesIR[];
  readonly rateMonitors?: readonly RateMonitorIR[];
  readonly poissonInputs?: readonly PoissonInputIR[];
  readonly timedArrays?: readonly TimedArrayIR[];
  /** Total simulated time requested by the script's run() calls, seconds. */
  readonly duration: number;
  readonly dtSpan?: SourceSpan;
  /**
   * Seed of `rand()`/`randn()` and of the noise `xi` (Brian's `seed()`): an integer in
   * [0, 2^53). Random numbers come from a counter-based generator, so equal seeds give equal
   * runs on both tiers. Default 0.
   */
  readonly seed?: number;
}
