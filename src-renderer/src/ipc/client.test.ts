import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, ipcOk, type MonitorBatch, type SpikeForgeApi, type WireRequest } from '../../../src-shared/ipc';
import { createBridgeTransport, createWebSocketTransport, selectTransport, toSocketUrl, type Transport } from '../bootstrap/transport';
import { createClient } from './client';

/** A transport answering from a table, with a way to push events. */
function createMemoryTransport(answers: Record<string, unknown>): Transport & { push(event: string, payload: unknown): void; sent: [string, readonly unknown[]][] } {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const sent: [string, readonly unknown[]][] = [];
  return {
    kind: 'memory',
    sent,
    request: async (member, args) => {
      sent.push([member, args]);
      if (member === 'scanNamespaces') throw new Error('transport down');
      return answers[member];
    },
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => void set.delete(listener);
    },
    push: (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload)),
  };
}

describe('createClient', () => {
  it('has stopRun, storeState and restoreState, passed through like every request', async () => {
    const state = { networkId: 'editor', name: 'warm', step: 5, t: 5e-4, storedNames: ['warm'] };
    const transport = createMemoryTransport({ stopRun: ipcOk({ stopping: true, runId: 'run1' }), storeState: ipcOk(state), restoreState: ipcOk(state) });
    const api = createClient(transport);
    expect(await api.stopRun({ networkId: 'editor', runId: 'run1' })).toEqual(ipcOk({ stopping: true, runId: 'run1' }));
    expect(await api.storeState({ networkId: 'editor', name: 'warm' })).toEqual(ipcOk(state));
    expect(await api.restoreState({ networkId: 'editor', name: 'warm' })).toEqual(ipcOk(state));
    expect(transport.sent.map(([member]) => member)).toEqual(['stopRun', 'storeState', 'restoreState']);
  });

  it('passes requests with their arguments and returns IpcResults', async () => {
    const transport = createMemoryTransport({ startRun: ipcOk({ runId: 'run1' }) });
    const api = createClient(transport);
    expect(await api.startRun({ networkId: 'editor' })).toEqual({ ok: true, value: { runId: 'run1' } });
    expect(transport.sent).toEqual([['startRun', [{ networkId: 'editor' }]]]);
  });

  it('turns a malformed reply or a thrown transport error into diagnostics', async () => {
    const api = createClient(createMemoryTransport({ getStartup: { hello: 1 } }));
    const malformed = await api.getStartup();
    expect(malformed.ok).toBe(false);
    expect(!malformed.ok && malformed.diagnostics[0]?.message).toContain('malformed');
    const thrown = await api.scanNamespaces();
    expect(!thrown.ok && thrown.diagnostics[0]?.message).toContain('transport down');
  });

  it('subscribes to events and unsubscribes', () => {
    const transport = createMemoryTransport({});
    const api = createClient(transport);
    const seen: unknown[] = [];
    const unsubscribe = api.onDidProgress((p) => seen.push(p));
    transport.push('onDidProgress', 1);
    unsubscribe();
    transport.push('onDidProgress', 2);
    expect(seen).toEqual([1]);
  });
});

describe('selectTransport', () => {
  it('prefers the preload bridge', () => {
    const bridge = { getStartup: async () => ipcOk('x') } as unknown as SpikeForgeApi;
    expect(selectTransport(bridge, 'app://spikeforge/index.html').kind).toBe('electron');
  });

  it('fails every request clearly without bridge and token', async () => {
    const transport = selectTransport(undefined, 'http://127.0.0.1:5000/');
    const result = (await transport.request('getStartup', [])) as { ok: boolean; diagnostics: { message: string }[] };
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.message).toContain('token');
  });

  it('derives the socket URL from the page URL', () => {
    expect(toSocketUrl('http://127.0.0.1:5000/?token=a%2Bb')).toBe('ws://127.0.0.1:5000/ws?token=a%2Bb');
    expect(toSocketUrl('http://127.0.0.1:5000/')).toBeUndefined();
  });
});

