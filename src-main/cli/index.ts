/**
 * The `spikeforge` command line: check, build and run Brian2 scripts headless, through the same
 * services as the app. Diagnostics are printed with the source line and a caret; any error
 * gives a non-zero exit code.
 *
 *   spikeforge check model.py
 *   spikeforge build model.py [--tier js|native|auto] [--timings] [--emit cpp|js]
 *   spikeforge run model.py [--duration 100*ms] [--tier …] [--out dir] [--timings]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostics, type Diagnostic } from '../../src-shared/diagnostics';
import { evaluateConstant } from '../../src-shared/expressions';
import type { MonitorBatch, SpikeForgeBackend } from '../../src-shared/ipc';
import { createBackend } from '../services/backend';
import { findAppRoot } from '../services/appRoot';

const USAGE = `usage: spikeforge <check|build|run> <model.py> [--tier js|native|auto] [--duration 100*ms] [--out dir] [--timings] [--emit cpp|js]`;

function printDiagnostics(diagnostics: readonly Diagnostic[], text: string, file: string): void {
  if (diagnostics.length > 0) console.error(formatDiagnostics(diagnostics, text, file));
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tier: { type: 'string', default: 'auto' },
      duration: { type: 'string' },
      out: { type: 'string' },
      timings: { type: 'boolean', default: false },
      emit: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, file] = positionals;
  if (values.help || command === undefined || file === undefined || !['check', 'build', 'run'].includes(command)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const tier = values.tier === 'js' || values.tier === 'native' ? values.tier : 'auto';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`spikeforge: cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const backend: SpikeForgeBackend = await createBackend({
    userDataDir: process.env.SPIKEFORGE_USER_DATA ?? join(homedir(), '.cache', 'spikeforge'),
    appRoot: findAppRoot(),
  });
  try {
    const checked = await backend.checkModel({ text, fileName: file });
    if (!checked.ok) {
      printDiagnostics(checked.diagnostics, text, file);
      return 1;
    }
    printDiagnostics(checked.value.diagnostics, text, file);
    if (checked.value.diagnostics.some((d) => d.severity === 'error')) return 1;
    if (command === 'check') {
      console.log(`${file}: no problems found`);
      return 0;
    }
    const built = await backend.buildNetwork({ text, fileName: file, tier });
    if (!built.ok) {
      printDiagnostics(built.diagnostics, text, file);
      return 1;
    }
    const info = built.value;
    const notes = info.warnings.filter((w) => w.span === undefined);
    for (const note of notes) console.error(`note: ${note.message}${note.notes ? ` (${note.notes.join('; ')})` : ''}`);
    console.log(`built ${info.networkName}: namespace ${info.namespace}, ${info.tier} tier${info.cacheHit ? ' (cache hit)' : ''}`);
    if (values.timings) {
      const t = info.timings;
      console.log(`timings: parse ${t.parseMs.toFixed(2)} ms, codegen ${t.codegenMs.toFixed(2)} ms, render ${t.renderMs.toFixed(2)} ms, compile ${t.compileMs.toFixed(1)} ms, load ${t.loadMs.toFixed(2)} ms`);
    }
    if (values.emit === 'cpp' || values.emit === 'js') console.log(values.emit === 'cpp' ? info.cppSource : info.jsSource);
    if (command === 'build') return 0;

    let duration = info.duration;
    if (values.duration !== undefined) {
      const evaluated = evaluateConstant(values.duration);
      if (evaluated.value === undefined) {
        printDiagnostics(evaluated.diagnostics, values.duration, '--duration');
        return 2;
      }
      duration = evaluated.value.value;
    }
    const batches: MonitorBatch[] = [];
    const started = performance.now();
    const finished = new Promise<{ state: string; diagnostics?: readonly Diagnostic[]; stepsPerSecond: number }>((resolveRun) => {
      backend.subscribe('onDidProgress', (p) => {
        if (p.state !== 'running') resolveRun(p);
      });
      backend.subscribe('onDidSimHostCrash', (report) => resolveRun({ state: 'crashed', stepsPerSecond: 0, diagnostics: [{ code: 'SF8001', severity: 'error', message: report.message }] }));
    });
    backend.subscribe('onDidRecord', (batch) => batches.push(batch));
    const run = await backend.startRun({ networkId: info.networkId, duration });
    if (!run.ok) {
      printDiagnostics(run.diagnostics, text, file);
      return 1;
    }
    const end = await finished;
    if (end.state !== 'done') {
      printDiagnostics(end.diagnostics ?? [], text, file);
      return 1;
    }
    console.log(`ran ${duration} s of simulated time in ${(performance.now() - started).toFixed(1)} ms (${Math.round(end.stepsPerSecond)} steps/s)`);
    const outDir = values.out === undefined ? undefined : resolve(values.out);
    if (outDir !== undefined) mkdirSync(outDir, { recursive: true });
    for (const monitor of info.monitors) {
      const mine = batches.filter((b) => b.monitor === monitor.name);
      const samples = mine.reduce((n, b) => n + b.t.length, 0);
      console.log(`${monitor.name}: ${samples} samples of ${monitor.variables.join(', ')} at indices ${monitor.indices.join(', ')}`);
      if (outDir === undefined) continue;
      for (const variable of monitor.variables) {
        const header = ['t', ...monitor.indices.map((i) => `${variable}[${i}]`)].join(',');
        const rows: string[] = [header];
        for (const batch of mine) {
          const traces = batch.values[variable] ?? [];
          for (let r = 0; r < batch.t.length; r++) rows.push([batch.t[r], ...traces.map((trace) => trace[r])].join(','));
        }
        const path = join(outDir, `${basename(file, '.py')}_${monitor.name}_${variable}.csv`);
        writeFileSync(path, `${rows.join('\n')}\n`);
        console.log(`  wrote ${path} (t in s, ${variable} in ${monitor.units[variable] ?? 'SI units'})`);
      }
    }
    return 0;
  } finally {
    await backend.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`spikeforge: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 70;
  },
);
