/**
 * Starts the web host as its own process, the way a user does (`node … src-main/webhost/index.ts`
 * with the real services and sim host), and waits for the one line it prints with the URL.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './ensureRendererBuilt';

/** A running web host process. */
export interface WebHostProcess {
  /** `http://127.0.0.1:PORT/?token=TOKEN`. */
  readonly url: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

const READY_LINE = /SpikeForge web UI at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/;

/**
 * Forks the web host entry (default: the TypeScript source through tsx, so the spec never runs
 * a stale bundle; `SPIKEFORGE_E2E_WEBHOST_ENTRY` may name another entry, e.g. out/main/webhost.js).
 */
export async function startWebHostProcess(env: Readonly<Record<string, string>>, timeoutMs = 60_000): Promise<WebHostProcess> {
  const entry = process.env.SPIKEFORGE_E2E_WEBHOST_ENTRY ?? join(REPO_ROOT, 'src-main', 'webhost', 'index.ts');
  const child: ChildProcess = fork(entry, [], {
    cwd: REPO_ROOT,
    execArgv: entry.endsWith('.ts') || entry.endsWith('.mts') ? ['--import', 'tsx'] : [],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the web host printed no URL within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = (): void => {
      const match = READY_LINE.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the web host exited (${signal ?? code}) before printing its URL:\n${output}`));
    });
  });

  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
