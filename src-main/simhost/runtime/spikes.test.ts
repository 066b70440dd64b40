/**
 * Threshold, reset, refractoriness and monitors through the real pipeline (check → code objects →
 * render → JS module and g++ library → run on host arrays): CONFORMANCE.md §D and the monitor
 * cases of §F on both tiers, with the tiers' results bit-identical (C81).
 */
import { describe, expect, it } from 'vitest';
import type { SimMonitorData } from '../../../src-shared/ipc';
import type { ModelIR, NeuronGroupIR, RefractoryIR } from '../../../src-shared/model';
import { readScript } from '../../../src-shared/script';
import { code, expectOk, runOnBothTiers, runOnTier, useSimHostCore, type TierRun } from '../coreTestSupport';
import type { SimHostCore } from './simHostCore';

let core: SimHostCore;
useSimHostCore('spikes', (c) => (core = c));

const SECOND = [0, 0, 1, 0, 0, 0, 0] as const;
const HERTZ = [0, 0, -1, 0, 0, 0, 0] as const;
/** Units and constants the equations use (the script reader puts units in the namespace). */
const NAMESPACE = { ms: { value: 1e-3, dim: SECOND }, second: { value: 1, dim: SECOND }, Hz: { value: 1, dim: HERTZ } };

type GroupOptions = Partial<Omit<NeuronGroupIR, 'name' | 'equations' | 'namespace'>> & { namespace?: NeuronGroupIR['namespace'] };

function group(name: string, equations: string, options: GroupOptions = {}): NeuronGroupIR {
  return { name, N: 1, equations, equationsOffset: 0, method: 'euler', initial: [], ...options, namespace: { ...NAMESPACE, ...options.namespace } };
}

let counter = 0;
function network(groups: NeuronGroupIR[], extra: Partial<ModelIR> = {}): ModelIR {
  counter++;
  return { name: `spk_${counter}`, dt: 1e-4, duration: 0, groups, monitors: [], ...extra };
}

type TierResult = TierRun;

function runOn(ir: ModelIR, tier: 'js' | 'native', steps: number, arrays: readonly string[]): Promise<TierResult> {
  return runOnTier(core, ir, tier, steps, arrays);
}

/** Runs on both tiers, checks that every monitor and array is bit-identical, returns the JS result. */
async function runBoth(ir: ModelIR, steps: number, arrays: readonly string[] = []): Promise<TierResult> {
  return (await runOnBothTiers(core, ir, steps, arrays)).js;
}

/** Spike times in ms (rounded to 1e-9 ms to compare with decimal literals). */
function spikeTimesMs(data: SimMonitorData | undefined, neuron?: number): number[] {
  const t = Array.from(data?.t ?? []);
  const i = Array.from(data?.spikeIndices ?? []);
  return t.filter((_, k) => neuron === undefined || i[k] === neuron).map((x) => Math.round(x * 1e3 * 1e9) / 1e9);
}

const spikeMonitor = (source: string, name = 'spikes'): NonNullable<ModelIR['spikeMonitors']>[number] => ({ name, source });

