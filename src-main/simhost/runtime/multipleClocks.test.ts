/**
 * Objects on their own clock (BRIAN2_SEMANTICS.md §1, §15): `NeuronGroup(dt=)`, `Synapses(dt=)`
 * and what follows their clocks in Brian2 (thresholds, resets, SpikeMonitor, a StateMonitor
 * without dt=, run_regularly without dt=), compared with Brian2 2.5.1 on both tiers; and bad dt
 * values reported at their spans.
 */
import { describe, expect, it } from 'vitest';
import { readScript } from '../../../src-shared/script';
import { runOnBothTiers, scriptIR, useSimHostCore, type TierRun } from '../coreTestSupport';
import type { SimHostCore } from './simHostCore';

let core: SimHostCore;
useSimHostCore('clocks', (c) => (core = c));

let counter = 0;


type TierResult = TierRun;

/** Runs on both tiers and checks they agree bit for bit. */
async function runBoth(text: string, arrays: readonly string[]): Promise<TierResult> {
  const ir = scriptIR(text);
  counter++;
  return (await runOnBothTiers(core, { ...ir, name: `clk_${counter}` }, Math.round(ir.duration / ir.dt), arrays)).js;
}

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual.length, `${actual.join(', ')} vs ${expected.join(', ')}`).toBe(expected.length);
  actual.forEach((x, k) => expect(Math.abs(x - (expected[k] ?? Number.NaN)), `sample ${k}: ${x} vs ${expected[k]}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected[k] ?? 0))));
}

// Brian2 2.5.1 (prefs.codegen.target = 'numpy') ran this script, printing M.v[0], M.v[1], MS.g[0],
// sp.t/second, sp.i and G.n; the results are the constants below.
const CLOCKS = `from brian2 import *
defaultclock.dt = 0.1*ms
G = NeuronGroup(2, '''dv/dt = (2 - v)/(3*ms) + t/(10*ms**2) : 1
n : integer''', threshold='v > 1.5', reset='v = 0; n = t_in_timesteps', dt=0.5*ms, method='euler')
G.v = [0, 0.5]
H = NeuronGroup(1, 'x : 1')
H.x = 1
S = Synapses(H, G, model='dg/dt = -g/(2*ms) : 1 (clock-driven)', dt=0.3*ms)
S.connect()
S.g = 1
M = StateMonitor(G, 'v', record=[0, 1])
MS = StateMonitor(S, 'g', record=[0])
sp = SpikeMonitor(G)
run(3.2*ms)
`;
const BRIAN = {
  v0: [0.0, 0.3333333333333333, 0.6361111111111111, 0.9134259259259259, 1.1695216049382715, 1.407934670781893, 0.0],
  v1: [0.5, 0.75, 0.9833333333333333, 1.2027777777777777, 1.410648148148148, 0.0, 0.4583333333333333],
  g0: [1.0, 0.8607079764250578, 0.7408182206817179, 0.6376281516217733, 0.5488116360940265, 0.47236655274101474, 0.40656965974059917, 0.3499377491111554, 0.30119421191220214, 0.25924026064589156, 0.22313016014842987],
  spikeT: [0.002, 0.0025],
  spikeI: [1, 0],
  n: [5, 4],
};

describe('multiple clocks (BRIAN2_SEMANTICS.md §1: each step runs the objects whose clock ticks, in slot order)', () => {
  it('NeuronGroup(dt=0.5*ms) and Synapses(dt=0.3*ms) with defaultclock.dt = 0.1 ms: their t, dt and t_in_timesteps, as Brian2 2.5.1', async () => {
    const result = await runBoth(CLOCKS, ['_array_G_n']);
    const M = result.monitors.M;
    const MS = result.monitors.MS;
    // A StateMonitor without dt= records on its source's clock: 7 samples of G (every 0.5 ms), 11 of S (every 0.3 ms).
    expectClose(Array.from(M?.t ?? []), [0, 0.5, 1, 1.5, 2, 2.5, 3].map((ms) => ms * 1e-3), 1e-15);
    expectClose(Array.from(MS?.t ?? []), Array.from({ length: 11 }, (_, k) => k * 0.3e-3), 1e-15);
    // Euler with dt = 0.5 ms and t = k·0.5 ms of G's clock.
    expectClose(Array.from(M?.values.v?.[0] ?? []), BRIAN.v0, 1e-14);
    expectClose(Array.from(M?.values.v?.[1] ?? []), BRIAN.v1, 1e-14);
    // exact with dt = 0.3 ms.
    expectClose(Array.from(MS?.values.g?.[0] ?? []), BRIAN.g0, 1e-13);
    // Spikes at ticks 4 and 5 of G's clock (2.0 and 2.5 ms); t_in_timesteps in the reset counts G's ticks.
    expectClose(Array.from(result.monitors.sp?.t ?? []), BRIAN.spikeT, 1e-15);
    expect(Array.from(result.monitors.sp?.spikeIndices ?? [])).toEqual(BRIAN.spikeI);
    expect(result.arrays._array_G_n).toEqual(BRIAN.n);
  });

  it('run_regularly without dt= runs on its group’s clock, with dt= on its own (Brian2 2.5.1: x = 4 and y = 16 after 1.6 ms)', async () => {
    // Brian2 2.5.1 (numpy): G.x[0] == 4, G.y[0] == 16 for this script.
    const text = `from brian2 import *
defaultclock.dt = 0.1*ms
G = NeuronGroup(1, '''x : 1
y : 1''', dt=0.4*ms)
G.run_regularly('x += 1')
G.run_regularly('y += 1', dt=0.1*ms)
run(1.6*ms)
`;
    const result = await runBoth(text, ['_array_G_x', '_array_G_y']);
    expect(result.arrays._array_G_x).toEqual([4]);
    expect(result.arrays._array_G_y).toEqual([16]);
  });

  it('a dt that is not a time, not positive, or not a whole multiple of defaultclock.dt is reported at the dt argument', () => {
    const cases: [string, string, string][] = [
      ["NeuronGroup(1, 'v : 1', dt=0.5)", 'SF4004', '0.5'],
      ["NeuronGroup(1, 'v : 1', dt=-0.5*ms)", 'SF4004', '-0.5*ms'],
      ["NeuronGroup(1, 'v : 1', dt=0.05*ms)", 'SF4009', '0.05*ms'],
      ["NeuronGroup(1, 'v : 1', dt=0.25*ms)", 'SF4009', '0.25*ms'],
      ["Synapses(H, H, 'w : 1', dt=3)", 'SF4004', '3'],
    ];
    for (const [call, codeExpected, spanText] of cases) {
      const text = `from brian2 import *\ndefaultclock.dt = 0.1*ms\nH = NeuronGroup(1, 'x : 1')\nX = ${call}\nrun(1*ms)\n`;
      const read = readScript(text);
      const problem = read.diagnostics.find((d) => d.severity === 'error');
      expect(problem?.code, call).toBe(codeExpected);
      expect(text.slice(problem?.span?.start, problem?.span?.end), call).toBe(spanText);
    }
    const fine = readScript(`from brian2 import *\ndefaultclock.dt = 0.1*ms\nG = NeuronGroup(1, 'v : 1', dt=0.1*ms)\nrun(1*ms)\n`);
    expect(fine.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(fine.ir?.groups[0]?.clock).toBeUndefined();
  });

  it('what does not follow a clock yet is refused at its span: delays on a pathway of a clocked group', async () => {
    const text = `from brian2 import *
G = NeuronGroup(1, 'v : 1', threshold='v > 1', reset='v = 0', dt=0.2*ms)
S = Synapses(G, G, on_pre='v += 1', delay=1*ms)
S.connect()
run(1*ms)
`;
    const result = await core.build({ ir: scriptIR(text), tier: 'js' });
    expect(result.ok).toBe(false);
    const problem = result.diagnostics.find((d) => d.code === 'SF4009');
    expect(problem?.message).toContain('synaptic delays of S');
    expect(text.slice(problem?.span?.start, problem?.span?.end)).toBe('1*ms');
  });
});
