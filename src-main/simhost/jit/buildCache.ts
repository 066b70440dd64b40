/**
 * The content-addressed compile cache (ARCHITECTURE.md §8). A library is never overwritten and
 * never built at its final path: `dlopen` caches handles by path and overwriting a mapped file
 * crashes. So: key = sha256(ABI tag, compiler identity from stat, flags, platform-arch, the CPU
 * when the flags target it (`-march=native`), source);
 * a miss builds in `<key>.tmp-<pid>-<random>/` and renames the directory to `<key>/` (if another
 * build won the rename, its result is used); the library file name carries the key
 * (`lib-<key16>.so`) so a reload can never return an older library's code. The rendered source
 * (`source.cpp`, plus `source.js` and `meta.json`) stays beside each library, for crash reports
 * and the inspector. Eviction is LRU on the entry directory's mtime (its last use: touched on every
 * hit) above a size cap — `maxBytes`, else `SPIKEFORGE_CACHE_MAX_MB`, else 512 MiB — and never
 * removes pinned keys (the registry pins every loaded library) of any cache object of this process.
 * The compiler is never spawned on a hit. `cacheInfo` and `cleanCache` serve `spikeforge cache`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { cpus, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fail, makeDiagnostic, ok, type Result } from '../../../src-shared/diagnostics';
import type { CacheCleanResult, CacheEntryInfo, CacheInfo } from '../../../src-shared/ipc';
import { compileLibrary, firstErrorLine, type CompileOutcome, type CompilerMessage } from './compileLibrary';
import type { Toolchain } from './toolchainProbe';

/** Options of {@link createBuildCache}. */
export interface BuildCacheOptions {
  /** Cache root, e.g. `<userData>/jit-cache` (outside the asar). Created on first use. */
  readonly dir: string;
  /** Size cap in bytes (default: `SPIKEFORGE_CACHE_MAX_MB` MiB, else {@link DEFAULT_CACHE_MAX_BYTES}). */
  readonly maxBytes?: number;
  /** Generator version, template set version and koffi version, e.g. `gen1/tpl3/koffi3.3.4`. */
  readonly abiTag: string;
  /** Compiler timeout in ms (default 60 000). */
  readonly compileTimeoutMs?: number;
}

/** What to build. */
export interface BuildRequest {
  /** The rendered C++ translation unit. */
  readonly source: string;
  /** The tier-0 JS module, stored beside the library for the inspector (not part of the key). */
  readonly jsSource?: string;
  readonly toolchain: Toolchain;
  /** From `compilerFlags(toolchain, profile)`. */
  readonly flags: readonly string[];
  /** Exported entry points, recorded in meta.json. */
  readonly entryPoints?: readonly string[];
}

/** A library in the cache, ready to load. */
export interface CachedBuild {
  readonly key: string;
  /** `<cache>/<key>/` */
  readonly dir: string;
  /** `<cache>/<key>/lib-<key16>.so` (content-hashed name). */
  readonly libraryPath: string;
  readonly sourcePath: string;
  readonly cacheHit: boolean;
  /** 0 on a hit. */
  readonly compileMs: number;
  /** Hashing + stat (+ touch) time. */
  readonly lookupMs: number;
}

/**
 * Result of {@link BuildCache.getOrBuild}. A failed compile is `ok: false` with one SF7001
 * diagnostic quoting the first error line (`source.cpp:LINE:COL: message`), and additionally:
 * - `compilerMessages`: every parsed message (error/warning/note), `line`/`column` 1-based in the
 *   submitted `source` (0 = no place). Map `line` through the generator's line map to model spans;
 * - `compilerOutput`: raw compiler output;
 * - `failure`: `compiler-error`, `timeout`, `spawn-failed` (compiler vanished) or `io` (disk).
 * On a successful miss, `compilerMessages` holds the compiler's warnings, if any.
 */
export type BuildResult = Result<CachedBuild> & {
  readonly compilerMessages?: readonly CompilerMessage[];
  readonly compilerOutput?: string;
  readonly failure?: 'compiler-error' | 'timeout' | 'spawn-failed' | 'io';
};

/** Size of the cache. */
export interface CacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly pinned: number;
}

/** The compile cache of one sim host. Several processes may share one directory. */
export interface BuildCache {
  readonly dir: string;
  /** The cache key of a request (sha256 hex). */
  keyOf(request: BuildRequest): string;
  /** Returns the cached library or compiles it. Concurrent requests for one key share one compile. */
  getOrBuild(request: BuildRequest): Promise<BuildResult>;
  /** Protects a key from eviction and `clean()` (counted: pin twice, unpin twice). */
  pin(key: string): void;
  unpin(key: string): void;
  isPinned(key: string): boolean;
  /** LRU eviction down to `maxBytes`; runs after every miss, in the background. */
  evict(): Promise<{ readonly removed: number; readonly bytes: number }>;
  /** Resolves when the background eviction after the last miss has finished. */
  settled(): Promise<void>;
  /** Removes every unpinned entry and stale temp directories of dead processes. */
  clean(): Promise<{ readonly removed: number; readonly bytes: number }>;
  stats(): Promise<CacheStats>;
}

