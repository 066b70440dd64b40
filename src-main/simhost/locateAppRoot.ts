/**
 * Finds the application folder (the one holding package.json and templates/) from wherever this
 * module runs: the TypeScript sources under tsx, or the bundle in out/main.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder with package.json and templates/, walking up from this file. */
export function locateAppRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  if (process.env.SPIKEFORGE_APP_ROOT !== undefined) return process.env.SPIKEFORGE_APP_ROOT;
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the SpikeForge folder above ${start}`);
    dir = parent;
  }
}
