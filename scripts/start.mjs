#!/usr/bin/env node
// `npm start`: builds SpikeForge with electron-vite, then opens the desktop app if an Electron
// binary is on this machine, else serves the same UI from the web host and prints its URL.
// `npm run webhost` (`--web`) always takes the web host.
//
// The Electron binary is located by hand, never through `require('electron')`: since Electron 42
// that call downloads the binary when it is missing, which fails (and must not be tried) on
// machines without network access to GitHub.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const webOnly = process.argv.includes('--web');

/** The Electron executable, or undefined when there is none. */
function findElectronBinary() {
  const electronDir = join(root, 'node_modules', 'electron');
  const pathFile = join(electronDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron');
    return existsSync(candidate) ? candidate : undefined;
  }
  if (executable === undefined) return undefined;
  const candidate = join(electronDir, 'dist', executable);
  return existsSync(candidate) ? candidate : undefined;
}

/** Runs a child with inherited stdio; forwards Ctrl+C and exits with its code. */
function runForeground(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('SpikeForge: the build failed (see above).');
  process.exit(build.status ?? 1);
}

const electron = webOnly ? undefined : findElectronBinary();
if (electron !== undefined) {
  runForeground(electron, [root]);
} else {
  if (!webOnly) console.log('Electron binary not available on this machine (cannot be downloaded here); serving the same UI from the web host instead.');
  runForeground(process.execPath, [join(root, 'out', 'main', 'webhost.js')]);
}
