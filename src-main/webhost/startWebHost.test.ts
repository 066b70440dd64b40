import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ipcOk, type EventPayload, type IpcResult, type MonitorBatch, type SpikeForgeBackend, type SpikeForgeEvents, type StartupInfo } from '../../src-shared/ipc';
import { decodeFrame, encodeFrame } from '../../src-shared/ipc';
import { startWebHost, type WebHost } from './startWebHost';

/** A backend that answers from memory and lets the test emit events. */
function createFakeBackend(): SpikeForgeBackend & { emit<K extends keyof SpikeForgeEvents>(event: K, payload: EventPayload<K>): void; calls: string[] } {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: string[] = [];
  const notImplemented = async (): Promise<IpcResult<never>> => ({ ok: false, diagnostics: [{ code: 'SF8005', severity: 'error', message: 'fake' }] });
  const startup: StartupInfo = {
    version: '0.0.0-test',
    quickStart: { name: 'quickstart', title: 'Quick Start', fileName: 'quickstart.py', text: 'run(1*ms)\n' },
    examples: [{ name: 'quickstart', title: 'Quick Start' }],
    toolchain: { available: false, message: 'no compiler' },
  };
  return {
    calls,
    getStartup: async () => (calls.push('getStartup'), ipcOk(startup)),
    openExample: notImplemented,
    checkModel: async (req) => (calls.push(`checkModel:${req.text}`), ipcOk({ diagnostics: [] })),
    buildNetwork: notImplemented,
    startRun: async (req) => (calls.push(`startRun:${req.networkId}`), ipcOk({ runId: 'run1' })),
    stopRun: async (req) => (calls.push(`stopRun:${req.networkId}`), ipcOk({ stopping: true, runId: 'run1' })),
    storeState: async (req) => (calls.push(`storeState:${req.name ?? 'default'}`), ipcOk({ networkId: req.networkId, name: req.name ?? 'default', step: 10, t: 0.001, storedNames: [req.name ?? 'default'] })),
    restoreState: async (req) => (calls.push(`restoreState:${req.name ?? 'default'}`), ipcOk({ networkId: req.networkId, name: req.name ?? 'default', step: 10, t: 0.001, storedNames: [req.name ?? 'default'] })),
    getGeneratedCode: notImplemented,
    inspectObject: notImplemented,
    inspectArray: async () => {
      throw new Error('boom');
    },
    takeSnapshot: notImplemented,
    compareSnapshots: notImplemented,
    scanNamespaces: async () => ipcOk({ namespaces: [] }),
    checkConflicts: notImplemented,
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    dispose: async () => undefined,
  };
}

let host: WebHost;
let rendererDir: string;
const backend = createFakeBackend();

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'sf-webhost-'));
  await mkdir(join(rendererDir, 'assets'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>SpikeForge</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(rendererDir, '..', 'secret.txt'), 'secret');
  host = await startWebHost({ backend, rendererDir });
});

afterAll(async () => {
  await host.close();
  await rm(rendererDir, { recursive: true, force: true });
  await rm(join(rendererDir, '..', 'secret.txt'), { force: true });
});

function openSocket(options: { token?: string; origin?: string } = {}): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${options.token ?? host.token}`, { origin: options.origin ?? `http://127.0.0.1:${host.port}` });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<unknown> {
  return new Promise((resolve) =>
    socket.once('message', (data: Buffer) => {
      const decoded = decodeFrame(new Uint8Array(data));
      resolve(decoded.ok ? decoded.value : decoded.error);
    }),
  );
}

