/**
 * Synapses through the real pipeline on both tiers (bit-identical): transmission, delays and
 * their rounding, heterogeneous delays, pre before post, connect forms and their order
 * (CONFORMANCE.md §E), connectivity determinism, and bad input reported at its span.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src-shared/diagnostics';
import type { SimMonitorData } from '../../../src-shared/ipc';
import type { ConnectIR, ModelIR, NeuronGroupIR, SynapsesIR } from '../../../src-shared/model';
import { readScript } from '../../../src-shared/script';
import { locateAppRoot } from '../locateAppRoot';
import { code, expectOk, noEvents, runOnBothTiers, runOnTier, useSimHostCore, type TierRun } from '../coreTestSupport';
import type { SimHostCore } from './simHostCore';

let core: SimHostCore;
useSimHostCore('synapses', (c) => (core = c));

function group(name: string, equations: string, options: Partial<NeuronGroupIR> = {}): NeuronGroupIR {
  return { name, N: 1, equations, equationsOffset: 0, method: 'euler', namespace: {}, initial: [], ...options };
}

/** A group whose neuron k spikes exactly at the given steps (a SpikeGeneratorGroup stand-in). */
function generator(name: string, N: number, spikes: readonly (readonly [neuron: number, step: number])[]): NeuronGroupIR {
  const condition = spikes.length === 0 ? 'False' : spikes.map(([k, step]) => `(i == ${k} and t_in_timesteps == ${step})`).join(' or ');
  return group(name, '', { N, threshold: code(condition), reset: code('') });
}

function synapses(name: string, source: string, target: string, connect: ConnectIR[], options: Partial<SynapsesIR> = {}): SynapsesIR {
  return { name, source, target, model: '', modelOffset: 0, connect, initial: [], namespace: {}, method: 'euler', ...options };
}

let counter = 0;
function network(groups: NeuronGroupIR[], syns: SynapsesIR[], extra: Partial<ModelIR> = {}): ModelIR {
  counter++;
  return { name: `syn_${counter}`, dt: 1e-4, duration: 0, groups, monitors: [], synapses: syns, ...extra };
}

type TierResult = TierRun;

function runOn(ir: ModelIR, tier: 'js' | 'native', steps: number, arrays: readonly string[]): Promise<TierResult> {
  return runOnTier(core, ir, tier, steps, arrays);
}

async function runBoth(ir: ModelIR, steps: number, arrays: readonly string[] = []): Promise<TierResult> {
  return (await runOnBothTiers(core, ir, steps, arrays)).js;
}

/** Step (at the end of which the monitor sees it) where each trace first becomes non-zero. */
function firstChange(data: SimMonitorData | undefined, variable: string): number[] {
  return (data?.values[variable] ?? []).map((trace) => Array.from(trace).findIndex((x) => x !== 0));
}

const endMonitor = (source: string, variable = 'v'): ModelIR['monitors'][number] => ({ name: 'M', source, variables: [variable], record: true, when: 'end' });
const all: ConnectIR = { kind: 'condition' };
const oneToOne: ConnectIR = { kind: 'generator', j: code('i') };

