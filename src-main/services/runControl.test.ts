/**
 * Run control through the backend against a real forked sim host: progress with simulated time,
 * rate and ETA; stopRun at a chunk boundary with the recorded data kept; Brian2's store/restore
 * by name; one run per network; the timing breakdown of the final event; and, with a compiler,
 * the JS → native swap reported in progress.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildInfo, IpcResult, MonitorBatch, RunProgress } from '../../src-shared/ipc';
import { findAppRoot } from './appRoot';
import { createBackend, type SupervisedBackend } from './backend';

/** 2000 neurons for 60 s of simulated time (600 000 steps): far longer than the test waits. */
const LONG_MODEL = `from brian2 import *
G = NeuronGroup(2000, 'dv/dt = (1.2 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')
G.v = 'i * (1.0 / N)'
spikes = SpikeMonitor(G)
run(60*second)
`;

let userDataDir = '';
let backend: SupervisedBackend;
const progress: RunProgress[] = [];
const batches: MonitorBatch[] = [];

beforeAll(async () => {
  userDataDir = mkdtempSync(join(tmpdir(), 'spikeforge-runcontrol-'));
  backend = await createBackend({ userDataDir, appRoot: findAppRoot() });
  backend.subscribe('onDidProgress', (p) => progress.push(p));
  backend.subscribe('onDidRecord', (b) => batches.push(b));
});
afterAll(async () => {
  await backend.dispose();
  rmSync(userDataDir, { recursive: true, force: true });
});

function valueOf<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.value;
}

async function build(tier: 'js' | 'auto'): Promise<BuildInfo> {
  return valueOf(await backend.buildNetwork({ text: LONG_MODEL, tier }));
}

async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  for (const started = performance.now(); performance.now() - started < timeoutMs; ) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const finalOf = (runId: string) => (): RunProgress | undefined => progress.find((p) => p.runId === runId && p.state !== 'running');

describe('run control (backend + sim host)', () => {
  it('reports progress with ETA, stops at a chunk boundary keeping the data, stores, continues and restores', async () => {
    const info = await build('js');
    const { runId } = valueOf(await backend.startRun({ networkId: info.networkId }));
    // One run per network at a time.
    const second = await backend.startRun({ networkId: info.networkId });
    expect(second.ok ? '' : second.diagnostics[0]?.message).toContain('already running');
    // Store and restore wait for the run to end: refused while it runs.
    const early = await backend.storeState({ networkId: info.networkId });
    expect(early.ok ? '' : early.diagnostics[0]?.message).toContain('stop the run first');

    const running = await waitFor(() => {
      const seen = progress.filter((p) => p.runId === runId && p.state === 'running');
      return seen.length >= 3 ? seen.at(-1) : undefined;
    }, 'progress');
    expect(running.duration).toBeCloseTo(60, 9);
    expect(running.t).toBeGreaterThan(0);
    expect(running.step).toBe(Math.round(running.t / info.dt));
    expect(running.stepsPerSecond).toBeGreaterThan(0);
    expect(running.etaSeconds).toBeGreaterThan(0);
    expect(Number.isFinite(running.etaSeconds)).toBe(true);
    expect(running.tier).toBe('js');

    const stop = valueOf(await backend.stopRun({ networkId: info.networkId }));
    expect(stop).toEqual({ stopping: true, runId });
    const end = await waitFor(finalOf(runId), 'the stopped run');
    expect(end.state).toBe('stopped');
    expect(end.t).toBeLessThan(60);
    expect(end.etaSeconds).toBe(0);
    expect(end.timings).toMatchObject({ steps: end.step, tier: 'js' });
    expect(end.timings?.firstChunkMs).toBeGreaterThan(0);
    expect(end.timings?.steadyStepsPerSecond).toBeGreaterThan(0);
    // Nothing runs any more: stopping again does nothing.
    expect(valueOf(await backend.stopRun({ networkId: info.networkId }))).toEqual({ stopping: false });

    // What was recorded up to the stop is kept (here and as streamed events), none after it.
    const spikeTimes = backend.recordedBatches(runId).flatMap((b) => Array.from(b.t));
    expect(spikeTimes.length).toBeGreaterThan(0);
    expect(Math.max(...spikeTimes)).toBeLessThanOrEqual(end.t);
    expect(batches.filter((b) => b.runId === runId).length).toBe(backend.recordedBatches(runId).length);

    const stored = valueOf(await backend.storeState({ networkId: info.networkId }));
    expect(stored).toEqual({ networkId: info.networkId, name: 'default', step: end.step, t: end.t, storedNames: ['default'] });

    // Continue for 50 ms from where the run stopped (Brian2: another run() call).
    const further = valueOf(await backend.startRun({ networkId: info.networkId, duration: 0.05 }));
    const furtherEnd = await waitFor(finalOf(further.runId), 'the second run');
    expect(furtherEnd.state).toBe('done');
    expect(furtherEnd.step).toBe(end.step + 500);
    expect(furtherEnd.duration).toBeCloseTo(end.t + 0.05, 9);

    const restored = valueOf(await backend.restoreState({ networkId: info.networkId }));
    expect(restored).toEqual(stored);
    const unknown = await backend.restoreState({ networkId: info.networkId, name: 'nope' });
    expect(unknown.ok ? '' : unknown.diagnostics[0]?.code).toBe('SF8004');
    expect(unknown.ok ? [] : unknown.diagnostics[0]?.notes).toEqual(['stored: default']);

    // After the restore the network runs on from the stored step.
    const again = valueOf(await backend.startRun({ networkId: info.networkId, duration: 0.01 }));
    const againEnd = await waitFor(finalOf(again.runId), 'the run after restore');
    expect(againEnd.step).toBe(end.step + 100);
  });

  it('refuses requests for a network that was never built', async () => {
    for (const result of [await backend.stopRun({ networkId: 'nothing' }), await backend.storeState({ networkId: 'nothing' }), await backend.restoreState({ networkId: 'nothing', name: 'x' })]) {
      expect(result.ok ? '' : result.diagnostics[0]?.code).toBe('SF8002');
    }
  });

  it('reports the swap from the JS tier to the native library in progress (tier auto, with a compiler)', async () => {
    // A compiler is part of the test set-up (.ci/run installs g++): its absence fails, never skips.
    const toolchain = valueOf(await backend.simHost.request('probe', {}));
    if (!toolchain.available) throw new Error(`the tier swap needs a C++ compiler (${toolchain.message}); install one: apt-get install -y g++`);
    const info = await build('auto');
    expect(info.tier).toBe('js');
    expect(info.nativeInBackground).toBe(true);
    const { runId } = valueOf(await backend.startRun({ networkId: info.networkId }));
    const swapped = await waitFor(() => progress.find((p) => p.runId === runId && p.swap !== undefined && p.tier === 'native'), 'the tier swap', 60_000);
    expect(swapped.swap?.step).toBeGreaterThan(0);
    expect(swapped.swap?.t).toBeCloseTo((swapped.swap?.step ?? 0) * info.dt, 12);
    expect(swapped.swap?.afterBuildMs).toBeGreaterThan(0);
    expect(swapped.swap?.loadMs).toBeGreaterThan(0);
    valueOf(await backend.stopRun({ networkId: info.networkId, runId }));
    const end = await waitFor(finalOf(runId), 'the stopped run');
    expect(end).toMatchObject({ state: 'stopped', tier: 'native', timings: { tier: 'native' } });
  });
});
