/**
 * Finds a working C++ toolchain (ARCHITECTURE.md §6): the preferred compiler, then `$CXX`, `c++`,
 * `g++`, `clang++`. Each candidate is first resolved on PATH with `stat` (no spawn), so a missing
 * compiler fails in about a millisecond; then `--version` gives the family and version, and a
 * one-line library is compiled in a temp dir with the real flags, loaded with koffi and called —
 * proving the whole path (compiler, linker, flags, loader, FFI) before a network depends on it.
 * The identity (real path, size, mtime) keys the compile cache without spawning the compiler.
 */
import { constants as fsConstants } from 'node:fs';
import { access, mkdtemp, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { compileLibrary, firstErrorLine } from './compileLibrary';
import { loadNativeLibrary } from './nativeLibrary';
import { runProcess } from './runProcess';

/** A compiler that was proven to build, load and call a library. */
export interface Toolchain {
  readonly family: 'gnu' | 'clang';
  /** The candidate as given (`g++`, `/opt/bin/clang++`). */
  readonly command: string;
  /** Absolute path found on PATH (not symlink-resolved: ccache-style wrappers need their own name). Spawn this. */
  readonly path: string;
  /** Symlinks resolved (`/usr/bin/x86_64-linux-gnu-g++-12`). */
  readonly realPath: string;
  /** First line of `--version`. */
  readonly version: string;
  /** Whole `--version` text (stored in the cache's meta.json). */
  readonly versionText: string;
  /** `realPath|size|mtimeMs` from stat: changes when the compiler is upgraded. */
  readonly identity: string;
}

/** One candidate that did not work, and why. */
export interface ProbeAttempt {
  readonly command: string;
  readonly reason: string;
  readonly ms: number;
}

/** Outcome of {@link probeToolchain}. `attempts` lists the candidates that failed before (or instead of) the chosen one. */
export type ToolchainProbe =
  | { readonly ok: true; readonly toolchain: Toolchain; readonly ms: number; readonly attempts: readonly ProbeAttempt[] }
  | { readonly ok: false; readonly reason: string; readonly ms: number; readonly attempts: readonly ProbeAttempt[] };

/** Options of {@link probeToolchain}. */
export interface ProbeOptions {
  /** A user-configured compiler (name on PATH or absolute path), tried first. */
  readonly preferred?: string;
  /** Environment for PATH and CXX lookup and for the spawned compiler (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Per-step timeout for `--version` and the probe compile (default 30 000 ms). */
  readonly timeoutMs?: number;
}

/**
 * Code-generation flags (ARCHITECTURE.md §7): all `-O2 -march=native -fPIC -shared
 * -fvisibility=hidden -ffp-contract=off -std=c++17`; GNU adds `-fno-gnu-unique -Wl,-Bsymbolic`;
 * clang adds `-Wl,-Bsymbolic` on ELF targets (not macOS). `debug` uses `-O0 -g` instead.
 * `-march=native` lets the neuron loops use the machine's vector units (COBAHH's exp kernels:
 * 1.5× faster here) and keeps the JS tier's bits: every operation stays one IEEE operation
 * (`-ffp-contract=off`: no fused multiply-add; no libm; never `-ffast-math`). The library is then
 * specific to this CPU, so the cache key includes the CPU (`cpuIdentity`).
 */
export function compilerFlags(toolchain: Pick<Toolchain, 'family'>, profile: 'release' | 'debug' = 'release'): string[] {
  const optimisation = profile === 'debug' ? ['-O0', '-g'] : ['-O2', '-march=native'];
  const flags = [...optimisation, '-fPIC', '-shared', '-fvisibility=hidden', '-ffp-contract=off', '-std=c++17'];
  if (toolchain.family === 'gnu') flags.push('-fno-gnu-unique');
  if (process.platform !== 'darwin') flags.push('-Wl,-Bsymbolic', '-nostdlib');
  return flags;
}

const PROBE_SOURCE = 'extern "C" __attribute__((visibility("default"))) int sf_probe_add(int a, int b) { return a + b; }\n';

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Resolves a command on PATH like execvp would, with stat only. */
async function resolveCommand(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (command.includes('/')) return (await isExecutable(command)) && isAbsolute(command) ? command : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** `realPath|size|mtimeMs` of an executable: the compiler identity used in cache keys. */
export async function compilerIdentity(path: string): Promise<{ realPath: string; identity: string }> {
  const realPath = await realpath(path);
  const s = await stat(realPath);
  return { realPath, identity: `${realPath}|${s.size}|${s.mtimeMs}` };
}

async function tryCandidate(command: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Toolchain | string> {
  if (/\s/.test(command)) return `"${command}" has spaces: give a single executable (wrappers like ccache must be on PATH under the compiler's name)`;
  const path = await resolveCommand(command, env);
  if (path === undefined) return 'not found (ENOENT)';
  const { realPath, identity } = await compilerIdentity(path);
  const versionRun = await runProcess(path, ['--version'], { timeoutMs, env: { ...env, LC_ALL: 'C' } });
  if (versionRun.spawnError !== undefined) return `cannot run: ${versionRun.spawnError.code ?? versionRun.spawnError.message}`;
  if (versionRun.code !== 0) return `--version exited with ${versionRun.code ?? versionRun.signal ?? '?'}`;
  const versionText = versionRun.stdout.trim();
  const version = versionText.split('\n')[0] ?? '';
  const family: Toolchain['family'] = /clang/i.test(version) ? 'clang' : 'gnu';
  const toolchain: Toolchain = { family, command, path, realPath, version, versionText, identity };

  const dir = await mkdtemp(join(tmpdir(), 'sf-probe-'));
  try {
    const sourcePath = join(dir, 'probe.cpp');
    const libraryPath = join(dir, process.platform === 'darwin' ? 'probe.dylib' : 'probe.so');
    await writeFile(sourcePath, PROBE_SOURCE);
    const compiled = await compileLibrary({ compiler: path, flags: compilerFlags(toolchain), sourcePath, outputPath: libraryPath, timeoutMs, env });
    if (!compiled.ok) return `probe compile failed: ${firstErrorLine(compiled.errors, compiled.raw)}`;
    const loaded = loadNativeLibrary(libraryPath);
    if (!loaded.ok) return `probe library did not load: ${loaded.diagnostics[0]?.message ?? '?'}`;
    try {
      const add = loaded.value.bind<number>('sf_probe_add', 'int sf_probe_add(int a, int b)');
      const sum = add(2, 3);
      if (sum !== 5) return `probe call returned ${String(sum)} instead of 5`;
    } finally {
      loaded.value.unload();
    }
    return toolchain;
  } catch (error) {
    return `probe failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Tries, in order, `preferred`, `$CXX`, `c++`, `g++`, `clang++` (duplicates skipped) and returns the
 * first that builds, loads and calls a one-line library. Never throws. With no compiler installed
 * it returns in a few milliseconds (`reason` lists every candidate).
 */
export async function probeToolchain(options: ProbeOptions = {}): Promise<ToolchainProbe> {
  const t0 = performance.now();
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const candidates = [options.preferred, env.CXX, 'c++', 'g++', 'clang++'].filter(
    (c, i, all): c is string => c !== undefined && c.trim() !== '' && all.indexOf(c) === i,
  );
  const attempts: ProbeAttempt[] = [];
  for (const command of candidates) {
    const t = performance.now();
    let result: Toolchain | string;
    try {
      result = await tryCandidate(command.trim(), env, timeoutMs);
    } catch (error) {
      result = error instanceof Error ? error.message : String(error);
    }
    if (typeof result !== 'string') return { ok: true, toolchain: result, ms: performance.now() - t0, attempts };
    attempts.push({ command, reason: result, ms: performance.now() - t });
  }
  const reason = `no working C++ compiler (${attempts.map((a) => `${a.command}: ${a.reason}`).join('; ')})`;
  return { ok: false, reason, ms: performance.now() - t0, attempts };
}
