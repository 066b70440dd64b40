/**
 * The Electron launcher without Electron: `utilityProcess` and `app` are faked (this machine has no
 * Electron binary). Unit tests drive a scripted utility process: message queueing until `ready`,
 * structured clones with typed arrays, exit codes and `child-process-gone` reasons mapped to the
 * Node `onExit(code, signal)` contract in either order, and SIGKILL for kill(). The last test runs
 * the real sim host behind a fake `utilityProcess.fork` that gives it a `process.parentPort` (over
 * Node IPC), so the sim host's parentPort path and the supervised client are exercised end to end.
 */
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NeuronGroup, StateMonitor, toModelIR } from '../../src-shared/api';
import type { MonitorBatch, SimEvent } from '../../src-shared/ipc';
import { findAppRoot } from '../services/appRoot';
import { SimHostClient } from '../services/simHostClient';
import { locateSimHostEntry } from '../services/simHostLauncher';
import {
  createUtilityProcessLauncher,
  toExitStatus,
  toSignalName,
  type ChildProcessGoneDetails,
  type ChildProcessGoneSource,
  type UtilityForkOptions,
  type UtilityProcessModule,
  type UtilityProcessPort,
} from './utilityProcessLauncher';

/** A scripted utility process: records what it is sent, emits what the test says. */
class FakeUtility extends EventEmitter implements UtilityProcessPort {
  readonly posted: unknown[] = [];
  killCalls = 0;
  constructor(
    readonly pid: number | undefined,
    readonly options: UtilityForkOptions,
  ) {
    super();
  }
  postMessage(message: unknown): void {
    // Electron sends a structured clone, never the object itself.
    this.posted.push(structuredClone(message));
  }
  kill(): boolean {
    this.killCalls++;
    return true;
  }
}

function fakeElectron(pid: number | undefined = 4242): { utilityProcess: UtilityProcessModule & { forked: FakeUtility[] }; app: ChildProcessGoneSource & { gone(details: ChildProcessGoneDetails): void } } {
  const forked: FakeUtility[] = [];
  const app = new EventEmitter();
  return {
    utilityProcess: {
      forked,
      fork(_modulePath, _args, options) {
        const child = new FakeUtility(pid, options);
        forked.push(child);
        return child;
      },
    },
    app: {
      on: (event, listener) => app.on(event, listener),
      gone: (details) => void app.emit('child-process-gone', {}, details),
    },
  };
}

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('toSignalName / toExitStatus', () => {
  it('reads signal numbers, raw wait statuses and 128 + n', () => {
    expect(toSignalName(11)).toBe('SIGSEGV');
    expect(toSignalName(139)).toBe('SIGSEGV');
    expect(toSignalName(134)).toBe('SIGABRT');
    expect(toSignalName(9)).toBe('SIGKILL');
    expect(toSignalName(0x7f)).toBe('signal 127');
  });

  it('maps child-process-gone reasons to the Node exit contract', () => {
    expect(toExitStatus(0, undefined)).toEqual({ code: 0, signal: null });
    expect(toExitStatus(3, undefined)).toEqual({ code: 3, signal: null });
    expect(toExitStatus(0, { type: 'Utility', reason: 'clean-exit', exitCode: 0 })).toEqual({ code: 0, signal: null });
    expect(toExitStatus(11, { type: 'Utility', reason: 'crashed', exitCode: 11 })).toEqual({ code: null, signal: 'SIGSEGV' });
    expect(toExitStatus(134, { type: 'Utility', reason: 'crashed', exitCode: 134 })).toEqual({ code: null, signal: 'SIGABRT' });
    expect(toExitStatus(9, { type: 'Utility', reason: 'killed', exitCode: 9 })).toEqual({ code: null, signal: 'SIGKILL' });
    expect(toExitStatus(2, { type: 'Utility', reason: 'abnormal-exit', exitCode: 2 })).toEqual({ code: 2, signal: null });
    expect(toExitStatus(0, { type: 'Utility', reason: 'launch-failed', exitCode: 0 })).toEqual({ code: 1, signal: null });
  });
});

