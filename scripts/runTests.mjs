#!/usr/bin/env node
// `npm test`: every machine check of SpikeForge, in order, each counted (ARCHITECTURE.md §3, §16).
//
//   1. typecheck shared, main, preload, web   `tsc -b tsconfig.<env>.json` (incremental, .cache/tsc)
//   2. eslint                                  `eslint .` (eslint.config.mjs)
//   3. depcruise                               scripts/depcruise.mjs (.dependency-cruiser.cjs)
//   4. renderer build                          `electron-vite build` when the e2e project will run and
//                                              out/renderer/index.html is missing or older than its
//                                              sources (skipped, with the reason, otherwise)
//   5. vitest                                  every test case counts; a test file that fails to load
//                                              counts as one failed test; unhandled errors count as
//                                              one failed check
//
// Each check (1-4) is one passed/failed unit; so is each test case. The output ends with exactly
// one line `N passed, N failed` (`, N skipped` when something was skipped; the reasons are listed
// above it), and the exit code is 1 when anything failed. No step can hang the run: each has a
// timeout (vitest 20 min, SPIKEFORGE_VITEST_TIMEOUT_MIN overrides) after which its whole process
// group is killed and the step counts as failed. Works without a TTY and with CI=true (vitest then
// fails on missing snapshots/goldens instead of writing them).
//
// Usage:
//   npm test                                   everything
//   npm test -- --project shared               arguments after `--` go to vitest (filters,
//   npm test -- src-shared/units -t "parses"   --project, -t, …); the checks still run
//   npm test -- --skip-checks --project main   vitest only (plus the renderer build if e2e runs)
//   npm test -- --checks-only                  typecheck, eslint, depcruise only
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MINUTE = 60_000;
const TIMEOUTS = {
  typecheck: 10 * MINUTE,
  eslint: 15 * MINUTE,
  depcruise: 5 * MINUTE,
  build: 10 * MINUTE,
  vitest: Number(process.env.SPIKEFORGE_VITEST_TIMEOUT_MIN ?? 20) * MINUTE,
};
const MAX_LISTED = 30; // files/rules listed per check in the summary
const MAX_MESSAGES = 12; // first problems quoted per check in the summary

const bin = {
  tsc: join(ROOT, 'node_modules/typescript/bin/tsc'),
  eslint: join(ROOT, 'node_modules/eslint/bin/eslint.js'),
  vitest: join(ROOT, 'node_modules/vitest/vitest.mjs'),
  electronVite: join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'),
};

// ---------------------------------------------------------------------------------------------
// Arguments.

const argv = process.argv.slice(2);
const skipChecks = argv.includes('--skip-checks');
const checksOnly = argv.includes('--checks-only');
const vitestArgs = argv.filter((a) => a !== '--skip-checks' && a !== '--checks-only');

// ---------------------------------------------------------------------------------------------
// Results.

/** @typedef {{ kind: 'check' | 'test', name: string, status: 'passed' | 'failed' | 'skipped', reason?: string, details?: string[], ms?: number }} Outcome */
/** @type {Outcome[]} */
const outcomes = [];
/** @type {{ name: string, ms: number }[]} */
const timings = [];
const work = mkdtempSync(join(tmpdir(), 'spikeforge-test-'));
/** @type {import('node:child_process').ChildProcess | undefined} */
let current;

const line = (s = '') => process.stdout.write(`${s}\n`);
const heading = (s) => line(`\n━━━ ${s} ${'━'.repeat(Math.max(3, 90 - s.length))}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// Running a step: own process group, no stdin, timeout kills the whole group.

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ timeoutMs: number, capture?: boolean, env?: Record<string, string> }} options
 * @returns {Promise<{ code: number | null, signal: string | null, timedOut: boolean, output: string, ms: number }>}
 */
function runStep(command, args, { timeoutMs, capture = false, env = {} }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      // Captured output is parsed and quoted: no colour codes in it.
      env: { ...process.env, ...(capture ? { NO_COLOR: '1', FORCE_COLOR: '0' } : {}), ...env },
      stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'],
      detached: true, // own process group, so a timeout can kill workers and grandchildren too
    });
    current = child;
    let output = '';
    let timedOut = false;
    if (capture) {
      child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
      child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
    }
    const timer = setTimeout(() => {
      timedOut = true;
      line(`\n!!! ${command} ${args.join(' ')}: timed out after ${seconds(timeoutMs)}, killing it`);
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 10_000).unref();
    }, timeoutMs);
    child.on('error', (error) => {
      output += `\n${error.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      // Leftovers of a finished step (e.g. a sim host a test forgot) must not outlive it.
      killGroup(child, 'SIGKILL');
      resolve({ code, signal, timedOut, output, ms: Date.now() - started });
    });
  });
}

