/**
 * The native tier end to end with the real compiler: generated C++ compiled by g++, loaded with
 * koffi, run on host-owned typed arrays. Covers the foundation's acceptance points that need
 * native code: Quick Start numbers, zero-copy, two networks side by side and a deliberate clash,
 * JS/native identity, and compiler failures mapped back to the model.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestLibrary, EXPORT, requireToolchain } from '../jit/nativeTestSupport';
import { locateAppRoot } from '../locateAppRoot';
import { createNativeBackend } from '../nativeBackend';
import { createNamespaceRegistry } from '../registry/namespaceRegistry';
import { createTemplateEnvironment } from '../render/renderNetwork';
import { quickStartIR } from '../sampleModels';
import { generateNetwork, entryPointNames, entryPointSignature } from './buildNetwork';
import { NetworkInstance } from './networkInstance';
import { mapCompilerMessages, SimHostCore } from './simHostCore';

const env = createTemplateEnvironment(join(locateAppRoot(), 'templates'));
const noEvents = (): void => undefined;
let cacheDir = '';

function expectOk<T>(result: { ok: true; value: T } | { ok: false; diagnostics: readonly unknown[] }): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.diagnostics)}`);
  return result.value;
}

beforeAll(async () => {
  await requireToolchain();
  cacheDir = mkdtempSync(join(tmpdir(), 'spikeforge-native-'));
});
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('native tier', () => {
  it('runs the Quick Start natively: v of neuron 0 after k Euler steps is 1-(1-dt/tau)^k to 1e-12', async () => {
    const core = new SimHostCore(env, createNativeBackend({ cacheDir }));
    const built = expectOk(await core.build({ ir: quickStartIR(), tier: 'native' }));
    expect(built.tier).toBe('native');
    expect(built.libraryPath).toMatch(/lib-[0-9a-f]{16}\.so$/);
    for (let k = 0; k < 1000; k++) {
      expectOk(core.update(built.networkId, 'neurons', 1));
      expectOk(core.record(built.networkId, 'monitor'));
    }
    const data = expectOk(core.monitorData(built.networkId, 'monitor'));
    expect(data.t.length).toBe(1000);
    expect(data.values.v?.length).toBe(3); // rows = recorded neurons, columns = time steps
    const v0 = data.values.v?.[0] as Float64Array;
    // record_timestep() after update(): sample k holds v after k+1 steps.
    for (let k = 0; k < 1000; k++) expect(Math.abs((v0[k] as number) - (1 - (1 - 1e-4 / 0.01) ** (k + 1)))).toBeLessThan(1e-12);
    core.dispose(built.networkId);
  });

  it('is zero-copy: the C code sees the JS array address and writes cross both ways', async () => {
    const generated = expectOk(generateNetwork(quickStartIR({ name: 'zerocopy' }), env));
    const backend = createNativeBackend({ cacheDir });
    const prefix = generated.rendered.prefix;
    const built = expectOk(
      await backend.build({
        networkId: 'zc',
        networkName: 'zerocopy',
        namespace: generated.rendered.namespace,
        prefix,
        cppSource: generated.rendered.cppSource,
        jsSource: generated.rendered.jsSource,
        entryPoints: entryPointNames(generated.context).map((entry) => ({ entry, name: `${prefix}_${entry}`, signature: entryPointSignature(prefix, entry, generated.context) })),
        arrays: [],
      }),
    );
    const instance = new NetworkInstance(generated.context, built.kernel);
    const v = instance.array('_array_neurons_v') as Float64Array;
    const seen = built.kernel.addressSeenByCode(v);
    expect(seen).toBeGreaterThan(0n);
    expect(seen).toBe(built.kernel.addressOf(v));
    // JS → C: a value written in JS is what the C update reads.
    v.fill(0);
    v[7] = 0.5;
    instance.updateGroup('neurons', 1);
    // C → JS: the C update's result appears in the same JS array object, without a copy.
    expect(instance.array('_array_neurons_v')).toBe(v);
    expect(v[7]).toBe(0.5 + (1e-4 * (-0.5 + 1)) / 0.01);
    expect(v[6]).toBe((1e-4 * (0 + 1)) / 0.01);
    expect(built.kernel.addressSeenByCode(v)).toBe(seen); // the store did not move
    instance.dispose();
    backend.release('zc');
  });

  it('gives bit-identical results on the JS and native tiers', async () => {
    const core = new SimHostCore(env, createNativeBackend({ cacheDir }));
    const results = [];
    for (const tier of ['js', 'native'] as const) {
      const built = expectOk(await core.build({ ir: quickStartIR({ name: `tiers_${tier}` }), tier }));
      expect(built.tier).toBe(tier);
      expectOk(core.run({ networkId: built.networkId, runId: tier, steps: 2000, stream: false }, noEvents));
      results.push(expectOk(core.getArray(built.networkId, '_array_neurons_v')).values);
    }
    expect(Array.from(results[1] ?? [])).toEqual(Array.from(results[0] ?? []));
  });

  it('runs simulation_A and simulation_B side by side in their own namespaces, without clashes', async () => {
    const core = new SimHostCore(env, createNativeBackend({ cacheDir }));
    const decay = (name: string) =>
      quickStartIR({
        name,
        groups: [{ name: 'neurons', N: 100, equations: 'dv/dt = -v/tau : 1', equationsOffset: 0, method: 'euler', namespace: { tau: { value: 0.01, dim: [0, 0, 1, 0, 0, 0, 0] } }, initial: [{ variable: 'v', value: 1 }] }],
        monitors: [{ name: 'monitor', source: 'neurons', variables: ['v'], record: [0] }],
      });
    const a = expectOk(await core.build({ ir: decay('simulation_A'), tier: 'native' }));
    const b = expectOk(await core.build({ ir: decay('simulation_B'), tier: 'native' }));
    expect(a.namespace).toMatch(/^sf_simulation_a_[0-9a-f]{16}$/);
    expect(b.namespace).toMatch(/^sf_simulation_b_[0-9a-f]{16}$/);
    expect(a.namespace).not.toBe(b.namespace);
    expect(a.libraryPath).not.toBe(b.libraryPath);
    for (const net of [a, b]) expectOk(core.run({ networkId: net.networkId, runId: net.networkId, steps: 1000, stream: false }, noEvents));
    const va = expectOk(core.getArray(a.networkId, '_array_neurons_v')).values;
    const vb = expectOk(core.getArray(b.networkId, '_array_neurons_v')).values;
    expect(va[0]).toBeCloseTo((1 - 1e-4 / 0.01) ** 1000, 12);
    expect(Array.from(vb)).toEqual(Array.from(va));

    const scan = core.scanNamespaces();
    const names = scan.namespaces.map((n) => n.namespace);
    expect(names).toEqual(expect.arrayContaining([a.namespace, b.namespace]));
    for (const entry of scan.namespaces.filter((n) => n.namespace === a.namespace || n.namespace === b.namespace)) {
      expect(entry.symbols.length).toBe(5); // run, init, neurons_stateupdate, monitor_record, address
    }
    const report = core.checkConflicts();
    expect(report.checked).toBeGreaterThanOrEqual(8);
    expect(report.conflicts).toEqual([]);
  });

  it('reports a deliberately constructed clash: a duplicate export and a libc name', async () => {
    const toolchain = await requireToolchain();
    const core = new SimHostCore(env, createNativeBackend({ cacheDir }));
    const a = expectOk(await core.build({ ir: quickStartIR({ name: 'clash_a' }), tier: 'native' }));
    // A second network whose library exports the same name as network A's run entry point, and an
    // unprefixed `step` — what a naive generator would emit.
    const runName = `${a.entryPoints[0]?.name.replace(/_run$/, '') ?? ''}_run`;
    const dir = mkdtempSync(join(tmpdir(), 'spikeforge-clash-'));
    const foreign = await buildTestLibrary(toolchain, dir, 'foreign', `${EXPORT} int ${runName}(void) { return 1; }\n${EXPORT} int step(void) { return 2; }\n`);
    const registry = createNamespaceRegistry();
    expectOk(registry.registerNetwork({ networkId: 'a', networkName: 'clash_a', namespace: a.namespace, library: { path: a.libraryPath ?? '' } }));
    expectOk(registry.registerNetwork({ networkId: 'b', networkName: 'clash_b', namespace: 'sf_clash_b_0000000000000000', library: { path: foreign } }));
    const report = registry.checkConflicts();
    expect(report.conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: runName, kind: 'duplicate-export' }),
        expect.objectContaining({ name: 'step', kind: 'shadows-global' }),
      ]),
    );
    // Names given explicitly are checked against the process's global scope (libc here).
    const named = core.checkConflicts(['step', 'printf', 'sf_unused_name']);
    expect(named.conflicts.map((c) => c.name).sort()).toEqual(['printf', 'step']);
    registry.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('maps a compiler error to the generated line and the model text it came from', async () => {
    const generated = expectOk(generateNetwork(quickStartIR(), env));
    const stateLine = generated.rendered.lineMap[0];
    expect(stateLine).toBeDefined();
    const diagnostics = mapCompilerMessages([{ line: stateLine?.line ?? 0, column: 5, severity: 'error', message: "'frobnicate' was not declared in this scope" }], generated);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.code).toBe('SF7001');
    expect(diagnostics[0]?.span).toEqual({ start: stateLine?.start, end: stateLine?.end });
    const model = quickStartIR().groups[0]?.equations ?? '';
    expect(model.slice(stateLine?.start, stateLine?.end)).toContain('dv/dt');
    expect(diagnostics[0]?.notes?.[0]).toMatch(/^generated C\+\+ line \d+: const double _v = .*model@/);
  });

  it('reports a real compiler failure as SF7001 with the generated line, never a raw dump', async () => {
    const backend = createNativeBackend({ cacheDir });
    const result = await backend.build({
      networkId: 'broken',
      networkName: 'broken',
      namespace: 'sf_broken_0000000000000000',
      prefix: 'sf_0000000000000000',
      cppSource: 'namespace sf_broken_0000000000000000 {\nstatic double f() { return undeclared_name; }\n}\n',
      jsSource: '',
      entryPoints: [],
      arrays: [],
    });
    expect(result.ok).toBe(false);
    expect(result.compilerMessages?.find((m) => m.severity === 'error')?.line).toBe(2);
    expect(result.diagnostics[0]?.code).toBe('SF7001');
  });
});
