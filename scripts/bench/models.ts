/**
 * The benchmark models of PERFORMANCE.md §4 as edits of the example scripts in examples/*.py.
 * Both simulators run the same edited text (same sizes, duration, monitors): SpikeForge reads it,
 * Brian 2 executes it (bench/brian2/run_model.py). What each model counts as activity, its
 * synapses (for synaptic events), the parameter changed for the "parameter change → new result"
 * figure and the activity check (CONFORMANCE.md C67–C73) live here too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './common';

/** How the activity of both simulators is compared. */
export type ActivityCheck =
  /** Deterministic model: the spike counts must be equal. */
  | { readonly kind: 'exact' }
  /** Mean rate of every run inside a CONFORMANCE.md band (Hz). */
  | { readonly kind: 'band'; readonly lo: number; readonly hi: number; readonly case: string }
  /** Sizes without a reference band: rates within ±tolerance (relative) of Brian's Cython rate. */
  | { readonly kind: 'relative'; readonly tolerance: number };

export interface BenchModel {
  readonly id: string;
  readonly label: string;
  /** The edited Brian2 script, ending at its run() line. */
  readonly text: string;
  /** The same script with a 10 ms run (time to first result, parameter change). */
  readonly shortText: string;
  readonly durationS: number;
  /** Neurons updated per step (for ns per neuron-step). */
  readonly neurons: number;
  /** SpikeMonitor whose spikes are the model's activity, and the neurons it covers. */
  readonly activity: { readonly monitor: string; readonly neurons: number };
  /** [Synapses variable, SpikeMonitor of its source group (per-neuron counts)]. */
  readonly synapses: readonly (readonly [string, string])[];
  /** Constant multiplied by `factor` for the parameter-change figure (defined on its own line). */
  readonly param: { readonly name: string; readonly factor: number };
  readonly check: ActivityCheck;
  /** STDP: weight statistics of `synapses.w / max`. */
  readonly weights?: { readonly synapses: string; readonly max: string };
  /** Part of the scaling series: neurons and synapses per neuron. */
  readonly scaling?: { readonly n: number; readonly k: number };
}

/** Replaces the script's top-level run(...) line by `run(<duration>)` and drops what follows (plots). */
export function withRun(text: string, duration: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => /^run\(/.test(line));
  if (at < 0) throw new Error('the model script has no top-level run(...) line');
  return [...lines.slice(0, at), `run(${duration})`, ''].join('\n');
}

/** Applies literal replacements, each of which must match (a silent no-op would benchmark the wrong model). */
function edit(text: string, replacements: readonly (readonly [string, string])[]): string {
  let out = text;
  for (const [from, to] of replacements) {
    if (!out.includes(from)) throw new Error(`benchmark model edit: "${from}" not found`);
    out = out.split(from).join(to);
  }
  return out;
}

function example(name: string): string {
  return readFileSync(join(repoRoot, 'examples', name), 'utf8');
}

/** Duration as Brian2 text (whole milliseconds or seconds). */
function durationText(seconds: number): string {
  return seconds >= 1 && Number.isInteger(seconds) ? `${seconds}*second` : `${Math.round(seconds * 1000)}*ms`;
}

interface Spec extends Omit<BenchModel, 'text' | 'shortText'> {
  readonly source: string;
}

function finish(spec: Spec): BenchModel {
  const { source, ...rest } = spec;
  return { ...rest, text: withRun(source, durationText(spec.durationS)), shortText: withRun(source, '10*ms') };
}

/** CUBA (C67) with `n` neurons (80 % excitatory). */
export function cuba(n: number, durationS: number, check?: ActivityCheck): BenchModel {
  const nE = Math.round(n * 0.8);
  const source = n === 4000 ? example('cuba.py') : edit(example('cuba.py'), [['NeuronGroup(4000,', `NeuronGroup(${n},`], ["'i<3200'", `'i<${nE}'`], ["'i>=3200'", `'i>=${nE}'`]]);
  return finish({ id: n === 4000 ? 'cuba' : `cuba${n}`, label: `CUBA ${n} × ${durationS} s`, source, durationS, neurons: n, activity: { monitor: 's_mon', neurons: n }, synapses: [['Ce', 's_mon'], ['Ci', 's_mon']], param: { name: 'taum', factor: 1.1 }, check: check ?? { kind: 'band', lo: 5.0, hi: 6.3, case: 'C67' } });
}

/** COBAHH (C68), 4000 Hodgkin–Huxley neurons. */
export function cobahh(durationS: number): BenchModel {
  return finish({ id: 'cobahh', label: `COBAHH 4000 × ${durationS} s`, source: example('cobahh.py'), durationS, neurons: 4000, activity: { monitor: 'spikes', neurons: 4000 }, synapses: [['Ce', 'spikes'], ['Ci', 'spikes']], param: { name: 'we', factor: 1.1 }, check: { kind: 'band', lo: 30, hi: 45, case: 'C68' } });
}

