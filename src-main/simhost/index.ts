/**
 * Sim host entry: a separate process (child_process.fork or Electron utilityProcess) that owns
 * everything touching generated code — rendering, compiling, koffi, the step loop — so that a
 * crash in generated code kills only this process. Requests arrive as `SimRequest` messages
 * (ARCHITECTURE.md §4, §11) and are answered with `SimResponse`; batches and progress are events.
 */
import { makeDiagnostic, type Diagnostic, type Result } from '../../src-shared/diagnostics';
import { isSimRequest, type SimHostMethods, type SimMessage, type SimRequest } from '../../src-shared/ipc';
import { cacheInfo, cleanCache, defaultCacheDir } from './jit/buildCache';
import { locateAppRoot } from './locateAppRoot';
import { createNativeBackend } from './nativeBackend';
import { createTemplateEnvironment, precompileTemplates, TEMPLATE_NAMES } from './render/renderNetwork';
import { SimHostCore } from './runtime/simHostCore';
import { quickStartIR } from './sampleModels';
import { join } from 'node:path';

type Args<M extends keyof SimHostMethods> = SimHostMethods[M]['args'];

/** Electron's `process.parentPort` in a utility process (absent under child_process.fork). */
interface ParentPort {
  on(event: 'message', listener: (event: { readonly data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/** The parent's channel: Electron's parentPort when forked as a utility process, else Node IPC. */
const parentPort: ParentPort | undefined = (process as NodeJS.Process & { readonly parentPort?: ParentPort }).parentPort;

function send(message: SimMessage): void {
  if (parentPort !== undefined) parentPort.postMessage(message);
  else process.send?.(message);
}

function onParentMessage(listener: (message: unknown) => void): void {
  if (parentPort !== undefined) parentPort.on('message', (event) => listener(event.data));
  else process.on('message', listener);
}

async function dispatch(core: SimHostCore, request: SimRequest, cacheDir: string): Promise<Result<unknown>> {
  const ok = (value: unknown): Result<unknown> => ({ ok: true, value, diagnostics: [] });
  switch (request.method) {
    case 'probe':
      return ok(await core.probe());
    case 'build':
      return core.build(request.args as Args<'build'>);
    case 'run': {
      const a = request.args as Args<'run'>;
      if (a.stream) return core.runAsync(a, (event) => send({ kind: 'event', ...event }));
      // A run that does not stream still sends progress (no batches) between chunks: the client's
      // watchdog takes silence for a hang. Costs one copy of the new samples per chunk.
      return core.runAsync({ ...a, stream: true }, (event) => {
        if (event.event === 'progress') send({ kind: 'event', ...event });
      });
    }
    case 'stop': {
      const a = request.args as Args<'stop'>;
      return core.stop(a.networkId, a.runId);
    }
    case 'store': {
      const a = request.args as Args<'store'>;
      return core.store(a.networkId, a.name);
    }
    case 'restore': {
      const a = request.args as Args<'restore'>;
      return core.restore(a.networkId, a.name);
    }
    case 'update': {
      const a = request.args as Args<'update'>;
      return core.update(a.networkId, a.group, a.steps);
    }
    case 'record': {
      const a = request.args as Args<'record'>;
      return core.record(a.networkId, a.monitor);
    }
    case 'monitorData': {
      const a = request.args as Args<'monitorData'>;
      return core.monitorData(a.networkId, a.monitor);
    }
    case 'getArray': {
      const a = request.args as Args<'getArray'>;
      return core.getArray(a.networkId, a.array);
    }
    case 'setArray': {
      const a = request.args as Args<'setArray'>;
      return core.setArray(a.networkId, a.array, a.value);
    }
    case 'inspectObject': {
      const a = request.args as Args<'inspectObject'>;
      return core.inspectObject(a.networkId, a.object);
    }
    case 'inspectArray': {
      const a = request.args as Args<'inspectArray'>;
      return core.inspectArray(a.networkId, a.array, a.slice);
    }
    case 'takeSnapshot': {
      const a = request.args as Args<'takeSnapshot'>;
      return core.takeSnapshot(a.networkId, a.label);
    }
    case 'compareSnapshots': {
      const a = request.args as Args<'compareSnapshots'>;
      return core.compareSnapshots(a.a, a.b);
    }
    case 'scanNamespaces':
      return ok(core.scanNamespaces());
    case 'checkConflicts':
      return ok(core.checkConflicts((request.args as Args<'checkConflicts'>).names));
    case 'dispose':
      return ok({ disposed: core.dispose((request.args as Args<'dispose'>).networkId) });
    case 'cacheInfo':
      return ok(await cacheInfo({ dir: cacheDir }));
    case 'cleanCache':
      return ok(await cleanCache({ dir: cacheDir }));
    case 'crashForTest': {
      // Dies the way broken generated code would: by signal without cleanup, or by never returning.
      const kind = (request.args as Args<'crashForTest'>).kind;
      if (kind === 'hang') spinForever();
      process.kill(process.pid, kind === 'abort' ? 'SIGABRT' : 'SIGSEGV');
      return ok({});
    }
  }
}

/** An infinite loop, like generated code that never returns (test of the client's watchdog). */
function spinForever(): never {
  for (;;) {
    // spin: nothing ends this but a kill
  }
}

function main(): void {
  const appRoot = locateAppRoot();
  // The user's cache folder (XDG), shared by the CLI, the web host and the app unless they say otherwise.
  const cacheDir = defaultCacheDir();
  const templates = createTemplateEnvironment(join(appRoot, 'templates'));
  const core = new SimHostCore(templates, createNativeBackend({ cacheDir, preferredCompiler: process.env.SPIKEFORGE_CXX }));
  // Requests are handled one at a time, in order (a run frees the event loop between chunks only
  // for stop() and for background native builds).
  let queue: Promise<void> = Promise.resolve();
  onParentMessage((message: unknown) => {
    if (!isSimRequest(message)) return;
    // stop() must reach a running chunk loop, so it is not queued behind the run.
    if (message.method === 'stop') {
      void dispatch(core, message, cacheDir).then((result) =>
        send(result.ok ? { kind: 'response', id: message.id, ok: true, value: result.value } : { kind: 'response', id: message.id, ok: false, diagnostics: result.diagnostics }),
      );
      return;
    }
    queue = queue.then(async () => {
      let result: Result<unknown>;
      try {
        result = await dispatch(core, message, cacheDir);
      } catch (error) {
        const diagnostics: Diagnostic[] = [makeDiagnostic('SF8005', { message: error instanceof Error ? (error.stack ?? error.message) : String(error) })];
        result = { ok: false, diagnostics };
      }
      send(result.ok ? { kind: 'response', id: message.id, ok: true, value: result.value } : { kind: 'response', id: message.id, ok: false, diagnostics: result.diagnostics });
    });
  });
  // A utility process is ended by Electron with its parent; a Node child ends when IPC closes.
  if (parentPort === undefined) process.on('disconnect', () => process.exit(0));
  send({ kind: 'event', event: 'ready', payload: { pid: process.pid } });
  // Idle work after start-up, queued like a request so it never interleaves with one: compile the
  // templates and probe the compiler, so the user's first build pays neither. Skipped for one-off
  // hosts (`SPIKEFORGE_SIMHOST_WARMUP=0`, e.g. `spikeforge cache info`).
  if (process.env.SPIKEFORGE_SIMHOST_WARMUP === '0') return;
  queue = queue.then(async () => {
    // Runs the whole JS pipeline once on the Quick Start (checker, codegen, JS tier), so V8 has
    // compiled it before the first real build (cold, the checker alone takes ~40–70 ms).
    const warm = await core.build({ ir: quickStartIR({ name: 'warmup' }), tier: 'js', networkId: '__warmup' });
    if (warm.ok) core.dispose('__warmup');
    precompileTemplates(templates, TEMPLATE_NAMES);
    await core.probe();
  });
}

main();