describe('CONFORMANCE E: synapses and delays (both tiers, bit-identical)', () => {
  it('C25 simple transmission: spikes at 2 and 1 ms reach their one-to-one targets in the same step', async () => {
    const ir = network([generator('inp', 2, [[0, 20], [1, 10]]), group('tgt', 'v : 1', { N: 2 })], [synapses('S', 'inp', 'tgt', [oneToOne], { onPre: code('v += 1') })], { monitors: [endMonitor('tgt')] });
    const result = await runBoth(ir, 25);
    expect(firstChange(result.monitors.M, 'v')).toEqual([20, 10]);
    expect(result.monitors.M?.values.v?.map((trace) => trace[24])).toEqual([1, 1]);
  });

  it('C26 scalar delay 0.5 ms: effects from 0.5 ms and from 1.5 ms', async () => {
    const ir = network([generator('inp', 2, [[0, 0], [1, 10]]), group('tgt', 'v : 1', { N: 2 })], [synapses('S', 'inp', 'tgt', [oneToOne], { onPre: code('v += 1'), delay: { seconds: 0.5e-3 } })], { monitors: [endMonitor('tgt')] });
    const result = await runBoth(ir, 20);
    expect(firstChange(result.monitors.M, 'v')).toEqual([5, 15]);
  });

  it('C27 delay rounding: delays [0, 0.5, 2.04] ms from a spike at 1.0 ms act at 1.00, 1.50 and 3.00 ms', async () => {
    const S = synapses('S', 'inp', 'tgt', [{ kind: 'arrays', i: [0, 0, 0], j: [0, 1, 2] }], { onPre: code('v += 1'), initial: [{ variable: 'delay', value: [0, 0.5e-3, 2.04e-3] }] });
    const ir = network([generator('inp', 1, [[0, 10]]), group('tgt', 'v : 1', { N: 3 })], [S], { monitors: [endMonitor('tgt')] });
    const result = await runBoth(ir, 40, ['_array_S__delay_steps']);
    expect(firstChange(result.monitors.M, 'v')).toEqual([10, 15, 30]);
    expect(result.arrays._array_S__delay_steps).toEqual([0, 5, 20]);
  });

  it('C28 all-to-one with heterogeneous delays: v at the end of steps 0..3 is 3, 12, 33, 48', async () => {
    const steps = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2];
    const indices = [0, 1, 4, 5, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5];
    const inp = generator('inp', 6, indices.map((k, n) => [k, steps[n] ?? 0] as const));
    const S = synapses('S', 'inp', 'tgt', [all], {
      model: 'w : 1',
      onPre: code('v += w'),
      initial: [
        { variable: 'w', value: 0, code: code('i + 1') },
        { variable: 'delay', value: [0, 0, 0, 1, 2, 1].map((d) => d * 1e-4) },
      ],
    });
    const result = await runBoth(network([inp, group('tgt', 'v : 1')], [S], { monitors: [endMonitor('tgt')] }), 4);
    expect(Array.from(result.monitors.M?.values.v?.[0] ?? [])).toEqual([3, 12, 33, 48]);
  });

  it('C29 one-to-all with heterogeneous delays', async () => {
    const S = synapses('S', 'inp', 'tgt', [all], { onPre: code('v += 1'), initial: [{ variable: 'delay', value: [1, 1, 2, 4, 3, 2].map((d) => d * 1e-4) }] });
    const result = await runBoth(network([generator('inp', 1, [[0, 0], [0, 2]]), group('tgt', 'v : 1', { N: 6 })], [S], { monitors: [endMonitor('tgt')] }), 5);
    expect(result.monitors.M?.values.v?.map((trace) => Array.from(trace))).toEqual([
      [0, 1, 1, 2, 2],
      [0, 1, 1, 2, 2],
      [0, 0, 1, 1, 2],
      [0, 0, 0, 0, 1],
      [0, 0, 0, 1, 1],
      [0, 0, 1, 1, 2],
    ]);
  });

  it('C30 pre before post: x = 2, y = 1 after one step', async () => {
    const G = group('G', 'x : 1\ny : 1', { threshold: code('True'), reset: code('') });
    const S = synapses('S', 'G', 'G', [all], { onPre: code('x=1; y=1'), onPost: code('x=2') });
    const result = await runBoth(network([G], [S]), 1, ['_array_G_x', '_array_G_y']);
    expect(result.arrays._array_G_x).toEqual([2]);
    expect(result.arrays._array_G_y).toEqual([1]);
  });

  it("C33 generator syntax: full matrix, no self-connections (three spellings), identity", async () => {
    const G = group('G', 'v : 1', { N: 16, initial: [{ variable: 'v', value: Array.from({ length: 16 }, (_, k) => k) }] });
    const G2 = group('G2', 'v : 1', { N: 4 });
    const pairs = async (target: string, j: string): Promise<[number, number][]> => {
      const result = await runBoth(network([G, G2], [synapses('S', 'G', target, [{ kind: 'generator', j: code(j) }])]), 0, ['_array_S__synaptic_pre', '_array_S__synaptic_post']);
      const pre = result.arrays._array_S__synaptic_pre ?? [];
      return pre.map((i, s) => [i, result.arrays._array_S__synaptic_post?.[s] ?? -1]);
    };
    const full = await pairs('G2', 'k for k in range(N_post)');
    expect(full).toEqual(Array.from({ length: 64 }, (_, s) => [Math.floor(s / 4), s % 4]));
    const noSelf = Array.from({ length: 256 }, (_, s): [number, number] => [Math.floor(s / 16), s % 16]).filter(([i, j]) => i !== j);
    for (const j of ['k for k in range(N_post) if k != i', 'k for k in range(N_post) if j != i', 'k for k in range(N_post) if v_post != v_pre']) expect(await pairs('G', j)).toEqual(noSelf);
    const identity = Array.from({ length: 16 }, (_, k): [number, number] => [k, k]);
    expect(await pairs('G', 'i for _ in range(1)')).toEqual(identity);
    expect(await pairs('G', 'i')).toEqual(identity);
  });

  it('C34 sampling: sample(N_post, size=3) gives 3 distinct sorted targets per source; size 0 none; size N_post all', async () => {
    const groups = [group('A', 'v : 1', { N: 4 }), group('B', 'v : 1', { N: 7 })];
    const run = async (j: string): Promise<number[][]> => {
      const result = await runBoth(network(groups, [synapses('S', 'A', 'B', [{ kind: 'generator', j: code(j) }])], { seed: 3 }), 0, ['_array_S__synaptic_pre', '_array_S__synaptic_post']);
      const rows: number[][] = [[], [], [], []];
      (result.arrays._array_S__synaptic_pre ?? []).forEach((i, s) => rows[i]?.push(result.arrays._array_S__synaptic_post?.[s] ?? -1));
      return rows;
    };
    const three = await run('k for k in sample(N_post, size=3)');
    for (const row of three) {
      expect(row.length).toBe(3);
      expect(new Set(row).size).toBe(3);
      expect([...row].sort((a, b) => a - b)).toEqual(row);
    }
    expect((await run('k for k in sample(N_post, size=0)')).flat()).toEqual([]);
    expect(await run('k for k in sample(N_post, size=N_post)')).toEqual(Array.from({ length: 4 }, () => [0, 1, 2, 3, 4, 5, 6]));
    const invalid = await core.build({ ir: network(groups, [synapses('S', 'A', 'B', [{ kind: 'generator', j: code('k + 5 for k in sample(N_post, size=3)'), span: { start: 0, end: 9 } }])]), tier: 'js' });
    expect(invalid.ok).toBe(false);
    expect(invalid.diagnostics[0]?.code).toBe('SF4011');
    expect(invalid.diagnostics[0]?.span).toEqual({ start: 0, end: 9 });
    const skipped = await core.build({ ir: network(groups, [synapses('S', 'A', 'B', [{ kind: 'generator', j: code('k + 5 for k in sample(N_post, size=3)'), skipIfInvalid: true }])]), tier: 'js' });
    expect(skipped.ok).toBe(true);
  });

  it('C36 order of synapses after connect(): synapse s has i = s // n and j = s % n', async () => {
    const result = await runBoth(network([group('A', 'v : 1', { N: 3 }), group('B', 'v : 1', { N: 5 })], [synapses('S', 'A', 'B', [all])]), 0, ['_array_S__synaptic_pre', '_array_S__synaptic_post']);
    expect(result.arrays._array_S__synaptic_pre).toEqual(Array.from({ length: 15 }, (_, s) => Math.floor(s / 5)));
    expect(result.arrays._array_S__synaptic_post).toEqual(Array.from({ length: 15 }, (_, s) => s % 5));
  });
});

