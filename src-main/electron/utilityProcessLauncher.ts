/**
 * The Electron `SimHostLauncher` (ARCHITECTURE.md §4): the sim host as an Electron utility process
 * (`utilityProcess.fork`) instead of a Node child process. The supervision in `SimHostClient` is
 * the same for both, so this adapter's job is to make a utility process look like the Node one:
 *
 * - Messages go through `postMessage` and arrive as `message` events; both are structured clones,
 *   so typed arrays cross intact. Nothing is put in a transfer list (a `MessagePortMain` message
 *   with transferred ArrayBuffers is dropped silently). Messages sent before the sim host has
 *   said it listens (its first message, the `ready` event, is sent once its `parentPort` listener
 *   is registered) are queued: one posted earlier could reach a process with no listener yet.
 * - Exit: a utility process reports only an exit code (`exit`), and how it ended comes separately,
 *   from `app`'s `child-process-gone` event (`reason`: `clean-exit`, `abnormal-exit`, `crashed`,
 *   `killed`, `oom`, …), matched to the process by a unique `serviceName`. The two are combined
 *   into the Node contract `onExit(code, signal)`: a crash or kill becomes `(null, 'SIGSEGV')`
 *   etc., an exit `(code, null)`. Either event may come first; after `exit` the launcher waits up
 *   to `goneWaitMs` for the details and otherwise reports the plain exit code.
 * - Kill: the client kills a hung host (watchdog) or a host that will not stop, so `kill()` sends
 *   SIGKILL to the pid (a spinning process does not answer SIGTERM, and `UtilityProcess.kill()`
 *   can block the main process on macOS), and reports the exit as SIGKILL.
 *
 * `electron` is not imported here: the composition root passes `utilityProcess` and `app` in, and
 * the unit test passes fakes (a development machine may have no Electron binary).
 */
import { constants } from 'node:os';
import type { SimHostLauncher, SimHostProcess } from '../services/simHostLauncher';

/** The part of Electron's `UtilityProcess` used here. */
export interface UtilityProcessPort {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

/** Options of `utilityProcess.fork` used here. */
export interface UtilityForkOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdio: 'inherit';
  readonly serviceName: string;
}

/** The part of Electron's `utilityProcess` module used here. */
export interface UtilityProcessModule {
  fork(modulePath: string, args: string[], options: UtilityForkOptions): UtilityProcessPort;
}

/** Electron's `child-process-gone` details, reduced to what is read. */
export interface ChildProcessGoneDetails {
  readonly type: string;
  readonly reason: string;
  readonly exitCode: number;
  readonly serviceName?: string;
}

/** The part of Electron's `app` used here: the `child-process-gone` event. */
export interface ChildProcessGoneSource {
  on(event: 'child-process-gone', listener: (event: unknown, details: ChildProcessGoneDetails) => void): unknown;
}

/** Options of {@link createUtilityProcessLauncher}. */
export interface UtilityProcessLauncherOptions {
  readonly utilityProcess: UtilityProcessModule;
  readonly app: ChildProcessGoneSource;
  /** The built sim-host entry (out/main/simhost.js). */
  readonly entry: string;
  /** Variables added to the sim host's environment (cache folder, app root, compiler). */
  readonly env?: Readonly<Record<string, string>>;
  /** The environment the sim host inherits (default `process.env`). */
  readonly baseEnv?: Readonly<Record<string, string | undefined>>;
  /** Sends a signal to a process (default `process.kill`). */
  readonly killPid?: (pid: number, signal: 'SIGKILL') => void;
  /** How long to wait after `exit` for `child-process-gone`, ms (default 250). */
  readonly goneWaitMs?: number;
}

/** Reasons of `child-process-gone` that mean the process died by a signal. */
const SIGNAL_REASONS = new Set(['crashed', 'killed', 'oom']);

/**
 * The signal name for a utility process's exit code when it died by a signal. Chromium reports
 * the waitpid status or the signal number depending on the platform and version, so all of these
 * are read: a signal number (11), a raw status with the core-dump bit (139 = 0x80 | 11) and the
 * shell's 128 + n (also 139). Unknown numbers become `signal <n>`.
 */
