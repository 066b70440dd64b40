/**
 * Client side of the sim-host protocol: typed requests with ids, event fan-out, and supervision
 * (ARCHITECTURE.md §4). The sim host is disposable; what the user has stays in this process:
 *
 * - Crash: when the host dies (a signal such as SIGSEGV from generated code, or a non-zero exit)
 *   every pending request resolves with SF8001 naming the signal, the network, the code object of
 *   the request and the last known step and simulated time; crash listeners get a `CrashReport`;
 *   a fresh host is started at once (only if the dead one had come up, so a host that cannot
 *   start does not loop).
 * - Watchdog: while the request the host is serving (requests are served in order, so it is the
 *   oldest pending one) is a run, an update or another quick call, any message from the host
 *   (response, progress, batch) counts as progress. After `watchdogMs` of silence the host is
 *   killed (SIGKILL) and reported like a crash, as SF8007. Builds and the probe are not watched:
 *   the compiler has its own timeout.
 * - Networks survive: the last build arguments of every network id are kept, and a request for a
 *   network the current host has not built (it was built by a host that died) rebuilds it first,
 *   from its model, under the same id. Its state restarts at t = 0.
 * - Recorded data survives: monitor batches streamed as `record` events are kept here per run (up
 *   to `keepRecordedBytes`, oldest runs dropped first), so data received before a crash is still
 *   available after it.
 */
import { makeDiagnostic, type Diagnostic } from '../../src-shared/diagnostics';
import {
  isSimMessage,
  type CrashReport,
  type IpcResult,
  type MonitorBatch,
  type SimBuildArgs,
  type SimBuildResult,
  type SimEvent,
  type SimHostMethods,
} from '../../src-shared/ipc';
import type { SimHostLauncher, SimHostProcess } from './simHostLauncher';

/** Options of a {@link SimHostClient}. */
export interface SimHostClientOptions {
  /**
   * Kill the host when a watched request sees no message from it for this long, ms. Default:
   * `SPIKEFORGE_WATCHDOG_MS`, else 30 000. 0 disables the watchdog.
   */
  readonly watchdogMs?: number;
  /** Monitor batches kept in this process, bytes (default 256 MiB; oldest runs dropped first). */
  readonly keepRecordedBytes?: number;
}

/** What the client knows about a network the user built. */
export interface NetworkState {
  readonly networkId: string;
  readonly networkName: string;
  readonly namespace: string;
  readonly tier: 'js' | 'native';
  readonly libraryPath?: string;
  /** Last step known from run/update results and progress events. */
  readonly step: number;
  /** Simulated time at `step`, seconds. */
  readonly t: number;
  /** True when the current sim host has this network built (false after a crash, until its next use). */
  readonly live: boolean;
}

interface Pending {
  readonly id: number;
  readonly method: string;
  readonly args: unknown;
  readonly sentAt: number;
  readonly resolve: (result: IpcResult<unknown>) => void;
}

interface Host {
  readonly process: SimHostProcess;
  readonly generation: number;
  readonly launchedAt: number;
  ready: boolean;
  /** Set when the watchdog killed it: seconds of silence. */
  watchdogSeconds?: number;
}

interface NetworkRecord {
  args: SimBuildArgs & { readonly networkId: string };
  result: SimBuildResult;
  generation: number;
  step: number;
  rebuilding?: Promise<IpcResult<SimBuildResult>>;
}

interface RunRecord {
  readonly networkId: string | undefined;
  readonly batches: MonitorBatch[];
  bytes: number;
}

/** Requests the watchdog does not time: the compiler has its own timeout; cache I/O may be slow. */
const UNWATCHED = new Set<string>(['build', 'probe', 'cacheInfo', 'cleanCache']);
const DEFAULT_WATCHDOG_MS = 30_000;
const DEFAULT_KEEP_RECORDED_BYTES = 256 * 1024 ** 2;

