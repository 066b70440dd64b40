/**
 * The web host (ARCHITECTURE.md §12): the built renderer over HTTP on 127.0.0.1 and the contract
 * over a WebSocket, for browsers and for end-to-end tests without an Electron binary.
 *
 * Any web page the user visits can try to reach a localhost port, so every socket must prove
 * itself: the upgrade request must carry this launch's random token, come from our own page's
 * origin (`Origin` is set by the browser and cannot be forged by a page), and name our host
 * (`Host`, against DNS rebinding). HTTP requests are checked for the host too. The backend is
 * passed in, so tests can run the host in-process with any backend.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { SpikeForgeBackend } from '../../src-shared/ipc';
import { buildContentSecurityPolicy, createRequestHandlers } from '../ipc';
import { sendText, serveRendererFile } from './serveRenderer';
import { attachSocketSession } from './socketSession';

/** The path of the contract socket. */
export const SOCKET_PATH = '/ws';

/** Largest request frame accepted (a model text is a few kB; schemas cap it at 4 M characters). */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/** Options for {@link startWebHost}. */
export interface WebHostOptions {
  readonly backend: SpikeForgeBackend;
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  /** TCP port; 0 or absent picks a free one. */
  readonly port?: number;
  /** The socket token; absent means a fresh random one (tests may fix it). */
  readonly token?: string;
}

/** A running web host. */
export interface WebHost {
  /** `http://127.0.0.1:PORT/?token=TOKEN`: open this in a browser. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Closes the sockets and the server (the backend stays the caller's to dispose). */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function sameSecret(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function rejectUpgrade(socket: Duplex, status: 400 | 403 | 404, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Starts the web host; resolves once it listens. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const handlers = createRequestHandlers(options.backend);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES });
  let port = 0;
  const allowedHosts = (): readonly string[] => [`${HOST}:${port}`, `localhost:${port}`];
  const ownOrigins = (): readonly string[] => allowedHosts().map((host) => `http://${host}`);
  const policy = (): string => buildContentSecurityPolicy({ connectSources: allowedHosts().map((host) => `ws://${host}`) });

  const server = createServer((request, response) => {
    if (!allowedHosts().includes(request.headers.host ?? '')) {
      sendText(response, 403, 'unexpected Host header', policy());
      return;
    }
    serveRendererFile(request, response, options.rendererDir, policy()).catch(() => {
      if (!response.headersSent) sendText(response, 500, 'internal error', policy());
      else response.destroy();
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', `http://${HOST}`);
    if (url.pathname !== SOCKET_PATH) return rejectUpgrade(socket, 404, 'Not Found');
    if (!allowedHosts().includes(request.headers.host ?? '')) return rejectUpgrade(socket, 403, 'Forbidden');
    if (!ownOrigins().includes(request.headers.origin ?? '')) return rejectUpgrade(socket, 403, 'Forbidden');
    if (!sameSecret(url.searchParams.get('token'), token)) return rejectUpgrade(socket, 403, 'Forbidden');
    sockets.handleUpgrade(request, socket, head, (ws) => attachSocketSession(ws, options.backend, handlers));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port; // Safe: a TCP server listening on HOST.

  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
