/**
 * The evaluator's state while it walks a script: the names bound so far, what was imported,
 * the Brian2 objects created, clock and runs. One mutable record, created per `evaluateScript`
 * call and never shared, keeps the evaluation functions small; everything they report goes into
 * its diagnostics list (errors are values: nothing here throws).
 */
import type { Diagnostic, SourceSpan } from '../diagnostics';
import type { ExternalConstant } from '../equations';
import type { Expr } from '../expressions';
import type { CodeText, ConnectIR, EventIR, IndexRange, MethodOptionsIR, NeuronGroupIR, PoissonInputIR, RefractoryIR, RunAtIR, RunOnEventIR, RunRegularlyIR, SynapsesIR, TimedArrayIR } from '../model';
import type { Dimension } from '../units';
import { isNumpyName, isPlottingName, lookupBrian2Name, lookupNumpyName, lookupPythonBuiltin } from './scriptNames';
import type { ScriptValue } from './scriptValue';

/** A name bound by the script, and how. */
export interface Binding {
  readonly value: ScriptValue;
  /** `assign` for `name = …`; imports never become model constants. */
  readonly origin: 'assign' | 'import';
  /** The name where it is bound. */
  readonly span: SourceSpan;
  /** The value expression of `name = value` (what a slider would edit). */
  readonly valueSpan?: SourceSpan;
}

/** An initial value set by `G.v = …`, kept with its dimension until the equations are known. */
export interface InitialRecord {
  readonly variable: string;
  readonly values: readonly { readonly value: number; readonly dim: Dimension; readonly span: SourceSpan }[];
  /** One number for all neurons, or a list. */
  readonly isList: boolean;
  /** `G.v_ = …` sets the raw SI value: no unit check. */
  readonly raw: boolean;
  /** `G.v = 'expression'`, evaluated per neuron. */
  readonly code?: CodeText;
  /** Set on a subgroup `G[a:b].v = …`. */
  readonly range?: IndexRange;
  readonly span: SourceSpan;
}

/** A NeuronGroup created by the script. */
export interface GroupRecord {
  readonly id: number;
  readonly name: string;
  readonly nameSpan: SourceSpan;
  readonly N: number;
  readonly nSpan: SourceSpan;
  readonly equations: string;
  readonly equationsOffset: number;
  readonly method: string;
  readonly methodSpan?: SourceSpan;
  readonly methodOptions?: MethodOptionsIR;
  readonly dt?: { readonly value: number; readonly span: SourceSpan };
  readonly initial: InitialRecord[];
  readonly threshold?: CodeText;
  readonly reset?: CodeText;
  readonly refractory?: RefractoryIR;
  readonly poisson?: NeuronGroupIR['poisson'];
  /** `G.run_regularly(…)` operations (added after creation). */
  runRegularly?: RunRegularlyIR[];
  /** Custom events (`events={…}` without its `spike` entry, which is the threshold). */
  readonly events?: readonly EventIR[];
  /** `G.run_on_event(…)` and `G.run_at(…)` operations (added after creation). */
  runOnEvent?: RunOnEventIR[];
  runAt?: RunAtIR[];
  readonly spikeGenerator?: NeuronGroupIR['spikeGenerator'];
  readonly span: SourceSpan;
}

/** A StateMonitor created by the script. */
export interface MonitorRecord {
  readonly id: number;
  readonly name: string;
  readonly nameSpan: SourceSpan;
  readonly source: number;
  readonly variables: readonly string[];
  readonly variablesSpan: SourceSpan;
  readonly record: readonly number[] | true;
  readonly recordSpans: readonly SourceSpan[];
  /** A SpikeMonitor or EventMonitor (variables recorded at each event) rather than a StateMonitor. */
  readonly spikes?: true;
  /** Written as an EventMonitor; `event` is its event (absent: spike). */
  readonly eventMonitor?: true;
  readonly event?: string;
  readonly eventSpan?: SourceSpan;
  /** A SpikeMonitor's or EventMonitor's `when=` and `order=`. */
  readonly eventWhen?: string;
  readonly eventWhenSpan?: SourceSpan;
  readonly order?: number;
  /** A SpikeMonitor with record=False. */
  readonly countsOnly?: boolean;
  /** A PopulationRateMonitor. */
  readonly rate?: true;
  /** A StateMonitor of a Synapses object (then `source` is unused). */
  readonly sourceSynapses?: number;
  /** Records every this many steps. */
  readonly dtSteps?: number;
  /** Recording a subgroup. */
  readonly range?: IndexRange;
  readonly when?: 'start' | 'end';
  readonly span: SourceSpan;
}

