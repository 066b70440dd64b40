/**
 * The renderer's typed contract: the only reader of `window.spikeforge` and of the transport
 * (ARCHITECTURE.md §3, UI.md §5). It rebuilds `SpikeForgeApi` mechanically from the channel map
 * over any {@link Transport}, and makes sure every request resolves to an `IpcResult` — a
 * malformed reply or a transport failure becomes diagnostics, never an exception in the UI.
 */
import { makeDiagnostic } from '../../../src-shared/diagnostics';
import { EVENT_MEMBERS, ipcFail, REQUEST_MEMBERS, type IpcResult, type SpikeForgeApi } from '../../../src-shared/ipc';
import { selectTransport, type Transport } from '../bootstrap/transport';

function isIpcResult(value: unknown): value is IpcResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; diagnostics?: unknown };
  return candidate.ok === true ? 'value' in candidate : candidate.ok === false && Array.isArray(candidate.diagnostics);
}

/** Builds the contract over `transport`. */
export function createClient(transport: Transport): SpikeForgeApi {
  const api: Record<string, unknown> = {};
  for (const member of REQUEST_MEMBERS) {
    api[member] = async (...args: unknown[]): Promise<IpcResult<unknown>> => {
      try {
        const result = await transport.request(member, args);
        if (isIpcResult(result)) return result;
        return ipcFail([makeDiagnostic('SF8005', { message: `${member} returned a malformed reply` })]);
      } catch (error) {
        return ipcFail([makeDiagnostic('SF8005', { message: `${member} failed: ${error instanceof Error ? error.message : String(error)}` })]);
      }
    };
  }
  for (const event of EVENT_MEMBERS) {
    api[event] = (listener: (payload: unknown) => void) => transport.subscribe(event, listener);
  }
  // Safe: one member per contract entry with the contract's call shape; results are checked to
  // be IpcResults above, and their values are what the backend, which implements the contract, sent.
  return Object.freeze(api) as unknown as SpikeForgeApi;
}

/** The preload bridge, present only under Electron. */
function readPreloadBridge(): SpikeForgeApi | undefined {
  return typeof window === 'undefined' ? undefined : window.spikeforge;
}

/** Connects to the backend the way this page was loaded (Electron bridge or web-host socket). */
export function connectClient(): { readonly api: SpikeForgeApi; readonly transportKind: Transport['kind'] } {
  const transport = selectTransport(readPreloadBridge(), window.location.href);
  return { api: createClient(transport), transportKind: transport.kind };
}
