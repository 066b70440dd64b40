import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateAppRoot } from '../locateAppRoot';
import { createTemplateEnvironment } from '../render/renderNetwork';
import { decayIR, quickStartIR } from '../sampleModels';
import { SimHostCore } from './simHostCore';

const env = createTemplateEnvironment(join(locateAppRoot(), 'templates'));
const noEvents = (): void => undefined;

function expectOk<T>(result: { ok: true; value: T } | { ok: false; diagnostics: readonly unknown[] }): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.diagnostics)}`);
  return result.value;
}

describe('SimHostCore on the JS tier', () => {
  it('runs the Quick Start: v after k Euler steps is 1-(1-dt/tau)^k to 1e-12', async () => {
    const core = new SimHostCore(env, undefined);
    const built = expectOk(await core.build({ ir: quickStartIR(), tier: 'js' }));
    expect(built.tier).toBe('js');
    expectOk(core.run({ networkId: built.networkId, runId: 'r', steps: 1000, stream: false }, noEvents));
    const data = expectOk(core.monitorData(built.networkId, 'monitor'));
    expect(data.t.length).toBe(1000);
    expect(data.values.v?.length).toBe(3);
    const v0 = data.values.v?.[0] as Float64Array;
    // Brian2's StateMonitor records at the start of the step: sample k holds v after k steps.
    for (const k of [0, 1, 10, 500, 999]) {
      expect(Math.abs((v0[k] as number) - (1 - (1 - 1e-4 / 0.01) ** k))).toBeLessThan(1e-12);
      expect(data.t[k]).toBeCloseTo(k * 1e-4, 15);
    }
  });

  it('grows monitor buffers by doubling, keeping every sample', async () => {
    const core = new SimHostCore(env, undefined);
    const built = expectOk(await core.build({ ir: quickStartIR(), tier: 'js' }));
    expectOk(core.run({ networkId: built.networkId, runId: 'r', steps: 5000, stream: false }, noEvents));
    const report = expectOk(core.inspectArray(built.networkId, '_array_monitor_t'));
    expect(report.length).toBe(5000);
    expect(report.capacity).toBe(8192);
  });

  it('serves the seed loop: update() then record_timestep()', async () => {
    const core = new SimHostCore(env, undefined);
    const built = expectOk(await core.build({ ir: quickStartIR(), tier: 'js' }));
    for (let k = 0; k < 10; k++) {
      expectOk(core.update(built.networkId, 'neurons', 1));
      expectOk(core.record(built.networkId, 'monitor'));
    }
    const data = expectOk(core.monitorData(built.networkId, 'monitor'));
    expect(Array.from(data.t)).toHaveLength(10);
    expect(data.values.v?.[0]?.[9]).toBeCloseTo(1 - 0.99 ** 10, 14);
  });

  it('streams batches whose sample counts add up', async () => {
    const core = new SimHostCore(env, undefined);
    const built = expectOk(await core.build({ ir: quickStartIR(), tier: 'js' }));
    let samples = 0;
    let done = false;
    expectOk(
      core.run({ networkId: built.networkId, runId: 'r', steps: 3000, stream: true }, (event) => {
        if (event.event === 'record') samples += event.payload.t.length;
        else if (event.payload.state === 'done') done = true;
      }),
    );
    expect(samples).toBe(3000);
    expect(done).toBe(true);
  });

  it('takes snapshots and reports what changed per array', async () => {
    const core = new SimHostCore(env, undefined);
    const built = expectOk(await core.build({ ir: decayIR('sim'), tier: 'js' }));
    const a = expectOk(core.takeSnapshot(built.networkId, 'before'));
    expectOk(core.run({ networkId: built.networkId, runId: 'r', steps: 10, stream: false }, noEvents));
    const b = expectOk(core.takeSnapshot(built.networkId, 'after'));
    const diff = expectOk(core.compareSnapshots(a.id, b.id));
    expect(diff.arrays).toEqual([{ name: '_array_neurons_v', changed: 100, length: 100, maxAbsDiff: expect.closeTo(1 - 0.99 ** 10, 12), firstChanged: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }]);
  });

  it('reports bad input as diagnostics: unknown variable, record out of range, N <= 0', async () => {
    const core = new SimHostCore(env, undefined);
    const base = quickStartIR();
    const group = base.groups[0];
    if (group === undefined) throw new Error('fixture');
    const unknown = await core.build({ ir: { ...base, groups: [{ ...group, equations: 'dv/dt = (-v + J) / tau : 1' }] }, tier: 'js' });
    expect(unknown.ok ? [] : unknown.diagnostics.map((d) => d.code)).toEqual(['SF3002']);
    const range = await core.build({ ir: { ...base, monitors: [{ name: 'monitor', source: 'neurons', variables: ['v'], record: [0, 100] }] }, tier: 'js' });
    expect(range.ok ? '' : range.diagnostics[0]?.message).toContain('100 is out of range');
    const empty = await core.build({ ir: { ...base, groups: [{ ...group, N: 0 }], monitors: [] }, tier: 'js' });
    expect(empty.ok ? '' : empty.diagnostics[0]?.code).toBe('SF4001');
  });
});
