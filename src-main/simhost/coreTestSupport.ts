/**
 * Test helpers for the sim-host core (used by `*.test.ts` only): a SimHostCore with the real
 * templates and a native backend over a temporary compile cache, and the small helpers every
 * pipeline test uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Diagnostic } from '../../src-shared/diagnostics';
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