function killGroup(child, signal) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current) killGroup(current, 'SIGKILL');
    rmSync(work, { recursive: true, force: true });
    process.exit(130);
  });
}

/** Records one check; `problems` are the lines shown in the summary. */
function record(name, status, ms, { reason, details } = {}) {
  outcomes.push({ kind: 'check', name, status, ms, reason, details });
  timings.push({ name, ms });
  const mark = status === 'passed' ? '✓' : status === 'skipped' ? '-' : '✗';
  line(`${mark} ${name}: ${status}${reason ? ` (${reason})` : ''} [${seconds(ms)}]`);
}

function stepFailureReason(result, what) {
  if (result.timedOut) return `timed out after ${seconds(result.ms)}`;
  if (result.signal) return `killed by ${result.signal}`;
  return what;
}

// ---------------------------------------------------------------------------------------------
// 1. Typecheck, one counted check per environment.

async function typecheck(env) {
  const name = `typecheck ${env}`;
  heading(name);
  const config = `tsconfig.${env}.json`;
  if (!existsSync(join(ROOT, config))) return record(name, 'failed', 0, { reason: `${config} is missing` });
  const result = await runStep(process.execPath, [bin.tsc, '-b', config, '--pretty', 'false'], { timeoutMs: TIMEOUTS.typecheck, capture: true });
  const text = result.output.trim();
  if (text) line(text);
  const errors = text.split('\n').filter((l) => /\): error TS\d+:/.test(l) || /^error TS\d+:/.test(l));
  if (result.code === 0 && !result.timedOut) return record(name, 'passed', result.ms);
  const byFile = countBy(errors, (l) => l.replace(/\(\d+,\d+\): error.*$/, '').replace(/^error TS.*$/, '(project)'));
  record(name, 'failed', result.ms, {
    reason: stepFailureReason(result, `${errors.length} error${errors.length === 1 ? '' : 's'} in ${byFile.size} file${byFile.size === 1 ? '' : 's'}`),
    details: [...formatCounts(byFile), ...errors.slice(0, MAX_MESSAGES).map((e) => `  ${e}`), ...more(errors.length)],
  });
}

// ---------------------------------------------------------------------------------------------
// 2. ESLint.

async function eslint() {
  const name = 'eslint';
  heading(name);
  const report = join(work, 'eslint.json');
  const result = await runStep(process.execPath, [bin.eslint, '.', '--format', 'json', '--output-file', report, '--no-color'], {
    timeoutMs: TIMEOUTS.eslint,
    capture: true,
  });
  if (result.output.trim()) line(result.output.trim());
  /** @type {{ filePath: string, messages: { ruleId: string | null, severity: number, message: string, line: number, column: number }[] }[]} */
  let files;
  try {
    files = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    return record(name, 'failed', result.ms, { reason: stepFailureReason(result, `no report (exit code ${result.code})`) });
  }
  const problems = files.flatMap((f) =>
    f.messages.filter((m) => m.severity === 2).map((m) => ({ file: relative(ROOT, f.filePath), text: `${relative(ROOT, f.filePath)}:${m.line ?? 0}:${m.column ?? 0}  ${m.message.split('\n')[0].trim()}  ${m.ruleId ?? '(fatal)'}` })),
  );
  const warnings = files.reduce((n, f) => n + f.messages.filter((m) => m.severity === 1).length, 0);
  for (const p of problems) line(p.text);
  line(`${problems.length} error(s), ${warnings} warning(s) in ${files.length} linted file(s)`);
  if (result.code === 0 && problems.length === 0) return record(name, 'passed', result.ms);
  const byFile = countBy(problems, (p) => p.file);
  const byRule = countBy(problems, (p) => p.text.split('  ').at(-1));
  record(name, 'failed', result.ms, {
    reason: stepFailureReason(result, `${problems.length} error${problems.length === 1 ? '' : 's'} in ${byFile.size} file${byFile.size === 1 ? '' : 's'}`),
    details: [...formatCounts(byFile), '  by rule:', ...formatCounts(byRule, '    '), ...problems.slice(0, MAX_MESSAGES).map((p) => `  ${p.text}`), ...more(problems.length)],
  });
}

