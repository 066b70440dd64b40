import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheInfo, cacheMaxBytesFromEnv, cleanCache, cpuIdentity, createBuildCache, DEFAULT_CACHE_MAX_BYTES, defaultCacheDir, type BuildRequest, type BuildResult, type CachedBuild } from './buildCache';
import { loadNativeLibrary } from './nativeLibrary';
import { EXPORT, requireToolchain } from './nativeTestSupport';
import { compilerFlags, type Toolchain } from './toolchainProbe';

let toolchain: Toolchain;
let root = '';
let counter = 0;

beforeAll(async () => {
  toolchain = await requireToolchain();
  root = await mkdtemp(join(tmpdir(), 'sf-cache-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function freshDir(): string {
  return join(root, `c${counter++}`);
}

function request(source: string, extra: Partial<BuildRequest> = {}): BuildRequest {
  return { source, toolchain, flags: compilerFlags(toolchain), ...extra };
}

function value(result: BuildResult): CachedBuild {
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.value;
}

const source = (n: number): string => `${EXPORT} int sf_c_value() { return ${n}; }\n`;

describe('createBuildCache', () => {
  it('miss builds into <key>/ with content-hashed library, hit reuses it (also from a new cache object)', async () => {
    const dir = freshDir();
    const cache = createBuildCache({ dir, abiTag: 'test/1' });
    const miss = value(await cache.getOrBuild(request(source(1), { jsSource: 'export {}', entryPoints: ['sf_c_value'] })));
    expect(miss.cacheHit).toBe(false);
    expect(miss.compileMs).toBeGreaterThan(0);
    expect(miss.dir).toBe(join(dir, miss.key));
    expect(basename(miss.libraryPath)).toBe(`lib-${miss.key.slice(0, 16)}.so`);
    expect((await readdir(miss.dir)).sort()).toEqual([basename(miss.libraryPath), 'meta.json', 'source.cpp', 'source.js']);
    const meta = JSON.parse(await readFile(join(miss.dir, 'meta.json'), 'utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({ key: miss.key, abiTag: 'test/1', flags: compilerFlags(toolchain), entryPoints: ['sf_c_value'] });
    expect(meta.compiler).toMatchObject({ identity: toolchain.identity, version: toolchain.version });

    const hit = value(await cache.getOrBuild(request(source(1))));
    expect(hit).toMatchObject({ key: miss.key, libraryPath: miss.libraryPath, cacheHit: true, compileMs: 0 });
    const other = createBuildCache({ dir, abiTag: 'test/1' });
    expect(value(await other.getOrBuild(request(source(1)))).cacheHit).toBe(true);
    expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('keys on ABI tag, compiler identity, flags and source, not on the JS text', () => {
    const cache = createBuildCache({ dir: freshDir(), abiTag: 'a' });
    const base = cache.keyOf(request(source(1)));
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(cache.keyOf(request(source(1), { jsSource: 'x' }))).toBe(base);
    expect(cache.keyOf(request(source(2)))).not.toBe(base);
    expect(cache.keyOf(request(source(1), { flags: compilerFlags(toolchain, 'debug') }))).not.toBe(base);
    expect(cache.keyOf(request(source(1), { toolchain: { ...toolchain, identity: `${toolchain.identity}x` } }))).not.toBe(base);
    expect(createBuildCache({ dir: freshDir(), abiTag: 'b' }).keyOf(request(source(1)))).not.toBe(base);
    // A -march=native library is keyed to this CPU (model and feature flags).
    expect(cpuIdentity()).toMatch(/\S/);
    if (process.platform === 'linux') expect(cpuIdentity()).toMatch(/\|\S+/);
  });

  it('a rebuilt network gets a new path, so loading it runs the new code', async () => {
    const cache = createBuildCache({ dir: freshDir(), abiTag: 't' });
    const results: number[] = [];
    for (const n of [1, 2]) {
      const built = value(await cache.getOrBuild(request(source(n))));
      const lib = loadNativeLibrary(built.libraryPath);
      if (!lib.ok) throw new Error('load failed');
      results.push(lib.value.bind<number>('sf_c_value', 'int sf_c_value()')());
      lib.value.unload();
    }
    expect(results).toEqual([1, 2]);
  });

  it('a compile error is SF7001 quoting the first error, with parsed messages on source lines', async () => {
    const dir = freshDir();
    const cache = createBuildCache({ dir, abiTag: 't' });
    const result = await cache.getOrBuild(request(`${EXPORT} int sf_c_bad() {\n  int x = 1;\n  return x + missing_variable;\n}\n`));
    expect(result.ok).toBe(false);
    expect(result.failure).toBe('compiler-error');
    expect(result.diagnostics[0]?.code).toBe('SF7001');
    expect(result.diagnostics[0]?.message).toMatch(/^The C\+\+ compiler failed: source\.cpp:3:\d+: .*missing_variable/);
    const first = result.compilerMessages?.find((m) => m.severity === 'error');
    expect(first).toMatchObject({ file: 'source.cpp', line: 3 });
    expect(result.compilerOutput).toMatch(/missing_variable/);
    expect(await readdir(dir)).toEqual([]); // the temp dir is gone, nothing published
  });

  it('concurrent requests for one key compile once', async () => {
    const dir = freshDir();
    const cache = createBuildCache({ dir, abiTag: 't' });
    const [a, b] = (await Promise.all([cache.getOrBuild(request(source(7))), cache.getOrBuild(request(source(7)))])).map(value);
    expect(a?.libraryPath).toBe(b?.libraryPath);
    expect(a?.compileMs).toBe(b?.compileMs);
    expect(await readdir(dir)).toEqual([a?.key]);
  });

  it('two processes racing on one key: the rename loser uses the winner', async () => {
    const dir = freshDir();
    const one = createBuildCache({ dir, abiTag: 't' });
    const two = createBuildCache({ dir, abiTag: 't' });
    const [a, b] = (await Promise.all([one.getOrBuild(request(source(8))), two.getOrBuild(request(source(8)))])).map(value);
    expect(a?.libraryPath).toBe(b?.libraryPath);
    expect(await readdir(dir)).toEqual([a?.key]);
    const lib = loadNativeLibrary(a?.libraryPath ?? '');
    expect(lib.ok && lib.value.bind<number>('sf_c_value', 'int sf_c_value()')()).toBe(8);
    if (lib.ok) lib.value.unload();
  });

  it('an entry whose library vanished is rebuilt', async () => {
    const cache = createBuildCache({ dir: freshDir(), abiTag: 't' });
    const first = value(await cache.getOrBuild(request(source(9))));
    await rm(first.libraryPath);
    const again = value(await cache.getOrBuild(request(source(9))));
    expect(again.cacheHit).toBe(false);
    expect((await stat(again.libraryPath)).size).toBeGreaterThan(0);
  });

  it('evicts least recently used entries above maxBytes, never pinned ones; hits refresh recency', async () => {
    const dir = freshDir();
    const probe = createBuildCache({ dir, abiTag: 't' });
    const one = value(await probe.getOrBuild(request(source(11))));
    const entryBytes = (await probe.stats()).bytes;
    const cache = createBuildCache({ dir, abiTag: 't', maxBytes: Math.floor(entryBytes * 2.5) });
    const two = value(await cache.getOrBuild(request(source(12))));
    const old = new Date(Date.now() - 60_000);
    const older = new Date(Date.now() - 120_000);
    await utimes(one.dir, older, older);
    await utimes(two.dir, old, old);
    cache.pin(one.key); // oldest, but pinned (loaded)
    const three = value(await cache.getOrBuild(request(source(13))));
    await cache.settled(); // eviction runs after the miss, off the path to the library
    expect((await readdir(dir)).sort()).toEqual([one.key, three.key].sort());
    cache.unpin(one.key);
    expect(cache.isPinned(one.key)).toBe(false);
    // A hit touches the entry: `one` becomes most recent, so `three` goes next.
    await utimes(three.dir, old, old);
    expect(value(await cache.getOrBuild(request(source(11)))).cacheHit).toBe(true);
    value(await cache.getOrBuild(request(source(14))));
    await cache.settled();
    expect((await readdir(dir)).includes(three.key)).toBe(false);
    expect((await readdir(dir)).includes(one.key)).toBe(true);
  });

  it('clean removes unpinned entries and stale temp dirs; stats counts entries and bytes', async () => {
    const dir = freshDir();
    const cache = createBuildCache({ dir, abiTag: 't' });
    const kept = value(await cache.getOrBuild(request(source(21))));
    value(await cache.getOrBuild(request(source(22))));
    await mkdir(join(dir, `${kept.key}.tmp-4194303-deadbeef`));
    const before = await cache.stats();
    expect(before.entries).toBe(2);
    expect(before.bytes).toBeGreaterThan(0);
    cache.pin(kept.key);
    const cleaned = await cache.clean();
    expect(cleaned.removed).toBe(2); // one entry + the stale temp dir
    expect(await readdir(dir)).toEqual([kept.key]);
    expect(await cache.stats()).toMatchObject({ entries: 1, pinned: 1 });
  });

  it('publishes atomically: <key>/ appears only complete, built in a temp dir, with the source beside the library', async () => {
    const dir = freshDir();
    await mkdir(dir, { recursive: true });
    const cache = createBuildCache({ dir, abiTag: 't' });
    const seen = new Set<string>();
    let incomplete = 0;
    const poll = setInterval(() => {
      void readdir(dir).then(async (names) => {
        for (const name of names) {
          seen.add(name.includes('.tmp-') ? 'tmp' : 'final');
          if (!name.includes('.tmp-')) {
            const files = await readdir(join(dir, name)).catch(() => [] as string[]);
            if (!files.some((f) => f.endsWith('.so')) || !files.includes('source.cpp') || !files.includes('meta.json')) incomplete++;
          }
        }
      });
    }, 1);
    const text = source(31);
    const built = value(await cache.getOrBuild(request(text)));
    clearInterval(poll);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen.has('tmp')).toBe(true); // the compile ran in <key>.tmp-<pid>-<random>/
    expect(incomplete).toBe(0); // the final folder was never seen without its files
    expect(await readFile(built.sourcePath, 'utf8')).toBe(text);
    expect(basename(built.sourcePath)).toBe('source.cpp');
    expect(await readdir(dir)).toEqual([built.key]);
  });

  it('caps the size at 512 MiB by default, SPIKEFORGE_CACHE_MAX_MB overrides it, the option overrides both', async () => {
    expect(DEFAULT_CACHE_MAX_BYTES).toBe(512 * 1024 * 1024);
    expect(cacheMaxBytesFromEnv({})).toBe(DEFAULT_CACHE_MAX_BYTES);
    expect(cacheMaxBytesFromEnv({ SPIKEFORGE_CACHE_MAX_MB: '64' })).toBe(64 * 1024 * 1024);
    for (const bad of ['', 'lots', '-1', '0']) expect(cacheMaxBytesFromEnv({ SPIKEFORGE_CACHE_MAX_MB: bad })).toBe(DEFAULT_CACHE_MAX_BYTES);
    const saved = process.env.SPIKEFORGE_CACHE_MAX_MB;
    const dir = freshDir();
    try {
      process.env.SPIKEFORGE_CACHE_MAX_MB = '0.001'; // ~1 KB: room for no entry but the newest
      const cache = createBuildCache({ dir, abiTag: 't' });
      const one = value(await cache.getOrBuild(request(source(41))));
      const two = value(await cache.getOrBuild(request(source(42))));
      await cache.settled();
      expect(await readdir(dir)).toEqual([two.key]);
      const roomy = createBuildCache({ dir, abiTag: 't', maxBytes: 1024 ** 3 });
      value(await roomy.getOrBuild(request(source(41))));
      expect((await readdir(dir)).sort()).toEqual([one.key, two.key].sort());
    } finally {
      if (saved === undefined) delete process.env.SPIKEFORGE_CACHE_MAX_MB;
      else process.env.SPIKEFORGE_CACHE_MAX_MB = saved;
    }
  });

  it('defaultCacheDir: $SPIKEFORGE_CACHE_DIR, else <user data>/jit-cache, else ~/.cache/spikeforge/jit-cache', () => {
    expect(defaultCacheDir({ SPIKEFORGE_CACHE_DIR: '/x/cache' })).toBe('/x/cache');
    expect(defaultCacheDir({ SPIKEFORGE_USER_DATA: '/u' })).toBe(join('/u', 'jit-cache'));
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' })).toBe(join('/xdg', 'spikeforge', 'jit-cache'));
    expect(defaultCacheDir({})).toBe(join(homedir(), '.cache', 'spikeforge', 'jit-cache'));
  });

  it('cacheInfo reports folder, entries, bytes, cap and least/most recently used; cleanCache keeps pinned keys', async () => {
    const dir = freshDir();
    expect(await cacheInfo({ dir, maxBytes: 1000 })).toEqual({ dir, entries: 0, bytes: 0, maxBytes: 1000, tempDirs: 0 });
    expect(existsSync(dir)).toBe(false); // reading info creates nothing
    const cache = createBuildCache({ dir, abiTag: 't' });
    const old = value(await cache.getOrBuild(request(source(51))));
    const recent = value(await cache.getOrBuild(request(source(52))));
    const then = new Date(Date.now() - 3_600_000);
    await utimes(old.dir, then, then);
    await mkdir(join(dir, `${old.key}.tmp-4194303-cafebabe`));
    const info = await cacheInfo({ dir });
    expect(info).toMatchObject({ dir, entries: 2, maxBytes: DEFAULT_CACHE_MAX_BYTES, tempDirs: 1 });
    expect(info.bytes).toBe((await cache.stats()).bytes);
    expect(info.oldest?.key).toBe(old.key);
    // File times are stored with sub-millisecond precision: compare to within a millisecond.
    expect(Math.abs((info.oldest?.lastUsed ?? 0) - then.getTime())).toBeLessThan(1);
    expect(info.newest?.key).toBe(recent.key);
    // A hit makes the old entry the newest.
    value(await cache.getOrBuild(request(source(51))));
    expect((await cacheInfo({ dir })).newest?.key).toBe(old.key);

    cache.pin(recent.key); // loaded by this process: cleanCache (another object) must keep it
    const cleaned = await cleanCache({ dir });
    expect(cleaned).toMatchObject({ removed: 2, kept: 1 }); // one entry + the stale temp dir
    expect(cleaned.bytes).toBeGreaterThan(0);
    expect(await readdir(dir)).toEqual([recent.key]);
    cache.unpin(recent.key);
    expect(await cleanCache({ dir })).toMatchObject({ removed: 1, kept: 0 });
    expect(await cacheInfo({ dir })).toMatchObject({ entries: 0, bytes: 0 });
  });
});
