/**
 * The `app://` scheme that serves the built renderer (ARCHITECTURE.md §13). Not `file://`: module
 * workers (Monaco's editor worker) fail under file's opaque origin, and a real origin lets main
 * check senders and send a CSP header. The scheme is standard (relative URLs work), secure and
 * fetch-capable, and confined to the renderer folder.
 */
import { readFile, realpath } from 'node:fs/promises';
import { sep } from 'node:path';
import { protocol } from 'electron';
import { contentTypeOf, resolveRendererPath } from '../ipc';

/** The scheme name. */
export const APP_SCHEME = 'app';
/** The renderer's origin under Electron. */
export const APP_ORIGIN = `${APP_SCHEME}://spikeforge`;

/** Declares the scheme privileged; Electron requires this before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves `rendererDir` on `app://spikeforge/…` with `contentSecurityPolicy`; call after ready. */
export function serveRendererOnAppScheme(rendererDir: string, contentSecurityPolicy: string): void {
  const headers = (contentType: string): Record<string, string> => ({
    'Content-Type': contentType,
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
  });
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const root = await realpath(rendererDir).catch(() => undefined);
    const candidate = url.host === 'spikeforge' && root !== undefined ? resolveRendererPath(root, url.pathname) : undefined;
    const real = candidate === undefined ? undefined : await realpath(candidate).catch(() => undefined);
    if (root === undefined || real === undefined || !real.startsWith(root + sep)) {
      return new Response('not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
    }
    try {
      return new Response(await readFile(real), { status: 200, headers: headers(contentTypeOf(real)) });
    } catch {
      return new Response('not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
    }
  });
}