describe('createUtilityProcessLauncher', () => {
  it('forks the entry with the environment and a unique service name', () => {
    const electron = fakeElectron();
    const launcher = createUtilityProcessLauncher({ ...electron, entry: '/app/out/main/simhost.js', env: { SPIKEFORGE_CACHE_DIR: '/cache' }, baseEnv: { PATH: '/bin' } });
    launcher.launch();
    launcher.launch();
    const [first, second] = electron.utilityProcess.forked;
    expect(first?.options.env).toEqual({ PATH: '/bin', SPIKEFORGE_CACHE_DIR: '/cache' });
    expect(first?.options.stdio).toBe('inherit');
    expect(first?.options.serviceName).toMatch(/^spikeforge-simhost-/);
    expect(second?.options.serviceName).not.toBe(first?.options.serviceName);
  });

  it('queues messages until the sim host says ready, then posts structured clones with typed arrays intact', () => {
    const electron = fakeElectron();
    const host = createUtilityProcessLauncher({ ...electron, entry: 'simhost.js' }).launch();
    const child = electron.utilityProcess.forked[0];
    const request = { kind: 'request', id: 1, method: 'setArray', args: { values: new Float64Array([1.5, -0]), indices: new Int32Array([7]) } };
    host.send(request);
    expect(child?.posted).toEqual([]);
    child?.emit('message', { kind: 'event', event: 'ready', payload: { pid: 4242 } });
    host.send({ kind: 'request', id: 2, method: 'probe', args: {} });
    expect(child?.posted).toHaveLength(2);
    const sent = child?.posted[0] as typeof request;
    expect(sent).not.toBe(request);
    expect(sent.args.values).toBeInstanceOf(Float64Array);
    expect(Array.from(sent.args.values)).toEqual([1.5, -0]);
    expect(Object.is(sent.args.values[1], -0)).toBe(true);
    expect(sent.args.indices).toBeInstanceOf(Int32Array);
  });

  it('hands messages from the process to every listener as they are', () => {
    const electron = fakeElectron();
    const host = createUtilityProcessLauncher({ ...electron, entry: 'simhost.js' }).launch();
    const got: unknown[] = [];
    host.onMessage((message) => got.push(message));
    const batch = { kind: 'event', event: 'record', payload: { t: new Float64Array([0.001]) } };
    electron.utilityProcess.forked[0]?.emit('message', batch);
    expect(got).toEqual([batch]);
    expect((got[0] as typeof batch).payload.t).toBeInstanceOf(Float64Array);
  });

  it('reports a crash as its signal when child-process-gone comes first', () => {
    const electron = fakeElectron();
    const host = createUtilityProcessLauncher({ ...electron, entry: 'simhost.js' }).launch();
    const exits: [number | null, string | null][] = [];
    host.onExit((code, signal) => exits.push([code, signal]));
    const child = electron.utilityProcess.forked[0];
    electron.app.gone({ type: 'Utility', reason: 'crashed', exitCode: 11, serviceName: child?.options.serviceName ?? '' });
    child?.emit('exit', 11);
    expect(exits).toEqual([[null, 'SIGSEGV']]);
  });

  it('waits for child-process-gone that comes after exit, and ignores other processes', async () => {
    const electron = fakeElectron();
    const host = createUtilityProcessLauncher({ ...electron, entry: 'simhost.js', goneWaitMs: 1000 }).launch();
    const exits: [number | null, string | null][] = [];
    host.onExit((code, signal) => exits.push([code, signal]));
    const child = electron.utilityProcess.forked[0];
    child?.emit('exit', 134);
    electron.app.gone({ type: 'GPU', reason: 'crashed', exitCode: 11 });
    electron.app.gone({ type: 'Utility', reason: 'crashed', exitCode: 11, serviceName: 'Network Service' });
    await tick(5);
    expect(exits).toEqual([]);
    electron.app.gone({ type: 'Utility', reason: 'crashed', exitCode: 134, serviceName: child?.options.serviceName ?? '' });
    expect(exits).toEqual([[null, 'SIGABRT']]);
  });

  it('reports a plain exit code when no details come in time, and exit 0 at once', async () => {
    const electron = fakeElectron();
    const launcher = createUtilityProcessLauncher({ ...electron, entry: 'simhost.js', goneWaitMs: 10 });
    const failed = launcher.launch();
    const clean = launcher.launch();
    const exits: [string, number | null, string | null][] = [];
    failed.onExit((code, signal) => exits.push(['failed', code, signal]));
    clean.onExit((code, signal) => exits.push(['clean', code, signal]));
    electron.utilityProcess.forked[0]?.emit('exit', 3);
    electron.utilityProcess.forked[1]?.emit('exit', 0);
    expect(exits).toEqual([['clean', 0, null]]);
    await tick(30);
    expect(exits).toEqual([
      ['clean', 0, null],
      ['failed', 3, null],
    ]);
  });

  it('kills with SIGKILL by pid and reports SIGKILL; drops messages after exit', () => {
    const electron = fakeElectron(777);
    const signals: [number, string][] = [];
    const host = createUtilityProcessLauncher({ ...electron, entry: 'simhost.js', killPid: (pid, signal) => void signals.push([pid, signal]) }).launch();
    const exits: [number | null, string | null][] = [];
    host.onExit((code, signal) => exits.push([code, signal]));
    const child = electron.utilityProcess.forked[0];
    child?.emit('message', { kind: 'event', event: 'ready', payload: { pid: 777 } });
    expect(host.pid).toBe(777);
    host.kill();
    expect(signals).toEqual([[777, 'SIGKILL']]);
    child?.emit('exit', 9);
    expect(exits).toEqual([[null, 'SIGKILL']]);
    host.send({ kind: 'request', id: 1, method: 'probe', args: {} });
    expect(child?.posted).toEqual([]);
    host.kill();
    expect(signals).toHaveLength(1);
  });

  it('falls back to UtilityProcess.kill() without a pid', () => {
    const electron = fakeElectron(undefined);
    const host = createUtilityProcessLauncher({ ...electron, entry: 'simhost.js', killPid: () => expect.unreachable() }).launch();
    host.kill();
    expect(electron.utilityProcess.forked[0]?.killCalls).toBe(1);
  });
});