const KEY_VERSION = 'spikeforge-jit-cache/1';
const TMP_MARK = '.tmp-';
const KEY_PATTERN = /^[0-9a-f]{64}$/;

/** Default size cap of the compile cache: 512 MiB. */
export const DEFAULT_CACHE_MAX_BYTES = 512 * 1024 ** 2;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The size cap: `SPIKEFORGE_CACHE_MAX_MB` (MiB, a positive number) when set and valid, else
 * {@link DEFAULT_CACHE_MAX_BYTES}.
 */
export function cacheMaxBytesFromEnv(env: Env = process.env): number {
  const mb = Number(env.SPIKEFORGE_CACHE_MAX_MB);
  return env.SPIKEFORGE_CACHE_MAX_MB !== undefined && env.SPIKEFORGE_CACHE_MAX_MB.trim() !== '' && Number.isFinite(mb) && mb > 0 ? Math.round(mb * 1024 ** 2) : DEFAULT_CACHE_MAX_BYTES;
}

/**
 * The cache folder shared by the CLI, the web host and the app unless told otherwise:
 * `$SPIKEFORGE_CACHE_DIR`, else `<user data>/jit-cache` with user data `$SPIKEFORGE_USER_DATA`,
 * else `$XDG_CACHE_HOME/spikeforge` (default `~/.cache/spikeforge`).
 */
export function defaultCacheDir(env: Env = process.env): string {
  if (env.SPIKEFORGE_CACHE_DIR !== undefined && env.SPIKEFORGE_CACHE_DIR !== '') return env.SPIKEFORGE_CACHE_DIR;
  const userData = env.SPIKEFORGE_USER_DATA ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'spikeforge');
  return join(userData, 'jit-cache');
}

/**
 * Every cache object of this process, so that eviction and cleaning by any of them (or by
 * {@link cleanCache}) skip keys another one has pinned or is building in the same folder.
 * NOTE: objects stay registered for the life of the process (a sim host creates one).
 */
let cpuIdentityText: string | undefined;

/**
 * The CPU a `-march=native` library is built for: its model and, on Linux, its feature flags
 * (a cache folder shared between machines must not hand one machine's instructions to another).
 */
export function cpuIdentity(): string {
  if (cpuIdentityText !== undefined) return cpuIdentityText;
  let features = '';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    features = /^(flags|Features)\s*:(.*)$/m.exec(info)?.[2]?.trim() ?? '';
  } catch {
    // not Linux: the model name alone
  }
  cpuIdentityText = `${cpus()[0]?.model ?? 'unknown cpu'}|${features}`;
  return cpuIdentityText;
}

const liveCaches = new Set<{ readonly root: string; readonly isBusy: (key: string) => boolean }>();

function isBusyInProcess(root: string, key: string): boolean {
  const resolved = resolve(root);
  for (const cache of liveCaches) if (cache.root === resolved && cache.isBusy(key)) return true;
  return false;
}

interface Entry {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly mtimeMs: number;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Complete entries (`<key>/` folders) and temp folders of a cache root; missing root = empty. */
async function listEntries(root: string): Promise<{ entries: Entry[]; temps: string[] }> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return { entries: [], temps: [] };
  }
  const entries: Entry[] = [];
  const temps: string[] = [];
  for (const name of names) {
    if (name.includes(TMP_MARK)) {
      temps.push(name);
      continue;
    }
    if (!KEY_PATTERN.test(name)) continue;
    const path = join(root, name);
    try {
      const dirStat = await stat(path);
      let bytes = 0;
      for (const file of await readdir(path)) bytes += (await stat(join(path, file))).size;
      entries.push({ name, path, bytes, mtimeMs: dirStat.mtimeMs });
    } catch {
      // removed concurrently
    }
  }
  return { entries, temps };
}

/** Removes unpinned entries and temp folders of dead processes (or of no live build here). */
async function cleanRoot(root: string, isBusy: (key: string) => boolean): Promise<CacheCleanResult> {
  const { entries, temps } = await listEntries(root);
  let removed = 0;
  let bytes = 0;
  let kept = 0;
  for (const entry of entries) {
    if (isBusy(entry.name)) {
      kept++;
      continue;
    }
    await rm(entry.path, { recursive: true, force: true });
    removed++;
    bytes += entry.bytes;
  }
  for (const name of temps) {
    const pid = Number(/\.tmp-(\d+)-/.exec(name)?.[1] ?? NaN);
    const mine = pid === process.pid && isBusy(name.slice(0, name.indexOf(TMP_MARK)));
    if (mine || (Number.isFinite(pid) && pid !== process.pid && pidAlive(pid))) continue;
    await rm(join(root, name), { recursive: true, force: true });
    removed++;
  }
  return { removed, bytes, kept };
}

