#!/usr/bin/env node
// `npm run example -- <name>`: runs examples/<name>.ts through tsx (lists the examples without a name).
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3));
const [name, ...rest] = process.argv.slice(2);
if (name === undefined || !existsSync(join(root, 'examples', `${name}.ts`))) {
  console.error(`usage: npm run example -- <name>\nexamples: ${examples.join(', ')}`);
  process.exit(name === undefined ? 0 : 2);
}
const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'examples', `${name}.ts`), ...rest], { stdio: 'inherit', cwd: process.cwd() });
process.exit(result.status ?? 1);
