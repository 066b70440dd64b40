import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileLibrary, firstErrorLine, parseCompilerOutput } from './compileLibrary';
import { runProcess } from './runProcess';
import { EXPORT, requireToolchain } from './nativeTestSupport';
import { compilerFlags, type Toolchain } from './toolchainProbe';

const GCC_OUTPUT = `source.cpp: In function 'int f(int)':
source.cpp:2:14: error: 'undefined_name' was not declared in this scope
    2 |   return a + undefined_name;
      |              ^~~~~~~~~~~~~~
source.cpp: In function 'int g()':
source.cpp:4:15: warning: unused variable 'unused' [-Wunused-variable]
source.cpp:9: note: candidate expects 1 argument
cc1plus: fatal error: out of memory
`;

const CLANG_OUTPUT = `source.cpp:2:14: error: use of undeclared identifier 'undefined_name'
  return a + undefined_name;
             ^
clang++: error: unknown argument: '-fno-gnu-unique'
1 error generated.
`;

const LINKER_OUTPUT = `/usr/bin/ld: /tmp/ccH7UBVV.o: in function \`main':
link.cpp:(.text+0xa): undefined reference to \`missing_fn'
collect2: error: ld returned 1 exit status
`;

describe('parseCompilerOutput', () => {
  it('parses g++ messages with line, column and severity; skips context and caret lines', () => {
    expect(parseCompilerOutput(GCC_OUTPUT)).toEqual([
      { file: 'source.cpp', line: 2, column: 14, severity: 'error', message: "'undefined_name' was not declared in this scope" },
      { file: 'source.cpp', line: 4, column: 15, severity: 'warning', message: "unused variable 'unused' [-Wunused-variable]" },
      { file: 'source.cpp', line: 9, column: 0, severity: 'note', message: 'candidate expects 1 argument' },
      { file: 'cc1plus', line: 0, column: 0, severity: 'error', message: 'out of memory' },
    ]);
  });

  it('parses clang++ messages and driver errors', () => {
    expect(parseCompilerOutput(CLANG_OUTPUT)).toEqual([
      { file: 'source.cpp', line: 2, column: 14, severity: 'error', message: "use of undeclared identifier 'undefined_name'" },
      { file: 'clang++', line: 0, column: 0, severity: 'error', message: "unknown argument: '-fno-gnu-unique'" },
    ]);
  });

  it('parses linker errors and quotes the informative one first', () => {
    const messages = parseCompilerOutput(LINKER_OUTPUT);
    expect(messages.map((m) => m.message)).toEqual(["undefined reference to `missing_fn'", 'ld returned 1 exit status']);
    expect(firstErrorLine(messages, LINKER_OUTPUT)).toBe("link.cpp: undefined reference to `missing_fn'");
    expect(firstErrorLine(parseCompilerOutput(GCC_OUTPUT), GCC_OUTPUT)).toBe("source.cpp:2:14: 'undefined_name' was not declared in this scope");
    expect(firstErrorLine([], '\n  something odd\n')).toBe('something odd');
  });
});

describe('compileLibrary (real compiler)', () => {
  let toolchain: Toolchain;
  let dir = '';
  beforeAll(async () => {
    toolchain = await requireToolchain();
    dir = await mkdtemp(join(tmpdir(), 'sf-compile-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds a shared library', async () => {
    const sourcePath = join(dir, 'ok.cpp');
    await writeFile(sourcePath, `${EXPORT} int sf_ok(int a) { return a + 1; }\n`);
    const outcome = await compileLibrary({ compiler: toolchain.path, flags: compilerFlags(toolchain), sourcePath, outputPath: join(dir, 'ok.so') });
    expect(outcome.ok).toBe(true);
    expect((await stat(join(dir, 'ok.so'))).size).toBeGreaterThan(0);
    expect(outcome.ms).toBeGreaterThan(0);
  });

  it('returns parsed errors with lines of the submitted source', async () => {
    const sourcePath = join(dir, 'bad.cpp');
    await writeFile(sourcePath, `${EXPORT} int sf_bad(int a) {\n  return a + undefined_name;\n}\n`);
    const outcome = await compileLibrary({ compiler: toolchain.path, flags: compilerFlags(toolchain), sourcePath, outputPath: join(dir, 'bad.so') });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.reason).toBe('compiler-error');
    const first = outcome.errors.find((m) => m.severity === 'error');
    expect(first).toMatchObject({ line: 2, severity: 'error' });
    expect(first?.column).toBeGreaterThan(0);
    expect(first?.message).toMatch(/undefined_name/);
    expect(outcome.raw).toMatch(/undefined_name/);
  });

  it('kills the compiler after the timeout', async () => {
    const sourcePath = join(dir, 'slow.cpp');
    // A constant-evaluated loop of 2^40 iterations keeps cc1plus busy for hours.
    await writeFile(sourcePath, 'constexpr long spin() { long s = 0; for (long i = 0; i < (1L << 40); i++) s += i; return s; }\nconstexpr long v = spin();\n');
    const t0 = performance.now();
    const flags = ['-fconstexpr-loop-limit=2147483647', '-fconstexpr-ops-limit=4611686018427387904', ...compilerFlags(toolchain)];
    const outcome = await compileLibrary({ compiler: toolchain.path, flags, sourcePath, outputPath: join(dir, 'slow.so'), timeoutMs: 300 });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.reason).toBe('timeout');
    expect(performance.now() - t0).toBeLessThan(2000);
    // The whole process group died: no compiler is still working on slow.cpp.
    await new Promise((r) => setTimeout(r, 50));
    const ps = await runProcess('ps', ['-eo', 'args'], { timeoutMs: 5000 });
    expect(ps.stdout.split('\n').filter((l) => l.includes('slow.cpp') && !l.includes('ps -eo'))).toEqual([]);
  });

  it('reports a compiler that cannot be started as spawn-failed, fast', async () => {
    const sourcePath = join(dir, 'ok.cpp');
    const outcome = await compileLibrary({ compiler: '/nonexistent/bin/g++', flags: [], sourcePath, outputPath: join(dir, 'x.so') });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.reason).toBe('spawn-failed');
    expect(outcome.errors[0]?.message).toMatch(/ENOENT/);
    expect(outcome.ms).toBeLessThan(200);
  });
});