describe('CONFORMANCE D: threshold, reset, refractoriness (both tiers, bit-identical)', () => {
  const c18Forms: [string, RefractoryIR, GroupOptions][] = [
    ['a quantity', { kind: 'time', seconds: 0.01 }, {}],
    ["the string '10*ms'", { kind: 'code', ...code('10*ms') }, {}],
    ["'ref' with ref : second = 10 ms", { kind: 'code', ...code('ref') }, { initial: [{ variable: 'ref', value: 0.01 }] }],
    ["'ref_no_unit*ms' with ref_no_unit : 1 = 10", { kind: 'code', ...code('ref_no_unit*ms') }, { initial: [{ variable: 'ref_no_unit', value: 10 }] }],
  ];
  for (const [form, refractory, options] of c18Forms) {
    it(`C18 basic refractoriness, refractory given as ${form}: spikes at [5, 15] ms`, async () => {
      const extra = form.includes('ref_no_unit') ? '\nref_no_unit : 1' : form.includes("'ref'") ? '\nref : second' : '';
      const G = group('G', `dv/dt = 199.99*Hz : 1${extra}`, { threshold: code('v > 1'), reset: code('v = 0'), refractory, ...options });
      const result = await runBoth(network([G], { spikeMonitors: [spikeMonitor('G')] }), 160);
      expect(spikeTimesMs(result.monitors.spikes)).toEqual([5, 15]);
    });
  }

  it('C19 repeated: threshold True, refractory 10*dt, 10 000 steps: first spike at 0, every interval exactly 10 dt', async () => {
    const G = group('G', '', { threshold: code('True'), refractory: { kind: 'time', seconds: 10 * 1e-4 } });
    const result = await runBoth(network([G], { spikeMonitors: [spikeMonitor('G')] }), 10_000, ['_array_spikes_count']);
    const steps = Array.from(result.monitors.spikes?.t ?? []).map((t) => Math.round(t / 1e-4));
    expect(steps[0]).toBe(0);
    expect(steps.length).toBe(1000);
    expect(steps.every((s, k) => s === 10 * k)).toBe(true);
    expect(result.arrays._array_spikes_count).toEqual([1000]);
  });

  const c20Forms: [string, RefractoryIR][] = [
    ['5 ms', { kind: 'time', seconds: 0.005 }],
    ["'5*ms'", { kind: 'code', ...code('5*ms') }],
    ["'(t - lastspike) < 5*ms' (boolean)", { kind: 'code', ...code('(t - lastspike) <= 4.95*ms') }],
  ];
  for (const [form, refractory] of c20Forms) {
    it(`C20 frozen variable with refractory ${form}: v frozen while refractory, w keeps integrating`, async () => {
      const G = group('G', 'dv/dt = 99.999*Hz : 1 (unless refractory)\ndw/dt = 99.999*Hz : 1', { threshold: code('v > 1'), reset: code('v = 0; w = 0'), refractory });
      const ir = network([G], { monitors: [{ name: 'M', source: 'G', variables: ['v', 'w'], record: true, when: 'end' }], spikeMonitors: [spikeMonitor('G')] });
      const result = await runBoth(ir, 200);
      expect(spikeTimesMs(result.monitors.spikes)).toEqual([10]);
      const v = Array.from(result.monitors.M?.values.v?.[0] ?? []);
      const w = Array.from(result.monitors.M?.values.w?.[0] ?? []);
      expect(v.length).toBe(200);
      // Samples at the end of steps 0..99 (t = 0..9.9 ms): v equals w.
      expect(v.slice(0, 100)).toEqual(w.slice(0, 100));
      // v is exactly 0 in the samples at 10.0–14.9 ms (steps 100–149).
      expect(v.slice(100, 150).every((x) => x === 0)).toBe(true);
      // w, reset at 10 ms, keeps integrating: its samples at 10.1–15.0 ms equal those at 0–4.9 ms.
      expect(w.slice(101, 151)).toEqual(w.slice(0, 50));
      // v > 0 again from the sample at 15.0 ms.
      expect(v[150]).toBeGreaterThan(0);
    });
  }

  it('C22 LIF with refractoriness (exact): spikes at [23.9, 52.8, 81.7] ms and Brian 2.5.1 samples of v', async () => {
    const G = group('G', 'dv/dt = (1.1 - v)/(10*ms) : 1 (unless refractory)', { method: 'exact', threshold: code('v > 1'), reset: code('v = 0'), refractory: { kind: 'time', seconds: 0.005 } });
    const ir = network([G], { monitors: [{ name: 'M', source: 'G', variables: ['v'], record: true }], spikeMonitors: [spikeMonitor('G')] });
    const result = await runBoth(ir, 1000);
    expect(spikeTimesMs(result.monitors.spikes)).toEqual([23.9, 52.8, 81.7]);
    const v = result.monitors.M?.values.v?.[0] ?? new Float64Array();
    const expected: [number, number][] = [
      [239, 0.999207348],
      [240, 0],
      [241, 0],
      [290, 0.010945183],
      [291, 0.021781459],
    ];
    for (const [step, value] of expected) expect(Math.abs((v[step] ?? NaN) - value), `v at step ${step}`).toBeLessThan(5e-10);
  });

  it('C22 the same model with euler and no refractoriness: spikes at [23.8, 47.7, 71.6, 95.5] ms', async () => {
    const G = group('G', 'dv/dt = (1.1 - v)/(10*ms) : 1 (unless refractory)', { method: 'euler', threshold: code('v > 1'), reset: code('v = 0') });
    const result = await runBoth(network([G], { spikeMonitors: [spikeMonitor('G')] }), 1000);
    expect(spikeTimesMs(result.monitors.spikes)).toEqual([23.8, 47.7, 71.6, 95.5]);
  });

  for (const [form, refractory, equations] of [
    ["'3*Hz'", { kind: 'code', ...code('3*Hz') }, 'dv/dt = 1*Hz : 1'],
    ["'ref' with ref in Hz", { kind: 'code', ...code('ref') }, 'dv/dt = 1*Hz : 1\nref : Hz'],
    ["'3'", { kind: 'code', ...code('3') }, 'dv/dt = 1*Hz : 1'],
    ["'ref' dimensionless", { kind: 'code', ...code('ref') }, 'dv/dt = 1*Hz : 1\nref : 1'],
  ] as [string, RefractoryIR, string][]) {
    it(`C21 wrong refractory type ${form} is rejected with SF4017 on the refractory text`, async () => {
      const G = group('G', equations, { threshold: code('v > 1'), reset: code('v = 0'), refractory });
      const result = await core.build({ ir: network([G]), tier: 'js' });
      expect(result.ok).toBe(false);
      const diagnostic = result.diagnostics.find((d) => d.code === 'SF4017');
      expect(diagnostic?.message).toContain('refractory period of G');
      expect(diagnostic?.span).toEqual({ start: 0, end: refractory.kind === 'code' ? refractory.code.length : 0 });
    });
  }

  it('C24 a threshold that is not boolean is rejected with SF4016 on the condition', async () => {
    const G = group('G', 'dv/dt = 1*Hz : 1', { threshold: code('v'), reset: code('v = 0') });
    const result = await core.build({ ir: network([G]), tier: 'js' });
    expect(result.ok).toBe(false);
    const diagnostic = result.diagnostics.find((d) => d.code === 'SF4016');
    expect(diagnostic?.message).toBe('The threshold of G must be a boolean condition, but "v" is a dimensionless number.');
    expect(diagnostic?.span).toEqual({ start: 0, end: 1 });
  });

  it('reset statements are unit-checked and may not write read-only names', async () => {
    const G = group('G', 'dv/dt = 1*Hz : 1\nu = 2*v : 1', { threshold: code('v > 1'), reset: code('v = 3*ms\nu = 0\nt = 0') });
    const result = await core.build({ ir: network([G]), tier: 'js' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['SF1002', 'SF4018', 'SF4018']);
    expect(result.diagnostics[0]?.span).toEqual({ start: 4, end: 8 });
    expect(result.diagnostics[1]?.message).toContain('subexpression');
  });

  it('a threshold without reset or refractory warns (SF4020), with reset="" it does not', async () => {
    const noisy = await core.build({ ir: network([group('G', 'dv/dt = 1*Hz : 1', { threshold: code('v > 1') })]), tier: 'js' });
    expect(expectOk(noisy).warnings.map((w) => w.code)).toContain('SF4020');
    const quiet = await core.build({ ir: network([group('G', 'dv/dt = 1*Hz : 1', { threshold: code('v > 1'), reset: code('') })]), tier: 'js' });
    expect(expectOk(quiet).warnings.map((w) => w.code)).not.toContain('SF4020');
  });
});

describe('CONFORMANCE F: monitors (both tiers, bit-identical)', () => {
  it('C38 spike times: rates [101, 0, 1001] Hz over 10 ms', async () => {
    const G = group('G', 'dv/dt = rate : 1\nrate : Hz', { N: 3, threshold: code('v > 1'), reset: code('v = 0'), initial: [{ variable: 'rate', value: [101, 0, 1001] }] });
    const result = await runBoth(network([G], { spikeMonitors: [spikeMonitor('G')] }), 100, ['_array_spikes_count']);
    expect(spikeTimesMs(result.monitors.spikes, 0)).toEqual([9.9]);
    expect(spikeTimesMs(result.monitors.spikes, 1)).toEqual([]);
    expect(spikeTimesMs(result.monitors.spikes, 2)).toEqual([0.9, 1.9, 2.9, 3.9, 4.9, 5.9, 6.9, 7.9, 8.9, 9.9]);
    expect(result.arrays._array_spikes_count).toEqual([1, 0, 10]);
  });

  it('C39 start and end slots: decay from 1 (exact), 3 steps', async () => {
    const G = group('G', 'dv/dt = -v/(10*ms) : 1', { method: 'exact', initial: [{ variable: 'v', value: 1 }] });
    const ir = network([G], {
      monitors: [
        { name: 'Mstart', source: 'G', variables: ['v'], record: true, when: 'start' },
        { name: 'Mend', source: 'G', variables: ['v'], record: true, when: 'end' },
      ],
    });
    const result = await runBoth(ir, 3);
    const close = (actual: ArrayLike<number> | undefined, expected: number[]): void => {
      expect(Array.from(actual ?? []).map((x, k) => Math.abs(x - (expected[k] ?? NaN)) < 5e-10)).toEqual(expected.map(() => true));
    };
    close(result.monitors.Mstart?.values.v?.[0], [1.0, 0.990049834, 0.980198673]);
    close(result.monitors.Mend?.values.v?.[0], [0.990049834, 0.980198673, 0.970445534]);
    for (const name of ['Mstart', 'Mend']) close(result.monitors[name]?.t, [0, 1e-4, 2e-4]);
  });

  it('C40 not_refractory records all true in a group that never spikes', async () => {
    const G = group('G', 'dv/dt = -v/(10*ms) : 1', { N: 2, threshold: code('v > 2'), reset: code('v = 0'), refractory: { kind: 'time', seconds: 0.001 }, initial: [{ variable: 'v', value: 1 }] });
    const ir = network([G], { monitors: [{ name: 'M', source: 'G', variables: ['not_refractory'], record: true }] });
    const result = await runBoth(ir, 5);
    expect(result.monitors.M?.values.not_refractory?.map((trace) => Array.from(trace))).toEqual([
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
    ]);
  });

  it('a SpikeMonitor on a large group grows its buffers without losing spikes', async () => {
    const G = group('G', '', { N: 5000, threshold: code('True'), reset: code('') });
    const result = await runBoth(network([G], { spikeMonitors: [spikeMonitor('G')] }), 7, ['_array_spikes_count']);
    expect(result.monitors.spikes?.t.length).toBe(35_000);
    expect(Array.from(result.monitors.spikes?.spikeIndices?.subarray(4998, 5002) ?? [])).toEqual([4998, 4999, 0, 1]);
    expect(result.arrays._array_spikes_count?.every((c) => c === 7)).toBe(true);
  });

  it('a SpikeMonitor on a group without threshold is rejected with SF4019', async () => {
    const result = await core.build({ ir: network([group('G', 'dv/dt = 1*Hz : 1')], { spikeMonitors: [{ name: 'S', source: 'G', span: { start: 0, end: 3 } }] }), tier: 'js' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.code).toBe('SF4019');
    expect(result.diagnostics[0]?.span).toEqual({ start: 0, end: 3 });
  });
});

describe('Brian2 scripts with spikes', () => {
  it('C22 as a Brian2 script (threshold, reset, refractory=5*ms, SpikeMonitor, unit names in the equations) runs as is', async () => {
    const script = [
      'from brian2 import *',
      "G = NeuronGroup(1, 'dv/dt = (1.1 - v)/(10*ms) : 1 (unless refractory)', threshold='v > 1', reset='v = 0', refractory=5*ms, method='exact')",
      'spikes = SpikeMonitor(G)',
      "M = StateMonitor(G, 'v', record=0, when='end')",
      'run(100*ms)',
      '',
    ].join('\n');
    const read = readScript(script);
    expect(read.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ir = read.ir;
    if (ir === undefined) throw new Error('no IR');
    const result = await runBoth(ir, Math.round(ir.duration / ir.dt));
    expect(spikeTimesMs(result.monitors.spikes)).toEqual([23.9, 52.8, 81.7]);
    expect(result.monitors.M?.values.v?.[0]?.[239]).toBe(0);
  });

  it('a reset with a unit error points at the value inside the script', () => {
    const script = "from brian2 import *\nG = NeuronGroup(1, 'dv/dt = -v/(10*ms) : volt', threshold='v > 1*mV', reset='v = 3*ms')\nrun(1*ms)\n";
    const read = readScript(script);
    expect(read.ir).toBeDefined();
    if (read.ir === undefined) return;
    return core.build({ ir: read.ir, tier: 'js' }).then((result) => {
      expect(result.ok).toBe(false);
      const diagnostic = result.diagnostics[0];
      expect(diagnostic?.code).toBe('SF1002');
      expect(script.slice(diagnostic?.span?.start, diagnostic?.span?.end)).toBe('3*ms');
    });
  });
});

describe('initial values as expressions (BRIAN2_SEMANTICS.md §11)', () => {
  it("G.v = 'Vr + rand()*(Vt - Vr)' and 'i*0.1': per neuron, same bits on both tiers, reproducible by seed", async () => {
    const MV = { dim: [2, 1, -3, -1, 0, 0, 0] as const };
    const G = group('G', 'v : volt\nx : 1', {
      N: 100,
      namespace: { Vr: { value: -0.06, ...MV }, Vt: { value: -0.05, ...MV }, mV: { value: 1e-3, ...MV } },
      initial: [
        { variable: 'v', value: 0, code: code('Vr + rand()*(Vt - Vr)') },
        { variable: 'x', value: 0, code: code('i*0.1') },
      ],
    });
    const result = await runBoth(network([G], { seed: 7 }), 0, ['_array_G_v', '_array_G_x']);
    const v = result.arrays._array_G_v ?? [];
    expect(v.every((x) => x >= -0.06 && x < -0.05)).toBe(true);
    expect(new Set(v).size).toBe(100);
    expect(result.arrays._array_G_x?.[37]).toBe(37 * 0.1);
    const again = await runBoth(network([G], { seed: 7 }), 0, ['_array_G_v']);
    expect(again.arrays._array_G_v).toEqual(v);
    const other = await runBoth(network([G], { seed: 8 }), 0, ['_array_G_v']);
    expect(other.arrays._array_G_v).not.toEqual(v);
  });

  it('an initial expression with the wrong unit is rejected at its span', async () => {
    const G = group('G', 'v : volt', { initial: [{ variable: 'v', value: 0, code: { code: '3*ms', offset: 10 } }] });
    const result = await core.build({ ir: network([G]), tier: 'js' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.code).toBe('SF1002');
    expect(result.diagnostics[0]?.span).toEqual({ start: 10, end: 14 });
  });
});

describe('CONFORMANCE G/H: PoissonGroup and SpikeGeneratorGroup (both tiers, bit-identical)', () => {
  const generatorGroup = (N: number, indices: number[], timesMs: number[], periodMs = 0): NeuronGroupIR =>
    group('SG', '', { N, spikeGenerator: { indices, times: timesMs.map((t) => t * 1e-3), period: periodMs * 1e-3, indicesSpan: { start: 0, end: 7 }, timesSpan: { start: 8, end: 13 } } });
  const pairsOf = (data: SimMonitorData | undefined): [number, number][] =>
    Array.from(data?.t ?? []).map((t, k) => [data?.spikeIndices?.[k] ?? -1, Math.round(t * 1e4) / 10]);
  const sortPairs = (pairs: [number, number][]): [number, number][] => [...pairs].sort((a, b) => a[1] - b[1] || a[0] - b[0]);

  it('C51 replay: the SpikeMonitor records exactly the given spikes', async () => {
    const indices = [3, 2, 1, 1, 2, 3, 3, 2, 1];
    const times = [1, 4, 4, 3, 2, 4, 2, 3, 2];
    const result = await runBoth(network([generatorGroup(4, indices, times)], { spikeMonitors: [spikeMonitor('SG')] }), 50);
    expect(pairsOf(result.monitors.spikes)).toEqual(sortPairs(indices.map((k, n) => [k, times[n] ?? 0])));
  });

  it('C52 period 5 ms over 10 ms: each spike plus a copy 5 ms later', async () => {
    const indices = [3, 2, 1, 1, 2, 3, 3, 2, 1];
    const times = [1, 4, 4, 3, 2, 4, 2, 3, 2];
    const result = await runBoth(network([generatorGroup(4, indices, times, 5)], { spikeMonitors: [spikeMonitor('SG')] }), 100);
    const once = indices.map((k, n): [number, number] => [k, times[n] ?? 0]);
    expect(pairsOf(result.monitors.spikes)).toEqual(sortPairs([...once, ...once.map(([k, t]): [number, number] => [k, t + 5])]));
  });

  it('C53 two spikes of one neuron in one dt bin are rejected, naming the neuron and the time', async () => {
    const result = await core.build({ ir: network([generatorGroup(2, [0, 0], [1, 1.04])]), tier: 'js' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.message).toContain('neuron 0 of SG spikes more than once in the time step at 1.00000 ms');
    expect(result.diagnostics[0]?.span).toEqual({ start: 8, end: 13 });
    // The same spikes are fine with a smaller dt, and merge (rejected) with a larger one.
    expect((await core.build({ ir: network([generatorGroup(2, [0, 0], [1, 1.04])], { dt: 1e-5 }), tier: 'js' })).ok).toBe(true);
    expect((await core.build({ ir: network([generatorGroup(2, [0, 0], [1, 1.5])], { dt: 1e-3 }), tier: 'js' })).ok).toBe(false);
  });

  it('a SpikeGeneratorGroup index >= N is rejected at the indices', async () => {
    const result = await core.build({ ir: network([generatorGroup(2, [0, 2], [1, 2])]), tier: 'js' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.message).toContain('index 2 is out of range: SG has 2 neurons (valid: 0 to 1)');
    expect(result.diagnostics[0]?.span).toEqual({ start: 0, end: 7 });
  });

  it('C45 PoissonGroup limits: rates [0, 1/dt], 2 steps → counts [0, 2]', async () => {
    const P = group('P', 'rates : Hz', { N: 2, poisson: {}, initial: [{ variable: 'rates', value: [0, 1e4] }] });
    const result = await runBoth(network([P], { spikeMonitors: [spikeMonitor('P')] }), 2, ['_array_spikes_count']);
    expect(result.arrays._array_spikes_count).toEqual([0, 2]);
  });

  it('C46 time-varying rates as an expression: neuron 0 spikes at every step from 1 ms, neuron 1 never', async () => {
    const P = group('P', '', { N: 2, poisson: { rates: code('int(i==0)*int(t>1*ms-dt/2)*(1/dt)') } });
    const result = await runBoth(network([P], { spikeMonitors: [spikeMonitor('P')] }), 20);
    expect(pairsOf(result.monitors.spikes)).toEqual(Array.from({ length: 10 }, (_, k): [number, number] => [0, Math.round((1 + k * 0.1) * 10) / 10]));
  });

  it('C49 PoissonGroup statistics: 1000 neurons at 50 Hz for 1 s → mean 50 ± 0.67, variance 49.75 ± 6.7 (2 of 3 seeds)', async () => {
    let passed = 0;
    for (const seed of [11, 12, 13]) {
      const P = group('P', 'rates : Hz', { N: 1000, poisson: {}, initial: [{ variable: 'rates', value: 50 }] });
      const result = await runOn(network([P], { seed, spikeMonitors: [spikeMonitor('P')] }), seed === 11 ? 'native' : 'js', 10_000, ['_array_spikes_count']);
      const counts = result.arrays._array_spikes_count ?? [];
      const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
      const variance = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / (counts.length - 1);
      if (Math.abs(mean - 50) < 0.67 && Math.abs(variance - 49.75) < 6.7) passed++;
    }
    expect(passed).toBeGreaterThanOrEqual(2);
  });

  it('a PoissonGroup rate that is not a frequency is rejected at the expression', async () => {
    const result = await core.build({ ir: network([group('P', '', { N: 2, poisson: { rates: { code: '5*ms', offset: 3 } } })]), tier: 'js' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.span).toEqual({ start: 3, end: 7 });
  });
});

describe('CONFORMANCE F/G: PopulationRateMonitor and PoissonInput (both tiers, bit-identical)', () => {
  const VOLT = [2, 1, -3, -1, 0, 0, 0] as const;
  it('C41 population rate: all 5 neurons spiking → 1/dt; 5 of 10 → 0.5/dt; t = arange(10)·dt', async () => {
    const all5 = group('A', '', { N: 5, threshold: code('True'), reset: code('') });
    const half = group('B', '', { N: 10, threshold: code('i < 5'), reset: code('') });
    const ir = network([all5, half], { rateMonitors: [{ name: 'RA', source: 'A' }, { name: 'RB', source: 'B' }] });
    const result = await runBoth(ir, 10);
    expect(Array.from(result.monitors.RA?.values.rate?.[0] ?? [])).toEqual(Array.from({ length: 10 }, () => 1 / (5 * 1e-4) * 5));
    expect(Array.from(result.monitors.RB?.values.rate?.[0] ?? [])).toEqual(Array.from({ length: 10 }, () => 5 / (10 * 1e-4)));
    expect(Array.from(result.monitors.RA?.t ?? [])).toEqual(Array.from({ length: 10 }, (_, k) => k * 1e-4));
  });

  it('C47 PoissonInput exact: N=50 at 1/dt with weight 2 V adds exactly 100 V per step; rate 0 adds nothing', async () => {
    const G = group('G', 'y : volt\nz : volt', { N: 2 });
    const ir = network([G], {
      poissonInputs: [
        { name: 'PI', target: 'G', variable: 'y', N: 50, rate: 1e4, weight: { value: 2, dim: VOLT } },
        { name: 'PZ', target: 'G', variable: 'z', N: 50, rate: 0, weight: { value: 2, dim: VOLT } },
      ],
      monitors: [{ name: 'M', source: 'G', variables: ['y', 'z'], record: true, when: 'end' }],
    });
    const result = await runBoth(ir, 5);
    expect(Array.from(result.monitors.M?.values.y?.[0] ?? [])).toEqual([100, 200, 300, 400, 500]);
    expect(Array.from(result.monitors.M?.values.z?.[1] ?? [])).toEqual([0, 0, 0, 0, 0]);
  });

  it("C47 PoissonInput(G, 'z', 10000, 50*Hz, weight='w*volt') varies over time and across neurons", async () => {
    const G = group('G', 'z : volt\nw : 1', { N: 3, namespace: { volt: { value: 1, dim: VOLT } }, initial: [{ variable: 'w', value: 0.5 }] });
    const ir = network([G], { seed: 4, poissonInputs: [{ name: 'PI', target: 'G', variable: 'z', N: 10_000, rate: 50, weight: code('w*volt') }], monitors: [{ name: 'M', source: 'G', variables: ['z'], record: true, when: 'end' }] });
    const result = await runBoth(ir, 20);
    const traces = (result.monitors.M?.values.z ?? []).map((trace) => Array.from(trace));
    const increments = traces.map((trace) => trace.map((x, k) => x - (k === 0 ? 0 : (trace[k - 1] ?? 0))));
    expect(new Set(increments[0]?.map((x) => Math.round(x * 1e6))).size).toBeGreaterThan(3);
    expect(traces[0]).not.toEqual(traces[1]);
    // Mean increment 10000·50 Hz·0.1 ms·0.5 V = 25 V per step.
    const mean = increments.flat().reduce((a, b) => a + b, 0) / 60;
    expect(Math.abs(mean - 25)).toBeLessThan(3);
  });

  it('C48 PoissonInput respects (unless refractory): v = [0,1,2,3,4,5,0,0,0,0,0,1,…] at start', async () => {
    const G = group('G', 'dv/dt = 0/second : 1 (unless refractory)', { threshold: code('v > 4.5'), reset: code('v = 0'), refractory: { kind: 'time', seconds: 5e-4 } });
    const ir = network([G], { poissonInputs: [{ name: 'PI', target: 'G', variable: 'v', N: 1, rate: 1e4, weight: { value: 1, dim: [0, 0, 0, 0, 0, 0, 0] } }], monitors: [{ name: 'M', source: 'G', variables: ['v'], record: true }] });
    const result = await runBoth(ir, 20);
    expect(Array.from(result.monitors.M?.values.v?.[0] ?? [])).toEqual([0, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 0, 0, 0, 0]);
  });

  it('C50 PoissonInput statistics: N=100 at 10 Hz, weight 1, 1 s, 1000 neurons → mean 1000 ± 3.0, variance 999 ± 135 (2 of 3 seeds)', async () => {
    let passed = 0;
    for (const seed of [21, 22, 23]) {
      const G = group('G', 'x : 1', { N: 1000 });
      const ir = network([G], { seed, poissonInputs: [{ name: 'PI', target: 'G', variable: 'x', N: 100, rate: 10, weight: { value: 1, dim: [0, 0, 0, 0, 0, 0, 0] } }] });
      const result = await runOn(ir, seed === 21 ? 'native' : 'js', 10_000, ['_array_G_x']);
      const x = result.arrays._array_G_x ?? [];
      const mean = x.reduce((a, b) => a + b, 0) / x.length;
      const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1);
      if (Math.abs(mean - 1000) < 3.0 && Math.abs(variance - 999) < 135) passed++;
    }
    expect(passed).toBeGreaterThanOrEqual(2);
  });

  it('a PoissonInput weight with the wrong unit or an unknown target variable is rejected', async () => {
    const G = group('G', 'y : volt');
    const wrong = await core.build({ ir: network([G], { poissonInputs: [{ name: 'PI', target: 'G', variable: 'y', N: 5, rate: 10, weight: { value: 1, dim: SECOND, span: { start: 1, end: 4 } } }] }), tier: 'js' });
    expect(wrong.ok).toBe(false);
    expect(wrong.diagnostics[0]?.span).toEqual({ start: 1, end: 4 });
    const unknown = await core.build({ ir: network([G], { poissonInputs: [{ name: 'PI', target: 'G', variable: 'q', N: 5, rate: 10, weight: { value: 1, dim: VOLT }, variableSpan: { start: 5, end: 8 } }] }), tier: 'js' });
    expect(unknown.ok).toBe(false);
    expect(unknown.diagnostics[0]?.code).toBe('SF4006');
    expect(unknown.diagnostics[0]?.span).toEqual({ start: 5, end: 8 });
  });
});

describe('CONFORMANCE H/F: TimedArray and recorded subexpressions (both tiers, bit-identical)', () => {
  const DIMLESS = [0, 0, 0, 0, 0, 0, 0] as const;
  const sample = async (timedArrays: ModelIR['timedArrays'], expression: string, steps: number, N = 1): Promise<number[][]> => {
    const G = group('G', `x = ${expression} : 1`, { N });
    const result = await runBoth(network([G], { timedArrays, monitors: [{ name: 'M', source: 'G', variables: ['x'], record: true }] }), steps);
    return (result.monitors.M?.values.x ?? []).map((trace) => Array.from(trace));
  };

  it('C54 TimedArray 1-D: [0, 1] at dt 0.4 ms sampled every 0.1 ms; [1,2,3,4] at 0.2 ms over 10 steps', async () => {
    expect(await sample([{ name: 'ta', values: [0, 1], rows: 2, columns: 0, dt: 4e-4, dim: DIMLESS }], 'ta(t)', 8)).toEqual([[0, 0, 0, 0, 1, 1, 1, 1]]);
    expect(await sample([{ name: 'tb', values: [1, 2, 3, 4], rows: 4, columns: 0, dt: 2e-4, dim: DIMLESS }], 'tb(t)', 10)).toEqual([[1, 1, 2, 2, 3, 3, 4, 4, 4, 4]]);
  });

  it('C55 TimedArray 2-D: arange(12).reshape(4, 3) at dt 0.1 ms, ta2d(t, i) + 1 over 5 steps', async () => {
    const values = Array.from({ length: 12 }, (_, k) => k);
    expect(await sample([{ name: 'ta2d', values, rows: 4, columns: 3, dt: 1e-4, dim: DIMLESS }], 'ta2d(t, i) + 1', 5, 3)).toEqual([
      [1, 4, 7, 10, 10],
      [2, 5, 8, 11, 11],
      [3, 6, 9, 12, 12],
    ]);
  });

  it('C40 a recorded subexpression f = clip(v, 0.1, 0.9) follows v = exp(-t/10 ms)', async () => {
    const G = group('G', 'dv/dt = -v/(10*ms) : 1\nf = clip(v, 0.1, 0.9) : 1', { method: 'exact', initial: [{ variable: 'v', value: 1 }] });
    const result = await runBoth(network([G], { monitors: [{ name: 'M', source: 'G', variables: ['v', 'f'], record: true }] }), 300);
    const v = Array.from(result.monitors.M?.values.v?.[0] ?? []);
    const f = Array.from(result.monitors.M?.values.f?.[0] ?? []);
    expect(f).toEqual(v.map((x) => (x < 0.1 ? 0.1 : x > 0.9 ? 0.9 : x)));
    v.forEach((x, k) => expect(Math.abs(x - Math.exp(-k / 100))).toBeLessThan(1e-12));
  });

  it('a TimedArray called with the wrong argument is rejected at the argument', async () => {
    const G = group('G', 'x = ta(i) : 1');
    const result = await core.build({ ir: network([G], { timedArrays: [{ name: 'ta', values: [0, 1], rows: 2, columns: 0, dt: 1e-3, dim: DIMLESS }] }), tier: 'js' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.message).toContain('ta() needs');
    expect(result.diagnostics[0]?.span).toEqual({ start: 7, end: 8 });
  });
});

describe('CONFORMANCE I/F: schedule slots, run_regularly and monitor dt (both tiers, bit-identical)', () => {
  it("C57 run_regularly slots: 'v1 += 1' (start), 'v2 = v1' (end), 'v3 = v1' (before_start); 2 steps → 2, 2, 1", async () => {
    const G = group('G', 'v1 : 1\nv2 : 1\nv3 : 1', {
      runRegularly: [
        { code: code('v1 += 1'), when: 'start', dtSteps: 1 },
        { code: code('v2 = v1'), when: 'end', dtSteps: 1 },
        { code: code('v3 = v1'), when: 'before_start', dtSteps: 1 },
      ],
    });
    const result = await runBoth(network([G]), 2, ['_array_G_v1', '_array_G_v2', '_array_G_v3']);
    expect([result.arrays._array_G_v1, result.arrays._array_G_v2, result.arrays._array_G_v3]).toEqual([[2], [2], [1]]);
  });

  it('run_regularly with dt = 3·dt runs at steps 0, 3, 6, 9; a bad slot is rejected at when=', async () => {
    const G = group('G', 'n : 1', { runRegularly: [{ code: code('n += 1'), when: 'start', dtSteps: 3 }] });
    const result = await runBoth(network([G]), 10, ['_array_G_n']);
    expect(result.arrays._array_G_n).toEqual([4]);
    const bad = await core.build({ ir: network([group('G', 'n : 1', { runRegularly: [{ code: code('n += 1'), when: 'sometimes', dtSteps: 1, whenSpan: { start: 2, end: 9 } }] })]), tier: 'js' });
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0]?.span).toEqual({ start: 2, end: 9 });
  });

  it('C43 monitor dt = 5·dt over 11 steps → 3 samples equal to a full-rate monitor at steps 0, 5, 10', async () => {
    const G = group('G', 'dv/dt = -v/(10*ms) : 1', { method: 'exact', initial: [{ variable: 'v', value: 1 }] });
    const ir = network([G], {
      monitors: [
        { name: 'Mall', source: 'G', variables: ['v'], record: true },
        { name: 'M5', source: 'G', variables: ['v'], record: true, dtSteps: 5 },
      ],
    });
    const result = await runBoth(ir, 11);
    const all = Array.from(result.monitors.Mall?.values.v?.[0] ?? []);
    expect(Array.from(result.monitors.M5?.values.v?.[0] ?? [])).toEqual([all[0], all[5], all[10]]);
    expect(Array.from(result.monitors.M5?.t ?? [])).toEqual([0, 5e-4, 10e-4]);
  });
});
