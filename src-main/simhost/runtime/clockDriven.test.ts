/**
 * Clock-driven synaptic equations (BRIAN2_SEMANTICS.md §12) through the real pipeline on both
 * tiers: a synaptic conductance integrated every step compared with Brian2 2.5.1 and with its
 * closed form, a summed variable over it, the automatic method choice and refusals, and STDP
 * with clock-driven traces against the event-driven version (C32).
 */
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src-shared/model';
import { runOnBothTiers, runOnTier, scriptIR, useSimHostCore, type TierRun } from '../coreTestSupport';
import type { SimHostCore } from './simHostCore';

let core: SimHostCore;
useSimHostCore('clockdriven', (c) => (core = c));

let counter = 0;

type TierResult = TierRun;


/** Runs `ir` for its whole duration on `tier`. */
function runOn(ir: ModelIR, tier: 'js' | 'native', arrays: readonly string[]): Promise<TierResult> {
  counter++;
  return runOnTier(core, { ...ir, name: `cd_${counter}` }, tier, Math.round(ir.duration / ir.dt), arrays);
}

/** Runs on both tiers and checks they agree bit for bit. */
async function runBoth(text: string, arrays: readonly string[] = []): Promise<TierResult> {
  const ir = scriptIR(text);
  counter++;
  return (await runOnBothTiers(core, { ...ir, name: `cd_${counter}` }, Math.round(ir.duration / ir.dt), arrays)).js;
}

function trace(result: TierResult, monitor: string, variable: string, k: number): number[] {
  return Array.from(result.monitors[monitor]?.values[variable]?.[k] ?? []);
}

function expectClose(actual: readonly number[], expected: readonly number[], relative: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((x, k) => {
    const e = expected[k] ?? Number.NaN;
    expect(Math.abs(x - e), `sample ${k}: ${x} vs ${e}`).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(e)));
  });
}

// Run with Brian2 2.5.1 (prefs.codegen.target = 'numpy'), printing M.g[0] and M2.Isyn[1]; the
// script below is the same without the prefs and prints.
const CONDUCTANCE = `from brian2 import *
defaultclock.dt = 0.1*ms
taus = 2*ms
inp = SpikeGeneratorGroup(1, [0, 0], [1*ms, 3*ms])
tgt = NeuronGroup(2, 'Isyn : 1')
S = Synapses(inp, tgt, model='''dg/dt = -g/taus : 1 (clock-driven)
w : 1
Isyn_post = w*g : 1 (summed)''', on_pre='g += 1')
S.connect()
S.w = [0.5, 2]
M = StateMonitor(S, 'g', record=[0, 1])
M2 = StateMonitor(tgt, 'Isyn', record=True, when='end')
run(5*ms)
`;
const BRIAN_G0 = [
  0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.951229424500714, 0.9048374180359596, 0.8607079764250579, 0.8187307530779819, 0.778800783071405, 0.740818220681718, 0.7046880897187136,
  0.6703200460356394, 0.6376281516217734, 0.6065306597126335, 0.5769498103804868, 0.5488116360940265, 0.5220457767610162, 0.49658530379140964, 0.4723665527410148, 0.4493289641172217, 0.42741493194872676,
  0.4065696597405992, 0.3867410234545013, 1.3678794411714423, 1.3011671736118693, 1.237708501734039, 1.1773447458041109, 1.119924964990184, 1.065305579931595, 1.0133500137157305, 0.963928350364605,
  0.9169170099772458, 0.872198439715571, 0.8296608198610633, 0.7891977842072299, 0.750708154088682, 0.7140956853817703, 0.6792688278441442, 0.6461404961914599, 0.6146278523388081, 0.5846520982623543,
  0.5561382789632342,
];
const BRIAN_ISYN1 = [
  0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 1.902458849001428, 1.8096748360719193, 1.7214159528501158, 1.6374615061559639, 1.55760156614281, 1.481636441363436, 1.409376179437427,
  1.3406400920712789, 1.2752563032435469, 1.213061319425267, 1.1538996207609735, 1.097623272188053, 1.0440915535220323, 0.9931706075828193, 0.9447331054820296, 0.8986579282344433, 0.8548298638974535,
  0.8131393194811984, 0.7734820469090026, 2.7357588823428847, 2.6023343472237386, 2.475417003468078, 2.3546894916082217, 2.239849929980368, 2.13061115986319, 2.026700027431461, 1.92785670072921,
  1.8338340199544916, 1.744396879431142, 1.6593216397221267, 1.5783955684144597, 1.501416308177364, 1.4281913707635405, 1.3585376556882884, 1.2922809923829197, 1.2292557046776162, 1.1693041965247086,
  1.1122765579264684,
];

