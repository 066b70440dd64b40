/**
 * `node --import tsx e2e/support/buildRenderer.ts`: builds the renderer alone (out/renderer) with
 * the renderer part of electron.vite.config.ts. Run in its own process with NODE_ENV=production:
 * inside vitest NODE_ENV is "test", and Vite would then emit React's development build.
 */
import { build } from 'vite';
import { rendererViteConfig } from '../../electron.vite.config';

await build({ ...rendererViteConfig, configFile: false, logLevel: 'warn', mode: 'production' });