// ---------------------------------------------------------------------------------------------
// 3. dependency-cruiser.

async function depcruise() {
  const name = 'depcruise';
  heading(name);
  const result = await runStep(process.execPath, [join(ROOT, 'scripts/depcruise.mjs'), '--output-type', 'json'], { timeoutMs: TIMEOUTS.depcruise, capture: true });
  let report;
  try {
    report = JSON.parse(result.output.slice(result.output.indexOf('{')));
  } catch {
    line(result.output.trim());
    return record(name, 'failed', result.ms, { reason: stepFailureReason(result, `no report (exit code ${result.code})`) });
  }
  const violations = report.summary.violations.filter((v) => v.rule.severity === 'error');
  const texts = violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name ?? c).join(' → ')})` : ''}`);
  for (const t of texts) line(`  error ${t}`);
  line(`${violations.length} violation(s); ${report.summary.totalCruised} modules, ${report.summary.totalDependenciesCruised} dependencies cruised`);
  if (violations.length === 0 && !result.timedOut) return record(name, 'passed', result.ms);
  const byFile = countBy(violations, (v) => v.from);
  record(name, 'failed', result.ms, {
    reason: stepFailureReason(result, `${violations.length} violation${violations.length === 1 ? '' : 's'}`),
    details: [...formatCounts(byFile), ...texts.slice(0, MAX_MESSAGES).map((t) => `  ${t}`), ...more(texts.length)],
  });
}

// ---------------------------------------------------------------------------------------------
// 4. Renderer build for the e2e project.

/** Values of vitest options that take one (so they are not mistaken for file filters). */
const VALUE_FLAGS = new Set(['--project', '-t', '--testNamePattern', '--reporter', '--outputFile', '--shard', '--maxWorkers', '--minWorkers', '--pool', '--environment', '-c', '--config', '-r', '--root', '--dir', '--exclude', '--mode', '--sequence.seed', '--testTimeout', '--hookTimeout', '--retry', '--bail', '--tags']);

function vitestSelection(args) {
  const projects = [];
  const filters = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--project') projects.push(args[(i += 1)] ?? '');
    else if (arg.startsWith('--project=')) projects.push(arg.slice('--project='.length));
    else if (VALUE_FLAGS.has(arg)) i += 1;
    else if (!arg.startsWith('-')) filters.push(arg);
  }
  return { projects, filters };
}

function listFiles(dir, accept, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, accept, out);
    else if (accept(path)) out.push(path);
  }
  return out;
}

