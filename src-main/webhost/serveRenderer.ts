/**
 * Serves the built renderer (out/renderer) as static files with the renderer's CSP. Only files
 * inside the renderer folder are reachable (`resolveRendererPath`, then the real path after
 * symlinks); anything else is a 404. The web host checks the `Host` header before calling this (DNS rebinding).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sep } from 'node:path';
import { contentTypeOf, resolveRendererPath } from '../ipc';

/** Headers every response carries. */
function baseHeaders(contentSecurityPolicy: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** Writes a small plain-text response. */
export function sendText(response: ServerResponse, status: number, text: string, contentSecurityPolicy: string): void {
  response.writeHead(status, { ...baseHeaders(contentSecurityPolicy), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(text);
}

/** Answers one GET/HEAD request for a renderer file. */
export async function serveRendererFile(request: IncomingMessage, response: ServerResponse, rendererDir: string, contentSecurityPolicy: string): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendText(response, 405, 'method not allowed', contentSecurityPolicy);
    return;
  }
  const root = await realpath(rendererDir).catch(() => undefined);
  if (root === undefined) {
    sendText(response, 503, `The renderer is not built (${rendererDir} is missing): run npx electron-vite build`, contentSecurityPolicy);
    return;
  }
  const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
  const candidate = resolveRendererPath(root, pathname);
  const real = candidate === undefined ? undefined : await realpath(candidate).catch(() => undefined);
  const info = real === undefined ? undefined : await stat(real).catch(() => undefined);
  if (real === undefined || info === undefined || !info.isFile() || !real.startsWith(root + sep)) {
    sendText(response, 404, 'not found', contentSecurityPolicy);
    return;
  }
  response.writeHead(200, {
    ...baseHeaders(contentSecurityPolicy),
    'Content-Type': contentTypeOf(real),
    'Content-Length': String(info.size),
    // A local server: revalidating costs nothing and a rebuilt renderer is never stale.
    'Cache-Control': 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(real)
    .on('error', () => response.destroy())
    .pipe(response);
}
