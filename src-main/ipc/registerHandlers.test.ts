import { describe, expect, it } from 'vitest';
import { ipcOk, REQUEST_MEMBERS, SPIKEFORGE_CHANNELS, type IpcResult, type SpikeForgeBackend } from '../../src-shared/ipc';
import { buildContentSecurityPolicy } from './contentSecurityPolicy';
import { isTrustedSender, registerHandlers, toOrigin, type InvokeEvent, type IpcMainPort } from './registerHandlers';

type Listener = (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>;

function createFakeIpcMain(): IpcMainPort & { handlers: Map<string, Listener> } {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
}

/** Answers every request with the member name, records subscriptions. */
function createEchoBackend(): SpikeForgeBackend & { emitRecord(payload: unknown): void } {
  const recordListeners = new Set<(payload: unknown) => void>();
  const echo = (member: string) => async (...args: unknown[]): Promise<IpcResult<never>> => ipcOk({ member, args } as never);
  const requests = Object.fromEntries(REQUEST_MEMBERS.map((member) => [member, echo(member)]));
  return {
    ...(requests as unknown as Omit<SpikeForgeBackend, 'subscribe' | 'dispose'>),
    subscribe(event, listener) {
      if (event !== 'onDidRecord') return () => undefined;
      const wrapped = listener as (payload: unknown) => void;
      recordListeners.add(wrapped);
      return () => recordListeners.delete(wrapped);
    },
    emitRecord(payload) {
      for (const listener of recordListeners) listener(payload);
    },
    dispose: async () => undefined,
  };
}

const trusted: InvokeEvent = { senderFrame: { url: 'app://spikeforge/index.html', parent: null } };

describe('registerHandlers', () => {
  it('registers one handler per request channel', () => {
    const ipcMain = createFakeIpcMain();
    registerHandlers({ ipcMain, backend: createEchoBackend(), allowedOrigins: ['app://spikeforge'] });
    expect([...ipcMain.handlers.keys()].sort()).toEqual(REQUEST_MEMBERS.map((m) => SPIKEFORGE_CHANNELS[m]).sort());
  });

  it('forwards a valid request from the app page to the backend', async () => {
    const ipcMain = createFakeIpcMain();
    registerHandlers({ ipcMain, backend: createEchoBackend(), allowedOrigins: ['app://spikeforge'] });
    const result = await ipcMain.handlers.get(SPIKEFORGE_CHANNELS.startRun)?.(trusted, { networkId: 'editor' });
    expect(result).toEqual({ ok: true, value: { member: 'startRun', args: [{ networkId: 'editor' }] } });
  });

  it('forwards stopRun, storeState and restoreState with their payloads', async () => {
    const ipcMain = createFakeIpcMain();
    registerHandlers({ ipcMain, backend: createEchoBackend(), allowedOrigins: ['app://spikeforge'] });
    const call = (channel: string, payload: unknown): Promise<unknown> | undefined => ipcMain.handlers.get(channel)?.(trusted, payload);
    expect(await call(SPIKEFORGE_CHANNELS.stopRun, { networkId: 'editor', runId: 'run2' })).toEqual({ ok: true, value: { member: 'stopRun', args: [{ networkId: 'editor', runId: 'run2' }] } });
    expect(await call(SPIKEFORGE_CHANNELS.storeState, { networkId: 'editor', name: 'warm' })).toEqual({ ok: true, value: { member: 'storeState', args: [{ networkId: 'editor', name: 'warm' }] } });
    expect(await call(SPIKEFORGE_CHANNELS.restoreState, { networkId: 'editor' })).toEqual({ ok: true, value: { member: 'restoreState', args: [{ networkId: 'editor' }] } });
    const bad = (await call(SPIKEFORGE_CHANNELS.restoreState, { networkId: 'editor', name: 'no spaces' })) as IpcResult<unknown>;
    expect(!bad.ok && bad.diagnostics[0]?.code).toBe('SF8006');
  });

  it('refuses subframes and foreign origins', async () => {
    const ipcMain = createFakeIpcMain();
    registerHandlers({ ipcMain, backend: createEchoBackend(), allowedOrigins: ['app://spikeforge'] });
    const handler = ipcMain.handlers.get(SPIKEFORGE_CHANNELS.getStartup);
    const fromSubframe = (await handler?.({ senderFrame: { url: 'app://spikeforge/x.html', parent: {} } })) as IpcResult<unknown>;
    const fromElsewhere = (await handler?.({ senderFrame: { url: 'https://example.com/', parent: null } })) as IpcResult<unknown>;
    expect(fromSubframe.ok).toBe(false);
    expect(fromElsewhere.ok).toBe(false);
  });

  it('refuses an invalid payload with SF8006', async () => {
    const ipcMain = createFakeIpcMain();
    registerHandlers({ ipcMain, backend: createEchoBackend(), allowedOrigins: ['app://spikeforge'] });
    const result = (await ipcMain.handlers.get(SPIKEFORGE_CHANNELS.buildNetwork)?.(trusted, { text: null })) as IpcResult<unknown>;
    expect(!result.ok && result.diagnostics[0]?.code).toBe('SF8006');
  });

  it('sends events to the current target and removes everything on dispose', () => {
    const ipcMain = createFakeIpcMain();
    const backend = createEchoBackend();
    const sent: [string, unknown][] = [];
    const registered = registerHandlers({ ipcMain, backend, allowedOrigins: ['app://spikeforge'] });
    backend.emitRecord('lost');
    registered.setEventTarget({ send: (channel, payload) => void sent.push([channel, payload]), isDestroyed: () => false });
    backend.emitRecord('kept');
    registered.dispose();
    backend.emitRecord('after');
    expect(sent).toEqual([[SPIKEFORGE_CHANNELS.onDidRecord, 'kept']]);
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('isTrustedSender / toOrigin', () => {
  it('derives origins of custom schemes and http URLs', () => {
    expect(toOrigin('app://spikeforge/index.html')).toBe('app://spikeforge');
    expect(toOrigin('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(toOrigin('file:///etc/passwd')).toBeUndefined();
    expect(toOrigin('not a url')).toBeUndefined();
  });

  it('needs a main frame from an allowed origin', () => {
    expect(isTrustedSender(null, ['app://spikeforge'])).toBe(false);
    expect(isTrustedSender({ url: 'app://spikeforge/', parent: null }, ['app://spikeforge'])).toBe(true);
    expect(isTrustedSender({ url: 'app://evil/', parent: null }, ['app://spikeforge'])).toBe(false);
  });
});

describe('buildContentSecurityPolicy', () => {
  it('matches ARCHITECTURE.md §13 and adds connect sources', () => {
    const csp = buildContentSecurityPolicy({ connectSources: ['ws://127.0.0.1:1234'] });
    expect(csp).toContain("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; font-src 'self'; connect-src 'self' ws://127.0.0.1:1234");
    expect(csp).not.toContain('unsafe-eval');
  });
});