function globToRegExp(glob) {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

async function buildRenderer() {
  const name = 'renderer build (electron-vite)';
  const { projects, filters } = vitestSelection(vitestArgs);
  const specs = listFiles(join(ROOT, 'e2e'), (p) => /\.spec\.tsx?$/.test(p)).map((p) => relative(ROOT, p));
  const e2eSelected =
    (projects.length === 0 || projects.some((p) => globToRegExp(p).test('e2e'))) && (filters.length === 0 || specs.some((s) => filters.some((f) => s.includes(f))));
  if (!e2eSelected || specs.length === 0) {
    line(`\n(renderer build not needed: ${specs.length === 0 ? 'no e2e specs yet' : 'the e2e project is not selected'})`);
    return;
  }
  heading(name);
  if (!existsSync(join(ROOT, 'electron.vite.config.ts'))) {
    return record(name, 'skipped', 0, { reason: 'electron.vite.config.ts does not exist yet; e2e specs that need out/renderer will fail' });
  }
  const target = join(ROOT, 'out/renderer/index.html');
  // Same sources as e2e/support/ensureRendererBuilt.ts, so the two agree on "stale".
  const sources = [
    ...['src-renderer', 'src-shared'].flatMap((d) => listFiles(join(ROOT, d), () => true)),
    ...['electron.vite.config.ts', 'package.json'].map((f) => join(ROOT, f)).filter(existsSync),
  ];
  const newest = sources.reduce((m, f) => Math.max(m, statSync(f).mtimeMs), 0);
  if (existsSync(target) && statSync(target).mtimeMs >= newest) {
    return record(name, 'passed', 0, { reason: 'out/renderer is up to date' });
  }
  line(existsSync(target) ? 'out/renderer/index.html is older than its sources: rebuilding' : 'out/renderer/index.html is missing: building');
  const result = await runStep(process.execPath, [bin.electronVite, 'build'], { timeoutMs: TIMEOUTS.build, capture: true });
  const text = result.output.trim();
  if (text) line(text);
  if (result.code === 0 && !result.timedOut && existsSync(target)) return record(name, 'passed', result.ms);
  record(name, 'failed', result.ms, {
    reason: stepFailureReason(result, result.code === 0 ? 'out/renderer/index.html was not produced' : `exit code ${result.code}`),
    details: firstLines(text.split('\n').filter((l) => /error|Error|failed|Could not/.test(l)).join('\n'), MAX_MESSAGES),
  });
}

// ---------------------------------------------------------------------------------------------
// 5. Vitest.

async function vitest() {
  heading('vitest');
  const report = join(work, 'vitest.json');
  const notesFile = join(work, 'vitest-notes.json');
  const args = [
    bin.vitest,
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    `--reporter=${join(ROOT, 'scripts/vitestRunNotes.mjs')}`,
    '--passWithNoTests',
    ...vitestArgs,
  ];
  const result = await runStep(process.execPath, args, { timeoutMs: TIMEOUTS.vitest, env: { SPIKEFORGE_RUN_NOTES: notesFile } });
  timings.push({ name: 'vitest', ms: result.ms });

  let json;
  try {
    json = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    json = undefined;
  }
  let notes = { projects: {}, skipped: [], unhandledErrors: [] };
  try {
    notes = JSON.parse(readFileSync(notesFile, 'utf8'));
  } catch {
    // the reporter did not get to write (crash, timeout)
  }
  if (!json) {
    outcomes.push({ kind: 'check', name: 'vitest run', status: 'failed', ms: result.ms, reason: stepFailureReason(result, `no JSON report (exit code ${result.code})`) });
    return;
  }

  const skipNotes = new Map(notes.skipped.map((s) => [`${s.file}\u0000${s.name}`, s]));
  let failedInJson = 0;
  for (const file of json.testResults) {
    const path = relative(ROOT, file.name);
    const project = notes.projects[file.name] ? `[${notes.projects[file.name]}] ` : '';
    for (const test of file.assertionResults) {
      const name = `${project}${path} > ${test.fullName}`;
      if (test.status === 'passed') outcomes.push({ kind: 'test', name, status: 'passed' });
      else if (test.status === 'failed') {
        failedInJson += 1;
        outcomes.push({ kind: 'test', name, status: 'failed', details: firstLines(test.failureMessages.join('\n'), 6) });
      } else {
        const note = skipNotes.get(`${file.name}\u0000${test.fullName}`);
        const reason = note?.note ?? (test.status === 'todo' || note?.mode === 'todo' ? 'todo' : 'no reason given (use ctx.skip(reason) or print it from the test file)');
        outcomes.push({ kind: 'test', name, status: 'skipped', reason });
      }
    }
    // A file that failed outside any test (import error, failing beforeAll, syntax error).
    if (file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed')) {
      failedInJson += 1;
      outcomes.push({ kind: 'test', name: `${project}${path} (test file)`, status: 'failed', details: firstLines(file.message || 'failed outside any test', 6) });
    }
  }
  const ran = outcomes.some((o) => o.kind === 'test');
  if (!ran && vitestArgs.length === 0 && !result.timedOut) {
    // An unfiltered run that finds nothing means the projects' include globs are broken.
    outcomes.push({ kind: 'check', name: 'vitest run', status: 'failed', ms: result.ms, reason: 'no test files found (check the projects in vitest.config.ts)' });
  }
  if (result.timedOut || result.signal) {
    outcomes.push({ kind: 'check', name: 'vitest run', status: 'failed', ms: result.ms, reason: stepFailureReason(result, '') });
  } else if (notes.unhandledErrors.length > 0 || (result.code !== 0 && failedInJson === 0)) {
    outcomes.push({
      kind: 'check',
      name: 'vitest run',
      status: 'failed',
      ms: result.ms,
      reason: notes.unhandledErrors.length > 0 ? `${notes.unhandledErrors.length} unhandled error(s)` : `exit code ${result.code} with no failed test (see the output above)`,
      details: notes.unhandledErrors.slice(0, MAX_LISTED).map((e) => `  ${firstLines(e, 1)[0]}`),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers for the summary.

function countBy(items, key) {
  const counts = new Map();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return new Map([...counts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))));
}

function formatCounts(counts, indent = '  ') {
  return [...counts].slice(0, MAX_LISTED).map(([k, n]) => `${indent}${String(n).padStart(4)}  ${k}`);
}

function more(total) {
  return total > MAX_MESSAGES ? [`  … and ${total - MAX_MESSAGES} more (see the output above)`] : [];
}

function firstLines(text, n) {
  // eslint-disable-next-line no-control-regex
  const plain = String(text).replace(/\u001b\[[0-9;]*m/g, '');
  return plain
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '' && !/^\s+at /.test(l))
    .slice(0, n)
    .map((l) => `    ${l}`);
}

function summarise() {
  heading('Summary');
  const checks = outcomes.filter((o) => o.kind === 'check');
  for (const c of checks) {
    const mark = c.status === 'passed' ? '✓' : c.status === 'skipped' ? '-' : '✗';
    line(`${mark} ${c.name}${c.reason ? `: ${c.reason}` : ''}`);
    if (c.status === 'failed') for (const d of c.details ?? []) line(d);
  }
  const tests = outcomes.filter((o) => o.kind === 'test');
  const count = (list, status) => list.filter((o) => o.status === status).length;
  if (!checksOnly) line(`tests: ${count(tests, 'passed')} passed, ${count(tests, 'failed')} failed, ${count(tests, 'skipped')} skipped`);

  const failedTests = tests.filter((t) => t.status === 'failed');
  if (failedTests.length > 0) {
    line(`\nFailed tests (${failedTests.length}):`);
    for (const t of failedTests) {
      line(`✗ ${t.name}`);
      for (const d of t.details ?? []) line(d);
    }
  }
  const skipped = outcomes.filter((o) => o.status === 'skipped');
  if (skipped.length > 0) {
    line(`\nSkipped (${skipped.length}):`);
    for (const s of skipped) line(`- ${s.name}: ${s.reason}`);
  }
  if (timings.length > 0) {
    line('\nTimings:');
    for (const t of timings) line(`  ${seconds(t.ms).padStart(9)}  ${t.name}`);
    line(`  ${seconds(Date.now() - startedAt).padStart(9)}  total`);
  }
  const passed = count(outcomes, 'passed');
  const failed = count(outcomes, 'failed');
  const skippedCount = count(outcomes, 'skipped');
  line('');
  line(`${passed} passed, ${failed} failed${skippedCount > 0 ? `, ${skippedCount} skipped` : ''}`);
  return failed;
}

// ---------------------------------------------------------------------------------------------

const startedAt = Date.now();
let failed;
try {
  if (!skipChecks) {
    for (const env of ['shared', 'main', 'preload', 'web']) await typecheck(env);
    await eslint();
    await depcruise();
  }
  if (!checksOnly) {
    await buildRenderer();
    await vitest();
  }
} catch (error) {
  outcomes.push({ kind: 'check', name: 'test runner', status: 'failed', reason: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  failed = summarise();
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed > 0 ? 1 : 0;
