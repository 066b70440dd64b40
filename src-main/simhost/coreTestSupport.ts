/**
 * Test helpers for the sim-host core (used by `*.test.ts` only): a SimHostCore with the real
 * templates and a native backend over a temporary compile cache, and the small helpers every
 * pipeline test uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Diagnostic } from '../../src-shared/diagnostics';
import type { MonitorInfo, SimMonitorData } from '../../src-shared/ipc';
import type { ModelIR } from '../../src-shared/model';
import { readScript } from '../../src-shared/script';
import { requireToolchain } from './jit/nativeTestSupport';
import { locateAppRoot } from './locateAppRoot';
import { createNativeBackend } from './nativeBackend';
import { createTemplateEnvironment } from './render/renderNetwork';
import { SimHostCore } from './runtime/simHostCore';

/** Creates a core before the file's tests (failing with an install hint without g++) and removes its cache after them. */
export function useSimHostCore(name: string, receive: (core: SimHostCore) => void): void {
  let cacheDir = '';
  beforeAll(async () => {
    await requireToolchain();
    cacheDir = mkdtempSync(join(tmpdir(), `spikeforge-${name}-`));
    receive(new SimHostCore(createTemplateEnvironment(join(locateAppRoot(), 'templates')), createNativeBackend({ cacheDir })));
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
}

/** The value of a successful result; throws with every diagnostic otherwise. */
export function expectOk<T>(result: { ok: true; value: T } | { ok: false; diagnostics: readonly Diagnostic[] }): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.diagnostics.map((d) => `${d.code} ${d.message}`))}`);
  return result.value;
}

/** An event sink for runs whose events the test ignores. */
export const noEvents = (): void => undefined;

/** Model code standing alone (offset 0). */
export const code = (text: string): { code: string; offset: number } => ({ code: text, offset: 0 });

/** What one run of a model on one tier left: every monitor's data, the arrays asked for, and the build's outputs. */
export interface TierRun {
  readonly monitors: Record<string, SimMonitorData>;
  readonly arrays: Record<string, number[]>;
  readonly warnings: readonly Diagnostic[];
  readonly monitorInfo: readonly MonitorInfo[];
  readonly cppSource: string;
}

/** Builds `ir` on `tier` (named `<ir.name>_<tier>`), runs `steps` steps and reads the monitors and `arrays`. */
export async function runOnTier(core: SimHostCore, ir: ModelIR, tier: 'js' | 'native', steps: number, arrays: readonly string[] = []): Promise<TierRun> {
  const built = expectOk(await core.build({ ir: { ...ir, name: `${ir.name}_${tier}` }, tier }));
  expect(built.tier).toBe(tier);
  expectOk(core.run({ networkId: built.networkId, runId: tier, steps, stream: false }, noEvents));
  const monitors: Record<string, SimMonitorData> = {};
  for (const m of built.monitors) monitors[m.name] = expectOk(core.monitorData(built.networkId, m.name));
  const values: Record<string, number[]> = {};
  for (const a of arrays) values[a] = Array.from(expectOk(core.getArray(built.networkId, a)).values);
  core.dispose(built.networkId);
  return { monitors, arrays: values, warnings: built.warnings, monitorInfo: built.monitors, cppSource: built.cppSource };
}

/** Runs on both tiers and checks that every monitor (times, indices, variables) and array is bit-identical; returns both runs. */
export async function runOnBothTiers(core: SimHostCore, ir: ModelIR, steps: number, arrays: readonly string[] = []): Promise<{ js: TierRun; native: TierRun }> {
  const js = await runOnTier(core, ir, 'js', steps, arrays);
  const native = await runOnTier(core, ir, 'native', steps, arrays);
  for (const [name, data] of Object.entries(js.monitors)) {
    const other = native.monitors[name];
    expect(Array.from(other?.t ?? []), `${name}.t native vs JS`).toEqual(Array.from(data.t));
    expect(Array.from(other?.spikeIndices ?? []), `${name}.i native vs JS`).toEqual(Array.from(data.spikeIndices ?? []));
    expect(Object.keys(other?.values ?? {}), `${name} variables native vs JS`).toEqual(Object.keys(data.values));
    for (const [variable, traces] of Object.entries(data.values)) {
      expect(other?.values[variable]?.map((trace) => Array.from(trace)), `${name}.${variable} native vs JS`).toEqual(traces.map((trace) => Array.from(trace)));
    }
  }
  expect(native.arrays).toEqual(js.arrays);
  return { js, native };
}

/** The model of a Brian2 script; throws with the diagnostics when the script has errors. */
export function scriptIR(text: string): ModelIR {
  const read = readScript(text);
  const errors = read.diagnostics.filter((d) => d.severity === 'error');
  if (read.ir === undefined || errors.length > 0) throw new Error(`script errors: ${JSON.stringify(errors.map((d) => `${d.code} ${d.message}`))}`);
  return read.ir;
}
