/**
 * The preload: exposes exactly the contract as `window.spikeforge`, built mechanically from
 * `SPIKEFORGE_CHANNELS` (ARCHITECTURE.md §11). Requests become `ipcRenderer.invoke` on their
 * channel; `onDid*` members subscribe to their event channel and hand the page only the payload
 * (never the `IpcRendererEvent`, which would leak `sender` and `ports`). No raw `ipcRenderer`
 * reaches the page. Runs sandboxed, so it is bundled as CommonJS with nothing but `electron`
 * required at run time (everything else it uses is bundled in).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_MEMBERS, REQUEST_MEMBERS, SPIKEFORGE_CHANNELS, type SpikeForgeApi, type Unsubscribe } from '../src-shared/ipc';

/** Builds the object exposed as `window.spikeforge`. */
export function buildSpikeForgeBridge(): SpikeForgeApi {
  const bridge: Record<string, unknown> = {};
  for (const member of REQUEST_MEMBERS) {
    const channel = SPIKEFORGE_CHANNELS[member];
    bridge[member] = (...args: unknown[]): Promise<unknown> => ipcRenderer.invoke(channel, ...args);
  }
  for (const member of EVENT_MEMBERS) {
    const channel = SPIKEFORGE_CHANNELS[member];
    bridge[member] = (listener: (payload: unknown) => void): Unsubscribe => {
      const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    };
  }
  // Safe: one function per contract member was added above, with the contract's call shapes.
  return Object.freeze(bridge) as unknown as SpikeForgeApi;
}

contextBridge.exposeInMainWorld('spikeforge', buildSpikeForgeBridge());
