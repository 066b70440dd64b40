/**
 * How the renderer reaches the backend — the only file that knows Electron from the web host
 * (ARCHITECTURE.md §12). Under Electron the preload has put the contract on `window.spikeforge`;
 * in a plain browser the page was served by the web host, which gave it a token in the URL, and
 * the contract travels over a WebSocket in binary frames (`src-shared/ipc/framing`). Both are
 * reduced to one small {@link Transport}, which `ipc/client.ts` turns back into the typed contract;
 * tests use an in-memory transport.
 */
import { makeDiagnostic } from '../../../src-shared/diagnostics';
import {
  decodeFrame,
  encodeFrame,
  ipcFail,
  wireReplySchema,
  type SpikeForgeApi,
  type SpikeForgeEvents,
  type SpikeForgeRequests,
  type Unsubscribe,
  type WireRequest,
} from '../../../src-shared/ipc';

/** `WebSocket.OPEN`, spelled out so injected socket classes need not define it statically. */
const SOCKET_OPEN = 1;

/** A way to call the contract, whatever carries it. */
export interface Transport {
  readonly kind: 'electron' | 'websocket' | 'memory';
  /** Sends a request; resolves with the member's `IpcResult` as received (not yet validated). */
  request(member: keyof SpikeForgeRequests, args: readonly unknown[]): Promise<unknown>;
  /** Listens to an event; payloads are as received. */
  subscribe(event: keyof SpikeForgeEvents, listener: (payload: unknown) => void): Unsubscribe;
}

/** The contract seen as untyped functions (the bridge's members are checked when the client reads results). */
type LooseBridge = Readonly<Record<string, (...args: unknown[]) => unknown>>;

/** Wraps the preload bridge (`window.spikeforge`). */
export function createBridgeTransport(bridge: SpikeForgeApi): Transport {
  const loose = bridge as unknown as LooseBridge; // Safe: every contract member is a function.
  const call = (member: string, args: readonly unknown[]): unknown => {
    const fn = loose[member];
    if (typeof fn !== 'function') throw new Error(`the preload bridge has no ${member}`);
    return fn(...args);
  };
  return {
    kind: 'electron',
    request: (member, args) => {
      try {
        return Promise.resolve(call(member, args));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    subscribe: (event, listener) => call(event, [listener]) as Unsubscribe,
  };
}

/** The failure every pending and later request gets once the socket is gone. */
function connectionLost(detail: string): unknown {
  return ipcFail([makeDiagnostic('SF8005', { message: `the connection to the SpikeForge web host was lost (${detail}); reload the page` })]);
}

/** The WebSocket constructor (injectable for tests). */
export type WebSocketConstructor = new (url: string) => WebSocket;

/** Opens the web host's socket at `socketUrl` (`ws://127.0.0.1:PORT/ws?token=…`). */
export function createWebSocketTransport(socketUrl: string, WebSocketImpl: WebSocketConstructor = WebSocket): Transport {
  const socket = new WebSocketImpl(socketUrl);
  socket.binaryType = 'arraybuffer';
  const pending = new Map<number, (result: unknown) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: Uint8Array[] = [];
  let nextId = 1;
  let closedBecause: string | undefined;

  const fail = (detail: string): void => {
    closedBecause ??= detail;
    for (const resolve of pending.values()) resolve(connectionLost(detail));
    pending.clear();
  };

  socket.addEventListener('open', () => {
    for (const frame of queue.splice(0)) socket.send(frame);
  });
  socket.addEventListener('close', (event) => fail(`closed with code ${event.code}`));
  socket.addEventListener('error', () => fail('socket error'));
  socket.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (!(event.data instanceof ArrayBuffer)) return;
    const decoded = decodeFrame(new Uint8Array(event.data));
    const reply = decoded.ok ? wireReplySchema.safeParse(decoded.value) : undefined;
    if (reply === undefined || !reply.success) {
      console.warn('SpikeForge: ignored a malformed message from the web host');
      return;
    }
    const data = reply.data;
    if ('id' in data) {
      pending.get(data.id)?.(data.result);
      pending.delete(data.id);
    } else {
      for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
    }
  });

  return {
    kind: 'websocket',
    request(member, args) {
      if (closedBecause !== undefined) return Promise.resolve(connectionLost(closedBecause));
      const id = nextId++;
      const message: WireRequest = { id, method: member, args };
      const frame = encodeFrame(message);
      return new Promise((resolve) => {
        pending.set(id, resolve);
        if (socket.readyState === SOCKET_OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
}

/** The socket URL for a page served by the web host, or `undefined` without a token. */
export function toSocketUrl(pageUrl: string): string | undefined {
  const url = new URL(pageUrl);
  const token = url.searchParams.get('token');
  if (token === null || token === '') return undefined;
  const scheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${url.host}/ws?token=${encodeURIComponent(token)}`;
}

/** A transport whose every request fails with `message` (no bridge and no token). */
function createUnavailableTransport(message: string): Transport {
  const result = ipcFail([makeDiagnostic('SF8005', { message })]);
  return { kind: 'memory', request: () => Promise.resolve(result), subscribe: () => () => undefined };
}

/**
 * Picks the transport: the preload bridge when present (Electron), else the web host's socket
 * named by the page URL's `token`.
 */
export function selectTransport(bridge: SpikeForgeApi | undefined, pageUrl: string): Transport {
  if (bridge !== undefined) return createBridgeTransport(bridge);
  const socketUrl = toSocketUrl(pageUrl);
  if (socketUrl === undefined) return createUnavailableTransport('this page has no access token: open the URL the web host printed (…/?token=…)');
  return createWebSocketTransport(socketUrl);
}
