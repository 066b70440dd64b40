#!/usr/bin/env node
// Launches the CLI: from the TypeScript sources through tsx in a checkout (never stale), else
// from the built bundle.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src-main', 'cli', 'index.ts');
// tsx by absolute URL: `--import tsx` would be resolved from the caller's working directory.
const args = existsSync(source)
  ? ['--import', import.meta.resolve('tsx'), source, ...process.argv.slice(2)]
  : [join(root, 'out', 'main', 'cli.js'), ...process.argv.slice(2)];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
