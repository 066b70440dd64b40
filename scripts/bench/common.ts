/**
 * Helpers shared by the benchmark scripts (`npm run bench`, `npm run bench:jit`): statistics,
 * machine and tool versions, the load gate of PERFORMANCE.md §1 (the machine is shared: record
 * the load, wait a little when it is high, never fail because of it), child processes that
 * report one JSON result line, and peak RSS from /proc.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../src-shared/diagnostics';

/** The repository root (scripts/bench/ is two levels down). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Median of the finite values (mean of the two middle ones for an even count); NaN when there are none. */
export function median(values: readonly number[]): number {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
}

/** Minimum of the finite values; NaN when there are none. */
export function minimum(values: readonly number[]): number {
  const xs = values.filter(Number.isFinite);
  return xs.length === 0 ? NaN : Math.min(...xs);
}

/** The value of an ok result; throws with the diagnostics' codes and messages otherwise. */
export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  return result.value;
}

/** Wall-clock time in epoch milliseconds with sub-millisecond resolution (comparable across processes). */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** One-minute load average (what PERFORMANCE.md §1 asks to record before each run). */
export function load1(): number {
  return loadavg()[0] ?? NaN;
}

/** Result of waiting for the load to fall: the load seen before the run and whether it stayed high. */
export interface LoadGate {
  readonly load: number;
  readonly waitedS: number;
  readonly high: boolean;
}

/**
 * Waits (up to `maxWaitS`) for the one-minute load to fall below `threshold`, then returns the
 * load to record with the run. The machine is shared, so a high load is marked, not fatal.
 */
export async function waitForLowLoad(threshold: number, maxWaitS: number): Promise<LoadGate> {
  const started = performance.now();
  while (load1() >= threshold && (performance.now() - started) / 1000 < maxWaitS) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  const load = load1();
  return { load, waitedS: (performance.now() - started) / 1000, high: load >= threshold };
}

function firstLine(command: string, args: readonly string[]): string | undefined {
  const out = spawnSync(command, args, { encoding: 'utf8' });
  if (out.error !== undefined || out.status !== 0) return undefined;
  return `${out.stdout}${out.stderr}`.split('\n')[0]?.trim();
}

/** Machine description recorded with every result (compare only numbers from one CPU model). */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly ramGB: number;
  readonly os: string;
  readonly node: string;
  readonly gxx: string | undefined;
  readonly commit: string | undefined;
}

/** CPU model (from /proc/cpuinfo when `os.cpus()` is vague), cores, RAM, OS, Node, g++ and commit. */
export function machineInfo(): MachineInfo {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const family = /^cpu family\s*:\s*(\d+)/m.exec(info)?.[1];
    const model = /^model\s*:\s*(\d+)/m.exec(info)?.[1];
    if (family !== undefined && model !== undefined) cpuModel = `${cpuModel} (family ${family}, model ${model})`;
  } catch {
    // not Linux: os.cpus() is all there is
  }
  let osName = release();
  try {
    osName = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? osName;
  } catch {
    // keep the kernel release
  }
  return {
    cpuModel,
    cores: cpus().length,
    ramGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: osName,
    node: process.version,
    gxx: firstLine('g++', ['--version']),
    commit: firstLine('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD']),
  };
}

/** Peak resident set (VmHWM) of a process in MB, from /proc/<pid>/status; undefined off Linux. */
export function peakRssMB(pid: number | 'self' = 'self'): number | undefined {
  try {
    const kb = /^VmHWM:\s*(\d+)\s*kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** What a child process printed after the result marker, and when it was spawned. */
export interface ChildResult<T> {
  readonly value: T;
  /** Epoch ms just before the spawn: the "process start" of time-to-first-result figures. */
  readonly spawnedAt: number;
  readonly wallMs: number;
}

/**
 * Runs a command that prints one line `<marker> <json>` and returns the parsed JSON. A non-zero
 * exit or a missing line throws with the command and the tail of its output.
 */
export function runJsonChild<T>(command: string, args: readonly string[], options: { marker: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string }): Promise<ChildResult<T>> {
  return new Promise((resolve, reject) => {
    const spawnedAt = epochMs();
    const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      if (timer !== undefined) clearTimeout(timer);
      reject(new Error(`${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      const wallMs = epochMs() - spawnedAt;
      const line = stdout.split('\n').find((l) => l.startsWith(`${options.marker} `));
      if (code !== 0 || line === undefined) {
        const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-15).join('\n');
        reject(new Error(`${command} ${args.join(' ')} ${signal !== null ? `was killed (${signal})` : `exited with ${String(code)}`}; output:\n${tail}`));
        return;
      }
      resolve({ value: JSON.parse(line.slice(options.marker.length + 1)) as T, spawnedAt, wallMs });
    });
  });
}
