/**
 * The main window: sandboxed renderer with context isolation and no Node, the preload that
 * exposes only the contract, dark background to avoid a white flash before the page paints.
 */
import { BrowserWindow } from 'electron';

/** Options for {@link createMainWindow}. */
export interface MainWindowOptions {
  /** Absolute path of the built preload (out/preload/index.cjs). */
  readonly preloadPath: string;
  /** The page to load: `app://spikeforge/index.html`, or the dev server's URL. */
  readonly url: string;
}

/** Creates and shows the main window. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#1e1e1e',
    title: 'SpikeForge',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
  return window;
}