describe('the real sim host behind the launcher (parentPort over Node IPC)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spikeforge-utility-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * `utilityProcess.fork` played by child_process.fork plus a shim that provides `process.parentPort`;
   * like Electron, a process killed by a signal is reported on `app` as `child-process-gone`.
   */
  function nodeBackedUtilityProcess(app: EventEmitter): UtilityProcessModule {
    const { entry, execArgv } = locateSimHostEntry();
    const shim = join(dir, 'parentPortShim.mjs');
    writeFileSync(
      shim,
      [
        "import { pathToFileURL } from 'node:url';",
        "const listeners = [];",
        "process.on('message', (data) => { for (const listener of listeners) listener({ data }); });",
        "process.parentPort = { on: (event, listener) => { if (event === 'message') listeners.push(listener); }, postMessage: (message) => process.send(message) };",
        // Electron ends a utility process with its parent; here the IPC channel closing does.
        "process.on('disconnect', () => process.exit(0));",
        'await import(pathToFileURL(process.argv[2]).href);',
      ].join('\n'),
    );
    return {
      fork(_modulePath, _args, options) {
        const child = fork(shim, [entry], { execArgv, serialization: 'advanced', env: { ...options.env, SPIKEFORGE_SIMHOST_WARMUP: '0' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        const port = new EventEmitter();
        child.on('message', (message) => port.emit('message', message));
        child.on('exit', (code, signal) => {
          const number = signal === null ? 0 : (constants.signals[signal] ?? 9);
          if (signal !== null) app.emit('child-process-gone', {}, { type: 'Utility', reason: signal === 'SIGKILL' ? 'killed' : 'crashed', exitCode: number, serviceName: options.serviceName });
          port.emit('exit', code ?? 128 + number);
        });
        return Object.assign(port, {
          get pid() {
            return child.pid;
          },
          postMessage: (message: unknown) => void child.send(message as object),
          kill: () => child.kill('SIGTERM'),
        });
      },
    };
  }

  it('builds, runs with streamed typed arrays, and reports a segfault as SIGSEGV', async () => {
    const app = new EventEmitter();
    const launcher = createUtilityProcessLauncher({
      utilityProcess: nodeBackedUtilityProcess(app),
      app: { on: (event, listener) => app.on(event, listener) },
      entry: 'simhost.js',
      env: { SPIKEFORGE_CACHE_DIR: join(dir, 'cache'), SPIKEFORGE_APP_ROOT: findAppRoot() },
      goneWaitMs: 20,
    });
    const client = new SimHostClient(launcher, { watchdogMs: 0 });
    try {
      const neurons = new NeuronGroup(10, 'dv/dt = (1 - v) / (10*ms) : 1', { name: 'neurons', dt: '0.1*ms' });
      const ir = toModelIR('utility', [neurons, new StateMonitor(neurons, 'v', { record: [0, 9], name: 'monitor' })]);
      if (!ir.ok) throw new Error('the model must be valid');
      const built = await client.request('build', { ir: ir.value, tier: 'js' });
      expect(built.ok ? built.value.tier : built.diagnostics).toBe('js');
      const batches: MonitorBatch[] = [];
      client.onEvent((event: SimEvent) => {
        if (event.event === 'record') batches.push(event.payload);
      });
      const networkId = built.ok ? built.value.networkId : '';
      const run = await client.request('run', { networkId, runId: 'r1', steps: 50, stream: true });
      expect(run.ok ? run.value.state : run.diagnostics).toBe('done');
      const t = batches.flatMap((b) => Array.from(b.t));
      expect(t).toHaveLength(50);
      expect(batches[0]?.t).toBeInstanceOf(Float64Array);
      expect(batches[0]?.values.v?.[1]).toBeInstanceOf(Float64Array);

      // A segfault: child-process-gone says "crashed", the exit code gives the signal.
      const crashed = await client.request('crashForTest', { kind: 'segfault' });
      expect(crashed.ok ? '' : crashed.diagnostics[0]?.message).toContain('SIGSEGV');
    } finally {
      await client.dispose();
    }
  });
});