/** A Synapses object created by the script, with its connect calls and initial values. */
export interface SynapsesRecord {
  readonly id: number;
  readonly name: string;
  readonly nameSpan: SourceSpan;
  readonly source: number;
  readonly target: number;
  readonly sourceRange?: IndexRange;
  readonly targetRange?: IndexRange;
  readonly model: string;
  readonly modelOffset: number;
  readonly onPre?: CodeText;
  readonly onPost?: CodeText;
  readonly onEvent?: SynapsesIR['onEvent'];
  readonly delay?: { readonly seconds: number; readonly span: SourceSpan };
  readonly connect: ConnectIR[];
  readonly initial: InitialRecord[];
  readonly method: string;
  readonly methodSpan?: SourceSpan;
  readonly methodOptions?: MethodOptionsIR;
  /** `dt=`: its own clock (checked against defaultclock.dt when the model is built). */
  readonly dt?: { readonly value: number; readonly span: SourceSpan };
  readonly span: SourceSpan;
}

/** An explicit `Network(...)`. */
export interface NetworkRecord {
  readonly id: number;
  readonly groups: number[];
  readonly monitors: number[];
  readonly synapses: number[];
  readonly poissonInputs: number[];
  readonly span: SourceSpan;
}

/** The variable a value is assigned to: Brian2 objects take it as their default name. */
export interface NameHint {
  readonly name: string;
  readonly span: SourceSpan;
}

/** Evaluates a call expression; `nameHint` is the variable it is assigned to, if any. */
export type CallEvaluator = (ctx: ScriptContext, call: Extract<Expr, { kind: 'call' }>, nameHint?: NameHint) => ScriptValue;

/** The evaluation state of one script. */
export interface ScriptContext {
  readonly text: string;
  /** Evaluates calls (wired by `evaluateScript`, so expression and object modules stay acyclic). */
  readonly evaluateCall: CallEvaluator;
  readonly diagnostics: Diagnostic[];
  readonly env: Map<string, Binding>;
  brian2Star: boolean;
  numpyStar: boolean;
  plottingStar: boolean;
  readonly groups: GroupRecord[];
  readonly monitors: MonitorRecord[];
  readonly synapses: SynapsesRecord[];
  readonly poissonInputs: (PoissonInputIR & { readonly id: number })[];
  readonly timedArrays: TimedArrayIR[];
  /** `seed(n)`: the seed of SpikeForge's generator (same streams on both tiers; not Brian2's streams). */
  seed?: number;
  readonly networks: NetworkRecord[];
  /** Network dt in seconds (Brian2's default 0.1 ms) and where it was set. */
  dt: { value: number; span?: SourceSpan };
  /** Durations of the run() calls (seconds) and which network ran (`undefined`: the magic network). */
  readonly runs: { readonly duration: number; readonly network?: number; readonly span: SourceSpan }[];
  /** The external constants as Brian2 resolves them: at the first run(). */
  namespace?: Record<string, ExternalConstant>;
  /** Constants reassigned after the first run(), reported if another run() follows. */
  readonly changedAfterRun: Map<string, SourceSpan>;
  /** Plotting/printing/analysis lines skipped, and the first of them. */
  skipped: { count: number; first?: SourceSpan };
  /** Current nesting depth of expression evaluation (guards the stack on huge expressions). */
  depth: number;
}

/** A fresh context for `text`. */
export function createContext(text: string, evaluateCall: CallEvaluator): ScriptContext {
  return {
    text,
    evaluateCall,
    diagnostics: [],
    env: new Map(),
    brian2Star: false,
    numpyStar: false,
    plottingStar: false,
    groups: [],
    monitors: [],
    synapses: [],
    poissonInputs: [],
    timedArrays: [],
    networks: [],
    dt: { value: 1e-4 },
    runs: [],
    changedAfterRun: new Map(),
    skipped: { count: 0 },
    depth: 0,
  };
}

/**
 * Resolves a name the way Python would for a script: names the script bound, then star-imported
 * names (Brian2, numpy, pylab), then Python built-ins. Undefined when nothing defines it.
 */
export function resolveName(ctx: ScriptContext, name: string): ScriptValue | undefined {
  const bound = ctx.env.get(name);
  if (bound !== undefined) return bound.value;
  if (ctx.brian2Star) {
    const brian = lookupBrian2Name(name);
    if (brian !== undefined) return brian;
  }
  // `from pylab import *` brings numpy's names too.
  if ((ctx.numpyStar || ctx.plottingStar) && isNumpyName(name)) return lookupNumpyName(name, `numpy.${name}`);
  if (ctx.plottingStar && isPlottingName(name)) return { kind: 'plotting' };
  return lookupPythonBuiltin(name);
}

/** Whether any run() has happened (analysis of recorded data is possible, the model is fixed). */
export function hasRun(ctx: ScriptContext): boolean {
  return ctx.runs.length > 0;
}

/** Counts a skipped plotting/printing/analysis line. */
export function skipLine(ctx: ScriptContext, span: SourceSpan): void {
  ctx.skipped.count++;
  ctx.skipped.first ??= span;
}

/** The constants Brian2 would resolve at run(): every number or quantity the script assigned (not imports). */
export function snapshotNamespace(ctx: ScriptContext): Record<string, ExternalConstant> {
  const namespace: Record<string, ExternalConstant> = {};
  for (const [name, binding] of ctx.env) {
    if (binding.origin === 'assign' && binding.value.kind === 'quantity') namespace[name] = { value: binding.value.value, dim: binding.value.dim };
  }
  return namespace;
}
