/**
 * The services behind the contract, shared by the Electron main process, the web host and tests:
 * model checking (the src-shared front end), builds and runs (forwarded to a supervised sim host),
 * examples, and the inspector. Transports expose this object without knowing what it does.
 * A sim-host crash does not lose the session: built networks keep their ids (the client rebuilds
 * them on the new host on next use) and streamed monitor batches are kept in this process.
 *
 * Run control: one run per network at a time. `stopRun` ends it at the next chunk boundary (the
 * samples recorded so far stay, and the network can continue from there); `storeState` and
 * `restoreState` are Brian2's `store()`/`restore()` and are refused while the network runs, since
 * the sim host would only serve them after the run (a store "now" would silently store the end).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../../src-shared/diagnostics';
import {
  ipcFail,
  ipcOk,
  type BuildInfo,
  type EventPayload,
  type IpcResult,
  type MonitorBatch,
  type NetworkStateInfo,
  type SpikeForgeBackend,
  type SpikeForgeEvents,
  type StartupInfo,
} from '../../src-shared/ipc';
import { checkModel } from '../../src-shared/model';
import { readScript } from '../../src-shared/script';
import { listExamples, QUICK_START_EXAMPLE, readExample } from './examples';
import { createNodeSimHostLauncher, type SimHostLauncher } from './simHostLauncher';
import { SimHostClient, type SimHostClientOptions } from './simHostClient';

export interface BackendOptions {
  /** Folder for the compile cache and other per-user data. */
  readonly userDataDir: string;
  /** Folder holding package.json, templates/ and examples/. */
  readonly appRoot: string;
  /** How to start sim hosts (default: child_process.fork). */
  readonly launcher?: SimHostLauncher;
  /** Compile cache folder (default `<userDataDir>/jit-cache`). */
  readonly cacheDir?: string;
  /** Supervision of the sim host: watchdog time, batches kept for crash recovery. */
  readonly simHost?: SimHostClientOptions;
}

/** The backend plus what only Node hosts and tests use. */
export interface SupervisedBackend extends SpikeForgeBackend {
  /** Monitor batches of a run received so far; kept in this process, so they survive a sim-host crash. */
  recordedBatches(runId: string): readonly MonitorBatch[];
  /** The supervised sim-host connection (pid, restarts, raw requests). */
  readonly simHost: SimHostClient;
}

interface BuiltEntry {
  readonly info: BuildInfo;
  readonly lineMap: readonly { readonly line: number; readonly start: number; readonly end: number }[];
}

/**
 * The environment a sim host needs from its launcher: the compile cache folder and the app root
 * (templates). Launchers other than the default Node one (Electron's) pass it on.
 */
export function toSimHostEnv(options: Pick<BackendOptions, 'userDataDir' | 'appRoot' | 'cacheDir'>): Record<string, string> {
  return { SPIKEFORGE_CACHE_DIR: options.cacheDir ?? join(options.userDataDir, 'jit-cache'), SPIKEFORGE_APP_ROOT: options.appRoot };
}