describe('connectivity: probability, determinism, bad input', () => {
  const groups = [group('P', 'v : 1', { N: 400 })];
  it('connect(p=0.1) draws about p·N² synapses, the same ones for the same seed, others for another seed', async () => {
    const ir = (seed: number): ModelIR => network(groups, [synapses('S', 'P', 'P', [{ kind: 'condition', p: 0.1 }])], { seed });
    const a = await runBoth(ir(1), 0, ['_array_S__synaptic_post']);
    const b = await runBoth(ir(1), 0, ['_array_S__synaptic_post']);
    const c = await runBoth(ir(2), 0, ['_array_S__synaptic_post']);
    const count = a.arrays._array_S__synaptic_post?.length ?? 0;
    // Binomial(160 000, 0.1): mean 16 000, sd 120.
    expect(Math.abs(count - 16_000)).toBeLessThan(600);
    expect(b.arrays._array_S__synaptic_post).toEqual(a.arrays._array_S__synaptic_post);
    expect(c.arrays._array_S__synaptic_post).not.toEqual(a.arrays._array_S__synaptic_post);
  });

  it("connect('i != j', p=0.5) and a p that depends on i and j", async () => {
    const ir = network(groups, [synapses('S', 'P', 'P', [{ kind: 'condition', condition: code('i != j'), p: 0.5 }]), synapses('T', 'P', 'P', [{ kind: 'condition', p: code('0.2*int(j < 200)') }])], { seed: 5 });
    const result = await runBoth(ir, 0, ['_array_S__synaptic_pre', '_array_S__synaptic_post', '_array_T__synaptic_post']);
    const pre = result.arrays._array_S__synaptic_pre ?? [];
    expect(pre.some((i, s) => i === result.arrays._array_S__synaptic_post?.[s])).toBe(false);
    expect(Math.abs(pre.length - 0.5 * 400 * 399)).toBeLessThan(1500);
    const tPost = result.arrays._array_T__synaptic_post ?? [];
    expect(tPost.every((j) => j < 200)).toBe(true);
    expect(Math.abs(tPost.length - 0.2 * 400 * 200)).toBeLessThan(800);
  });

  it('bad input: p outside [0, 1], i out of range, unknown on_pre target, non-time delay', async () => {
    const bad = async (s: SynapsesIR): Promise<Diagnostic[]> => {
      const result = await core.build({ ir: network([group('A', 'v : 1', { N: 3, threshold: code('v > 1'), reset: code('') }), group('B', 'v : 1', { N: 2 })], [s]), tier: 'js' });
      expect(result.ok).toBe(false);
      return [...result.diagnostics];
    };
    const p = await bad(synapses('S', 'A', 'B', [{ kind: 'condition', p: 1.5, pSpan: { start: 2, end: 5 } }]));
    expect(p[0]?.message).toContain('p must be a probability between 0 and 1, got 1.5');
    expect(p[0]?.span).toEqual({ start: 2, end: 5 });
    const range = await bad(synapses('S', 'A', 'B', [{ kind: 'arrays', i: [0, 3], j: [0, 1], iSpan: { start: 7, end: 13 } }]));
    expect(range[0]?.message).toContain('i index 3 is out of range: A has 3 neurons (valid: 0 to 2)');
    expect(range[0]?.span).toEqual({ start: 7, end: 13 });
    const target = await bad(synapses('S', 'A', 'B', [all], { onPre: { code: 'u += 1', offset: 20 } }));
    expect(target[0]?.code).toBe('SF3002');
    expect(target[0]?.span).toEqual({ start: 20, end: 21 });
    const delay = await bad(synapses('S', 'A', 'B', [all], { onPre: code('v += 1'), delay: { seconds: -1, span: { start: 4, end: 6 } } }));
    expect(delay[0]?.message).toContain('the delay must be a non-negative time');
    expect(delay[0]?.span).toEqual({ start: 4, end: 6 });
  });
});

