/**
 * Web host entry (`node out/main/webhost.js`, or `node --import tsx src-main/webhost/index.ts`):
 * the real services behind the built renderer, for a browser. Prints exactly one line that
 * tools wait for: `SpikeForge web UI at http://127.0.0.1:PORT/?token=TOKEN`.
 *
 * Environment: `SPIKEFORGE_USER_DATA` (compile cache and user data; default ~/.cache/spikeforge),
 * `SPIKEFORGE_PORT` (default: a free port), `SPIKEFORGE_RENDERER_DIR` (default out/renderer).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { findAppRoot } from '../services/appRoot';
import { createBackend } from '../services/backend';
import { startWebHost } from './startWebHost';

async function main(): Promise<void> {
  const appRoot = findAppRoot();
  const userDataDir = process.env.SPIKEFORGE_USER_DATA ?? join(homedir(), '.cache', 'spikeforge');
  const rendererDir = process.env.SPIKEFORGE_RENDERER_DIR ?? join(appRoot, 'out', 'renderer');
  const port = process.env.SPIKEFORGE_PORT === undefined ? 0 : Number(process.env.SPIKEFORGE_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SPIKEFORGE_PORT must be a port number, not "${process.env.SPIKEFORGE_PORT}"`);
  if (!existsSync(join(rendererDir, 'index.html'))) console.warn(`warning: ${rendererDir} has no index.html: run npx electron-vite build`);
  await mkdir(userDataDir, { recursive: true });

  const backend = await createBackend({ userDataDir, appRoot });
  const host = await startWebHost({ backend, rendererDir, port });
  console.log(`SpikeForge web UI at ${host.url}`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void host
      .close()
      .then(() => backend.dispose())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Started by a parent over IPC (tests, npm start): go when the parent goes.
  if (process.connected) process.on('disconnect', stop);
}

main().catch((error: unknown) => {
  console.error(`SpikeForge web host failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
