/**
 * The transport-independent half of serving the contract: a handler table that must cover every
 * request member (`satisfies SpikeForgeRequests`, so a member added to the contract without a
 * handler does not compile), payload validation with the zod schemas, and the rule that nothing
 * throws across the boundary. Electron IPC (`registerHandlers`) and the web host's sockets both
 * call {@link dispatchRequest}; neither knows what the backend does.
 */
import { makeDiagnostic } from '../../src-shared/diagnostics';
import {
  ipcFail,
  parseRequestArguments,
  type IpcResult,
  type RequestArguments,
  type SpikeForgeBackend,
  type SpikeForgeEvents,
  type SpikeForgeRequests,
  type Unsubscribe,
  EVENT_MEMBERS,
} from '../../src-shared/ipc';

/** The request handlers, one per contract member, forwarding to the backend. */
export function createRequestHandlers(backend: SpikeForgeRequests): SpikeForgeRequests {
  return {
    getStartup: () => backend.getStartup(),
    openExample: (req) => backend.openExample(req),
    checkModel: (req) => backend.checkModel(req),
    buildNetwork: (req) => backend.buildNetwork(req),
    startRun: (req) => backend.startRun(req),
    stopRun: (req) => backend.stopRun(req),
    storeState: (req) => backend.storeState(req),
    restoreState: (req) => backend.restoreState(req),
    getGeneratedCode: (req) => backend.getGeneratedCode(req),
    inspectObject: (req) => backend.inspectObject(req),
    inspectArray: (req) => backend.inspectArray(req),
    takeSnapshot: (req) => backend.takeSnapshot(req),
    compareSnapshots: (req) => backend.compareSnapshots(req),
    scanNamespaces: () => backend.scanNamespaces(),
    checkConflicts: (req) => backend.checkConflicts(req),
  } satisfies SpikeForgeRequests;
}

/**
 * Validates `rawArgs` (the member's argument list, straight off the wire) and calls the handler.
 * Invalid payloads give `SF8006`; a handler that throws gives `SF8005` instead of an exception.
 */
export async function dispatchRequest<K extends keyof SpikeForgeRequests>(handlers: SpikeForgeRequests, member: K, rawArgs: unknown): Promise<IpcResult<unknown>> {
  const parsed = parseRequestArguments(member, rawArgs);
  if (!parsed.ok) return parsed;
  // Safe: parseRequestArguments checked the argument list against this member's schema.
  const handler = handlers[member] as (...args: RequestArguments<K>) => Promise<IpcResult<unknown>>;
  try {
    return await handler(...parsed.value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return ipcFail([makeDiagnostic('SF8005', { message: `${member} failed: ${message}` })]);
  }
}

/**
 * Subscribes to every backend event and hands each payload to `send` with its event name.
 * Returns one function that removes all the subscriptions.
 */
export function forwardEvents(backend: Pick<SpikeForgeBackend, 'subscribe'>, send: (event: keyof SpikeForgeEvents, payload: unknown) => void): Unsubscribe {
  const unsubscribes = EVENT_MEMBERS.map((event) => backend.subscribe(event, (payload: unknown) => send(event, payload)));
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