describe('createBridgeTransport', () => {
  it('calls the bridge member and hands listeners through', async () => {
    let listener: ((p: unknown) => void) | undefined;
    const bridge = {
      startRun: async (req: unknown) => ipcOk(req),
      onDidRecord: (l: (p: unknown) => void) => ((listener = l), () => undefined),
    } as unknown as SpikeForgeApi;
    const transport = createBridgeTransport(bridge);
    expect(await transport.request('startRun', [{ networkId: 'n' }])).toEqual({ ok: true, value: { networkId: 'n' } });
    const seen: unknown[] = [];
    transport.subscribe('onDidRecord', (p) => seen.push(p));
    listener?.('batch');
    expect(seen).toEqual(['batch']);
  });
});

/** A WebSocket stand-in wired to an in-test "server". */
class FakeSocket extends EventTarget {
  static last: FakeSocket | undefined;
  readyState = 0;
  binaryType = 'blob';
  readonly sent: WireRequest[] = [];
  constructor(readonly url: string) {
    super();
    FakeSocket.last = this;
  }
  send(frame: Uint8Array): void {
    const decoded = decodeFrame(frame);
    if (decoded.ok) this.sent.push(decoded.value as WireRequest);
  }
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(message: unknown): void {
    const frame = encodeFrame(message);
    const data = frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength);
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
  close(code: number): void {
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code }));
  }
}

describe('createWebSocketTransport', () => {
  it('queues requests until open and matches replies by id', async () => {
    const transport = createWebSocketTransport('ws://x/ws?token=t', FakeSocket as unknown as new (url: string) => WebSocket);
    const socket = FakeSocket.last;
    if (socket === undefined) throw new Error('no socket');
    expect(socket.binaryType).toBe('arraybuffer');
    const first = transport.request('getStartup', []);
    const second = transport.request('startRun', [{ networkId: 'n' }]);
    expect(socket.sent).toHaveLength(0);
    socket.open();
    expect(socket.sent.map((m) => [m.id, m.method])).toEqual([
      [1, 'getStartup'],
      [2, 'startRun'],
    ]);
    socket.receive({ id: 2, result: ipcOk({ runId: 'run7' }) });
    socket.receive({ id: 1, result: ipcOk('startup') });
    expect(await second).toEqual({ ok: true, value: { runId: 'run7' } });
    expect(await first).toEqual({ ok: true, value: 'startup' });
  });

  it('delivers events with typed arrays intact', () => {
    const transport = createWebSocketTransport('ws://x/ws?token=t', FakeSocket as unknown as new (url: string) => WebSocket);
    const socket = FakeSocket.last;
    const seen: MonitorBatch[] = [];
    transport.subscribe('onDidRecord', (p) => seen.push(p as MonitorBatch));
    socket?.open();
    socket?.receive({ event: 'onDidRecord', payload: { runId: 'r', monitor: 'm', indices: [0], t: new Float64Array([1, 2]), values: { v: [new Float64Array([3, 4])] }, totalSamples: 2 } });
    expect(seen[0]?.t).toBeInstanceOf(Float64Array);
    expect(Array.from(seen[0]?.values.v?.[0] ?? [])).toEqual([3, 4]);
  });

  it('fails pending and later requests when the socket closes', async () => {
    const transport = createWebSocketTransport('ws://x/ws?token=t', FakeSocket as unknown as new (url: string) => WebSocket);
    const socket = FakeSocket.last;
    socket?.open();
    const pending = transport.request('getStartup', []);
    socket?.close(1006);
    const results = [await pending, await transport.request('getStartup', [])] as { ok: boolean; diagnostics: { message: string }[] }[];
    for (const result of results) {
      expect(result.ok).toBe(false);
      expect(result.diagnostics[0]?.message).toContain('connection');
    }
  });
});
