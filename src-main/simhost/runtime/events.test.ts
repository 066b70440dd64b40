/**
 * Custom events, run_on_event, EventMonitor, SpikeMonitor variables, Synapses on_event, run_at,
 * the schedule order and the run-length rule, through the real pipeline (script → check → code
 * objects → JS module and g++ library → run on host arrays) on both tiers, bit-identical (C81).
 * Cases cite CONFORMANCE.md where one exists (C58, C60, C62); the others pin BRIAN2_SEMANTICS.md
 * §7 and §14 against a small reference simulation written out in the test.
 */
import { describe, expect, it } from 'vitest';
import type { SimMonitorData } from '../../../src-shared/ipc';
import { runStepCount, type ModelIR } from '../../../src-shared/model';
import { readScript } from '../../../src-shared/script';
import { code, expectOk, runOnBothTiers, scriptIR, useSimHostCore, type TierRun } from '../coreTestSupport';
import type { SimHostCore } from './simHostCore';

let core: SimHostCore;
useSimHostCore('events', (c) => (core = c));

let counter = 0;

interface TierResult extends TierRun {
  readonly schedule: readonly string[];
  readonly monitorKinds: Record<string, { kind: string; event?: string; variables: readonly string[] }>;
}


/** The calls of the C++ run loop, a fused `_update_threshold_G` pass standing for G's state update followed by its threshold. */
function scheduleOf(cppSource: string): string[] {
  const run = /_run\(long long _t0[\s\S]*?\n}\n/.exec(cppSource)?.[0] ?? '';
  return [...run.matchAll(/::(_\w+)\(_step/g)].flatMap((m) => {
    const fn = m[1] as string;
    return fn.startsWith('_update_threshold_') ? [`_stateupdate_${fn.slice(18)}`, `_threshold_${fn.slice(18)}`] : [fn];
  });
}

function withSchedule(run: TierRun): TierResult {
  const monitorKinds = Object.fromEntries(run.monitorInfo.map((m) => [m.name, { kind: m.kind, ...(m.event === undefined ? {} : { event: m.event }), variables: m.variables }]));
  return { ...run, schedule: scheduleOf(run.cppSource), monitorKinds };
}

/** Runs on both tiers, checks that monitors (with their variables), arrays and the schedule are bit-identical, returns the JS result. */
async function runBoth(ir: ModelIR, steps: number, arrays: readonly string[] = []): Promise<TierResult> {
  counter++;
  const { js, native } = await runOnBothTiers(core, { ...ir, name: `ev_${counter}` }, steps, arrays);
  const [jsRun, nativeRun] = [withSchedule(js), withSchedule(native)];
  expect(nativeRun.schedule).toEqual(jsRun.schedule);
  return jsRun;
}

/** The events of a monitor as `step:index` strings (t in steps of dt). */
function events(data: SimMonitorData | undefined, dt = 1e-4): string[] {
  const t = Array.from(data?.t ?? []);
  const i = Array.from(data?.spikeIndices ?? []);
  return t.map((x, k) => `${Math.round(x / dt)}:${i[k]}`);
}

const HEAD = 'from brian2 import *\ndefaultclock.dt = 0.1*ms\n';

/**
 * The reference for the integer model below, written out from BRIAN2_SEMANTICS.md §7/§16: each
 * step, start: v += 1 + i; groups: not_refractory = steps since the last spike ≥ 3; thresholds:
 * spike if v ≥ 4 and not refractory (SpikeMonitor records v); after_thresholds: event `up` if
 * v ≥ 2, refractory or not (EventMonitor records v and n); resets: v = 0 for spikers;
 * after_resets: n += 1 for neurons with `up`.
 */
function reference(N: number, steps: number): { spikes: string[]; spikeV: number[]; ups: string[]; upV: number[]; upN: number[]; n: number[] } {
  const v = new Array<number>(N).fill(0);
  const n = new Array<number>(N).fill(0);
  const lastspike = new Array<number>(N).fill(-1e9);
  const out = { spikes: [] as string[], spikeV: [] as number[], ups: [] as string[], upV: [] as number[], upN: [] as number[], n };
  for (let step = 0; step < steps; step++) {
    for (let i = 0; i < N; i++) v[i] = (v[i] as number) + 1 + i;
    const spiking: number[] = [];
    for (let i = 0; i < N; i++) {
      if ((v[i] as number) >= 4 && step - (lastspike[i] as number) >= 3) {
        spiking.push(i);
        lastspike[i] = step;
        out.spikes.push(`${step}:${i}`);
        out.spikeV.push(v[i] as number);
      }
    }
    const up: number[] = [];
    for (let i = 0; i < N; i++) {
      if ((v[i] as number) >= 2) {
        up.push(i);
        out.ups.push(`${step}:${i}`);
        out.upV.push(v[i] as number);
        out.upN.push(n[i] as number);
      }
    }
    for (const i of spiking) v[i] = 0;
    for (const i of up) n[i] = (n[i] as number) + 1;
  }
  return out;
}

const EVENT_SCRIPT = `${HEAD}G = NeuronGroup(3, '''v : 1
n : 1''', threshold='v >= 4', reset='v = 0', refractory=3*defaultclock.dt, events={'up': 'v >= 2'})
G.run_regularly('v += 1 + i')
G.run_on_event('up', 'n += 1')
E = EventMonitor(G, 'up', variables=['v', 'n'])
S = SpikeMonitor(G, variables='v')
run(12*defaultclock.dt)
`;

describe('custom events, run_on_event, EventMonitor, SpikeMonitor variables (BRIAN2_SEMANTICS.md §7, §14; both tiers, bit-identical)', () => {
  it('events= is checked in after_thresholds, not gated by refractoriness; run_on_event runs after the resets; both monitors record their variables at the event', async () => {
    const result = await runBoth(scriptIR(EVENT_SCRIPT), 12, ['_array_G_n', '_array_G_v']);
    const expected = reference(3, 12);
    expect(events(result.monitors.S)).toEqual(expected.spikes);
    expect(Array.from(result.monitors.S?.values.v?.[0] ?? [])).toEqual(expected.spikeV);
    expect(events(result.monitors.E)).toEqual(expected.ups);
    expect(Array.from(result.monitors.E?.values.v?.[0] ?? [])).toEqual(expected.upV);
    expect(Array.from(result.monitors.E?.values.n?.[0] ?? [])).toEqual(expected.upN);
    expect(result.arrays._array_G_n).toEqual(expected.n);
    // The up event fires during refractoriness (neuron 2 right after each spike), spikes cannot.
    expect(expected.ups.length).toBeGreaterThan(expected.spikes.length);
    expect(Array.from(result.monitors.E?.spikeCounts ?? [])).toEqual([0, 1, 2].map((i) => expected.ups.filter((e) => e.endsWith(`:${i}`)).length));
    // Build info: an EventMonitor is a SpikeMonitor of its event, with its variables.
    expect(result.monitorKinds.E).toEqual({ kind: 'SpikeMonitor', event: 'up', variables: ['v', 'n'] });
    expect(result.monitorKinds.S).toEqual({ kind: 'SpikeMonitor', variables: ['v'] });
    // Schedule: the event after the thresholder and the SpikeMonitor, its monitor after it, run_on_event after the reset.
    expect(result.schedule).toEqual(['_regular_G_0', '_stateupdate_G', '_threshold_G', '_record_S', '_event_G_up', '_record_E', '_reset_G', '_on_event_G_0']);
  });

  it('EventMonitor and SpikeMonitor variables stream like spikes: batches carry the values of the new events', async () => {
    const built = expectOk(await core.build({ ir: { ...scriptIR(EVENT_SCRIPT), name: 'ev_stream' }, tier: 'js' }));
    const batches: { monitor: string; t: number[]; v: number[] }[] = [];
    expectOk(
      core.run({ networkId: built.networkId, runId: 'r', steps: 12, stream: true }, (event) => {
        if (event.event !== 'record') return;
        const payload = event.payload;
        batches.push({ monitor: payload.monitor, t: Array.from(payload.t), v: Array.from(payload.values.v?.[0] ?? []) });
      }),
    );
    core.dispose(built.networkId);
    const expected = reference(3, 12);
    const streamed = batches.filter((b) => b.monitor === 'E');
    expect(streamed.flatMap((b) => b.v)).toEqual(expected.upV);
    expect(streamed.flatMap((b) => b.t).length).toBe(expected.ups.length);
  });

  it('a subexpression recorded at each event; a subgroup EventMonitor has relative indices; record=False keeps counts', async () => {
    const script = `${HEAD}G = NeuronGroup(4, '''v : 1
w = 10*v : 1''', events={'big': 'v > 1.5'})
G.run_regularly('v += 0.5*(i + 1)')
E = EventMonitor(G[2:4], 'big', variables='w')
C = EventMonitor(G, 'big', record=False)
run(3*defaultclock.dt)
`;
    const result = await runBoth(scriptIR(script), 3);
    // v after step k (k = 0, 1, 2) is 0.5·(i+1)·(k+1): > 1.5 for i=1 and i=2 at k≥1, i=3 at k≥0 (2, 4, 6).
    expect(events(result.monitors.E)).toEqual(['0:1', '1:0', '1:1', '2:0', '2:1']);
    expect(Array.from(result.monitors.E?.values.w?.[0] ?? [])).toEqual([20, 30, 40, 45, 60]);
    expect(Array.from(result.monitors.C?.t ?? [])).toEqual([]);
    expect(Array.from(result.monitors.C?.spikeCounts ?? [])).toEqual([0, 2, 2, 3]);
  });

  it('Synapses on_event: the pre pathway runs on the source event (dict form, with a delay) and on_event="name" (string form)', async () => {
    const script = `${HEAD}P = NeuronGroup(2, 'v : 1', events={'up': 'v >= 2'})
P.run_regularly('v += 1 + i')
Q = NeuronGroup(2, 'x : 1\\ny : 1')
S1 = Synapses(P, Q, on_pre='x_post += 1', on_event={'pre': 'up'})
S1.connect(j='i')
S2 = Synapses(P, Q, on_pre='y_post += 1', on_event='up', delay=2*defaultclock.dt)
S2.connect(j='i')
E = EventMonitor(P, 'up')
run(5*defaultclock.dt)
`;
    const result = await runBoth(scriptIR(script), 5, ['_array_Q_x', '_array_Q_y']);
    // v of neuron i after step k is (1+i)(k+1): neuron 0 has `up` from step 1, neuron 1 from step 0.
    expect(events(result.monitors.E)).toEqual(['0:1', '1:0', '1:1', '2:0', '2:1', '3:0', '3:1', '4:0', '4:1']);
    expect(result.arrays._array_Q_x).toEqual([4, 5]);
    // Delivered two steps later: events up to step 2 arrive within 5 steps.
    expect(result.arrays._array_Q_y).toEqual([2, 3]);
  });
});

describe('CONFORMANCE I: run_at, run lengths and the schedule (both tiers, bit-identical)', () => {
  it('C58 run_at: run_at("v += 1", times=[0, 1, 3]*dt), 4 steps, StateMonitor at end → [1, 2, 2, 3]', async () => {
    const script = `${HEAD}G = NeuronGroup(1, 'v : 1')
G.run_at('v += 1', times=[0*ms, 0.1*ms, 0.3*ms])
M = StateMonitor(G, 'v', record=0, when='end')
run(4*defaultclock.dt)
`;
    const result = await runBoth(scriptIR(script), 4);
    expect(Array.from(result.monitors.M?.values.v?.[0] ?? [])).toEqual([1, 2, 2, 3]);
  });

  it("run_at with when='end' runs after the step's StateMonitor (slot start)", async () => {
    const script = `${HEAD}G = NeuronGroup(1, 'v : 1')
G.run_at('v += 1', times=[0.1*ms], when='end')
M = StateMonitor(G, 'v', record=0)
run(3*defaultclock.dt)
`;
    const result = await runBoth(scriptIR(script), 3);
    // Recorded at the start of steps 0, 1, 2: the increment at the end of step 1 shows at step 2.
    expect(Array.from(result.monitors.M?.values.v?.[0] ?? [])).toEqual([0, 0, 1]);
  });

  it('C60 step count rounding: dt = 20.000000000020002 µs, run(250*dt) → exactly 250 samples', async () => {
    const script = 'from brian2 import *\ndefaultclock.dt = 20.000000000020002*usecond\nG = NeuronGroup(1, "v : 1")\nM = StateMonitor(G, "v", record=0)\nrun(250*defaultclock.dt)\n';
    const ir = scriptIR(script);
    const steps = runStepCount(ir.duration, ir.dt);
    expect(steps).toBe(250);
    const result = await runBoth(ir, steps);
    expect(result.monitors.M?.t.length).toBe(250);
    // Brian2's rule at its edges (BRIAN2_SEMANTICS.md §1): within 1e-4·dt rounds, beyond it the step counts.
    expect(runStepCount(1.00009 * ir.dt, ir.dt)).toBe(1);
    expect(runStepCount(1.0002 * ir.dt, ir.dt)).toBe(2);
    expect(runStepCount(0.99991 * ir.dt, ir.dt)).toBe(1);
    // A run that continues at step 250 takes the same rule at both ends.
    expect(runStepCount(250 * ir.dt, ir.dt, 250)).toBe(250);
  });

  it('C62 schedule order: statemonitor, stateupdater, thresholder, spikemonitor, push spikes + pre pathway, resetter, ratemonitor', async () => {
    const script = `${HEAD}G = NeuronGroup(2, 'dv/dt = (2 - v)/(1*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')
H = NeuronGroup(2, 'x : 1')
S = Synapses(G, H, on_pre='x_post += v_pre', delay=1*ms)
S.connect(j='i')
statemon = StateMonitor(G, 'v', record=0)
spikemon = SpikeMonitor(G, variables='v')
ratemon = PopulationRateMonitor(G)
run(30*defaultclock.dt)
`;
    const result = await runBoth(scriptIR(script), 30, ['_array_H_x']);
    expect(result.schedule).toEqual(['_record_statemon', '_stateupdate_G', '_stateupdate_H', '_threshold_G', '_record_spikemon', '_synapses_pre_S', '_reset_G', '_record_ratemon']);
    // Observable: the spike monitor runs after the thresholder and before the reset (it records v > 1, not 0).
    const spikeV = Array.from(result.monitors.spikemon?.values.v?.[0] ?? []);
    expect(spikeV.length).toBeGreaterThan(0);
    expect(spikeV.every((v) => v > 1)).toBe(true);
    // The rate monitor at the end sees this step's spikes: its rate is non-zero exactly at spike steps.
    const rateSteps = Array.from(result.monitors.ratemon?.values.rate?.[0] ?? []).flatMap((r, k) => (r > 0 ? [k] : []));
    expect(rateSteps).toEqual([...new Set(events(result.monitors.spikemon).map((e) => Number(e.split(':')[0])))]);
  });

  it('C62 objects in one slot run by order, then name: run_regularly order=-1 runs before the StateMonitor, order=1 after it', async () => {
    const script = `${HEAD}G = NeuronGroup(1, 'a : 1\\nb : 1')
G.run_regularly('a += 1', order=-1)
G.run_regularly('b += 1', order=1)
M = StateMonitor(G, ['a', 'b'], record=0)
run(3*defaultclock.dt)
`;
    const result = await runBoth(scriptIR(script), 3);
    expect(Array.from(result.monitors.M?.values.a?.[0] ?? [])).toEqual([1, 2, 3]);
    expect(Array.from(result.monitors.M?.values.b?.[0] ?? [])).toEqual([0, 1, 2]);
    expect(result.schedule).toEqual(['_regular_G_0', '_record_M', '_regular_G_1', '_stateupdate_G']);
  });
});

describe('events: errors with spans', () => {
  const spanOf = (text: string, needle: string, nth = 0): { start: number; end: number } => {
    let start = -1;
    for (let k = 0; k <= nth; k++) start = text.indexOf(needle, start + 1);
    return { start, end: start + needle.length };
  };
  const build = async (script: string): Promise<{ code: string; span?: { start: number; end: number } }[]> => {
    const read = readScript(script);
    const errors = read.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0 || read.ir === undefined) return errors.map((d) => ({ code: d.code, ...(d.span === undefined ? {} : { span: d.span }) }));
    const built = await core.build({ ir: { ...read.ir, name: `ev_err_${++counter}` }, tier: 'js' });
    if (built.ok) core.dispose(built.value.networkId);
    return built.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ code: d.code, ...(d.span === undefined ? {} : { span: d.span }) }));
  };

  it('an unknown event in EventMonitor, run_on_event and on_event is SF4021 at the event name', async () => {
    const base = `${HEAD}G = NeuronGroup(2, 'v : 1', events={'up': 'v > 1'})\n`;
    const monitor = `${base}E = EventMonitor(G, 'down')\nrun(1*ms)\n`;
    expect(await build(monitor)).toEqual([{ code: 'SF4021', span: spanOf(monitor, "'down'") }]);
    const onEvent = `${base}G.run_on_event('dwn', 'v = 0')\nrun(1*ms)\n`;
    expect(await build(onEvent)).toEqual([{ code: 'SF4021', span: spanOf(onEvent, "'dwn'") }]);
    const synapses = `${base}S = Synapses(G, G, on_pre='v += 1', on_event={'pre': 'upp'})\nS.connect()\nrun(1*ms)\n`;
    expect(await build(synapses)).toEqual([{ code: 'SF4021', span: spanOf(synapses, "{'pre': 'upp'}") }]);
    // A group without a threshold has no spike event for run_on_event either.
    const spike = `${base}G.run_on_event('spike', 'v = 0')\nrun(1*ms)\n`;
    expect(await build(spike)).toEqual([{ code: 'SF4021', span: spanOf(spike, "'spike'", 0) }]);
  });

  it('a non-boolean event condition is SF4022 at the condition; a non-string one and a bad name are SF4011', async () => {
    const numeric = `${HEAD}G = NeuronGroup(2, 'v : 1', events={'up': 'v + 1'})\nrun(1*ms)\n`;
    expect(await build(numeric)).toEqual([{ code: 'SF4022', span: spanOf(numeric, 'v + 1') }]);
    const notString = `${HEAD}G = NeuronGroup(2, 'v : 1', events={'up': 3})\nrun(1*ms)\n`;
    expect(await build(notString)).toEqual([{ code: 'SF4011', span: spanOf(notString, '3)') && { start: notString.indexOf('3})'), end: notString.indexOf('3})') + 1 } }]);
    const badName = `${HEAD}G = NeuronGroup(2, 'v : 1', events={'my event': 'v > 1'})\nrun(1*ms)\n`;
    expect(await build(badName)).toEqual([{ code: 'SF4011', span: spanOf(badName, "'my event'") }]);
    const both = `${HEAD}G = NeuronGroup(2, 'v : 1', threshold='v > 1', reset='v = 0', events={'spike': 'v > 2'})\nrun(1*ms)\n`;
    expect(await build(both)).toEqual([{ code: 'SF4011', span: spanOf(both, "'spike'") }]);
  });

  it("events={'spike': …} is the threshold; run_on_event('spike', …) next to reset= is rejected", async () => {
    const asThreshold = `${HEAD}G = NeuronGroup(1, 'v : 1', events={'spike': 'True'})\nG.run_on_event('spike', 'v += 1')\nS = SpikeMonitor(G)\nrun(1*ms)\n`;
    expect(await build(asThreshold)).toEqual([]);
    const twice = `${HEAD}G = NeuronGroup(1, 'v : 1', threshold='True', reset='v = 0')\nG.run_on_event('spike', 'v += 1')\nrun(1*ms)\n`;
    expect(await build(twice)).toEqual([{ code: 'SF4011', span: spanOf(twice, "'spike'") }]);
  });

  it('bad run_at times (off the dt grid, negative, repeated, not times) and a bad slot are SF4011 at the argument', async () => {
    const off = `${HEAD}G = NeuronGroup(1, 'v : 1')\nG.run_at('v += 1', times=[0.15*ms])\nrun(1*ms)\n`;
    expect(await build(off)).toEqual([{ code: 'SF4011', span: spanOf(off, '[0.15*ms]') }]);
    const negative = `${HEAD}G = NeuronGroup(1, 'v : 1')\nG.run_at('v += 1', times=[-1*ms])\nrun(1*ms)\n`;
    expect(await build(negative)).toEqual([{ code: 'SF4011', span: spanOf(negative, '[-1*ms]') }]);
    const repeated = `${HEAD}G = NeuronGroup(1, 'v : 1')\nG.run_at('v += 1', times=[1*ms, 1*ms])\nrun(1*ms)\n`;
    expect(await build(repeated)).toEqual([{ code: 'SF4011', span: spanOf(repeated, '[1*ms, 1*ms]') }]);
    const notTimes = `${HEAD}G = NeuronGroup(1, 'v : 1')\nG.run_at('v += 1', times=[1, 2])\nrun(1*ms)\n`;
    expect(await build(notTimes)).toEqual([{ code: 'SF4011', span: spanOf(notTimes, '[1, 2]') }]);
    const slot = `${HEAD}G = NeuronGroup(1, 'v : 1')\nG.run_at('v += 1', times=[1*ms], when='later')\nrun(1*ms)\n`;
    expect(await build(slot)).toEqual([{ code: 'SF4011', span: spanOf(slot, "'later'") }]);
  });

  it('SpikeMonitor/EventMonitor variables must be variables of the source; order= needs when=', async () => {
    const unknown = `${HEAD}G = NeuronGroup(1, 'v : 1', threshold='v > 1', reset='v = 0')\nS = SpikeMonitor(G, variables=['v', 'u'])\nrun(1*ms)\n`;
    expect(await build(unknown)).toEqual([{ code: 'SF4011', span: spanOf(unknown, "['v', 'u']") }]);
    const order = `${HEAD}G = NeuronGroup(1, 'v : 1', threshold='v > 1', reset='v = 0')\nS = SpikeMonitor(G, order=2)\nrun(1*ms)\n`;
    expect(await build(order)).toEqual([{ code: 'SF4011', span: spanOf(order, 'order=2') }]);
  });
});

describe('events in the IR', () => {
  it('an EventMonitor given a slot and order runs there (IR without a script)', async () => {
    const ir: ModelIR = {
      name: 'ev_ir',
      dt: 1e-4,
      duration: 0,
      groups: [{ name: 'G', N: 1, equations: 'v : 1', equationsOffset: 0, method: 'euler', namespace: {}, initial: [], events: [{ name: 'e', condition: code('True') }], runRegularly: [{ code: code('v += 1'), when: 'start', dtSteps: 1 }] }],
      monitors: [],
      spikeMonitors: [{ name: 'E', source: 'G', event: 'e', eventMonitor: true, variables: ['v'], when: 'end' }],
    };
    const result = await runBoth(ir, 2);
    expect(Array.from(result.monitors.E?.values.v?.[0] ?? [])).toEqual([1, 2]);
    expect(result.schedule).toEqual(['_regular_G_0', '_stateupdate_G', '_event_G_e', '_record_E']);
  });
});
