import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressOf, isGlobalSymbol, koffiVersion, loadNativeLibrary, type NativeLibrary } from './nativeLibrary';
import { buildTestLibrary, EXPORT, requireToolchain } from './nativeTestSupport';

const SOURCE = `
${EXPORT} double sf_t_touch(double* p, int n) { double seen = p[1]; p[0] = 42.0 + n; return seen; }
${EXPORT} unsigned long long sf_t_addr_f64(double* p) { return (unsigned long long)p; }
${EXPORT} unsigned long long sf_t_addr_i32(int* p) { return (unsigned long long)p; }
${EXPORT} unsigned long long sf_t_addr_i64(long long* p) { return (unsigned long long)p; }
${EXPORT} unsigned long long sf_t_addr_u8(unsigned char* p) { return (unsigned long long)p; }
${EXPORT} int sf_t_sum3(long long t0, int n, double* a, int* b, long long* c, int* status) {
  double s = 0; for (int i = 0; i < n; i++) { s += a[i] + b[i] + (double)c[i]; }
  status[0] = (int)s + (int)t0; return n;
}
static int helper(int x) { return x * 2; }
${EXPORT} int sf_t_helper(int x) { return helper(x); }
`;

let dir = '';
let libPath = '';
let lib: NativeLibrary;

beforeAll(async () => {
  const toolchain = await requireToolchain();
  dir = await mkdtemp(join(tmpdir(), 'sf-native-'));
  libPath = await buildTestLibrary(toolchain, dir, 'touch', SOURCE);
  const loaded = loadNativeLibrary(libPath);
  if (!loaded.ok) throw new Error(loaded.diagnostics[0]?.message);
  lib = loaded.value;
});

afterAll(async () => {
  lib.unload();
  await rm(dir, { recursive: true, force: true });
});

describe('loadNativeLibrary: zero-copy typed arrays', () => {
  it('C reads what JS wrote and JS sees what C wrote (same memory)', () => {
    const touch = lib.bind<number>('sf_t_touch', 'double sf_t_touch(double* p, int n)');
    const a = new Float64Array(1000);
    a[1] = 7.25;
    expect(touch(a, 3)).toBe(7.25);
    expect(a[0]).toBe(45);
    // A subarray is a view: C writes into the parent's element 1.
    a[2] = -1.5;
    expect(touch(a.subarray(1), 1)).toBe(-1.5);
    expect(a[1]).toBe(43);
  });

  it('passes the backing-store address: equal across calls, +8 bytes for subarray(1), equal to addressOf', () => {
    const addr = lib.bind<number | bigint>('sf_t_addr_f64', 'uint64_t sf_t_addr_f64(double* p)');
    const a = new Float64Array(64);
    const p1 = BigInt(addr(a));
    const p2 = BigInt(addr(a));
    expect(p1).not.toBe(0n);
    expect(p2).toBe(p1);
    expect(BigInt(addr(a.subarray(1))) - p1).toBe(8n);
    expect(addressOf(a)).toBe(p1);
    expect(addressOf(a.subarray(1)) - p1).toBe(8n);
  });

  it('addressOf matches the native pointer for every host array type, small (on-heap) arrays included', () => {
    const i32 = lib.bind<number | bigint>('sf_t_addr_i32', 'uint64_t sf_t_addr_i32(int32_t* p)');
    const i64 = lib.bind<number | bigint>('sf_t_addr_i64', 'uint64_t sf_t_addr_i64(int64_t* p)');
    const u8 = lib.bind<number | bigint>('sf_t_addr_u8', 'uint64_t sf_t_addr_u8(uint8_t* p)');
    const small = new Int32Array(2); // small typed arrays start on the V8 heap
    const before = addressOf(small);
    expect(BigInt(i32(small))).toBe(before);
    const big = new BigInt64Array(10);
    expect(BigInt(i64(big))).toBe(addressOf(big));
    const bytes = new Uint8Array(3);
    expect(BigInt(u8(bytes))).toBe(addressOf(bytes));
    expect(addressOf(new Float64Array(0))).toBe(0n);
  });

  it('a run-like call with 3 typed arrays and an int* status', () => {
    const run = lib.bind<number>('sf_t_sum3', 'int sf_t_sum3(int64_t t0, int n, double* a, int* b, int64_t* c, int* status)');
    const status = new Int32Array(1);
    const n = run(10, 3, new Float64Array([1, 2, 3]), new Int32Array([1, 1, 1]), new BigInt64Array([1n, 1n, 1n]), status);
    expect(n).toBe(3);
    expect(status[0]).toBe(12 + 10);
  });
});

