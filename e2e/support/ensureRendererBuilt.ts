/**
 * Builds the renderer (out/renderer) when it is missing or older than its sources, with the
 * renderer part of electron.vite.config.ts only (`buildRenderer.ts`, in a child process): the e2e
 * specs need the page, not the Electron main and preload bundles, and must not fail because
 * another target is mid-change.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root. */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** The built renderer. */
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when out/renderer is missing or a renderer source is newer than it. */
export function isRendererStale(): boolean {
  const index = join(RENDERER_DIR, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = [join(REPO_ROOT, 'src-renderer'), join(REPO_ROOT, 'src-shared'), join(REPO_ROOT, 'electron.vite.config.ts'), join(REPO_ROOT, 'package.json')];
  return sources.some((source) => existsSync(source) && newestMtime(source) > built);
}

/** Builds the renderer if it is stale; returns whether it built. */
export async function ensureRendererBuilt(): Promise<boolean> {
  if (!isRendererStale()) return false;
  const script = join(REPO_ROOT, 'e2e', 'support', 'buildRenderer.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`building the renderer failed (exit ${code}):\n${output}`);
  return true;
}
