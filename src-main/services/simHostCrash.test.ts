/**
 * Crash isolation with restart against a real forked sim host and the native tier: three
 * deliberate failures in a row (SIGSEGV, SIGABRT, an infinite loop ended by the watchdog). Each
 * time the request fails with a diagnostic naming the signal, the network, the last known step
 * and time; a fresh host is started; monitor data received before the crash is still there; the
 * built network runs again under its old id (rebuilt from its model) and a new build + run works.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildInfo, CrashReport, MonitorBatch, RunProgress } from '../../src-shared/ipc';
import { Network, NeuronGroup, StateMonitor } from '../cli/api';
import { findAppRoot } from './appRoot';
import { createBackend, type SupervisedBackend } from './backend';

const WATCHDOG_MS = 1500;
const appRoot = findAppRoot();
const text = readFileSync(join(appRoot, 'examples', 'quickstart.py'), 'utf8');
let userDataDir = '';
let backend: SupervisedBackend;

beforeAll(async () => {
  userDataDir = mkdtempSync(join(tmpdir(), 'spikeforge-crash-'));
  backend = await createBackend({ userDataDir, appRoot, simHost: { watchdogMs: WATCHDOG_MS } });
});
afterAll(async () => {
  await backend.dispose();
  rmSync(userDataDir, { recursive: true, force: true });
});

async function build(): Promise<BuildInfo> {
  const built = await backend.buildNetwork({ text, tier: 'native' });
  if (!built.ok) throw new Error(built.diagnostics.map((d) => d.message).join('\n'));
  return built.value;
}

/** Runs the script's 100 ms and returns the batches that arrived. */
async function runToEnd(networkId: string): Promise<{ runId: string; end: RunProgress; batches: MonitorBatch[] }> {
  const progress: RunProgress[] = [];
  const batches: MonitorBatch[] = [];
  const offProgress = backend.subscribe('onDidProgress', (p) => progress.push(p));
  const offRecord = backend.subscribe('onDidRecord', (b) => batches.push(b));
  try {
    const started = await backend.startRun({ networkId });
    if (!started.ok) throw new Error(started.diagnostics.map((d) => d.message).join('\n'));
    const { runId } = started.value;
    for (let waited = 0; waited < 20_000; waited += 5) {
      const end = progress.find((p) => p.runId === runId && p.state !== 'running');
      if (end !== undefined) return { runId, end, batches: batches.filter((b) => b.runId === runId) };
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('the run did not finish');
  } finally {
    offProgress();
    offRecord();
  }
}

function trace(batches: readonly MonitorBatch[]): number[] {
  return batches.flatMap((b) => Array.from(b.values.v?.[0] ?? []));
}

describe('sim-host crash isolation and restart', () => {
  it('survives segfault, abort and a hang in a row: diagnostics name the signal, data is kept, the network runs again', async () => {
    const info = await build();
    expect(info.tier).toBe('native');
    const first = await runToEnd(info.networkId);
    expect(first.end.state).toBe('done');
    const firstTrace = trace(first.batches);
    expect(firstTrace).toHaveLength(1000);
    const pids = new Set([backend.simHost.pid]);
    const restartMs: number[] = [];
    const recoveryMs: number[] = [];

    for (const [kind, signal, code] of [
      ['segfault', 'SIGSEGV', 'SF8001'],
      ['abort', 'SIGABRT', 'SF8001'],
      ['hang', 'SIGKILL', 'SF8007'],
    ] as const) {
      const crashed = new Promise<CrashReport>((resolve) => {
        const off = backend.subscribe('onDidSimHostCrash', (report) => {
          off();
          resolve(report);
        });
      });
      const started = performance.now();
      const result = await backend.simHost.request('crashForTest', { kind });
      const diedAfter = performance.now() - started;
      expect(result.ok).toBe(false);
      const diagnostic = result.ok ? undefined : result.diagnostics[0];
      expect(diagnostic?.code).toBe(code);
      expect(diagnostic?.message).toContain(signal);
      expect(diagnostic?.message).toContain(`network "${info.networkName}" (native tier)`);
      expect(diagnostic?.message).toContain('last known step 1000 (t = 0.1 s)');
      if (kind === 'hang') {
        expect(diagnostic?.message).toContain(`watchdog: no progress for ${WATCHDOG_MS / 1000} s`);
        expect(diedAfter).toBeGreaterThanOrEqual(WATCHDOG_MS - 50);
      }
      const report = await crashed;
      expect(report).toMatchObject({ signal, restarted: true, networkId: info.networkId, step: 1000, libraryPath: info.libraryPath });

      // Data received before the crash is still here, in this process.
      expect(trace(backend.recordedBatches(first.runId))).toEqual(firstTrace);
      // The built network runs again under its id (rebuilt from its model: same numbers from t = 0).
      const again = await runToEnd(info.networkId);
      recoveryMs.push(performance.now() - started - diedAfter);
      expect(again.end.state).toBe('done');
      expect(trace(again.batches)).toEqual(firstTrace);
      expect(pids.has(backend.simHost.pid)).toBe(false);
      pids.add(backend.simHost.pid);
      restartMs.push(backend.simHost.restarts.lastMs ?? NaN);
      // A new build (a cache hit) and run work too.
      const rebuilt = await build();
      expect(rebuilt.cacheHit).toBe(true);
      expect((await runToEnd(rebuilt.networkId)).end.state).toBe('done');
    }
    expect(backend.simHost.restarts.count).toBe(3);
    console.log(`restart after crash (crash → new host ready): ${restartMs.map((ms) => ms.toFixed(0)).join(', ')} ms; crash → rebuilt network's run done: ${recoveryMs.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  });

  it('an API network on the same host keeps working after a crash (rebuilt on its next call)', async () => {
    const neurons = new NeuronGroup(100, 'dv/dt = (-v + I) / tau : 1', { name: 'neurons', dt: '0.1*ms', namespace: { tau: '10*ms', I: 1 } });
    const monitor = new StateMonitor(neurons, 'v', { record: [0], name: 'monitor' });
    const net = new Network('api_after_crash', [neurons, monitor], { client: backend.simHost, tier: 'native' });
    await net.buildOrThrow();
    await net.run(0.001);
    expect((await monitor.fetch()).t.length).toBe(10);
    const crash = await backend.simHost.request('crashForTest', { kind: 'segfault' });
    expect(crash.ok ? '' : crash.diagnostics[0]?.message).toContain('"api_after_crash"');
    await net.run(0.002);
    const data = await monitor.fetch();
    expect(data.t.length).toBe(20); // a fresh network from t = 0
    expect(data.t[19]).toBeCloseTo(0.0019, 12);
    await net.close();
  });
});