describe('clock-driven synaptic equations (BRIAN2_SEMANTICS.md §12)', () => {
  it('a clock-driven conductance decays every step: equal to Brian2 2.5.1 and to its closed form, identical on both tiers', async () => {
    const result = await runBoth(CONDUCTANCE);
    const g0 = trace(result, 'M', 'g', 0);
    // Brian2 computes exp with libm, SpikeForge with its own kernel: a few ulp per step at most.
    expectClose(g0, BRIAN_G0, 1e-13);
    // Closed form: spikes at 1 ms and 3 ms arrive in the synapses slot of steps 10 and 30; the
    // monitor (start) sees them from the next step on, decaying by exp(-dt/taus) per step.
    const closed = g0.map((_, k) => (k <= 10 ? 0 : Math.exp(-(k - 11) * 0.05) + (k <= 30 ? 0 : Math.exp(-(k - 31) * 0.05))));
    expectClose(g0, closed, 1e-13);
    expect(trace(result, 'M', 'g', 1)).toEqual(g0);
  });

  it('a summed variable over a clock-driven one (Isyn_post = w*g) is summed before the update of each step, as in Brian2', async () => {
    const result = await runBoth(CONDUCTANCE);
    expectClose(trace(result, 'M2', 'Isyn', 1), BRIAN_ISYN1, 1e-13);
    const half = trace(result, 'M2', 'Isyn', 0);
    expect(half.map((x) => 4 * x)).toEqual(trace(result, 'M2', 'Isyn', 1));
  });

  it('reports the method chosen (SF5004) and, without a flag, that the equation is clock-driven (SF3010), at the Synapses call', async () => {
    const text = CONDUCTANCE.replace(' (clock-driven)', '');
    const result = await runOn(scriptIR(text), 'js', []);
    const unflagged = result.warnings.find((d) => d.code === 'SF3010');
    expect(unflagged?.message).toContain('"g"');
    expect(text.slice(unflagged?.span?.start, unflagged?.span?.end)).toBe('dg/dt = -g/taus : 1');
    const choice = result.warnings.find((w) => w.code === 'SF5004');
    expect(choice?.message).toMatch(/^S is integrated with method "exact"/);
    expect(text.slice(choice?.span?.start, choice?.span?.end)).toMatch(/^Synapses\(inp, tgt/);
    const flagged = await runOn(scriptIR(CONDUCTANCE), 'js', []);
    expect(flagged.warnings.some((d) => d.code === 'SF3010')).toBe(false);
  });

  it("refuses a method that cannot integrate the equation (SF5002) at the right-hand side; method='euler' is taken as asked", async () => {
    const text = CONDUCTANCE.replace('dg/dt = -g/taus', 'dg/dt = -g**2/taus').replace("on_pre='g += 1')", "on_pre='g += 1', method='exact')");
    const result = await core.build({ ir: scriptIR(text), tier: 'js' });
    expect(result.ok).toBe(false);
    const refusal = result.diagnostics.find((d) => d.code === 'SF5002');
    expect(refusal?.message).toContain('of S');
    expect(text.slice(refusal?.span?.start, refusal?.span?.end)).toBe('g**2');
    const euler = await runBoth(CONDUCTANCE.replace("on_pre='g += 1')", "on_pre='g += 1', method='euler')"));
    const g0 = trace(euler, 'M', 'g', 0);
    // Forward Euler: g ← g − dt·g/taus = 0.95·g per step.
    expect(g0[12]).toBe(1 + -0.1e-3 * (1 / 2e-3));
  });

  it('pre- and postsynaptic variables in a clock-driven equation (a gap-junction-like current): dx/dt = (v_pre - x)/tau', async () => {
    const text = `from brian2 import *
defaultclock.dt = 0.1*ms
tau = 1*ms
G = NeuronGroup(2, 'v : 1')
G.v = [1, 3]
S = Synapses(G, G, model='dx/dt = (v_pre - x)/tau : 1 (clock-driven)', method='euler')
S.connect(i=[0, 1], j=[1, 0])
M = StateMonitor(S, 'x', record=[0, 1])
run(1*ms)
`;
    const result = await runBoth(text);
    // Euler: x ← x + dt·(v_pre − x)/tau = 0.9·x + 0.1·v_pre.
    let x0 = 0;
    let x1 = 0;
    const e0: number[] = [];
    const e1: number[] = [];
    for (let k = 0; k < 10; k++) {
      e0.push(x0);
      e1.push(x1);
      x0 = x0 + 0.1e-3 * ((1 - x0) / 1e-3);
      x1 = x1 + 0.1e-3 * ((3 - x1) / 1e-3);
    }
    expect(trace(result, 'M', 'x', 0)).toEqual(e0);
    expect(trace(result, 'M', 'x', 1)).toEqual(e1);
  });

  it('C37 a clock-driven equation that uses an event-driven variable is rejected at the use (SF3011), also through a subexpression', async () => {
    const text = `from brian2 import *
G = NeuronGroup(1, 'v : 1', threshold='v > 1', reset='v = 0')
S = Synapses(G, G, model='''dA/dt = -A/(10*ms) : 1 (event-driven)
B = 2*A : 1
dg/dt = (B - g)/(5*ms) : 1 (clock-driven)''', on_pre='A += 1')
S.connect()
run(1*ms)
`;
    const result = await core.build({ ir: scriptIR(text), tier: 'js' });
    expect(result.ok).toBe(false);
    const problem = result.diagnostics.find((d) => d.code === 'SF3011');
    expect(problem?.message).toBe('The clock-driven equation "g" must not depend on the event-driven variable "A" (via "B").');
    expect(text.slice(problem?.span?.start, problem?.span?.end)).toBe('A');
  });
});

describe('STDP with clock-driven traces (C32 variant)', () => {
  const stdp = (flag: 'event-driven' | 'clock-driven'): string => `from brian2 import *
defaultclock.dt = 0.1*ms
taupre = 20*ms
taupost = 20*ms
gmax = 0.01
dApre = 0.01*gmax
dApost = -1.05*dApre
pre = NeuronGroup(2, '''dv/dt = rate : 1
rate : Hz''', threshold='v > 1', reset='v = 0', method='euler')
post = NeuronGroup(2, '''dv/dt = rate : 1
rate : Hz''', threshold='v > 1', reset='v = 0', method='euler')
pre.rate = [1000, 1500]*Hz
post.rate = [1100, 1400]*Hz
S = Synapses(pre, post, model='''w : 1
dApre/dt = -Apre/taupre : 1 (${flag})
dApost/dt = -Apost/taupost : 1 (${flag})''',
    on_pre='''Apre += dApre
w = clip(w + Apost, 0, gmax)''',
    on_post='''Apost += dApost
w = clip(w + Apre, 0, gmax)''')
S.connect(j='i')
S.w = 0.5*gmax
run(25*ms)
`;

  it('gives the weights of the event-driven version (C32: 0.00500937854, 0.00471832614) to 1e-16', async () => {
    const event = await runBoth(stdp('event-driven'), ['_array_S_w']);
    const clock = await runBoth(stdp('clock-driven'), ['_array_S_w']);
    const we = event.arrays._array_S_w ?? [];
    const wc = clock.arrays._array_S_w ?? [];
    expect(Math.abs((we[0] ?? NaN) - 0.00500937854)).toBeLessThan(5e-12);
    expect(Math.abs((we[1] ?? NaN) - 0.00471832614)).toBeLessThan(5e-12);
    // Both integrate the same linear decay exactly: exp(-(t - lastupdate)/tau) once per event
    // versus exp(-dt/tau) once per step. Over 250 steps the step products drift by at most
    // 250·2^-53 ≈ 3e-14 relative, i.e. ≤ 3e-18 on a trace (|A| ≤ 1e-4); w adds a trace at each of
    // its ~30 events, so |Δw| ≤ 1e-16 (w ~5e-3 has an ulp of ~9e-19). Measured: ~1e-17.
    wc.forEach((w, k) => expect(Math.abs(w - (we[k] ?? NaN))).toBeLessThan(1e-16));
    expect(wc).not.toEqual([]);
  });
});
