import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readElfDynamicSymbols } from './elfSymbols';
import { buildTestLibrary, EXPORT, requireToolchain } from './nativeTestSupport';
import { runProcess } from './runProcess';
import { compilerFlags, type Toolchain } from './toolchainProbe';

// An inline function with a static local and a template static: g++ makes them STB_GNU_UNIQUE
// unless -fno-gnu-unique is given (ARCHITECTURE.md §8, pitfall 2).
const UNIQUE_SOURCE = `
inline int& counter() { static int c = 0; return c; }
template <typename T> struct Box { static T value; };
template <typename T> T Box<T>::value = T();
${EXPORT} int sf_u_bump() { Box<long>::value += 1; return ++counter(); }
${EXPORT} double sf_u_table[4] = {1, 2, 3, 4};
`;

let toolchain: Toolchain;
let dir = '';

beforeAll(async () => {
  toolchain = await requireToolchain();
  dir = await mkdtemp(join(tmpdir(), 'sf-elf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function names(path: string): string[] {
  const parsed = readElfDynamicSymbols(readFileSync(path));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value.symbols.map((s) => s.name).sort();
}

describe('readElfDynamicSymbols', () => {
  it('agrees with nm -D --defined-only on a JIT-style library', async () => {
    const lib = await buildTestLibrary(toolchain, dir, 'plain', `${EXPORT} int sf_p_run(int a) { return a; }\n${EXPORT} double sf_p_k = 2.0;\nstatic int helper() { return 1; }\n${EXPORT} int sf_p_set() { return helper(); }\n`);
    const nm = await runProcess('nm', ['-D', '--defined-only', lib], { timeoutMs: 10_000 });
    if (nm.spawnError !== undefined) throw new Error('nm (binutils) is needed for this test: apt-get install -y binutils');
    const fromNm = nm.stdout.split('\n').map((l) => l.trim().split(/\s+/)[2]).filter((n): n is string => n !== undefined).sort();
    expect(names(lib)).toEqual(fromNm);
    expect(names(lib)).toEqual(['sf_p_k', 'sf_p_run', 'sf_p_set']);
    const parsed = readElfDynamicSymbols(readFileSync(lib));
    expect(parsed.ok && parsed.value.symbols.find((s) => s.name === 'sf_p_k')?.kind).toBe('object');
    expect(parsed.ok && parsed.value.symbols.find((s) => s.name === 'sf_p_run')?.kind).toBe('func');
  });

  it('sees STB_GNU_UNIQUE without -fno-gnu-unique, none with it, and the NODELETE flag', async () => {
    if (toolchain.family !== 'gnu') return; // a clang-only host has no GNU unique symbols to find
    const flags = compilerFlags(toolchain).filter((f) => f !== '-fno-gnu-unique' && f !== '-fvisibility=hidden');
    const unique = readElfDynamicSymbols(readFileSync(await buildTestLibrary(toolchain, dir, 'unique', UNIQUE_SOURCE, flags)));
    expect(unique.ok && unique.value.symbols.some((s) => s.binding === 'unique')).toBe(true);
    const safe = readElfDynamicSymbols(readFileSync(await buildTestLibrary(toolchain, dir, 'safe', UNIQUE_SOURCE)));
    expect(safe.ok && safe.value.symbols.filter((s) => s.binding === 'unique')).toEqual([]);
    expect(safe.ok && safe.value.nodelete).toBe(false);
    const pinned = readElfDynamicSymbols(readFileSync(await buildTestLibrary(toolchain, dir, 'nodelete', UNIQUE_SOURCE, [...compilerFlags(toolchain), '-Wl,-z,nodelete'])));
    expect(pinned.ok && pinned.value.nodelete).toBe(true);
  });

  it("reads glibc's version bits: step is a hidden compat symbol, printf is not", () => {
    if (process.platform !== 'linux') return;
    const maps = readFileSync('/proc/self/maps', 'utf8');
    const libc = maps.split('\n').map((l) => l.slice(l.indexOf('/'))).find((p) => /\/libc\.so\.6$/.test(p));
    if (libc === undefined) return; // not glibc (musl)
    const parsed = readElfDynamicSymbols(readFileSync(libc));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.value.soname).toBe('libc.so.6');
    const step = parsed.value.symbols.find((s) => s.name === 'step');
    expect(step).toMatchObject({ hiddenVersion: true, versionIndex: 2, kind: 'func' });
    expect(parsed.value.symbols.find((s) => s.name === 'printf')?.hiddenVersion).toBe(false);
  });

  it('returns a reason, never throws, on non-ELF and truncated input', () => {
    expect(readElfDynamicSymbols(Buffer.from('hello world, this is not an ELF file at all........................'))).toEqual({ ok: false, reason: 'not an ELF file' });
    const lib = readFileSync(join(dir, 'plain.so'));
    const truncated = readElfDynamicSymbols(lib.subarray(0, 200));
    expect(truncated.ok).toBe(false);
    const fuzz = Buffer.from(lib);
    for (let i = 64; i < fuzz.length; i += 97) fuzz[i] = (fuzz[i] ?? 0) ^ 0xff;
    expect(() => readElfDynamicSymbols(fuzz)).not.toThrow();
  });
});
