/**
 * Compiles one C++ source file into a shared library with an async spawn of the compiler (no
 * shell, so no quoting issues and no injection), and parses g++/clang++ diagnostics into
 * `CompilerMessage`s so a line of generated C++ can be mapped back to the model span it came from.
 * Runs under `LC_ALL=C` and `-fdiagnostics-color=never` so the messages are parseable ASCII; these
 * two do not change the code and are therefore not part of the cache key. A timeout (default 60 s)
 * kills the compiler's whole process group.
 */
import { runProcess } from './runProcess';

/**
 * Libraries linked after the source. Generated code is header-free and calls no libc, so on ELF
 * targets the link uses `-nostdlib` (no crt files, no libstdc++/libc linker scripts: about 45 ms
 * less per compile with g++ 12) and names only libm (math builtins that do not inline; as-needed,
 * so it is recorded only when used) and libgcc (compiler helper routines).
 */
export function linkLibraries(flags: readonly string[]): string[] {
  return flags.includes('-nostdlib') ? ['-lm', '-lgcc'] : [];
}

/** One diagnostic line of the compiler. `line`/`column` are 1-based; 0 when the message has no place (driver, linker). */
export interface CompilerMessage {
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning' | 'note';
  readonly message: string;
  /** The file the message names (the source path, a header, `g++`, `collect2`, `ld`). */
  readonly file?: string;
}

/** What to compile. */
export interface CompileRequest {
  /** Executable to spawn (the toolchain's resolved `path`). */
  readonly compiler: string;
  /** Code-generation flags (see `compilerFlags`). `-o` and the source are added here. */
  readonly flags: readonly string[];
  readonly sourcePath: string;
  readonly outputPath: string;
  /** Default 60 000. */
  readonly timeoutMs?: number;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Outcome of a compile. On failure, `errors` holds every parsed message in order (errors, and the
 * warnings and notes around them: check `severity`), `raw` the whole stderr+stdout, and `reason`
 * whether the compiler reported errors, was killed by the timeout, or could not be started.
 */
export type CompileOutcome =
  | { readonly ok: true; readonly ms: number; readonly messages: readonly CompilerMessage[]; readonly raw: string }
  | {
      readonly ok: false;
      readonly ms: number;
      readonly errors: readonly CompilerMessage[];
      readonly raw: string;
      readonly reason: 'compiler-error' | 'timeout' | 'spawn-failed';
    };

const LOCATED = /^(.+?):(\d+):(?:(\d+):)? (fatal error|error|warning|note): (.*)$/;
const UNLOCATED = /^([^\s:]+): (fatal error|error|warning|note): (.*)$/;
const LINKER = /^(\S*\bld(?:\.\w+)?|\S*\blld): (.*)$/;
const RELOCATION = /^(.+?):\(([^)]*)\): (.*)$/;

function toSeverity(word: string): CompilerMessage['severity'] {
  return word === 'warning' ? 'warning' : word === 'note' ? 'note' : 'error';
}

/** Parses g++/clang++ (and GNU ld) output into messages; lines that are not messages are skipped. */
export function parseCompilerOutput(text: string): CompilerMessage[] {
  const messages: CompilerMessage[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trimEnd();
    const located = LOCATED.exec(line);
    if (located !== null) {
      messages.push({
        file: located[1] ?? '',
        line: Number(located[2]),
        column: located[3] === undefined ? 0 : Number(located[3]),
        severity: toSeverity(located[4] ?? 'error'),
        message: located[5] ?? '',
      });
      continue;
    }
    const unlocated = UNLOCATED.exec(line);
    if (unlocated !== null) {
      messages.push({ file: unlocated[1] ?? '', line: 0, column: 0, severity: toSeverity(unlocated[2] ?? 'error'), message: unlocated[3] ?? '' });
      continue;
    }
    const relocation = RELOCATION.exec(line);
    if (relocation !== null) {
      messages.push({ file: relocation[1] ?? '', line: 0, column: 0, severity: 'error', message: relocation[3] ?? '' });
      continue;
    }
    const linker = LINKER.exec(line);
    if (linker !== null && !/: in function /.test(linker[2] ?? '')) {
      const body = linker[2] ?? '';
      const warning = body.startsWith('warning: ');
      messages.push({ file: linker[1] ?? '', line: 0, column: 0, severity: warning ? 'warning' : 'error', message: warning ? body.slice(9) : body });
    }
  }
  return messages;
}

/** The line to quote when a compile failed: the first error, `file:line:col: message`, else the first output line. */
export function firstErrorLine(errors: readonly CompilerMessage[], raw: string): string {
  const first = errors.find((m) => m.severity === 'error');
  if (first !== undefined) {
    const where = first.line > 0 ? `${first.file ?? 'source'}:${first.line}:${first.column}: ` : first.file !== undefined ? `${first.file}: ` : '';
    return `${where}${first.message}`;
  }
  return raw.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'no output';
}

/** Compiles `sourcePath` into `outputPath`. Never throws; never uses a shell. */
export async function compileLibrary(request: CompileRequest): Promise<CompileOutcome> {
  const args = [...request.flags, '-fdiagnostics-color=never', '-o', request.outputPath, request.sourcePath, ...linkLibraries(request.flags)];
  const outcome = await runProcess(request.compiler, args, {
    timeoutMs: request.timeoutMs ?? 60_000,
    env: { ...(request.env ?? process.env), LC_ALL: 'C', LANG: 'C' },
    ...(request.cwd === undefined ? {} : { cwd: request.cwd }),
  });
  const raw = outcome.stderr + outcome.stdout;
  if (outcome.spawnError !== undefined) {
    const message = `cannot run ${request.compiler}: ${outcome.spawnError.code ?? ''} ${outcome.spawnError.message}`.trim();
    return { ok: false, ms: outcome.ms, errors: [{ line: 0, column: 0, severity: 'error', message, file: request.compiler }], raw: message, reason: 'spawn-failed' };
  }
  if (outcome.timedOut) {
    const message = `compiler killed after ${request.timeoutMs ?? 60_000} ms (timeout)`;
    return { ok: false, ms: outcome.ms, errors: [{ line: 0, column: 0, severity: 'error', message, file: request.compiler }], raw: raw === '' ? message : `${raw}\n${message}`, reason: 'timeout' };
  }
  const messages = parseCompilerOutput(raw);
  if (outcome.code !== 0) {
    const errors = messages.some((m) => m.severity === 'error')
      ? messages
      : [...messages, { line: 0, column: 0, severity: 'error' as const, message: `compiler exited with ${outcome.code ?? outcome.signal ?? '?'}`, file: request.compiler }];
    return { ok: false, ms: outcome.ms, errors, raw, reason: 'compiler-error' };
  }
  return { ok: true, ms: outcome.ms, messages, raw };
}
