/**
 * Supervision rules of the sim-host client against a scripted fake host (no process, fast and
 * deterministic): crash diagnostics, eager restart, lazy rebuild under the same network id, the
 * watchdog, recorded batches kept across a crash, and shutdown. The real forked host is exercised
 * by simHostCrash.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { CrashReport, MonitorBatch, SimBuildResult, SimRequest } from '../../src-shared/ipc';
import { NeuronGroup, toModelIR } from '../../src-shared/api';
import { SimHostClient } from './simHostClient';
import type { SimHostLauncher, SimHostProcess } from './simHostLauncher';

type Answer = { value: unknown } | { diagnostics: unknown[] } | 'silent';

class FakeHost implements SimHostProcess {
  readonly sent: SimRequest[] = [];
  private readonly messageListeners: ((message: unknown) => void)[] = [];
  private readonly exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
  killed = false;
  exited = false;

  constructor(
    readonly pid: number,
    private readonly answer: (request: SimRequest) => Answer,
  ) {}

  send(message: unknown): void {
    const request = message as SimRequest;
    this.sent.push(request);
    const answer = this.answer(request);
    if (answer === 'silent') return;
    setTimeout(() => this.emit('value' in answer ? { kind: 'response', id: request.id, ok: true, value: answer.value } : { kind: 'response', id: request.id, ok: false, diagnostics: answer.diagnostics }), 1);
  }
  onMessage(listener: (message: unknown) => void): void {
    this.messageListeners.push(listener);
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.exitListeners.push(listener);
  }
  kill(): void {
    this.killed = true;
    setTimeout(() => this.exit(null, 'SIGKILL'), 1);
  }
  emit(message: unknown): void {
    if (!this.exited) for (const listener of this.messageListeners) listener(message);
  }
  exit(code: number | null, signal: string | null): void {
    if (this.exited) return;
    this.exited = true;
    for (const listener of this.exitListeners) listener(code, signal);
  }
  ready(): void {
    this.emit({ kind: 'event', event: 'ready', payload: { pid: this.pid } });
  }
}

function buildResult(networkId: string, networkName = 'quickstart'): SimBuildResult {
  const prefix = `sf_${networkName}_0123456789abcdef`;
  return {
    networkId,
    networkName,
    namespace: prefix,
    tier: 'native',
    cacheHit: true,
    libraryPath: `/cache/${networkName}/lib.so`,
    timings: { parseMs: 0, codegenMs: 0, renderMs: 0, compileMs: 0, loadMs: 0 },
    cppSource: '',
    jsSource: '',
    lineMap: [],
    monitors: [],
    entryPoints: [
      { name: `${prefix}_run`, signature: '' },
      { name: `${prefix}_neurons_stateupdate`, signature: '' },
    ],
    warnings: [],
  };
}

/** A launcher whose hosts answer builds and steps; `run` requests stay silent when `hangRuns`. */
function fakeLauncher(options: { hangRuns?: boolean; autoReady?: boolean } = {}): SimHostLauncher & { hosts: FakeHost[] } {
  const hosts: FakeHost[] = [];
  return {
    hosts,
    launch() {
      const host = new FakeHost(1000 + hosts.length, (request) => {
        const args = request.args as { networkId?: string; steps?: number };
        switch (request.method) {
          case 'build':
            return { value: buildResult(args.networkId ?? 'net?') };
          case 'update':
            return { value: { step: 10 * (args.steps ?? 1), callMs: 0 } };
          case 'run':
            return options.hangRuns === true ? 'silent' : { value: { steps: args.steps, step: args.steps, elapsedMs: 1, nsPerStep: 1 } };
          case 'crashForTest':
            return 'silent';
          default:
            return { value: {} };
        }
      });
      hosts.push(host);
      if (options.autoReady !== false) setTimeout(() => host.ready(), 0);
      return host;
    },
  };
}