describe('Brian2 scripts with Synapses', () => {
  it('C67 CUBA (examples/cuba.py, 4000 neurons, 1 s) runs as written: rate 5.0–6.3 Hz, 320 000 ± 1 700 synapses, same spikes on both tiers', async () => {
    const text = readFileSync(join(locateAppRoot(), 'examples', 'cuba.py'), 'utf8');
    const read = readScript(text);
    expect(read.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ir = read.ir;
    if (ir === undefined) throw new Error('no IR');
    const steps = Math.round(ir.duration / ir.dt);
    const js = await runOn(ir, 'js', steps, ['_array_Ce__synaptic_pre', '_array_Ci__synaptic_pre']);
    const native = await runOn(ir, 'native', steps, []);
    const spikes = js.monitors.s_mon?.t.length ?? 0;
    expect(native.monitors.s_mon?.t.length).toBe(spikes);
    expect(Array.from(native.monitors.s_mon?.spikeIndices ?? [])).toEqual(Array.from(js.monitors.s_mon?.spikeIndices ?? []));
    const rate = spikes / 4000 / 1;
    expect(rate).toBeGreaterThan(5.0);
    expect(rate).toBeLessThan(6.3);
    const synapseCount = (js.arrays._array_Ce__synaptic_pre?.length ?? 0) + (js.arrays._array_Ci__synaptic_pre?.length ?? 0);
    expect(Math.abs(synapseCount - 320_000)).toBeLessThan(1_700);
    expect(js.arrays._array_Ce__synaptic_pre?.every((i) => i < 3200)).toBe(true);
    expect(js.arrays._array_Ci__synaptic_pre?.every((i) => i >= 3200)).toBe(true);
  });

  it('script errors in Synapses point into the script: unknown on_pre target, p outside [0, 1]', async () => {
    const text = "from brian2 import *\nG = NeuronGroup(10, 'dv/dt = -v/(10*ms) : volt', threshold='v > 1*mV', reset='v = 0*mV')\nS = Synapses(G, G, on_pre='ge += 1*mV')\nS.connect(p=1.5)\nrun(1*ms)\n";
    const read = readScript(text);
    const ir = read.ir;
    if (ir === undefined) throw new Error(JSON.stringify(read.diagnostics));
    const result = await core.build({ ir, tier: 'js' });
    expect(result.ok).toBe(false);
    const texts = result.diagnostics.map((d) => `${d.code} ${text.slice(d.span?.start, d.span?.end)}`);
    expect(texts).toEqual(['SF3002 ge', 'SF4011 1.5']);
  });
});

describe('CONFORMANCE D: conditional writes', () => {
  it('C23 synaptic writes to (unless refractory) variables are skipped while refractory: x < 0.2, y > 0.2, v < 1.1', async () => {
    const SECOND = [0, 0, 1, 0, 0, 0, 0] as const;
    const ns = { tau: { value: 1e-3, dim: SECOND }, Hz: { value: 1, dim: [0, 0, -1, 0, 0, 0, 0] as const } };
    const source = group('src', 'v : 1', { threshold: code('v > -1'), reset: code('') });
    const target = group('tgt', 'dv/dt = (2-v)/tau : 1 (unless refractory)\ndx/dt = 0/tau : 1 (unless refractory)\ndy/dt = 0/tau : 1', {
      namespace: ns,
      threshold: code('v > 1'),
      reset: code('v = 0; x -= 0.05; y -= 0.05'),
      refractory: { kind: 'time', seconds: 1e-3 },
    });
    const ir = network([source, target], [
      synapses('Sx', 'src', 'tgt', [all], { onPre: code('x += dt*100*Hz') }),
      synapses('Sy', 'src', 'tgt', [all], { onPre: code('y += dt*100*Hz') }),
    ]);
    const result = await runBoth(ir, 100, ['_array_tgt_x', '_array_tgt_y', '_array_tgt_v']);
    expect(result.arrays._array_tgt_x?.[0]).toBeLessThan(0.2);
    expect(result.arrays._array_tgt_y?.[0]).toBeGreaterThan(0.2);
    expect(result.arrays._array_tgt_v?.[0]).toBeLessThan(1.1);
  });
});

describe('CONFORMANCE E: summed and event-driven variables', () => {
  const VOLT = [2, 1, -3, -1, 0, 0, 0] as const;
  const HZ = [0, 0, -1, 0, 0, 0, 0] as const;
  const SECOND = [0, 0, 1, 0, 0, 0, 0] as const;

  it('C31 summed variable: v_post = 2*x (summed) with n=2 synapses per pair → target v = [1, 5] V', async () => {
    const volt = { volt: { value: 1, dim: VOLT } };
    const source = group('src', 'v : volt', { N: 2, namespace: volt, threshold: code('v > 1*volt'), reset: code('v = 0*volt'), initial: [{ variable: 'v', value: 1.1 }] });
    const target = group('tgt', 'v : volt', { N: 2 });
    const S = synapses('S', 'src', 'tgt', [{ kind: 'condition', condition: code('i==j'), n: 2 }], {
      model: 'w : volt\nx : volt\nv_post = 2*x : volt (summed)',
      onPre: code('x += w'),
      initial: [{ variable: 'w', value: [0, 0.5, 1, 1.5] }],
    });
    const result = await runBoth(network([source, target], [S]), 10, ['_array_tgt_v']);
    expect(result.arrays._array_tgt_v).toEqual([1, 5]);
  });

  it('C32 event-driven STDP equals the manual version: w = 0.00500937854, 0.00471832614 after 25 ms, bit-identical', async () => {
    const gmax = 0.01;
    const dApre = 0.01 * gmax;
    const ns = {
      taupre: { value: 0.02, dim: SECOND },
      taupost: { value: 0.02, dim: SECOND },
      gmax: { value: gmax, dim: [0, 0, 0, 0, 0, 0, 0] as const },
      dApre: { value: dApre, dim: [0, 0, 0, 0, 0, 0, 0] as const },
      dApost: { value: -1.05 * dApre, dim: [0, 0, 0, 0, 0, 0, 0] as const },
    };
    const neurons = (name: string, rates: number[]): NeuronGroupIR =>
      group(name, 'dv/dt = rate : 1\nrate : Hz', { N: 2, threshold: code('v > 1'), reset: code('v = 0'), initial: [{ variable: 'rate', value: rates }], namespace: { Hz: { value: 1, dim: HZ } } });
    const oneToOne: ConnectIR = { kind: 'generator', j: code('i') };
    const S1 = synapses('S1', 'pre', 'post', [oneToOne], {
      namespace: ns,
      model: 'w : 1\ndApre/dt = -Apre / taupre : 1 (event-driven)\ndApost/dt = -Apost / taupost : 1 (event-driven)',
      onPre: code('Apre += dApre\nw = clip(w + Apost, 0, gmax)'),
      onPost: code('Apost += dApost\nw = clip(w + Apre, 0, gmax)'),
      initial: [{ variable: 'w', value: 0.5 * gmax }],
    });
    const S2 = synapses('S2', 'pre', 'post', [oneToOne], {
      namespace: ns,
      model: 'w : 1\nApre : 1\nApost : 1\nlastupdate : second',
      onPre: code('Apre = Apre*exp((lastupdate-t)/taupre) + dApre\nApost = Apost*exp((lastupdate-t)/taupost)\nw = clip(w + Apost, 0, gmax)\nlastupdate = t'),
      onPost: code('Apre = Apre*exp((lastupdate-t)/taupre)\nApost = Apost*exp((lastupdate-t)/taupost) + dApost\nw = clip(w + Apre, 0, gmax)\nlastupdate = t'),
      initial: [{ variable: 'w', value: 0.5 * gmax }],
    });
    const result = await runBoth(network([neurons('pre', [1000, 1500]), neurons('post', [1100, 1400])], [S1, S2]), 250, ['_array_S1_w', '_array_S2_w']);
    expect(result.arrays._array_S1_w).toEqual(result.arrays._array_S2_w);
    const w = result.arrays._array_S1_w ?? [];
    expect(Math.abs((w[0] ?? NaN) - 0.00500937854)).toBeLessThan(5e-12);
    expect(Math.abs((w[1] ?? NaN) - 0.00471832614)).toBeLessThan(5e-12);
  });

  it('C37 an event-driven equation that uses a postsynaptic variable is rejected at the name', async () => {
    const S = synapses('S', 'pre', 'pre', [{ kind: 'condition' }], { model: 'dA/dt = -A/(10*ms) + v_post*Hz : 1 (event-driven)', onPre: code('A += 1') });
    const pre = group('pre', 'v : 1', { threshold: code('v > 1'), reset: code('') });
    const result = await core.build({ ir: network([pre], [S]), tier: 'js' });
    expect(result.ok).toBe(false);
    const diagnostic = result.diagnostics.find((d) => d.code === 'SF5002');
    expect(diagnostic?.message).toContain('uses "v_post"');
    expect(diagnostic?.span).toEqual({ start: 21, end: 27 });
  });
});

describe('CONFORMANCE E: counts', () => {
  it('C35 N_incoming and N_outgoing: connect(i=[0,0,1,2], j=[1,2,2,2]) → N_outgoing [2,2,1,1], N_incoming [1,3,3,3]', async () => {
    const S = synapses('S', 'A', 'B', [{ kind: 'arrays', i: [0, 0, 1, 2], j: [1, 2, 2, 2] }], { model: 'a : 1', initial: [{ variable: 'a', value: 0, code: code('10*N_incoming + N_outgoing') }] });
    const result = await runBoth(network([group('A', 'v : 1', { N: 3 }), group('B', 'v : 1', { N: 3 })], [S]), 0, ['_array_S_N_incoming', '_array_S_N_outgoing', '_array_S_a']);
    expect(result.arrays._array_S_N_outgoing).toEqual([2, 2, 1, 1]);
    expect(result.arrays._array_S_N_incoming).toEqual([1, 3, 3, 3]);
    expect(result.arrays._array_S_a).toEqual([12, 32, 31, 31]);
  });

  it("connecting groups of different sizes with j='i' reports the first source without a target", async () => {
    const S = synapses('S', 'A', 'B', [{ kind: 'generator', j: code('i'), span: { start: 3, end: 9 } }]);
    const result = await core.build({ ir: network([group('A', 'v : 1', { N: 5 }), group('B', 'v : 1', { N: 3 })], [S]), tier: 'js' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.message).toContain('source neuron 3 gets target 3, outside 0 to 2');
    expect(result.diagnostics[0]?.span).toEqual({ start: 3, end: 9 });
  });
});

describe('CONFORMANCE I: store/restore and continuing runs', () => {
  async function c56(tier: 'js' | 'native'): Promise<void> {
    const source = group('src', 'dv/dt = rates : 1\nrates : Hz', { N: 10, threshold: code('v > 1'), reset: code('v = 0'), namespace: { Hz: { value: 1, dim: [0, 0, -1, 0, 0, 0, 0] } }, initial: [{ variable: 'rates', value: 0, code: code('i*100*Hz') }] });
    const target = group('tgt', 'v : 1', { N: 10 });
    const S = synapses('S', 'src', 'tgt', [oneToOne], {
      model: 'w : 1',
      onPre: code('v += w'),
      namespace: { ms: { value: 1e-3, dim: [0, 0, 1, 0, 0, 0, 0] } },
      initial: [
        { variable: 'w', value: 0, code: code('i') },
        { variable: 'delay', value: 0, code: code('i*ms') },
      ],
    });
    const ir = network([source, target], [S], { name: `c56_${tier}`, monitors: [{ name: 'M', source: 'tgt', variables: ['v'], record: true }], spikeMonitors: [{ name: 'SP', source: 'src' }] });
    const built = expectOk(await core.build({ ir, tier }));
    const id = built.networkId;
    const run = (steps: number): void => void expectOk(core.run({ networkId: id, runId: 'r', steps, stream: false }, noEvents));
    const snapshot = (): { v: number[][]; spikes: number[]; t: number[] } => {
      const m = expectOk(core.monitorData(id, 'M'));
      const s = expectOk(core.monitorData(id, 'SP'));
      return { v: m.values.v?.map((trace) => Array.from(trace)) ?? [], spikes: Array.from(s.spikeIndices ?? []), t: Array.from(s.t) };
    };
    expectOk(core.store(id, 'default'));
    run(100);
    expectOk(core.store(id, 'second'));
    run(100);
    const reference = snapshot();
    expect(reference.spikes.length).toBeGreaterThan(20);
    expect(expectOk(core.restore(id, 'default')).step).toBe(0);
    run(200);
    expect(snapshot()).toEqual(reference);
    for (let k = 0; k < 2; k++) {
      expect(expectOk(core.restore(id, 'second')).step).toBe(100);
      run(100);
      expect(snapshot()).toEqual(reference);
    }
    const missing = core.restore(id, 'third');
    expect(missing.ok).toBe(false);
    core.dispose(id);
  }
  it('C56 store/restore (JS tier): restore() and restore("second") (twice) give identical v and spikes', async () => c56('js'));
  it('C56 store/restore (native tier)', async () => c56('native'));

  it('C59/C76 split runs: many runs of growing length equal one long run (spikes and final state), across a tier swap', async () => {
    const G = group('G', 'dv/dt = (1.2 - v)/(10*ms) + 0.5*xi/sqrt(ms) : 1', { N: 20, threshold: code('v > 1'), reset: code('v = 0'), namespace: { ms: { value: 1e-3, dim: [0, 0, 1, 0, 0, 0, 0] } } });
    const ir = network([G], [], { seed: 9, spikeMonitors: [{ name: 'SP', source: 'G' }] });
    const one = await runOn(ir, 'js', 1000, ['_array_G_v']);
    const split = expectOk(await core.build({ ir: { ...ir, name: 'split' }, tier: 'native' }));
    for (let steps = 1, done = 0; done < 1000; steps++) {
      const n = Math.min(steps, 1000 - done);
      expectOk(core.run({ networkId: split.networkId, runId: 's', steps: n, stream: false }, noEvents));
      done += n;
    }
    expect(Array.from(expectOk(core.getArray(split.networkId, '_array_G_v')).values)).toEqual(one.arrays._array_G_v);
    expect(Array.from(expectOk(core.monitorData(split.networkId, 'SP')).t)).toEqual(Array.from(one.monitors.SP?.t ?? []));
    core.dispose(split.networkId);
  });
});

describe('subgroups (BRIAN2_SEMANTICS.md §11)', () => {
  it('P[:8] and P[8:] as Synapses source, monitor sources and for initial values; i counts from the subgroup start', async () => {
    const text = [
      'from brian2 import *',
      "P = NeuronGroup(10, 'v : 1\\nx : 1', threshold='True', reset='')",
      'Pe = P[:8]',
      'Pi = P[8:]',
      "Pe.x = 'i'",
      "Pi.x = 'i + 100'",
      "tgt = NeuronGroup(4, 'v : 1')",
      "S = Synapses(Pi, tgt[1:3], on_pre='v += x_pre')",
      'S.connect()',
      'sp = SpikeMonitor(P[7:])',
      'r = PopulationRateMonitor(Pi)',
      "M = StateMonitor(tgt, 'v', record=True, when='end')",
      "Mx = StateMonitor(Pi, 'x', record=[1])",
      'run(0.2*ms)',
      '',
    ].join('\n');
    const read = readScript(text);
    expect(read.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    if (read.ir === undefined) throw new Error('no IR');
    const result = await runBoth(read.ir, 2, ['_array_P_x']);
    expect(result.arrays._array_P_x).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 100, 101]);
    expect(result.monitors.M?.values.v?.map((trace) => Array.from(trace))).toEqual([[0, 0], [201, 402], [201, 402], [0, 0]]);
    expect(Array.from(result.monitors.Mx?.values.x?.[0] ?? [])).toEqual([101, 101]);
    expect(Array.from(result.monitors.sp?.spikeIndices ?? [])).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(result.monitors.r?.values.rate?.[0] ?? [])).toEqual([2 / (2 * 1e-4), 2 / (2 * 1e-4)]);
  });

  it('a subgroup slice outside the group is reported at the slice', () => {
    const text = "from brian2 import *\nP = NeuronGroup(10, 'v : 1')\nQ = P[5:12]\nrun(1*ms)\n";
    const read = readScript(text);
    const d = read.diagnostics.find((x) => x.code === 'SF4011');
    expect(d?.message).toContain('[5:12] is not a non-empty range');
    expect(text.slice(d?.span?.start, d?.span?.end)).toBe('5:12');
  });
});