function watchdogFromEnv(): number {
  const value = Number(process.env.SPIKEFORGE_WATCHDOG_MS);
  return process.env.SPIKEFORGE_WATCHDOG_MS !== undefined && Number.isFinite(value) && value >= 0 ? value : DEFAULT_WATCHDOG_MS;
}

function batchBytes(batch: MonitorBatch): number {
  let bytes = batch.t.byteLength + (batch.spikeIndices?.byteLength ?? 0);
  for (const rows of Object.values(batch.values)) for (const row of rows) bytes += row.byteLength;
  return bytes;
}

function networkIdOf(args: unknown): string | undefined {
  if (typeof args !== 'object' || args === null || !('networkId' in args)) return undefined;
  return typeof args.networkId === 'string' ? args.networkId : undefined;
}

function stringArg(args: unknown, name: string): string | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const value = (args as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Seconds as short text: `0.1 s`, `1.5 s`. */
function formatSeconds(seconds: number): string {
  return `${Number(seconds.toPrecision(6))} s`;
}

/** A supervised connection to a sim host. */
export class SimHostClient {
  private host: Host | undefined;
  private generation = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Set<(event: SimEvent) => void>();
  private readonly crashListeners = new Set<(report: CrashReport) => void>();
  private readonly networks = new Map<string, NetworkRecord>();
  private readonly runs = new Map<string, RunRecord>();
  /** Network of each run in flight, for progress events. */
  private readonly runNetworks = new Map<string, string>();
  private recordedBytes = 0;
  private lastNetworkId: string | undefined;
  private nextId = 1;
  private nextNetwork = 1;
  private lastMessageAt = 0;
  private watchdogTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly watchdogMs: number;
  private readonly keepRecordedBytes: number;
  private restartCount = 0;
  private restartStartedAt: number | undefined;
  private restartMs: number | undefined;

  constructor(
    private readonly launcher: SimHostLauncher,
    options: SimHostClientOptions = {},
  ) {
    this.watchdogMs = options.watchdogMs ?? watchdogFromEnv();
    this.keepRecordedBytes = options.keepRecordedBytes ?? DEFAULT_KEEP_RECORDED_BYTES;
  }

  private ensureHost(): Host {
    if (this.host !== undefined) return this.host;
    const child = this.launcher.launch();
    const host: Host = { process: child, generation: ++this.generation, launchedAt: performance.now(), ready: false };
    this.host = host;
    this.lastMessageAt = performance.now();
    child.onMessage((message) => this.handleMessage(host, message));
    child.onExit((code, signal) => this.handleExit(host, code, signal));
    return host;
  }

  private handleMessage(host: Host, message: unknown): void {
    if (!isSimMessage(message)) return;
    if (host === this.host) this.lastMessageAt = performance.now();
    if (message.kind === 'response') {
      const pending = this.pending.get(message.id);
      if (pending === undefined) return;
      this.pending.delete(message.id);
      const result: IpcResult<unknown> = message.ok ? { ok: true, value: message.value } : { ok: false, diagnostics: message.diagnostics };
      this.noteResult(pending, result);
      pending.resolve(result);
      this.armWatchdog();
      return;
    }
    if (message.event === 'ready') {
      host.ready = true;
      if (this.restartStartedAt !== undefined && host === this.host) {
        this.restartMs = performance.now() - this.restartStartedAt;
        this.restartStartedAt = undefined;
      }
    } else if (message.event === 'progress') {
      const networkId = this.runNetworks.get(message.payload.runId);
      const network = networkId === undefined ? undefined : this.networks.get(networkId);
      if (network !== undefined) network.step = Math.round(message.payload.t / network.args.ir.dt);
    } else {
      this.keepBatch(message.payload);
    }
    for (const listener of this.eventListeners) listener(message);
  }

  /** Updates what is known about networks from a successful response. */
  private noteResult(pending: Pending, result: IpcResult<unknown>): void {
    if (!result.ok) return;
    const networkId = networkIdOf(pending.args);
    const network = networkId === undefined ? undefined : this.networks.get(networkId);
    if (network === undefined) return;
    const value = result.value as { readonly step?: unknown };
    const stepping = pending.method === 'run' || pending.method === 'update' || pending.method === 'takeSnapshot' || pending.method === 'store' || pending.method === 'restore';
    if (stepping && typeof value.step === 'number') network.step = value.step;
  }

  private keepBatch(batch: MonitorBatch): void {
    let run = this.runs.get(batch.runId);
    if (run === undefined) {
      run = { networkId: this.runNetworks.get(batch.runId), batches: [], bytes: 0 };
      this.runs.set(batch.runId, run);
    }
    const bytes = batchBytes(batch);
    run.batches.push(batch);
    run.bytes += bytes;
    this.recordedBytes += bytes;
    // Drop whole runs, oldest first, never the one being recorded.
    for (const [runId, old] of this.runs) {
      if (this.recordedBytes <= this.keepRecordedBytes || runId === batch.runId) break;
      this.recordedBytes -= old.bytes;
      this.runs.delete(runId);
    }
  }

  private handleExit(host: Host, code: number | null, signal: string | null): void {
    if (this.host === host) this.host = undefined;
    this.clearWatchdog();
    const watchdog = host.watchdogSeconds;
    const crashed = watchdog !== undefined || signal !== null || (code !== 0 && code !== null);
    const head = this.pending.values().next().value;
    const report = this.describeCrash(head, code, signal, watchdog);
    this.runNetworks.clear();
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      if (this.disposed) {
        pending.resolve({ ok: false, diagnostics: [makeDiagnostic('SF8005', { message: 'the simulation host was shut down' })] });
        continue;
      }
      const diagnostic = pending === head ? report.diagnostic : { ...report.diagnostic, notes: [...(report.diagnostic.notes ?? []), `this request (${pending.method}) was still queued`] };
      pending.resolve({ ok: false, diagnostics: [diagnostic] });
    }
    if (!crashed || this.disposed) return;
    // Restart at once so the next request finds a warm host; a host that never came up is not
    // restarted here (the next request tries again), so a broken installation cannot loop.
    const restarted = host.ready;
    if (restarted) {
      this.restartCount++;
      this.restartStartedAt = performance.now();
      this.ensureHost();
    }
    const full: CrashReport = { ...report.report, restarted, diagnostics: [report.diagnostic] };
    for (const listener of this.crashListeners) listener(full);
  }

  private describeCrash(head: Pending | undefined, code: number | null, signal: string | null, watchdog: number | undefined): { diagnostic: Diagnostic; report: CrashReport } {
    const networkId = (head === undefined ? undefined : networkIdOf(head.args)) ?? this.lastNetworkId;
    const network = networkId === undefined ? undefined : this.networks.get(networkId);
    const signalText = watchdog !== undefined ? (signal ?? 'SIGKILL') : (signal ?? `exit code ${String(code)}`);
    const codeObject = head === undefined || network === undefined ? undefined : this.codeObjectOf(head, network);
    const t = network === undefined ? undefined : network.step * network.args.ir.dt;
    const request = head?.method;
    let where: string;
    if (network !== undefined && t !== undefined) {
      const running = head !== undefined && networkIdOf(head.args) === networkId ? 'in' : 'after';
      where = `${running} network "${network.result.networkName}" (${network.result.tier} tier${codeObject === undefined ? '' : `, code object ${codeObject}`}), last known step ${network.step} (t = ${formatSeconds(t)})${request === undefined ? ', while idle' : `, request "${request}"`}`;
    } else {
      where = request === undefined ? 'while idle' : `during request "${request}"`;
    }
    const notes: string[] = [];
    if (network?.result.libraryPath !== undefined) notes.push(`library ${network.result.libraryPath} (its C++ source is source.cpp beside it)`);
    if (!this.disposed) notes.push('a new simulation host is started; built networks are rebuilt from their models on next use (their state restarts at t = 0); monitor data received before the crash is kept');
    const diagnostic = watchdog !== undefined ? makeDiagnostic('SF8007', { signal: signalText, seconds: watchdog, where }, undefined, notes) : makeDiagnostic('SF8001', { signal: signalText, where }, undefined, notes);
    const report: CrashReport = {
      signal: signalText,
      message: diagnostic.message,
      cause: watchdog !== undefined ? 'watchdog' : signal !== null ? 'signal' : 'exit',
      ...(network === undefined
        ? {}
        : {
            networkId: network.args.networkId,
            networkName: network.result.networkName,
            tier: network.result.tier,
            step: network.step,
            t: network.step * network.args.ir.dt,
            ...(network.result.libraryPath === undefined ? {} : { libraryPath: network.result.libraryPath }),
          }),
      ...(codeObject === undefined ? {} : { codeObject }),
      ...(request === undefined ? {} : { request }),
    };
    return { diagnostic, report };
  }

  /** The code object a request runs: `<prefix>_<group>_stateupdate` for an update, `<prefix>_run` for a run. */
  private codeObjectOf(request: Pending, network: NetworkRecord): string | undefined {
    const names = network.result.entryPoints.map((e) => e.name);
    const find = (suffix: string): string => names.find((n) => n.endsWith(suffix)) ?? suffix.slice(1);
    switch (request.method) {
      case 'run':
        return find('_run');
      case 'update':
        return find(`_${stringArg(request.args, 'group') ?? '?'}_stateupdate`);
      case 'record':
        return find(`_${stringArg(request.args, 'monitor') ?? '?'}_record`);
      default:
        return undefined;
    }
  }

  private clearWatchdog(): void {
    if (this.watchdogTimer !== undefined) clearTimeout(this.watchdogTimer);
    this.watchdogTimer = undefined;
  }

  /** Schedules a check for when the request being served would time out (if it is watched). */
  private armWatchdog(): void {
    if (this.watchdogMs <= 0 || this.watchdogTimer !== undefined) return;
    const head = this.pending.values().next().value;
    if (head === undefined || UNWATCHED.has(head.method)) return;
    const deadline = Math.max(this.lastMessageAt, head.sentAt) + this.watchdogMs;
    this.watchdogTimer = setTimeout(() => {
      this.watchdogTimer = undefined;
      const host = this.host;
      const current = this.pending.values().next().value;
      if (host === undefined || current === undefined || UNWATCHED.has(current.method)) return;
      if (performance.now() >= Math.max(this.lastMessageAt, current.sentAt) + this.watchdogMs) {
        host.watchdogSeconds = this.watchdogMs / 1000;
        host.process.kill();
      } else {
        this.armWatchdog();
      }
    }, Math.max(1, deadline - performance.now()));
    this.watchdogTimer.unref?.();
  }

  /** Sends one request to the current host (starting one if needed). */
  private send(method: string, args: unknown): Promise<IpcResult<unknown>> {
    const host = this.ensureHost();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { id, method, args, sentAt: performance.now(), resolve });
      host.process.send({ kind: 'request', id, method, args });
      this.armWatchdog();
    });
  }

  /** Rebuilds a network the current host does not have (built by a host that died). */
  private rebuild(network: NetworkRecord): Promise<IpcResult<SimBuildResult>> {
    network.rebuilding ??= (this.send('build', network.args) as Promise<IpcResult<SimBuildResult>>).then((result) => {
      network.rebuilding = undefined;
      if (result.ok) {
        network.result = result.value;
        network.generation = this.generation;
        network.step = 0;
      }
      return result;
    });
    return network.rebuilding;
  }

  /** Sends a request; resolves with the result or diagnostics (never rejects). */
  async request<M extends keyof SimHostMethods>(method: M, args: SimHostMethods[M]['args']): Promise<IpcResult<SimHostMethods[M]['result']>> {
    if (this.disposed) return { ok: false, diagnostics: [makeDiagnostic('SF8005', { message: 'the simulation host was shut down' })] };
    // Results are typed by the protocol: the sim host answers `method` with its result type.
    type Result = IpcResult<SimHostMethods[M]['result']>;
    if (method === 'build') return await this.build(args as SimBuildArgs);
    const networkId = networkIdOf(args);
    const network = networkId === undefined ? undefined : this.networks.get(networkId);
    if (networkId !== undefined) this.lastNetworkId = networkId;
    if (network !== undefined) {
      this.ensureHost();
      if (network.generation !== this.generation) {
        if (method === 'dispose') {
          this.networks.delete(network.args.networkId);
          return { ok: true, value: { disposed: true } };
        }
        const rebuilt = await this.rebuild(network);
        if (!rebuilt.ok) return rebuilt;
      }
    }
    const runId = method === 'run' ? stringArg(args, 'runId') : undefined;
    if (runId !== undefined && networkId !== undefined) this.runNetworks.set(runId, networkId);
    const result = (await this.send(method, args)) as Result;
    if (runId !== undefined) this.runNetworks.delete(runId);
    if (method === 'dispose' && networkId !== undefined) this.networks.delete(networkId);
    return result;
  }

  private async build(args: SimBuildArgs): Promise<IpcResult<SimBuildResult>> {
    // The client names networks, so a host started after a crash never hands out an id that a
    // network of the dead host (rebuilt later under its old id) still has.
    let networkId = args.networkId;
    while (networkId === undefined || (args.networkId === undefined && this.networks.has(networkId))) networkId = `net${this.nextNetwork++}`;
    const full = { ...args, networkId };
    this.lastNetworkId = networkId;
    const result = (await this.send('build', full)) as IpcResult<SimBuildResult>;
    if (result.ok) this.networks.set(networkId, { args: full, result: result.value, generation: this.generation, step: 0 });
    return result;
  }

  /** Kept for callers that noted context before the client tracked networks itself. */
  noteContext(_context: { networkName?: string; tier?: 'js' | 'native' }): void {
    // The client now knows every network from its build request and result.
  }

  /** What the client knows about a network (survives crashes), or undefined if it was never built. */
  network(networkId: string): NetworkState | undefined {
    const n = this.networks.get(networkId);
    if (n === undefined) return undefined;
    return {
      networkId,
      networkName: n.result.networkName,
      namespace: n.result.namespace,
      tier: n.result.tier,
      ...(n.result.libraryPath === undefined ? {} : { libraryPath: n.result.libraryPath }),
      step: n.step,
      t: n.step * n.args.ir.dt,
      live: n.generation === this.generation && this.host !== undefined,
    };
  }

  /** Monitor batches of a run received so far, in arrival order (kept in this process, so they survive a crash). */
  recordedBatches(runId: string): readonly MonitorBatch[] {
    return this.runs.get(runId)?.batches ?? [];
  }

  /** Run ids with kept batches, oldest first. */
  recordedRuns(): readonly string[] {
    return [...this.runs.keys()];
  }

  /** Forgets the kept batches of one run, or of all runs. */
  clearRecorded(runId?: string): void {
    for (const [id, run] of this.runs) {
      if (runId !== undefined && id !== runId) continue;
      this.recordedBytes -= run.bytes;
      this.runs.delete(id);
    }
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
    return this.host?.process.pid;
  }

  /** Restarts after crashes so far, and the last restart's time from the crash to the new host's `ready`, ms. */
  get restarts(): { readonly count: number; readonly lastMs?: number } {
    return { count: this.restartCount, ...(this.restartMs === undefined ? {} : { lastMs: this.restartMs }) };
  }

  /** Stops the sim host. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.clearWatchdog();
    const host = this.host;
    this.host = undefined;
    if (host === undefined) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        host.process.kill();
        resolve();
      }, 2000);
      host.process.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      host.process.kill();
    });
  }
}