const quickStart = toModelIR('quickstart', [new NeuronGroup(100, 'dv/dt = (-v + I) / tau : 1', { name: 'neurons', dt: '0.1*ms', namespace: { tau: '10*ms', I: 1 } })]);
if (!quickStart.ok) throw new Error('the Quick Start model must be valid');
const ir = quickStart.value;
const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function batch(runId: string, samples: number): MonitorBatch {
  return { runId, monitor: 'monitor', indices: [0], t: new Float64Array(samples), values: { v: [new Float64Array(samples)] }, totalSamples: samples };
}

describe('SimHostClient supervision', () => {
  it('a signal fails the pending request with SF8001 naming signal, network, code object, step and t; the host restarts', async () => {
    const launcher = fakeLauncher();
    const client = new SimHostClient(launcher, { watchdogMs: 0 });
    const reports: CrashReport[] = [];
    client.onCrash((r) => reports.push(r));
    const built = await client.request('build', { ir, tier: 'auto' });
    expect(built.ok && built.value.networkId).toBe('net1');
    await tick();
    expect((await client.request('update', { networkId: 'net1', group: 'neurons', steps: 100 })).ok).toBe(true);
    const first = launcher.hosts[0];
    const pending = client.request('update', { networkId: 'net1', group: 'neurons', steps: 1 });
    // The host dies before it answers (the fake answers after 1 ms).
    first?.exit(null, 'SIGSEGV');
    const result = await pending;
    expect(result.ok).toBe(false);
    const diagnostic = result.ok ? undefined : result.diagnostics[0];
    expect(diagnostic?.code).toBe('SF8001');
    expect(diagnostic?.message).toBe(
      'The simulation host crashed (SIGSEGV) in network "quickstart" (native tier, code object sf_quickstart_0123456789abcdef_neurons_stateupdate), last known step 1000 (t = 0.1 s), request "update".',
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ signal: 'SIGSEGV', cause: 'signal', networkId: 'net1', networkName: 'quickstart', step: 1000, t: 0.1, request: 'update', restarted: true, libraryPath: '/cache/quickstart/lib.so' });
    expect(launcher.hosts).toHaveLength(2); // restarted at once
    expect(client.restarts.count).toBe(1);
    expect(client.network('net1')).toMatchObject({ live: false, step: 1000 });
  });

  it('the next request for a network of the dead host rebuilds it first, under the same id and model', async () => {
    const launcher = fakeLauncher();
    const client = new SimHostClient(launcher, { watchdogMs: 0 });
    await client.request('build', { ir, tier: 'native', networkId: 'editor' });
    launcher.hosts[0]?.exit(null, 'SIGABRT');
    await tick();
    const second = launcher.hosts[1];
    expect(second?.sent).toEqual([]); // lazily: nothing rebuilt until used
    const run = await client.request('run', { networkId: 'editor', runId: 'r1', steps: 5, stream: true });
    expect(run.ok).toBe(true);
    expect(second?.sent.map((r) => r.method)).toEqual(['build', 'run']);
    expect(second?.sent[0]?.args).toEqual({ ir, tier: 'native', networkId: 'editor' });
    expect(client.network('editor')).toMatchObject({ live: true, step: 5 });
    // Disposing a network the current host never rebuilt needs no host round trip.
    await client.request('build', { ir, tier: 'native', networkId: 'other' });
    second?.exit(1, null);
    await tick();
    expect((await client.request('dispose', { networkId: 'other' })).ok).toBe(true);
    expect(launcher.hosts[2]?.sent.map((r) => r.method)).toEqual([]);
    expect(client.network('other')).toBeUndefined();
  });

  it('new networks after a restart never reuse the id of a network of the dead host', async () => {
    const launcher = fakeLauncher();
    const client = new SimHostClient(launcher, { watchdogMs: 0 });
    const a = await client.request('build', { ir, tier: 'js' });
    launcher.hosts[0]?.exit(null, 'SIGSEGV');
    await tick();
    const b = await client.request('build', { ir, tier: 'js' });
    expect([a.ok && a.value.networkId, b.ok && b.value.networkId]).toEqual(['net1', 'net2']);
  });

  it('the watchdog kills a run with no message for watchdogMs and reports SF8007; progress keeps it alive', async () => {
    const launcher = fakeLauncher({ hangRuns: true });
    const client = new SimHostClient(launcher, { watchdogMs: 80 });
    const reports: CrashReport[] = [];
    client.onCrash((r) => reports.push(r));
    await client.request('build', { ir, tier: 'native', networkId: 'editor' });
    const started = performance.now();
    const run = client.request('run', { networkId: 'editor', runId: 'r1', steps: 1000, stream: true });
    const host = launcher.hosts[0];
    // Progress every 30 ms for 200 ms: longer than the watchdog time, but never silent that long.
    for (let k = 1; k <= 6; k++) {
      await tick(30);
      expect(host?.killed).toBe(false);
      host?.emit({ kind: 'event', event: 'progress', payload: { runId: 'r1', state: 'running', t: k * 0.001, duration: 0.1, step: k * 10, stepsPerSecond: 0, etaSeconds: 1, tier: 'native' } });
    }
    const result = await run;
    const elapsed = performance.now() - started;
    expect(host?.killed).toBe(true);
    expect(elapsed).toBeGreaterThan(180 + 70);
    expect(result.ok ? undefined : result.diagnostics[0]?.code).toBe('SF8007');
    expect(result.ok ? '' : result.diagnostics[0]?.message).toMatch(/^The simulation host was killed with SIGKILL \(watchdog: no progress for 0\.08 s\) in network "quickstart" \(native tier, code object sf_quickstart_0123456789abcdef_run\), last known step 60 \(t = 0\.006 s\)/);
    expect(reports[0]).toMatchObject({ cause: 'watchdog', signal: 'SIGKILL', step: 60, restarted: true });
  });

  it('does not time builds, and a host that never came up is not restarted eagerly', async () => {
    const launcher = fakeLauncher({ autoReady: false });
    const client = new SimHostClient(launcher, { watchdogMs: 20 });
    const slowBuild = client.request('probe', {});
    await tick(60);
    expect(launcher.hosts[0]?.killed).toBe(false);
    await slowBuild;
    launcher.hosts[0]?.exit(1, null);
    await tick();
    expect(launcher.hosts).toHaveLength(1);
    expect((await client.request('probe', {})).ok).toBe(true); // the next request starts one
    expect(launcher.hosts).toHaveLength(2);
  });

  it('keeps streamed batches across a crash, dropping the oldest runs above the cap', async () => {
    const launcher = fakeLauncher();
    const client = new SimHostClient(launcher, { watchdogMs: 0, keepRecordedBytes: 3 * 8 * 2 * 100 });
    await client.request('probe', {});
    const host = launcher.hosts[0];
    for (const runId of ['a', 'b', 'c']) host?.emit({ kind: 'event', event: 'record', payload: batch(runId, 100) });
    expect(client.recordedRuns()).toEqual(['a', 'b', 'c']);
    host?.emit({ kind: 'event', event: 'record', payload: batch('d', 100) });
    expect(client.recordedRuns()).toEqual(['b', 'c', 'd']);
    host?.exit(null, 'SIGSEGV');
    await tick();
    expect(client.recordedBatches('d')[0]?.t.length).toBe(100);
    client.clearRecorded('b');
    expect(client.recordedRuns()).toEqual(['c', 'd']);
  });

  it('dispose fails pending requests with SF8005 and reports no crash', async () => {
    const launcher = fakeLauncher({ hangRuns: true });
    const client = new SimHostClient(launcher, { watchdogMs: 0 });
    const reports: CrashReport[] = [];
    client.onCrash((r) => reports.push(r));
    await client.request('build', { ir, tier: 'js', networkId: 'x' });
    const run = client.request('run', { networkId: 'x', runId: 'r', steps: 1, stream: false });
    await tick();
    await client.dispose();
    const result = await run;
    expect(result.ok ? undefined : result.diagnostics[0]?.code).toBe('SF8005');
    expect(reports).toEqual([]);
    expect(launcher.hosts).toHaveLength(1);
  });
});
