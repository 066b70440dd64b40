/**
 * Where the application's files (package.json, templates/, examples/, out/renderer) are, for the
 * main-process hosts (CLI, web host). The sim host finds its own (it is a separate process and
 * gets the folder from its launcher in SPIKEFORGE_APP_ROOT).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json and templates/, walking up from `start` (default: this module). */
export function findAppRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the SpikeForge folder (package.json with templates/) above ${start}`);
  }
}