export function toSignalName(code: number): string {
  // First name per number: SIGABRT, not its alias SIGIOT.
  const names = new Map<number, string>();
  for (const [name, number] of Object.entries(constants.signals)) if (!names.has(number)) names.set(number, name);
  for (const candidate of [code, code & 0x7f, code - 128]) {
    const name = candidate > 0 ? names.get(candidate) : undefined;
    if (name !== undefined) return name;
  }
  return `signal ${code}`;
}

/**
 * The Node-style `(code, signal)` for a utility process that ended with `exitCode`, given the
 * `child-process-gone` details when they came.
 */
export function toExitStatus(exitCode: number, details: ChildProcessGoneDetails | undefined): { code: number | null; signal: string | null } {
  if (details === undefined || details.reason === 'clean-exit') return { code: exitCode, signal: null };
  if (SIGNAL_REASONS.has(details.reason)) return { code: null, signal: toSignalName(details.exitCode !== 0 ? details.exitCode : exitCode) };
  // abnormal-exit, launch-failed, integrity-failure, memory-eviction: a failed exit.
  return { code: exitCode !== 0 ? exitCode : 1, signal: null };
}

/** Creates the Electron launcher. */
export function createUtilityProcessLauncher(options: UtilityProcessLauncherOptions): SimHostLauncher {
  const killPid = options.killPid ?? ((pid: number, signal: 'SIGKILL') => void process.kill(pid, signal));
  const goneWaitMs = options.goneWaitMs ?? 250;
  /** `child-process-gone` details by service name, and who waits for them. */
  const gone = new Map<string, ChildProcessGoneDetails>();
  const waiting = new Map<string, (details: ChildProcessGoneDetails) => void>();
  let launched = 0;
  const instance = `${process.pid}-${Date.now().toString(36)}`;

  options.app.on('child-process-gone', (_event, details) => {
    const name = details.serviceName;
    if (details.type !== 'Utility' || name === undefined || !name.startsWith('spikeforge-simhost-')) return;
    const waiter = waiting.get(name);
    if (waiter === undefined) gone.set(name, details);
    else waiter(details);
  });

  return {
    launch(): SimHostProcess {
      const serviceName = `spikeforge-simhost-${instance}-${++launched}`;
      const child = options.utilityProcess.fork(options.entry, [], {
        env: { ...(options.baseEnv ?? process.env), ...options.env },
        stdio: 'inherit',
        serviceName,
      });
      const messageListeners: ((message: unknown) => void)[] = [];
      const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
      let queue: unknown[] | undefined = [];
      let exited = false;
      let killedWith: 'SIGKILL' | undefined;

      const report = (code: number | null, signal: string | null): void => {
        for (const listener of exitListeners) listener(code, signal);
      };

      child.on('message', (message) => {
        // The first message (`ready`) says the sim host listens: send what waited for it.
        if (queue !== undefined) {
          const pending = queue;
          queue = undefined;
          for (const queued of pending) child.postMessage(queued);
        }
        for (const listener of messageListeners) listener(message);
      });
      child.on('exit', (exitCode) => {
        exited = true;
        queue = undefined;
        if (killedWith !== undefined) {
          gone.delete(serviceName);
          report(null, killedWith);
          return;
        }
        const known = gone.get(serviceName);
        if (known !== undefined || exitCode === 0) {
          gone.delete(serviceName);
          const status = toExitStatus(exitCode, known);
          report(status.code, status.signal);
          return;
        }
        // The details may still be on their way: wait a little for them.
        const timer = setTimeout(() => {
          waiting.delete(serviceName);
          const status = toExitStatus(exitCode, undefined);
          report(status.code, status.signal);
        }, goneWaitMs);
        waiting.set(serviceName, (details) => {
          clearTimeout(timer);
          waiting.delete(serviceName);
          const status = toExitStatus(exitCode, details);
          report(status.code, status.signal);
        });
      });

      return {
        get pid() {
          return child.pid;
        },
        send(message) {
          if (exited) return;
          if (queue !== undefined) queue.push(message);
          else child.postMessage(message);
        },
        onMessage(listener) {
          messageListeners.push(listener);
        },
        onExit(listener) {
          exitListeners.push(listener);
        },
        kill() {
          if (exited) return;
          killedWith = 'SIGKILL';
          const pid = child.pid;
          if (pid === undefined) {
            child.kill();
            return;
          }
          try {
            killPid(pid, 'SIGKILL');
          } catch {
            child.kill(); // already gone, or not ours to signal: let Electron end it
          }
        },
      };
    },
  };
}