describe('startWebHost: HTTP', () => {
  it('serves index.html at / with the CSP naming the socket origin', async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(await response.text()).toContain('SpikeForge');
  });

  it('serves assets with their content type', async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/assets/app.js`);
    expect(response.headers.get('content-type')).toContain('text/javascript');
  });

  it('does not serve files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/missing.js']) {
      const response = await fetch(`http://127.0.0.1:${host.port}${path}`);
      expect(response.status, path).toBe(404);
    }
  });

  it('says how to build the renderer when it is missing', async () => {
    const bare = await startWebHost({ backend, rendererDir: join(rendererDir, 'missing') });
    try {
      const response = await fetch(`http://127.0.0.1:${bare.port}/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('electron-vite build');
    } finally {
      await bare.close();
    }
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: `evil.example:${host.port}` } }, (response) => resolve(response.statusCode ?? 0)).end();
    });
    expect(status).toBe(403);
  });
});

describe('startWebHost: WebSocket', () => {
  it('answers requests with the backend result', async () => {
    const socket = await openSocket();
    socket.send(encodeFrame({ id: 1, method: 'getStartup', args: [] }));
    const reply = (await nextMessage(socket)) as { id: number; result: IpcResult<StartupInfo> };
    expect(reply.id).toBe(1);
    expect(reply.result.ok && reply.result.value.quickStart.name).toBe('quickstart');
    socket.close();
  });

  it('serves stopRun, storeState and restoreState and refuses a bad state name', async () => {
    const socket = await openSocket();
    socket.send(encodeFrame({ id: 11, method: 'stopRun', args: [{ networkId: 'editor' }] }));
    expect(await nextMessage(socket)).toEqual({ id: 11, result: { ok: true, value: { stopping: true, runId: 'run1' } } });
    socket.send(encodeFrame({ id: 12, method: 'storeState', args: [{ networkId: 'editor', name: 'warm' }] }));
    expect(await nextMessage(socket)).toMatchObject({ id: 12, result: { ok: true, value: { name: 'warm', step: 10 } } });
    socket.send(encodeFrame({ id: 13, method: 'restoreState', args: [{ networkId: 'editor' }] }));
    expect(await nextMessage(socket)).toMatchObject({ id: 13, result: { ok: true, value: { name: 'default', t: 0.001 } } });
    const before = backend.calls.length;
    socket.send(encodeFrame({ id: 14, method: 'restoreState', args: [{ networkId: 'editor', name: '../x' }] }));
    const reply = (await nextMessage(socket)) as { id: number; result: IpcResult<unknown> };
    expect(reply.result.ok ? '' : reply.result.diagnostics[0]?.code).toBe('SF8006');
    expect(backend.calls.length).toBe(before);
    socket.close();
  });

  it('validates payloads before the backend sees them', async () => {
    const socket = await openSocket();
    const before = backend.calls.length;
    socket.send(encodeFrame({ id: 2, method: 'checkModel', args: [{ text: 5 }] }));
    const reply = (await nextMessage(socket)) as { id: number; result: IpcResult<unknown> };
    expect(reply.result.ok).toBe(false);
    expect(!reply.result.ok && reply.result.diagnostics[0]?.code).toBe('SF8006');
    expect(backend.calls.length).toBe(before);
    socket.close();
  });

  it('answers an unknown method and a throwing handler with diagnostics', async () => {
    const socket = await openSocket();
    socket.send(encodeFrame({ id: 3, method: 'constructor', args: [] }));
    const unknown = (await nextMessage(socket)) as { result: IpcResult<unknown> };
    expect(!unknown.result.ok && unknown.result.diagnostics[0]?.message).toContain('unknown method');
    socket.send(encodeFrame({ id: 4, method: 'inspectArray', args: [{ networkId: 'n', array: 'a' }] }));
    const thrown = (await nextMessage(socket)) as { result: IpcResult<unknown> };
    expect(!thrown.result.ok && thrown.result.diagnostics[0]?.code).toBe('SF8005');
    socket.close();
  });

  it('pushes events with typed arrays intact', async () => {
    const socket = await openSocket();
    const message = nextMessage(socket);
    const batch: MonitorBatch = { runId: 'run1', monitor: 'm', indices: [0], t: new Float64Array([0, 1e-4]), values: { v: [new Float64Array([-0.07, NaN])] }, totalSamples: 2 };
    backend.emit('onDidRecord', batch);
    const event = (await message) as { event: string; payload: MonitorBatch };
    expect(event.event).toBe('onDidRecord');
    expect(event.payload.t).toBeInstanceOf(Float64Array);
    expect(Array.from(event.payload.values.v?.[0] ?? [])).toEqual([-0.07, NaN]);
    socket.close();
  });

  it('rejects a socket without the token or from another origin', async () => {
    await expect(openSocket({ token: 'wrong' })).rejects.toThrow(/403/);
    await expect(openSocket({ origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('closes the socket on a text frame', async () => {
    const socket = await openSocket();
    const code = new Promise<number>((resolve) => socket.once('close', (closeCode: number) => resolve(closeCode)));
    socket.send('{"id":1}');
    expect(await code).toBe(1003);
  });
});
