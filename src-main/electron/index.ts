/**
 * The importers of `electron` live in this folder (ARCHITECTURE.md §3; `ipcMain` alone in
 * src-main/ipc/registerElectronHandlers.ts): unit tests and the web host never load it, because a
 * development machine may have no Electron binary.
 */
export { app, BrowserWindow, utilityProcess } from 'electron';
export { APP_ORIGIN, registerAppScheme, serveRendererOnAppScheme } from './appProtocol';
export { createMainWindow, type MainWindowOptions } from './createMainWindow';
export { hardenApp, isExternalLink } from './hardenApp';
export { createUtilityProcessLauncher, type UtilityProcessLauncherOptions } from './utilityProcessLauncher';
