#!/usr/bin/env node
// `npm run depcheck`: dependency-cruiser with .dependency-cruiser.cjs over the four source trees.
//
// Why not `npx depcruise`: dependency-cruiser 18's CLI refuses to start on Node 20 (its engines
// field says ^22||^24||>=26), while SpikeForge targets Node >= 20.19. Its documented JavaScript API
// (`cruise` + the config-utl extractors) runs fine on Node 20, so this wrapper uses that and
// behaves like `depcruise --config .dependency-cruiser.cjs --output-type err-long`. On Node >= 22
// `npx depcruise src-shared src-main src-renderer src-preload --config .dependency-cruiser.cjs`
// gives the same result.
//
// Usage: node scripts/depcruise.mjs [--output-type err|err-long|json|text|dot|…] [paths…]
// Exit code: number of error-severity violations (capped at 255 by the OS), like the CLI.
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const args = process.argv.slice(2);
let outputType = 'err-long';
const paths = [];
for (let i = 0; i < args.length; i += 1) {
  const arg = args[i];
  if (arg === '--output-type' || arg === '-T') outputType = args[(i += 1)] ?? outputType;
  else if (arg.startsWith('--output-type=')) outputType = arg.slice('--output-type='.length);
  else paths.push(arg);
}
const targets = (paths.length > 0 ? paths : ['src-shared', 'src-main', 'src-renderer', 'src-preload']).filter((p) => existsSync(p));

const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
const tsConfigFile = options.ruleSet?.options?.tsConfig?.fileName;
const transpileOptions = tsConfigFile ? { tsConfig: extractTSConfig(tsConfigFile) } : {};
const result = await cruise(targets, { ...options, validate: true, outputType }, {}, transpileOptions);
process.stdout.write(typeof result.output === 'string' ? result.output : JSON.stringify(result.output, null, 2));
process.stdout.write('\n');
process.exitCode = Math.min(result.exitCode, 255);
