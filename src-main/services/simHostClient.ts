/**
 * Client side of the sim-host protocol: typed requests with ids, event fan-out, and supervision.
 * When the sim host dies by a signal (a crash in generated code) every pending request fails
 * with a diagnostic, listeners get a crash report, and the next request starts a fresh host.
 */
import { makeDiagnostic } from '../../src-shared/diagnostics';
import { isSimMessage, type CrashReport, type IpcResult, type SimEvent, type SimHostMethods } from '../../src-shared/ipc';
import type { SimHostLauncher, SimHostProcess } from './simHostLauncher';

interface Pending {
  readonly method: string;
  readonly resolve: (result: IpcResult<unknown>) => void;
}

/** A supervised connection to a sim host. */
export class SimHostClient {
  private process: SimHostProcess | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Set<(event: SimEvent) => void>();
  private readonly crashListeners = new Set<(report: CrashReport) => void>();
  private nextId = 1;
  private lastContext: { networkName?: string; tier?: 'js' | 'native' } = {};
  private disposed = false;

  constructor(private readonly launcher: SimHostLauncher) {}

  private ensureProcess(): SimHostProcess {
    if (this.process !== undefined) return this.process;
    const child = this.launcher.launch();
    this.process = child;
    child.onMessage((message) => {
      if (!isSimMessage(message)) return;
      if (message.kind === 'response') {
        const pending = this.pending.get(message.id);
        if (pending === undefined) return;
        this.pending.delete(message.id);
        pending.resolve(message.ok ? { ok: true, value: message.value } : { ok: false, diagnostics: message.diagnostics });
      } else {
        for (const listener of this.eventListeners) listener(message);
      }
    });
    child.onExit((code, signal) => {
      if (this.process === child) this.process = undefined;
      const crashed = signal !== null || (code !== 0 && code !== null);
      const message = signal !== null ? `the simulation host was killed by ${signal}` : `the simulation host exited with code ${String(code)}`;
      for (const [id, pending] of this.pending) {
        this.pending.delete(id);
        pending.resolve({ ok: false, diagnostics: [makeDiagnostic('SF8001', { signal: signal ?? `exit ${String(code)}`, network: this.lastContext.networkName ?? '?', step: '?' }, undefined, [message, `request: ${pending.method}`])] });
      }
      if (crashed && !this.disposed) {
        const report: CrashReport = { signal: signal ?? `exit code ${String(code)}`, message, ...this.lastContext };
        for (const listener of this.crashListeners) listener(report);
      }
    });
    return child;
  }

  /** Sends a request; resolves with the result or diagnostics (never rejects). */
  request<M extends keyof SimHostMethods>(method: M, args: SimHostMethods[M]['args']): Promise<IpcResult<SimHostMethods[M]['result']>> {
    if (this.disposed) return Promise.resolve({ ok: false, diagnostics: [makeDiagnostic('SF8005', { message: 'the simulation host was shut down' })] });
    const child = this.ensureProcess();
    const id = this.nextId++;
    return new Promise((resolve) => {
      // The sim host answers with the result type of `method` (protocol invariant).
      this.pending.set(id, { method, resolve: resolve as (result: IpcResult<unknown>) => void });
      child.send({ kind: 'request', id, method, args });
    });
  }

  /** Remembers what is running, for crash reports. */
  noteContext(context: { networkName?: string; tier?: 'js' | 'native' }): void {
    this.lastContext = context;
  }

  onEvent(listener: (event: SimEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onCrash(listener: (report: CrashReport) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  /** The sim host's pid, if one is running. */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Stops the sim host. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const child = this.process;
    this.process = undefined;
    if (child === undefined) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve();
      }, 2000);
      child.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      child.kill();
    });
  }
}