describe('loadNativeLibrary: symbols, guards, failures', () => {
  it('exportedSymbols reads the real .dynsym: entry points only, static helpers hidden', () => {
    const symbols = lib.exportedSymbols().sort();
    expect(symbols).toEqual(['sf_t_addr_f64', 'sf_t_addr_i32', 'sf_t_addr_i64', 'sf_t_addr_u8', 'sf_t_helper', 'sf_t_sum3', 'sf_t_touch']);
    expect(lib.dynamicInfo()?.nodelete).toBe(false);
  });

  it('bind rejects a signature naming another function and a missing symbol (generator bugs)', () => {
    expect(() => lib.bind('sf_t_helper', 'int sf_t_other(int x)')).toThrow(/names "sf_t_other"/);
    expect(() => lib.bind('sf_t_missing', 'int sf_t_missing(int x)')).toThrow(/cannot bind/);
    const a = lib.bind('sf_t_helper', 'int sf_t_helper(int x)');
    expect(lib.bind('sf_t_helper', 'int sf_t_helper(int x)')).toBe(a);
    expect(a.symbol).toBe('sf_t_helper');
    expect(a(21)).toBe(42);
  });

  it('a function of an unloaded library throws instead of crashing', () => {
    const second = loadNativeLibrary(libPath);
    if (!second.ok) throw new Error('load failed');
    const helper = second.value.bind<number>('sf_t_helper', 'int sf_t_helper(int x)');
    expect(helper(2)).toBe(4);
    second.value.unload();
    expect(second.value.loaded).toBe(false);
    expect(() => helper(2)).toThrow(/after its library was unloaded/);
    expect(() => second.value.bind('sf_t_helper', 'int sf_t_helper(int x)')).toThrow(/unloaded library/);
    second.value.unload(); // idempotent
    // The first handle (same path, own dlopen reference) still works.
    expect(lib.bind<number>('sf_t_helper', 'int sf_t_helper(int x)')(5)).toBe(10);
  });

  it('load failures are SF7003 values: missing file, relative path, not a library', async () => {
    const missing = loadNativeLibrary(join(dir, 'nope.so'));
    expect(missing.ok).toBe(false);
    expect(missing.diagnostics[0]?.code).toBe('SF7003');
    const relative = loadNativeLibrary('libc.so.6');
    expect(relative.ok).toBe(false);
    expect(relative.diagnostics[0]?.message).toMatch(/absolute/);
    const garbage = join(dir, 'garbage.so');
    await writeFile(garbage, 'not an ELF file');
    const bad = loadNativeLibrary(garbage);
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0]?.code).toBe('SF7003');
  });

  it('isGlobalSymbol: libc names (compat-only "step" included) yes, JIT names no', () => {
    expect(isGlobalSymbol('exp')).toBe(true);
    expect(isGlobalSymbol('printf')).toBe(true);
    expect(isGlobalSymbol('step')).toBe(true);
    expect(isGlobalSymbol('sf_abc_run')).toBe(false);
    expect(isGlobalSymbol('sf_t_touch')).toBe(false); // loaded RTLD_LOCAL
  });

  it('reports the koffi version for the ABI tag', () => {
    expect(koffiVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
