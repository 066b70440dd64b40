/**
 * The standard models of PERFORMANCE.md §4, run from examples/*.py exactly as a user would open
 * them, against the acceptance bands of CONFORMANCE.md §K. Full-length runs use the native tier
 * (the JS tier is checked bit-identical to it on a prefix of the same run).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src-shared/model';
import { readScript } from '../../../src-shared/script';
import { locateAppRoot } from '../locateAppRoot';
import { expectOk, noEvents, useSimHostCore } from '../coreTestSupport';
import type { SimHostCore } from './simHostCore';

let core: SimHostCore;
useSimHostCore('models', (c) => (core = c));

function example(name: string): ModelIR {
  const read = readScript(readFileSync(join(locateAppRoot(), 'examples', `${name}.py`), 'utf8'));
  expect(read.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (read.ir === undefined) throw new Error(`${name}: no IR`);
  return read.ir;
}

/** Builds and runs `steps` on a tier; returns a reader of arrays and monitors, disposed by the caller. */
async function run(ir: ModelIR, tier: 'js' | 'native', steps: number): Promise<{ id: string; array: (name: string) => number[]; dispose: () => void }> {
  const built = expectOk(await core.build({ ir: { ...ir, name: `${ir.name}_${tier}` }, tier }));
  expectOk(core.run({ networkId: built.networkId, runId: tier, steps, stream: false }, noEvents));
  return { id: built.networkId, array: (name) => Array.from(expectOk(core.getArray(built.networkId, name)).values), dispose: () => core.dispose(built.networkId) };
}

/** The JS tier matches the native tier bit for bit on the first `steps` steps. */
async function tiersAgree(ir: ModelIR, steps: number, arrays: readonly string[]): Promise<void> {
  const js = await run(ir, 'js', steps);
  const native = await run(ir, 'native', steps);
  for (const name of arrays) expect(js.array(name), `${name}: JS vs native`).toEqual(native.array(name));
  js.dispose();
  native.dispose();
}

describe('CONFORMANCE K: standard models from examples/', () => {
  it('C69 COBA (4000 neurons, 1 s): mean rate 20-26 Hz (2 of 3 seeds)', async () => {
    const ir = example('coba');
    const rates: number[] = [];
    for (const seed of [1, 2, 3]) {
      const result = await run({ ...ir, seed }, 'native', 10_000);
      rates.push(result.array('_array_s_mon_count').reduce((a, b) => a + b, 0) / 4000);
      result.dispose();
    }
    expect(rates.filter((r) => r >= 20 && r <= 26).length, rates.join(', ')).toBeGreaterThanOrEqual(2);
    await tiersAgree(ir, 300, ['_array_P_v', '_array_s_mon_count']);
  }, 120_000);

  it('C68 COBAHH (4000 Hodgkin-Huxley neurons, exponential Euler, exprel, 1 s): mean rate 30-45 Hz', async () => {
    const ir = example('cobahh');
    const result = await run(ir, 'native', 10_000);
    const rate = result.array('_array_spikes_count').reduce((a, b) => a + b, 0) / 4000;
    expect(rate).toBeGreaterThan(30);
    expect(rate).toBeLessThan(45);
    result.dispose();
    await tiersAgree(ir, 200, ['_array_P_v', '_array_P_m', '_array_spikes_count']);
  }, 180_000);

  it('C73 large LIF (10^6 neurons, 1 s): 29 884 083 spikes, neurons 0-9 silent, the last 10 fire 90 times, mean v 0.695852855', async () => {
    const ir = example('large_lif');
    const result = await run(ir, 'native', 10_000);
    const counts = result.array('_array_spikes_count');
    expect(counts.reduce((a, b) => a + b, 0)).toBe(29_884_083);
    expect(counts.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => 0));
    expect(counts.slice(-10)).toEqual(Array.from({ length: 10 }, () => 90));
    const v = result.array('_array_G_v');
    expect(Math.abs(v.reduce((a, b) => a + b, 0) / v.length - 0.695852855)).toBeLessThan(1e-6);
    result.dispose();
    await tiersAgree(ir, 300, ['_array_G_v', '_array_spikes_count']);
  }, 120_000);

  it('C71 Brunel-Hakim (5000 neurons, 1 s): mean rate 3.2-3.9 Hz, about 5·10^6 synapses', async () => {
    const ir = example('brunel_hakim1999');
    const result = await run(ir, 'native', 10_000);
    const rate = result.array('_array_M_count').reduce((a, b) => a + b, 0) / 5000;
    expect(rate).toBeGreaterThan(3.2);
    expect(rate).toBeLessThan(3.9);
    const synapses = result.array('_array_conn__meta')[0] ?? 0;
    expect(Math.abs(synapses - 5e6)).toBeLessThan(5e6 * 0.01);
    result.dispose();
    await tiersAgree(ir, 200, ['_array_group_V', '_array_M_count']);
  }, 120_000);

  it('C70 Brunel 2000 panel C (12 500 neurons, 1 s): mean rate 32-40 Hz, 1.56·10^7 synapses', async () => {
    const ir = example('brunel2000');
    const result = await run(ir, 'native', 10_000);
    const rate = result.array('_array_spike_monitor_count').reduce((a, b) => a + b, 0) / 12_500;
    expect(rate).toBeGreaterThan(32);
    expect(rate).toBeLessThan(40);
    const synapses = (result.array('_array_exc_synapses__meta')[0] ?? 0) + (result.array('_array_inh_synapses__meta')[0] ?? 0);
    expect(Math.abs(synapses - 1.5625e7)).toBeLessThan(1.5625e7 * 0.002);
    result.dispose();
  }, 180_000);

  it('C72 STDP (1000 Poisson inputs, 100 s): post rate 20-36 Hz, bimodal weights (>15 % below 0.1, >10 % above 0.9), mean 0.40-0.55 (2 of 3 seeds)', async () => {
    const ir = example('stdp_song2000');
    let passed = 0;
    const seen: string[] = [];
    for (const seed of [1, 2, 3]) {
      if (passed === 2) break;
      const withPostMonitor: ModelIR = { ...ir, seed, spikeMonitors: [...(ir.spikeMonitors ?? []), { name: 'post', source: 'neurons', countsOnly: true }] };
      const result = await run(withPostMonitor, 'native', 1_000_000);
      const postRate = (result.array('_array_post_count')[0] ?? 0) / 100;
      const w = result.array('_array_S_w').map((x) => x / 0.01);
      const low = w.filter((x) => x < 0.1).length / w.length;
      const high = w.filter((x) => x > 0.9).length / w.length;
      const mean = w.reduce((a, b) => a + b, 0) / w.length;
      seen.push(`seed ${seed}: ${postRate} Hz, low ${low}, high ${high}, mean ${mean}`);
      if (postRate > 20 && postRate < 36 && low > 0.15 && high > 0.1 && mean > 0.4 && mean < 0.55) passed++;
      result.dispose();
      if (seed === 1) await tiersAgree(withPostMonitor, 2000, ['_array_S_w', '_array_neurons_v']);
    }
    expect(passed, seen.join('; ')).toBe(2);
  }, 180_000);
});
