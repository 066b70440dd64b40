/**
 * Starts sim-host processes. The Node launcher (CLI, web host, tests, TypeScript API) uses
 * `child_process.fork` with structured-clone serialisation so typed arrays cross intact; the
 * Electron launcher (utilityProcess) implements the same interface in src-main/electron.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A running sim host as the client sees it. */
export interface SimHostProcess {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

/** Starts sim hosts. */
export interface SimHostLauncher {
  launch(): SimHostProcess;
}

/** Where the sim-host entry is: the bundle beside this file, else the TypeScript source via tsx. */
export function locateSimHostEntry(): { entry: string; execArgv: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'simhost.js');
  if (!import.meta.url.endsWith('.ts') && existsSync(bundled)) return { entry: bundled, execArgv: [] };
  const source = join(here, '..', 'simhost', 'index.ts');
  // tsx by absolute URL: a bare `--import tsx` is resolved from the working directory, which
  // need not be this checkout (the CLI run from another folder).
  return { entry: source, execArgv: ['--import', import.meta.resolve('tsx')] };
}

/** The Node launcher. `env` adds variables (cache folder, compiler) for the sim host. */
export function createNodeSimHostLauncher(env: Readonly<Record<string, string>> = {}): SimHostLauncher {
  return {
    launch() {
      const { entry, execArgv } = locateSimHostEntry();
      const child = fork(entry, [], {
        execArgv,
        serialization: 'advanced',
        env: { ...process.env, ...env },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      return {
        pid: child.pid,
        send: (message) => {
          if (child.connected) child.send(message as object);
        },
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => child.on('exit', (code, signal) => listener(code, signal)),
        kill: () => child.kill('SIGKILL'),
      };
    },
  };
}
