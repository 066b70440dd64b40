/**
 * App-wide lock-down for every web contents (ARCHITECTURE.md §13): no navigation away from the
 * renderer, no new windows (external http(s) links go to the system browser after a URL check),
 * no `<webview>`, and every permission request (camera, notifications, …) denied.
 */
import { app, session, shell } from 'electron';

/** True for links the system browser may open: plain http(s) URLs with a host. */
export function isExternalLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** Installs the guards; call once, after ready. `isAppUrl` tells our own pages. */
export function hardenApp(isAppUrl: (url: string) => boolean): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
