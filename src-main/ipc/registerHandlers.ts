/**
 * Electron IPC for the contract: one `ipcMain.handle` per request channel and one `send` per
 * event. `electron` is imported only in src-main/electron (a development machine may have no
 * Electron binary, and unit tests must not load it), so this module receives `ipcMain` and the
 * window's `webContents` as the small structural ports below, which Electron's objects satisfy.
 *
 * Every invocation is checked before the backend sees it: the channel is one of ours (by
 * construction), the sender is the main frame of a page from an allowed origin, and the payload
 * passes the member's zod schema.
 */
import { makeDiagnostic } from '../../src-shared/diagnostics';
import {
  ipcFail,
  REQUEST_MEMBERS,
  SPIKEFORGE_CHANNELS,
  type SpikeForgeBackend,
  type Unsubscribe,
} from '../../src-shared/ipc';
import { createRequestHandlers, dispatchRequest, forwardEvents } from './dispatchRequest';

/** The frame that sent an IPC message (Electron's `WebFrameMain`, reduced to what is checked). */
export interface SenderFrame {
  readonly url: string;
  /** `null` for a top-level frame. */
  readonly parent: unknown;
}

/** An `ipcMain.handle` event, reduced to what is checked. */
export interface InvokeEvent {
  readonly senderFrame: SenderFrame | null;
}

/** The part of Electron's `ipcMain` used here. */
export interface IpcMainPort {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Where events go: the window's `webContents`. */
export interface EventSink {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/** Options for {@link registerHandlers}. */
export interface RegisterHandlersOptions {
  readonly ipcMain: IpcMainPort;
  readonly backend: SpikeForgeBackend;
  /** Origins whose main frame may call the contract: `app://spikeforge`, the dev server's. */
  readonly allowedOrigins: readonly string[];
  /** Receives events; may be set later with the returned `setEventTarget`. */
  readonly eventTarget?: EventSink;
}

/** What {@link registerHandlers} returns. */
export interface RegisteredHandlers {
  /** Points events at a (new) window, or nowhere. */
  setEventTarget(target: EventSink | undefined): void;
  /** Removes the handlers and the event subscriptions. */
  dispose: Unsubscribe;
}

/** The origin of a URL (`app://spikeforge`), or `undefined` when it has none. */
export function toOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    // Custom schemes report the origin "null"; rebuild it from scheme and host.
    return parsed.origin !== 'null' ? parsed.origin : parsed.host === '' ? undefined : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return undefined;
  }
}

/** True when the message comes from the main frame of a page from one of `allowedOrigins`. */
export function isTrustedSender(frame: SenderFrame | null, allowedOrigins: readonly string[]): boolean {
  if (frame === null || frame.parent !== null) return false;
  const origin = toOrigin(frame.url);
  return origin !== undefined && allowedOrigins.includes(origin);
}

/** Wires every request member of the contract to the backend and forwards its events. */
export function registerHandlers(options: RegisterHandlersOptions): RegisteredHandlers {
  const handlers = createRequestHandlers(options.backend);
  let target = options.eventTarget;
  for (const member of REQUEST_MEMBERS) {
    const channel = SPIKEFORGE_CHANNELS[member];
    options.ipcMain.handle(channel, async (event, ...args) => {
      if (!isTrustedSender(event.senderFrame, options.allowedOrigins)) {
        return ipcFail([makeDiagnostic('SF8006', { detail: `${member} from an untrusted frame (${event.senderFrame?.url ?? 'no frame'})` })]);
      }
      return dispatchRequest(handlers, member, args);
    });
  }
  const stopEvents = forwardEvents(options.backend, (event, payload) => {
    if (target !== undefined && !target.isDestroyed()) target.send(SPIKEFORGE_CHANNELS[event], payload);
  });
  return {
    setEventTarget(next) {
      target = next;
    },
    dispose() {
      stopEvents();
      for (const member of REQUEST_MEMBERS) options.ipcMain.removeHandler(SPIKEFORGE_CHANNELS[member]);
    },
  };
}
