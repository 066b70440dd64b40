/**
 * The services behind the contract, shared by the Electron main process, the web host and tests:
 * model checking (the src-shared front end), builds and runs (forwarded to a supervised sim host),
 * examples, and the inspector. Transports expose this object without knowing what it does.
 * A sim-host crash does not lose the session: built networks keep their ids (the client rebuilds
 * them on the new host on next use) and streamed monitor batches are kept in this process.
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

/** Creates the backend. */
export async function createBackend(options: BackendOptions): Promise<SupervisedBackend> {
  const cacheDir = options.cacheDir ?? join(options.userDataDir, 'jit-cache');
  const client = new SimHostClient(options.launcher ?? createNodeSimHostLauncher({ SPIKEFORGE_CACHE_DIR: cacheDir, SPIKEFORGE_APP_ROOT: options.appRoot }), options.simHost);
  const examplesDir = join(options.appRoot, 'examples');
  const listeners: { [K in keyof SpikeForgeEvents]: Set<(payload: EventPayload<K>) => void> } = {
    onDidRecord: new Set(),
    onDidProgress: new Set(),
    onDidSimHostCrash: new Set(),
  };
  const emit = <K extends keyof SpikeForgeEvents>(event: K, payload: EventPayload<K>): void => {
    for (const listener of listeners[event]) (listener)(payload);
  };
  client.onEvent((event) => {
    if (event.event === 'record') emit('onDidRecord', event.payload);
    else if (event.event === 'progress') emit('onDidProgress', event.payload);
  });
  // Built networks stay valid across a crash: the client rebuilds them under the same id.
  client.onCrash((report) => emit('onDidSimHostCrash', report));
  const built = new Map<string, BuiltEntry>();
  let runCounter = 0;
  const version = (JSON.parse(await readFile(join(options.appRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';

  const readModel = (text: string): { ir?: ReturnType<typeof readScript>['ir']; diagnostics: Diagnostic[] } => {
    const read = readScript(text, { networkName: 'network' });
    return { ...(read.ir ? { ir: read.ir } : {}), diagnostics: [...read.diagnostics] };
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
      };
      built.set(b.networkId, { info, lineMap: b.lineMap });
      return ipcOk(info);
    },
    async startRun({ networkId, duration }) {
      const entry = built.get(networkId);
      if (entry === undefined) return ipcFail([makeDiagnostic('SF8002', { name: networkId })]);
      const runId = `run${++runCounter}`;
      const seconds = duration ?? entry.info.duration;
      const exact = seconds / entry.info.dt;
      const steps = Math.abs(Math.round(exact) - exact) <= 1e-4 ? Math.round(exact) : Math.ceil(exact);
      // The run streams batches and progress as events; its final result only matters on failure.
      void client.request('run', { networkId, runId, steps, stream: true }).then((result) => {
        if (!result.ok) emit('onDidProgress', { runId, state: 'error', t: client.network(networkId)?.t ?? 0, duration: seconds, stepsPerSecond: 0, tier: entry.info.tier, diagnostics: result.diagnostics });
      });
      return ipcOk({ runId });
    },
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