/** Facts about a cache folder (for `spikeforge cache info`); reads only, creates nothing. */
export async function cacheInfo(options: { readonly dir?: string; readonly maxBytes?: number } = {}): Promise<CacheInfo> {
  const dir = options.dir ?? defaultCacheDir();
  const { entries, temps } = await listEntries(dir);
  const byUse = [...entries].sort((a, b) => a.mtimeMs - b.mtimeMs);
  const describeEntry = (e: Entry | undefined): CacheEntryInfo | undefined => (e === undefined ? undefined : { key: e.name, bytes: e.bytes, lastUsed: e.mtimeMs });
  const oldest = describeEntry(byUse[0]);
  const newest = describeEntry(byUse[byUse.length - 1]);
  return {
    dir,
    entries: entries.length,
    bytes: entries.reduce((sum, e) => sum + e.bytes, 0),
    maxBytes: options.maxBytes ?? cacheMaxBytesFromEnv(),
    ...(oldest === undefined ? {} : { oldest }),
    ...(newest === undefined ? {} : { newest }),
    tempDirs: temps.length,
  };
}

/**
 * Empties a cache folder: every entry except those pinned (loaded) or being built by a cache
 * object of this process, and temp folders of processes that are gone. Other processes may still
 * have a removed library mapped; that is safe (unlinking never changes a mapping, and a rebuild
 * gets the same content under the same key).
 */
export async function cleanCache(options: { readonly dir?: string } = {}): Promise<CacheCleanResult> {
  const dir = options.dir ?? defaultCacheDir();
  return cleanRoot(dir, (key) => isBusyInProcess(dir, key));
}

