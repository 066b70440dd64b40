/**
 * Test helpers for the native layer (used by `*.test.ts` only). Native tests use the real
 * compiler and must never skip silently: without one they fail with an install hint.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compileLibrary, firstErrorLine } from './compileLibrary';
import { compilerFlags, probeToolchain, type Toolchain } from './toolchainProbe';

let cached: Promise<Toolchain> | undefined;

/** The probed toolchain, or an Error telling how to install g++. */
export function requireToolchain(): Promise<Toolchain> {
  cached ??= probeToolchain().then((probe) => {
    if (!probe.ok) {
      throw new Error(`Native tests need a working C++ compiler (${probe.reason}). Install one: apt-get install -y g++`);
    }
    return probe.toolchain;
  });
  return cached;
}

/** Compiles `source` to `<dir>/<name>.so` with the standard flags (or `flags`); throws on a compile error. */
export async function buildTestLibrary(
  toolchain: Toolchain,
  dir: string,
  name: string,
  source: string,
  flags: readonly string[] = compilerFlags(toolchain),
): Promise<string> {
  const sourcePath = join(dir, `${name}.cpp`);
  const outputPath = join(dir, `${name}.so`);
  await writeFile(sourcePath, source);
  const outcome = await compileLibrary({ compiler: toolchain.path, flags, sourcePath, outputPath });
  if (!outcome.ok) throw new Error(`test library ${name} did not compile: ${firstErrorLine(outcome.errors, outcome.raw)}`);
  return outputPath;
}

/** `extern "C"` + default visibility, as generated entry points are declared. */
export const EXPORT = 'extern "C" __attribute__((visibility("default")))';
