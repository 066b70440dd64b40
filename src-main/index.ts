/**
 * Electron composition root: lifecycle, the services, the contract handlers and the window;
 * nothing else. Runs as out/main/index.js, beside out/preload, out/renderer and the sim-host
 * bundle out/main/simhost.js, which runs as an Electron utility process (the web host, the CLI
 * and the tests fork it with child_process instead).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ORIGIN, app, BrowserWindow, createMainWindow, createUtilityProcessLauncher, hardenApp, registerAppScheme, serveRendererOnAppScheme, utilityProcess } from './electron';
import { buildContentSecurityPolicy, toOrigin } from './ipc';
import { registerElectronHandlers } from './ipc/registerElectronHandlers';
import { createBackend, toSimHostEnv } from './services/backend';

const here = dirname(fileURLToPath(import.meta.url));

async function startApp(): Promise<void> {
  await app.whenReady();
  // electron-vite dev serves the renderer from a dev server and names it here.
  const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const devOrigin = devUrl === undefined ? undefined : toOrigin(devUrl);
  const allowedOrigins = devOrigin === undefined ? [APP_ORIGIN] : [APP_ORIGIN, devOrigin];
  hardenApp((url) => allowedOrigins.includes(toOrigin(url) ?? ''));
  serveRendererOnAppScheme(join(here, '..', 'renderer'), buildContentSecurityPolicy());

  const paths = { userDataDir: app.getPath('userData'), appRoot: app.getAppPath() };
  const launcher = createUtilityProcessLauncher({ utilityProcess, app, entry: join(here, 'simhost.js'), env: toSimHostEnv(paths) });
  const backend = await createBackend({ ...paths, launcher });
  const handlers = registerElectronHandlers({ backend, allowedOrigins });

  const openWindow = (): void => {
    const window = createMainWindow({ preloadPath: join(here, '..', 'preload', 'index.cjs'), url: devUrl ?? `${APP_ORIGIN}/index.html` });
    handlers.setEventTarget(window.webContents);
    window.on('closed', () => handlers.setEventTarget(undefined));
  };
  openWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    handlers.dispose();
    void backend.dispose().finally(() => app.quit());
  });
}

registerAppScheme();
startApp().catch((error: unknown) => {
  console.error('SpikeForge failed to start:', error);
  app.exit(1);
});