/** Creates a cache over `options.dir`. No file-system access happens until the first call. */
export function createBuildCache(options: BuildCacheOptions): BuildCache {
  const root = options.dir;
  const maxBytes = options.maxBytes ?? cacheMaxBytesFromEnv();
  const pins = new Map<string, number>();
  const inflight = new Map<string, Promise<BuildResult>>();
  liveCaches.add({ root: resolve(root), isBusy: (key) => pins.has(key) || inflight.has(key) });
  const libraryName = (key: string): string => `lib-${key.slice(0, 16)}${process.platform === 'darwin' ? '.dylib' : '.so'}`;

  const keyOf = (request: BuildRequest): string => {
    const hash = createHash('sha256');
    const cpu = request.flags.includes('-march=native') ? cpuIdentity() : '';
    for (const part of [KEY_VERSION, options.abiTag, request.toolchain.identity, request.flags.join('\x1f'), `${process.platform}-${process.arch}`, cpu]) {
      hash.update(part);
      hash.update('\0');
    }
    hash.update(request.source);
    return hash.digest('hex');
  };

  const describe = (key: string, cacheHit: boolean, compileMs: number, lookupMs: number): CachedBuild => {
    const dir = join(root, key);
    return { key, dir, libraryPath: join(dir, libraryName(key)), sourcePath: join(dir, 'source.cpp'), cacheHit, compileMs, lookupMs };
  };

  async function evict(protect?: string): Promise<{ removed: number; bytes: number }> {
    const { entries } = await listEntries(root);
    let total = entries.reduce((sum, e) => sum + e.bytes, 0);
    let removed = 0;
    let freed = 0;
    if (total <= maxBytes) return { removed, bytes: freed };
    for (const entry of [...entries].sort((a, b) => a.mtimeMs - b.mtimeMs)) {
      if (total <= maxBytes) break;
      if (entry.name === protect || isBusyInProcess(root, entry.name)) continue;
      await rm(entry.path, { recursive: true, force: true });
      total -= entry.bytes;
      freed += entry.bytes;
      removed++;
    }
    return { removed, bytes: freed };
  }

  function compileFailure(outcome: Extract<CompileOutcome, { ok: false }>): BuildResult {
    const errorLines = outcome.errors.filter((m) => m.severity === 'error').slice(1, 6).map((m) => (m.line > 0 ? `source.cpp:${m.line}:${m.column}: ${m.message}` : m.message));
    return {
      ...fail<CachedBuild>([makeDiagnostic('SF7001', { message: firstErrorLine(outcome.errors, outcome.raw) }, undefined, errorLines)]),
      compilerMessages: outcome.errors,
      compilerOutput: outcome.raw,
      failure: outcome.reason,
    };
  }

  let background: Promise<unknown> = Promise.resolve();

  async function build(request: BuildRequest, key: string, t0: number): Promise<BuildResult> {
    const finalDir = join(root, key);
    const libName = libraryName(key);
    const tmp = join(root, `${key}${TMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
    let outcome: CompileOutcome;
    const lookupMs = performance.now() - t0;
    try {
      // Small synchronous writes: each `await` here would wait for the JS tier's current chunk
      // (up to ~20 ms) when a run is going on, and this path decides when tier 1 takes over.
      mkdirSync(tmp, { recursive: true });
      writeFileSync(join(tmp, 'source.cpp'), request.source);
      if (request.jsSource !== undefined) writeFileSync(join(tmp, 'source.js'), request.jsSource);
      outcome = await compileLibrary({
        compiler: request.toolchain.path,
        flags: request.flags,
        sourcePath: 'source.cpp',
        outputPath: libName,
        cwd: tmp,
        ...(options.compileTimeoutMs === undefined ? {} : { timeoutMs: options.compileTimeoutMs }),
      });
      if (!outcome.ok) {
        await rm(tmp, { recursive: true, force: true });
        return compileFailure(outcome);
      }
      const meta = {
        key,
        abiTag: options.abiTag,
        compiler: request.toolchain,
        flags: request.flags,
        platform: `${process.platform}-${process.arch}`,
        libraryFile: libName,
        entryPoints: request.entryPoints ?? [],
        timings: { lookupMs, compileMs: outcome.ms },
        warnings: outcome.messages,
        createdAt: new Date().toISOString(),
      };
      writeFileSync(join(tmp, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
      // An eviction still scanning (after the previous miss) must not see this entry: it would
      // not protect it. Usually long finished: a resolved promise costs a microtask.
      await background;
      await publish(tmp, finalDir, libName, key);
    } catch (error) {
      await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
      return { ...fail<CachedBuild>([makeDiagnostic('SF7001', { message: `build cache I/O failed: ${errorText(error)}` })]), failure: 'io' };
    }
    const result: BuildResult = ok(describe(key, false, outcome.ms, lookupMs));
    // Eviction scans the whole cache: off the path to the new library (it never removes `key`).
    background = evict(key).catch(() => undefined);
    return outcome.messages.length === 0 ? result : { ...result, compilerMessages: outcome.messages };
  }

  /** Renames the temp dir into place; if another build got there first, keeps the winner. */
  async function publish(tmp: string, finalDir: string, libName: string, key: string): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await rename(tmp, finalDir);
        return;
      } catch (error) {
        const code = errorCode(error);
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM' && code !== 'EACCES') throw error;
        if (await exists(join(finalDir, libName))) {
          await rm(tmp, { recursive: true, force: true });
          return;
        }
        // A broken entry (library missing) is in the way: drop it unless a loaded library pins it.
        if (pins.has(key)) throw error;
        await rm(finalDir, { recursive: true, force: true });
      }
    }
    throw new Error(`cannot publish ${tmp} as ${finalDir}`);
  }

  async function getOrBuild(request: BuildRequest): Promise<BuildResult> {
    const t0 = performance.now();
    const key = keyOf(request);
    const entryDir = join(root, key);
    // Synchronous lookup: while a JS-tier run is going on, every await waits for its current
    // chunk, and this is the path to the compiler (a hit is one stat either way).
    if (existsSync(join(entryDir, libraryName(key)))) {
      const now = new Date();
      await utimes(entryDir, now, now).catch(() => undefined);
      return ok(describe(key, true, 0, performance.now() - t0));
    }
    const running = inflight.get(key);
    if (running !== undefined) return running;
    const promise = (async (): Promise<BuildResult> => {
      try {
        mkdirSync(root, { recursive: true });
      } catch (error) {
        return { ...fail<CachedBuild>([makeDiagnostic('SF7001', { message: `cannot create the cache directory ${root}: ${errorText(error)}` })]), failure: 'io' };
      }
      return build(request, key, t0);
    })();
    inflight.set(key, promise);
    try {
      return await promise;
    } finally {
      inflight.delete(key);
    }
  }

  return {
    dir: root,
    keyOf,
    getOrBuild,
    pin(key) {
      pins.set(key, (pins.get(key) ?? 0) + 1);
    },
    unpin(key) {
      const count = pins.get(key) ?? 0;
      if (count <= 1) pins.delete(key);
      else pins.set(key, count - 1);
    },
    isPinned: (key) => pins.has(key),
    evict: () => evict(),
    async settled() {
      await background;
    },
    async clean() {
      const { removed, bytes } = await cleanRoot(root, (key) => isBusyInProcess(root, key));
      return { removed, bytes };
    },
    async stats() {
      const { entries } = await listEntries(root);
      return { entries: entries.length, bytes: entries.reduce((sum, e) => sum + e.bytes, 0), pinned: pins.size };
    },
  };
}
