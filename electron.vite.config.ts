/**
 * Build of the three Electron targets (ARCHITECTURE.md §2):
 * - main: the Electron composition root plus the other Node entries that share its services —
 *   the web host, the sim host (forked as out/main/simhost.js) and the CLI. Native and template
 *   dependencies (koffi, nunjucks, ws) stay external: they are loaded from node_modules at run
 *   time. Chunks sit beside the entries so that `import.meta.url`-relative lookups (the sim-host
 *   launcher looks for `simhost.js` next to itself) work from any chunk.
 * - preload: one sandboxed CommonJS file, everything bundled (a sandboxed preload may require
 *   only `electron`).
 * - renderer: React + Monaco (ESM, editor worker through `?worker`, no CDN) + the strict Plotly
 *   bundle. `rendererViteConfig` is also a plain Vite config, so tests can build the renderer
 *   alone without the main and preload targets.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { UserConfig } from 'vite';

const root = import.meta.dirname;

/** Packages the main-process bundles load from node_modules at run time. */
const MAIN_EXTERNALS = ['koffi', 'nunjucks', 'ws'];

/** The renderer as a self-contained Vite config (root src-renderer, output out/renderer). */
export const rendererViteConfig: UserConfig = {
  root: resolve(root, 'src-renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(root, 'out', 'renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    minify: true,
    // Monaco and Plotly are large by nature; they load once from local files.
    chunkSizeWarningLimit: 6000,
    rollupOptions: { input: resolve(root, 'src-renderer', 'index.html') },
  },
  worker: { format: 'es' },
};

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { include: MAIN_EXTERNALS },
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main', 'index.ts'),
          webhost: resolve(root, 'src-main', 'webhost', 'index.ts'),
          simhost: resolve(root, 'src-main', 'simhost', 'index.ts'),
          cli: resolve(root, 'src-main', 'cli', 'index.ts'),
        },
        external: MAIN_EXTERNALS,
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src-preload', 'index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: rendererViteConfig,
});