/** Brunel (2000) panel C (C70), 12 500 neurons, 1.56·10⁷ synapses. */
export function brunel2000(durationS: number): BenchModel {
  return finish({ id: 'brunel2000', label: `Brunel 2000 12 500 × ${durationS} s`, source: example('brunel2000.py'), durationS, neurons: 12500, activity: { monitor: 'spike_monitor', neurons: 12500 }, synapses: [['exc_synapses', 'spike_monitor'], ['inh_synapses', 'spike_monitor']], param: { name: 'g', factor: 1.1 }, check: { kind: 'band', lo: 32, hi: 40, case: 'C70' } });
}

/** Brunel & Hakim (1999) (C71), 5000 neurons, 5·10⁶ synapses, white noise. */
export function brunelHakim(durationS: number): BenchModel {
  return finish({ id: 'brunel_hakim', label: `Brunel–Hakim 5000 × ${durationS} s`, source: example('brunel_hakim1999.py'), durationS, neurons: 5000, activity: { monitor: 'M', neurons: 5000 }, synapses: [['conn', 'M']], param: { name: 'muext', factor: 1.02 }, check: { kind: 'band', lo: 3.2, hi: 3.9, case: 'C71' } });
}

/** STDP (C72): 1000 Poisson inputs onto one neuron; a SpikeMonitor on the neuron is added (its rate is the check). */
export function stdp(durationS: number): BenchModel {
  const source = edit(example('stdp_song2000.py'), [['s_mon = SpikeMonitor(poisson_input)', 's_mon = SpikeMonitor(poisson_input)\npost_mon = SpikeMonitor(neurons)']]);
  return finish({ id: 'stdp', label: `STDP 1000 inputs × ${durationS} s`, source, durationS, neurons: 1001, activity: { monitor: 'post_mon', neurons: 1 }, synapses: [['S', 's_mon']], param: { name: 'taum', factor: 1.1 }, check: { kind: 'band', lo: 20, hi: 36, case: 'C72' }, weights: { synapses: 'S', max: 'gmax' } });
}

/** Large LIF without synapses (C73): deterministic, the spike counts must match exactly. */
export function largeLif(n: number, durationS: number): BenchModel {
  const source = n === 1_000_000 ? example('large_lif.py') : edit(example('large_lif.py'), [['N = 1000000', `N = ${n}`]]);
  return finish({ id: n === 1_000_000 ? 'lif' : `lif${n}`, label: `LIF ${n.toLocaleString('en-US').replace(/,/g, ' ')} × ${durationS} s (no synapses)`, source, durationS, neurons: n, activity: { monitor: 'spikes', neurons: n }, synapses: [], param: { name: 'tau', factor: 1.1 }, check: { kind: 'exact' } });
}

/**
 * Scaling series: `n` LIF neurons with constant drive, `k` random inhibitory synapses per neuron
 * (connect(p = k/n), weight −0.5/k so that the rate stays near 40–50 Hz at every k).
 */
export function scaling(n: number, k: number, durationS: number): BenchModel {
  const source = [
    '# Scaling series of npm run bench: N LIF neurons, K inhibitory synapses per neuron.',
    'from brian2 import *',
    `N = ${n}`,
    `K = ${k}`,
    'tau = 10*ms',
    'w = -0.5/K',
    "G = NeuronGroup(N, 'dv/dt = (1.2 - v)/tau : 1', threshold='v > 1', reset='v = 0', method='exact')",
    "G.v = 'rand()'",
    "S = Synapses(G, G, on_pre='v += w')",
    'S.connect(p=K*1.0/N)',
    'spikes = SpikeMonitor(G, record=False)',
    `run(${durationText(durationS)})`,
    '',
  ].join('\n');
  return finish({ id: `scale_${n}_${k}`, label: `N ${n} × K ${k}, ${durationS} s`, source, durationS, neurons: n, activity: { monitor: 'spikes', neurons: n }, synapses: [['S', 'spikes']], param: { name: 'tau', factor: 1.1 }, check: { kind: 'relative', tolerance: 0.15 }, scaling: { n, k } });
}

/** Scaling points: (N, K) with N·K ≤ 10⁷ synapses; the duration keeps each point to ~10⁸ events and ~10⁹ neuron-steps. */
export function scalingSeries(quick: boolean): BenchModel[] {
  const points: (readonly [number, number])[] = quick
    ? [[1000, 100], [10_000, 100]]
    : [[1000, 10], [1000, 1000], [10_000, 100], [100_000, 100], [1_000_000, 10]];
  return points.map(([n, k]) => {
    const events = n * k * 45; // per simulated second at ~45 Hz
    const seconds = Math.min(quick ? 0.5 : 1, Math.max(0.1, Math.min(1e8 / events, 1e9 / (n * 10_000))));
    return scaling(n, k, Math.round(seconds * 10) / 10);
  });
}

/** The suite's models: full sizes of PERFORMANCE.md §4 and the issue, or the --quick subset. */
export function benchModels(quick: boolean): BenchModel[] {
  if (quick) return [cuba(4000, 1), largeLif(1_000_000, 0.05)];
  return [cuba(4000, 10), cobahh(1), brunel2000(1), brunelHakim(1), stdp(100), largeLif(1_000_000, 1)];
}

/** The smoke test's tiny sizes (seconds, not minutes). */
export function smokeModels(): BenchModel[] {
  return [cuba(400, 0.05, { kind: 'relative', tolerance: 0.5 }), largeLif(1000, 0.1)];
}
