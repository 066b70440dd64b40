import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConflictReport, NamespaceScan } from '../../../src-shared/ipc';
import { loadNativeLibrary } from '../jit/nativeLibrary';
import { buildTestLibrary, EXPORT, requireToolchain } from '../jit/nativeTestSupport';
import { createNamespaceRegistry, type NetworkRegistration } from './namespaceRegistry';

const nsA = 'sf_alpha_0123456789abcdef';
const nsB = 'sf_beta_fedcba9876543210';
const networkSource = (ns: string): string => `
static double helper(double x) { return x * 0.5; }
${EXPORT} int ${ns}_run(long long t0, int steps, double* v, int* status) {
  for (int i = 0; i < steps; i++) v[0] = helper(v[0]) + 1.0;
  status[0] = 0; return steps + (int)t0 * 0;
}
${EXPORT} int ${ns}_neurons_stateupdate(long long t0, int steps, double* v, int* status) { return 0; }
`;

let dir = '';
let libA = '';
let libB = '';
let dupA = '';
let dupB = '';

beforeAll(async () => {
  const toolchain = await requireToolchain();
  dir = await mkdtemp(join(tmpdir(), 'sf-registry-'));
  libA = await buildTestLibrary(toolchain, dir, 'alpha', networkSource(nsA));
  libB = await buildTestLibrary(toolchain, dir, 'beta', networkSource(nsB));
  // Two libraries deliberately exporting one unprefixed extern "C" name.
  dupA = await buildTestLibrary(toolchain, dir, 'dupA', `${EXPORT} int sf_shared_entry() { return 1; }\n`);
  dupB = await buildTestLibrary(toolchain, dir, 'dupB', `${EXPORT} int sf_shared_entry() { return 2; }\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function network(id: string, name: string, namespace: string, path: string, extra: Partial<NetworkRegistration> = {}): NetworkRegistration {
  const v = new Float64Array(4);
  return {
    networkId: id,
    networkName: name,
    namespace,
    library: { path, cacheKey: `key-${id}`, compiler: 'g++', flags: ['-O2'] },
    entryPoints: [{ name: `${namespace}_run`, signature: `int ${namespace}_run(int64_t t0, int steps, double* v, int* status)`, kind: 'run' }],
    codeObjects: [{ name: 'neurons_stateupdate', template: 'stateupdate', lines: { start: 3, end: 6 } }],
    arrays: [{ name: '_array_neurons_v', owner: 'neurons', variable: 'v', dtype: 'float64', unit: 'volt', length: 3, array: () => v }],
    ...extra,
  };
}

describe('namespace registry (real libraries)', () => {
  it('two networks with distinct namespaces: scan shows real symbols, no conflicts', () => {
    const pins: string[] = [];
    const registry = createNamespaceRegistry({ pin: (k) => pins.push(`+${k}`), unpin: (k) => pins.push(`-${k}`) });
    const a = registry.registerNetwork(network('n1', 'alpha', nsA, libA));
    const b = registry.registerNetwork(network('n2', 'beta', nsB, libB));
    expect(a.ok && b.ok).toBe(true);
    const run = registry.libraryOf('n1')?.bind<number>(`${nsA}_run`, `int ${nsA}_run(int64_t t0, int steps, double* v, int* status)`);
    const v = new Float64Array([0]);
    expect(run?.(0, 2, v, new Int32Array(1))).toBe(2);
    expect(v[0]).toBe(1.5);

    const scan = registry.scanNamespaces();
    expect(scan.libraries.map((l) => l.path).sort()).toEqual([libA, libB].sort());
    const alpha = scan.namespaces.find((n) => n.networkId === 'n1');
    expect(alpha).toMatchObject({ namespace: nsA, library: libA, refcount: 1, tier: 'native', arrays: ['_array_neurons_v'] });
    expect(alpha?.symbols).toEqual([`${nsA}_neurons_stateupdate`, `${nsA}_run`]);
    expect(alpha?.arrayDetails[0]).toMatchObject({ length: 3, capacity: 4, bytes: 32, dtype: 'float64' });
    expect(alpha?.arrayDetails[0]?.address).toMatch(/^0x[0-9a-f]+$/);
    const libScan = scan.libraries.find((l) => l.path === libA);
    expect(libScan).toMatchObject({ nodelete: false, uniqueSymbols: [], networks: ['n1'], cacheKey: 'key-n1' });
    // Plain data: survives JSON, and fits the IPC contract.
    expect(JSON.parse(JSON.stringify(scan))).toEqual(scan);
    const ipcScan: NamespaceScan = scan;
    expect(ipcScan.namespaces).toHaveLength(2);

    const report: ConflictReport = registry.checkConflicts();
    expect(report.conflicts).toEqual([]);
    expect(report.checked).toBe(4 + 2);

    expect(pins).toEqual(['+key-n1', '+key-n2']);
    registry.dispose();
    expect(pins).toEqual(['+key-n1', '+key-n2', '-key-n1', '-key-n2']);
    expect(() => run?.(0, 1, v, new Int32Array(1))).toThrow(/unloaded/);
  });

  it('reports a duplicate extern "C" export across two loaded libraries', () => {
    const registry = createNamespaceRegistry();
    const a = registry.acquire(dupA);
    const b = registry.acquire(dupB);
    if (!a.ok || !b.ok) throw new Error('load failed');
    const report = registry.checkConflicts();
    expect(report.conflicts).toEqual([{ name: 'sf_shared_entry', kind: 'duplicate-export', where: [dupA, dupB] }]);
    // Each library still runs its own code (RTLD_LOCAL): the duplicate is a warning, not a crash.
    expect(a.value.bind<number>('sf_shared_entry', 'int sf_shared_entry()')()).toBe(1);
    expect(b.value.bind<number>('sf_shared_entry', 'int sf_shared_entry()')()).toBe(2);
    expect(registry.acquire(dupA).ok && registry.acquire(dupB).ok).toBe(true);
    registry.release(dupA);
    registry.release(dupB);
    expect(registry.checkConflicts(['sf_shared_entry']).conflicts).toHaveLength(1);
    registry.dispose();
  });

  it('reports names found in the process global scope (libc), given or exported', () => {
    const registry = createNamespaceRegistry();
    const report = registry.checkConflicts(['step', 'printf', `${nsA}_run`]);
    expect(report.checked).toBe(3);
    expect(report.conflicts).toEqual([
      { name: 'printf', kind: 'shadows-global', where: ['global scope'] },
      { name: 'step', kind: 'shadows-global', where: ['global scope'] },
    ]);
  });

  it('reports two different sources claiming one namespace', () => {
    const registry = createNamespaceRegistry();
    registry.registerNetwork(network('n1', 'alpha', nsA, libA, { sourceHash: 'h1' }));
    registry.registerNetwork(network('n2', 'alpha', nsA, libB, { sourceHash: 'h2' }));
    const collision = registry.checkConflicts().conflicts.filter((c) => c.kind === 'namespace-collision');
    expect(collision).toEqual([{ name: nsA, kind: 'namespace-collision', where: [`n1 (${libA})`, `n2 (${libB})`] }]);
    // The same source claimed twice (same network built twice) is fine.
    registry.registerNetwork(network('n2', 'alpha', nsA, libA, { sourceHash: 'h1' }));
    expect(registry.checkConflicts().conflicts).toEqual([]);
    registry.dispose();
  });

  it('reference-counts libraries: shared path loaded once, unloaded after the last release', () => {
    const loads: string[] = [];
    const registry = createNamespaceRegistry({
      loadLibrary: (path) => {
        loads.push(path);
        return loadNativeLibrary(path);
      },
    });
    const first = registry.registerNetwork(network('n1', 'alpha', nsA, libA));
    const second = registry.registerNetwork(network('n2', 'alpha', nsA, libA));
    expect(loads).toEqual([libA]);
    const lib = first.ok ? first.value.library : undefined;
    expect(second.ok && second.value.library).toBe(lib);
    expect(registry.scanNamespaces().libraries[0]?.refcount).toBe(2);
    // Re-registering n1 with the same library does not reload it.
    registry.registerNetwork(network('n1', 'alpha', nsA, libA));
    expect(loads).toEqual([libA]);
    expect(registry.unregisterNetwork('n1')).toBe(true);
    expect(lib?.loaded).toBe(true);
    expect(registry.unregisterNetwork('n2')).toBe(true);
    expect(lib?.loaded).toBe(false);
    expect(registry.scanNamespaces()).toEqual({ libraries: [], namespaces: [] });
    expect(registry.unregisterNetwork('n2')).toBe(false);
    expect(() => registry.release(libA)).toThrow(/BUG/);
  });

  it('a library that fails to load is an SF7003 value and registers nothing', () => {
    const registry = createNamespaceRegistry();
    const result = registry.registerNetwork(network('n1', 'alpha', nsA, join(dir, 'missing.so')));
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.code).toBe('SF7003');
    expect(registry.networkIds()).toEqual([]);
  });

  it('JS-only networks are listed without a library', () => {
    const registry = createNamespaceRegistry();
    registry.registerNetwork({ ...network('n9', 'gamma', 'sf_gamma_0000000000000000', ''), library: undefined });
    expect(registry.scanNamespaces().namespaces[0]).toMatchObject({ tier: 'js', library: '', refcount: 0, symbols: [] });
    expect(registry.libraryOf('n9')).toBeUndefined();
  });
});