describe('tiers: auto builds on tier 0 and swaps tier 1 in at a chunk boundary', () => {
  it("tier 'auto' returns on the JS tier at once, swaps native in during the run, and gives the JS tier's numbers", async () => {
    const text = readFileSync(join(locateAppRoot(), 'examples', 'cuba.py'), 'utf8');
    const ir = readScript(text).ir;
    if (ir === undefined) throw new Error('no IR');
    const reference = await runOn({ ...ir, name: 'auto_ref' }, 'js', 3000, ['_array_P_v']);
    const built = expectOk(await core.build({ ir: { ...ir, name: `auto_${Date.now()}` }, tier: 'auto' }));
    expect(built.tier).toBe('js');
    const tiers = new Set<string>();
    const first = expectOk(await core.runAsync({ networkId: built.networkId, runId: 'a', steps: 1000, stream: true }, (e) => e.event === 'progress' && tiers.add(e.payload.tier)));
    expect(first.step).toBe(1000);
    await core.nativeReady(built.networkId);
    expectOk(await core.runAsync({ networkId: built.networkId, runId: 'b', steps: 2000, stream: true }, (e) => e.event === 'progress' && tiers.add(e.payload.tier)));
    expect(tiers.has('native')).toBe(true);
    expect(core.swapInfo(built.networkId)?.readyMs).toBeGreaterThan(0);
    expect(Array.from(expectOk(core.getArray(built.networkId, '_array_P_v')).values)).toEqual(reference.arrays._array_P_v);
    expect(Array.from(expectOk(core.monitorData(built.networkId, 's_mon')).t)).toEqual(Array.from(reference.monitors.s_mon?.t ?? []));
    core.dispose(built.networkId);
  });

  it('stop() ends a running runAsync after the current chunk; a later run continues from there (C61)', async () => {
    const G = group('G', 'dv/dt = -v/(10*ms) : 1', { N: 20_000, namespace: { ms: { value: 1e-3, dim: [0, 0, 1, 0, 0, 0, 0] } } });
    const built = expectOk(await core.build({ ir: network([G], []), tier: 'js' }));
    let states: string[] = [];
    const running = core.runAsync({ networkId: built.networkId, runId: 's', steps: 1_000_000, stream: true }, (e) => {
      if (e.event === 'progress') states.push(e.payload.state);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expectOk(core.stop(built.networkId));
    const result = expectOk(await running);
    expect(result.steps).toBeLessThan(1_000_000);
    expect(states.at(-1)).toBe('stopped');
    states = [];
    const more = expectOk(await core.runAsync({ networkId: built.networkId, runId: 't', steps: 10, stream: false }, noEvents));
    expect(more.step).toBe(result.step + 10);
    core.dispose(built.networkId);
  });
});

describe('memory', () => {
  it('1 000 000 synapses cost at most 24 bytes each plus their variables (delay, w)', async () => {
    const S = synapses('S', 'A', 'B', [{ kind: 'condition' }], { model: 'w : 1', onPre: code('v += w') });
    const A = group('A', 'v : 1', { N: 1000, threshold: code('v > 1'), reset: code('') });
    const B = group('B', 'v : 1', { N: 1000 });
    const built = expectOk(await core.build({ ir: network([A, B], [S]), tier: 'js' }));
    const synapseArrays = ['_array_S__synaptic_pre', '_array_S__synaptic_post', '_array_S__delay_steps', '_array_S__pre_syn'];
    const variableArrays = ['_array_S_w', '_array_S_delay'];
    const bytes = (names: readonly string[]): number => names.reduce((sum, name) => sum + expectOk(core.getArray(built.networkId, name)).values.byteLength, 0);
    const count = expectOk(core.getArray(built.networkId, '_array_S__synaptic_pre')).values.length;
    expect(count).toBe(1_000_000);
    const structure = bytes(synapseArrays) / count;
    expect(structure).toBeLessThanOrEqual(24);
    expect(bytes(variableArrays) / count).toBe(16);
    core.dispose(built.networkId);
  });
});

describe('tiers: rebuilding while a background compile runs', () => {
  it("a stale background build never unloads the newer build's library", async () => {
    const model = (k: number): ModelIR => network([group('G', `dv/dt = -v/(${10 + k}*ms) : 1`, { N: 100, namespace: { ms: { value: 1e-3, dim: [0, 0, 1, 0, 0, 0, 0] } } })], [], { name: `stale_${Date.now()}_${k}` });
    const first = expectOk(await core.build({ ir: model(1), tier: 'auto', networkId: 'editor' }));
    const second = expectOk(await core.build({ ir: model(2), tier: 'auto', networkId: 'editor' }));
    expect(second.networkId).toBe(first.networkId);
    await core.nativeReady('editor');
    for (let k = 0; k < 3; k++) expectOk(await core.runAsync({ networkId: 'editor', runId: `r${k}`, steps: 500, stream: false }, noEvents));
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the first (stale) compile finish too
    expectOk(await core.runAsync({ networkId: 'editor', runId: 'after', steps: 500, stream: false }, noEvents));
    expect(core.swapInfo('editor')).toBeDefined();
    core.dispose('editor');
  });
});
