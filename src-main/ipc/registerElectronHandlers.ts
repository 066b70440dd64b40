/**
 * The one place `ipcMain` is imported (ARCHITECTURE.md §3). Kept out of `src-main/ipc/index.ts`
 * so that the web host and the tests, which import that index, never load `electron`; only the
 * Electron composition root imports this file.
 */
import { ipcMain } from 'electron';
import { registerHandlers, type RegisteredHandlers, type RegisterHandlersOptions } from './registerHandlers';

/** {@link registerHandlers} with Electron's `ipcMain`. */
export function registerElectronHandlers(options: Omit<RegisterHandlersOptions, 'ipcMain'>): RegisteredHandlers {
  return registerHandlers({ ...options, ipcMain });
}
