/**
 * `window.spikeforge`, exposed by the preload under Electron. Absent in a plain browser (the web
 * host), which is why its type includes `undefined`: the renderer's transport picks the socket then.
 */
import type { SpikeForgeApi } from '../src-shared/ipc';

declare global {
  interface Window {
    /** The contract, present only under Electron (see src-preload/index.ts). */
    readonly spikeforge?: SpikeForgeApi;
  }
}

export {};
