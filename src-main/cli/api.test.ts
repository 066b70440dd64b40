/**
 * The seed's Quick Start through the TypeScript API, against a real sim-host process with the
 * native tier, and the API's answers to bad input (clear errors with the model line, no crash).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventMonitor, ModelError, Network, NeuronGroup, SpikeMonitor, StateMonitor, createSimHost } from './api';
import type { SimHostClient } from '../services/simHostClient';

let cacheDir = '';
let simHost: SimHostClient;

beforeAll(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'spikeforge-api-'));
  simHost = createSimHost({ cacheDir });
});
afterAll(async () => {
  await simHost.dispose();
  rmSync(cacheDir, { recursive: true, force: true });
});

function quickStart(name = 'quickstart'): { neurons: NeuronGroup; monitor: StateMonitor; net: Network } {
  const neurons = new NeuronGroup(100, 'dv/dt = (-v + I) / tau : 1', { name: 'neurons', method: 'euler', dt: '0.1*ms', namespace: { tau: '10*ms', I: 1 } });
  const monitor = new StateMonitor(neurons, 'v', { record: [0, 50, 99], name: 'monitor' });
  return { neurons, monitor, net: new Network(name, [neurons, monitor], { client: simHost, tier: 'native' }) };
}

async function buildError(net: Network): Promise<ModelError> {
  try {
    await net.buildOrThrow();
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
  throw new Error('expected a ModelError');
}

describe('TypeScript API (the seed Quick Start)', () => {
  it('runs 1000 × (update, recordTimestep) natively with shapes and numbers as the seed', async () => {
    const { neurons, monitor, net } = quickStart();
    const info = await net.buildOrThrow();
    expect(info.tier).toBe('native');
    for (let k = 0; k < 1000; k++) {
      await neurons.update();
      await monitor.recordTimestep();
    }
    const data = await monitor.fetch();
    expect(data.t.length).toBe(1000); // monitor.t: (1000,)
    const v = data.values.v ?? [];
    expect(v.length).toBe(3); // monitor.v: (3, 1000), rows = recorded neurons
    expect(v[0]?.length).toBe(1000);
    for (const k of [1, 10, 100, 1000]) expect(Math.abs((v[0]?.[k - 1] ?? NaN) - (1 - (1 - 1e-4 / 1e-2) ** k))).toBeLessThan(1e-12);

    const code = net.generatedCode();
    expect(code).toContain(`namespace ${info.namespace} {`);
    expect(code).not.toMatch(/^#include/m);
    const object = await net.inspector.inspectObject('neurons');
    expect(object.symbols.map((s) => s.name)).toContain(`${info.entryPoints[0]?.name.replace(/_run$/, '')}_neurons_stateupdate`);
    expect(object.library).toBe(info.libraryPath);
    const array = await net.inspector.inspectArray('neurons.v');
    expect(array).toMatchObject({ dtype: 'float64', length: 100, bytes: 800 });
    expect(array.address).toMatch(/^0x[0-9a-f]+$/);
    expect(array.min).toBeCloseTo(1 - 0.99 ** 1000, 12);
    const first = await net.inspector.takeSnapshot('before');
    await net.run(0.01);
    const second = await net.inspector.takeSnapshot('after');
    const diff = await net.inspector.compareSnapshots(first, second);
    expect(diff.arrays.find((a) => a.name === '_array_neurons_v')?.changed).toBe(100);
    const scan = await net.inspector.scanGlobalNamespace();
    expect(scan.namespaces.find((n) => n.namespace === info.namespace)?.symbols.length).toBeGreaterThan(0);
    expect((await net.inspector.checkConflicts()).conflicts).toEqual([]);
  });

  it('names an unknown variable in the equation, under its line', async () => {
    const neurons = new NeuronGroup(100, 'dv/dt = (-v + J) / tau : 1', { name: 'neurons', namespace: { tau: '10*ms' } });
    const error = await buildError(new Network('bad_name', [neurons], { client: simHost }));
    expect(error.diagnostics.map((d) => d.code)).toEqual(['SF3002']);
    expect(error.message).toContain('"J"');
    expect(error.message).toContain(`  dv/dt = (-v + J) / tau : 1\n${' '.repeat(16)}^`);
  });

  it('reports a syntax error at its place', async () => {
    const neurons = new NeuronGroup(10, 'dv/dt = (-v + ) / tau : 1', { name: 'neurons', namespace: { tau: '10*ms' } });
    const error = await buildError(new Network('bad_syntax', [neurons], { client: simHost }));
    expect(error.diagnostics[0]?.code).toMatch(/^SF2/); // SF2xxx: syntax
    expect(error.message).toMatch(/^equations:1:\d+: error SF2\d{3}: Syntax error/);
  });

  it('rejects a record index out of range and n_neurons <= 0, naming the object', async () => {
    const neurons = new NeuronGroup(100, 'dv/dt = -v / tau : 1', { name: 'neurons', namespace: { tau: '10*ms' } });
    const monitor = new StateMonitor(neurons, 'v', { record: [0, 100], name: 'monitor' });
    const range = await buildError(new Network('bad_record', [neurons, monitor], { client: simHost }));
    expect(range.message).toMatch(/100 is out of range/);
    const empty = await buildError(new Network('bad_size', [new NeuronGroup(0, 'dv/dt = -v / tau : 1', { name: 'neurons', namespace: { tau: '10*ms' } })], { client: simHost }));
    expect(empty.diagnostics[0]?.code).toBe('SF4001');
    // The sim host is still alive and serves the next build.
    expect((await quickStart('after_errors').net.buildOrThrow()).tier).toBe('native');
  });
});

describe('TypeScript API: spikes', () => {
  it('NeuronGroup threshold/reset/refractory, expression initial values and a SpikeMonitor (C22 through the API)', async () => {
    const G = new NeuronGroup(1, 'dv/dt = (1.1 - v)/(10*ms) : 1 (unless refractory)', { name: 'G', method: 'exact', threshold: 'v > 1', reset: 'v = 0', refractory: 0.005 });
    const spikes = new SpikeMonitor(G, { name: 'spikes' });
    const net = new Network('api_spikes', [G, spikes], { client: simHost, tier: 'js' });
    await net.run(0.1);
    const recorded = await spikes.fetch();
    expect(Array.from(recorded.t).map((t) => Math.round(t * 1e4) / 10)).toEqual([23.9, 52.8, 81.7]);
    expect(Array.from(recorded.count)).toEqual([3]);
  });

  it('a wrong reset is a ModelError whose span points into the model text (after the equations)', async () => {
    const G = new NeuronGroup(1, 'dv/dt = -v/(10*ms) : volt', { name: 'G', threshold: 'v > 1*mV', reset: 'v = 3*ms' });
    await G.set('v', 'rand()*mV');
    const net = new Network('api_bad_reset', [G], { client: simHost, tier: 'js' });
    const error = await buildError(net);
    const d = error.diagnostics.find((x) => x.code === 'SF1002');
    expect(net.modelText.slice(d?.span?.start, d?.span?.end)).toBe('3*ms');
  });

  it('custom events, onEvent code, an EventMonitor and SpikeMonitor variables (BRIAN2_SEMANTICS.md §7, §14)', async () => {
    const G = new NeuronGroup(2, 'dv/dt = (1 + i)/(10*ms) : 1\nn : 1', { name: 'G', method: 'euler', threshold: 'v > 1', reset: 'v = 0', events: { half: 'v > 0.5' }, onEvent: { half: 'n += 1' } });
    const half = new EventMonitor(G, 'half', { name: 'half', variables: ['v', 'n'] });
    const spikes = new SpikeMonitor(G, { name: 'spikes', variables: 'v' });
    const net = new Network('api_events', [G, half, spikes], { client: simHost, tier: 'js' });
    await net.run(0.01);
    const events = await half.fetch();
    const recorded = await spikes.fetch();
    expect(recorded.values.v?.length).toBe(recorded.t.length);
    expect(Array.from(recorded.values.v ?? []).every((v) => v > 1)).toBe(true);
    // Each event sees v > 0.5 and the count of earlier events of its neuron (run_on_event runs after it).
    const i = Array.from(events.i);
    expect(Array.from(events.values.v ?? []).every((v) => v > 0.5)).toBe(true);
    expect(Array.from(events.values.n ?? [])).toEqual(i.map((n, k) => i.slice(0, k).filter((m) => m === n).length));
    expect(Array.from(await G.get('n'))).toEqual(Array.from(events.count));
  });

  it('an unknown event in an EventMonitor is a ModelError naming the events the group has', async () => {
    const G = new NeuronGroup(1, 'v : 1', { name: 'G', events: { up: 'v > 1' } });
    const error = await buildError(new Network('api_bad_event', [G, new EventMonitor(G, 'down', { name: 'E' })], { client: simHost, tier: 'js' }));
    expect(error.diagnostics.map((d) => d.code)).toEqual(['SF4021']);
    expect(error.message).toContain('its events: up');
  });
});