/** Creates the backend. */
export async function createBackend(options: BackendOptions): Promise<SupervisedBackend> {
  const client = new SimHostClient(options.launcher ?? createNodeSimHostLauncher(toSimHostEnv(options)), options.simHost);
  const examplesDir = join(options.appRoot, 'examples');
  const listeners: { [K in keyof SpikeForgeEvents]: Set<(payload: EventPayload<K>) => void> } = {
    onDidRecord: new Set(),
    onDidProgress: new Set(),
    onDidSimHostCrash: new Set(),
  };
  const emit = <K extends keyof SpikeForgeEvents>(event: K, payload: EventPayload<K>): void => {
    for (const listener of listeners[event]) (listener)(payload);
  };
  /** The run each network has in flight: set by startRun, cleared by its final progress or result. */
  const running = new Map<string, string>();
  const endRun = (networkId: string, runId: string): void => {
    if (running.get(networkId) === runId) running.delete(networkId);
  };
  client.onEvent((event) => {
    if (event.event === 'record') emit('onDidRecord', event.payload);
    else if (event.event === 'progress') {
      const { runId, state } = event.payload;
      if (state !== 'running') for (const [networkId, current] of running) if (current === runId) endRun(networkId, runId);
      emit('onDidProgress', event.payload);
    }
  });
  // Built networks stay valid across a crash: the client rebuilds them under the same id. Runs
  // in flight died with the host.
  client.onCrash((report) => {
    running.clear();
    emit('onDidSimHostCrash', report);
  });
  const built = new Map<string, BuiltEntry>();
  let runCounter = 0;
  const version = (JSON.parse(await readFile(join(options.appRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';

  const readModel = (text: string): { ir?: ReturnType<typeof readScript>['ir']; diagnostics: Diagnostic[] } => {
    const read = readScript(text, { networkName: 'network' });
    return { ...(read.ir ? { ir: read.ir } : {}), diagnostics: [...read.diagnostics] };
  };

  /** Stored states live in the network's host arrays: refused while it runs (see the header). */
  const changeState = async (method: 'store' | 'restore', networkId: string, name: string | undefined): Promise<IpcResult<NetworkStateInfo>> => {
    const entry = built.get(networkId);
    if (entry === undefined) return ipcFail([makeDiagnostic('SF8002', { name: networkId })]);
    const member = method === 'store' ? 'storeState' : 'restoreState';
    const runId = running.get(networkId);
    if (runId !== undefined) return ipcFail([makeDiagnostic('SF8006', { detail: `${member}: network "${entry.info.networkName}" is running (${runId}); stop the run first` })]);
    const stateName = name ?? 'default';
    const result = await client.request(method, { networkId, name: stateName });
    if (!result.ok) return result;
    return ipcOk({ networkId, name: stateName, step: result.value.step, t: result.value.step * entry.info.dt, storedNames: result.value.names });
  };

  return {
    async getStartup(): Promise<IpcResult<StartupInfo>> {
      const quickStart = await readExample(examplesDir, QUICK_START_EXAMPLE);
      if (quickStart === undefined) return ipcFail([makeDiagnostic('SF8005', { message: `examples/${QUICK_START_EXAMPLE}.py is missing` })]);
      const probe = await client.request('probe', {});
      const toolchain = probe.ok ? probe.value : { available: false, message: 'toolchain probe failed' };
      return ipcOk({ version, quickStart, examples: await listExamples(examplesDir), toolchain });
    },
    async openExample({ name }) {
      const example = await readExample(examplesDir, name);
      return example === undefined ? ipcFail([makeDiagnostic('SF8006', { detail: `no example named "${name}"` })]) : ipcOk(example);
    },
    async checkModel({ text }) {
      const read = readModel(text);
      const diagnostics = [...read.diagnostics];
      if (read.ir !== undefined) diagnostics.push(...checkModel(read.ir).diagnostics);
      return ipcOk({ diagnostics });
    },
    async buildNetwork({ text, tier }) {
      const read = readModel(text);
      if (read.ir === undefined || read.diagnostics.some((d) => d.severity === 'error')) return ipcFail(read.diagnostics);
      const result = await client.request('build', { ir: read.ir, tier: tier ?? 'auto', networkId: 'editor' });
      if (!result.ok) return result;
      const b = result.value;
      client.noteContext({ networkName: b.networkName, tier: b.tier });
      const info: BuildInfo = {
        networkId: b.networkId,
        networkName: b.networkName,
        namespace: b.namespace,
        tier: b.tier,
        cacheHit: b.cacheHit,
        ...(b.libraryPath ? { libraryPath: b.libraryPath } : {}),
        timings: b.timings,
        cppSource: b.cppSource,
        jsSource: b.jsSource,
        monitors: b.monitors,
        duration: read.ir.duration,
        dt: read.ir.dt,
        warnings: [...read.diagnostics, ...b.warnings],
        ...(b.nativeInBackground === true ? { nativeInBackground: true } : {}),
      };
      built.set(b.networkId, { info, lineMap: b.lineMap });
      return ipcOk(info);
    },
    async startRun({ networkId, duration }) {
      const entry = built.get(networkId);
      if (entry === undefined) return ipcFail([makeDiagnostic('SF8002', { name: networkId })]);
      const current = running.get(networkId);
      if (current !== undefined) return ipcFail([makeDiagnostic('SF8006', { detail: `startRun: network "${entry.info.networkName}" is already running (${current}); stop it first` })]);
      const runId = `run${++runCounter}`;
      running.set(networkId, runId);
      const seconds = duration ?? entry.info.duration;
      const exact = seconds / entry.info.dt;
      const steps = Math.abs(Math.round(exact) - exact) <= 1e-4 ? Math.round(exact) : Math.ceil(exact);
      // The run streams batches and progress as events; its final result only matters on failure.
      void client.request('run', { networkId, runId, steps, stream: true }).then((result) => {
        endRun(networkId, runId);
        if (result.ok) return;
        const network = client.network(networkId);
        emit('onDidProgress', { runId, state: 'error', t: network?.t ?? 0, duration: seconds, step: network?.step ?? 0, stepsPerSecond: 0, etaSeconds: 0, tier: network?.tier ?? entry.info.tier, diagnostics: result.diagnostics });
      });
      return ipcOk({ runId });
    },
    async stopRun({ networkId, runId }) {
      if (!built.has(networkId)) return ipcFail([makeDiagnostic('SF8002', { name: networkId })]);
      const current = running.get(networkId);
      if (current === undefined || (runId !== undefined && runId !== current)) return ipcOk({ stopping: false });
      const result = await client.request('stop', { networkId, runId: current });
      return result.ok ? ipcOk({ stopping: true, runId: current }) : result;
    },
    storeState: ({ networkId, name }) => changeState('store', networkId, name),
    restoreState: ({ networkId, name }) => changeState('restore', networkId, name),
    async getGeneratedCode({ networkId }) {
      const entry = built.get(networkId);
      if (entry === undefined) return ipcFail([makeDiagnostic('SF8002', { name: networkId })]);
      return ipcOk({ cpp: entry.info.cppSource, js: entry.info.jsSource, lineMap: entry.lineMap });
    },
    inspectObject: (req) => client.request('inspectObject', req),
    inspectArray: (req) => client.request('inspectArray', req),
    takeSnapshot: (req) => client.request('takeSnapshot', req),
    compareSnapshots: (req) => client.request('compareSnapshots', req),
    scanNamespaces: () => client.request('scanNamespaces', {}),
    checkConflicts: (req) => client.request('checkConflicts', req),
    subscribe(event, listener) {
      const set = listeners[event] as Set<typeof listener>;
      set.add(listener);
      return () => set.delete(listener);
    },
    dispose: () => client.dispose(),
    recordedBatches: (runId) => client.recordedBatches(runId),
    simHost: client,
  };
}
