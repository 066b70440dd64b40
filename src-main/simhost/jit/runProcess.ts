/**
 * Runs a tool (the compiler, `--version`) without a shell and captures its output. The child gets
 * its own process group so a timeout kills the whole tree (the g++ driver, cc1plus, as, ld), not
 * only the driver. A missing executable comes back as `spawnError` (ENOENT) in a few milliseconds.
 * Process spawning lives only in `simhost/jit/` (ARCHITECTURE.md §3).
 */
import { spawn } from 'node:child_process';

/** What a finished (or killed) process left behind. */
export interface ProcessOutcome {
  /** Exit code, or null when killed by a signal or never started. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** Set when the process could not be started (e.g. `ENOENT`, `EACCES`). */
  readonly spawnError?: NodeJS.ErrnoException;
  readonly ms: number;
}

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Cap on captured bytes per stream (default 1 MiB); the rest is dropped. */
  readonly maxOutputBytes?: number;
}

/** Spawns `command args…` (no shell), waits for it, kills its process group after `timeoutMs`. */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessOutcome> {
  const t0 = performance.now();
  const cap = options.maxOutputBytes ?? 1 << 20;
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let timedOut = false;
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: NodeJS.ErrnoException): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        ...(spawnError === undefined ? {} : { spawnError }),
        ms: performance.now() - t0,
      });
    };
    const child = spawn(command, [...args], {
      shell: false,
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      cwd: options.cwd,
      windowsHide: true,
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child.pid);
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (outBytes < cap) out.push(chunk);
      outBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (errBytes < cap) err.push(chunk);
      errBytes += chunk.length;
    });
    child.on('error', (error: NodeJS.ErrnoException) => finish(null, null, error));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
