/**
 * The `spikeforge` command line: check, build and run Brian2 scripts headless, through the same
 * services as the app. Diagnostics are printed with the source line and a caret; any error
 * gives a non-zero exit code.
 *
 *   spikeforge check model.py
 *   spikeforge build model.py [--tier js|native|auto] [--timings] [--emit cpp|js]
 *   spikeforge run model.py [--duration 100*ms] [--tier …] [--out dir [--png]] [--timings]
 *                                   --out writes each monitor as CSV; --png adds its chart as a PNG
 *   spikeforge cache info [--json]      the compile cache: folder, entries, size, least/most recently used
 *   spikeforge cache clean              empties the compile cache
 *
 * The compile cache is `$SPIKEFORGE_CACHE_DIR`, else `<user data>/jit-cache` with user data
 * `$SPIKEFORGE_USER_DATA`, else `$XDG_CACHE_HOME/spikeforge` (default `~/.cache/spikeforge`);
 * its size cap is `$SPIKEFORGE_CACHE_MAX_MB` (default 512). The cache commands ask a sim host
 * started without warm-up: the cache code lives there (nothing imports the sim host).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostics, type Diagnostic } from '../../src-shared/diagnostics';
import { evaluateConstant } from '../../src-shared/expressions';
import type { CacheEntryInfo, MonitorBatch, SpikeForgeBackend } from '../../src-shared/ipc';
import { createBackend } from '../services/backend';
import { renderFiguresToPng } from '../services/plotImage';
import { monitorCharts } from './monitorCharts';
import { findAppRoot } from '../services/appRoot';
import { createNodeSimHostLauncher } from '../services/simHostLauncher';
import { SimHostClient } from '../services/simHostClient';

const USAGE = `usage: spikeforge <check|build|run> <model.py> [--tier js|native|auto] [--duration 100*ms] [--out dir [--png]] [--timings] [--emit cpp|js]
       spikeforge cache <info|clean> [--json]`;

/** Per-user data folder (XDG cache), as the sim host computes it. */
function userDataDir(): string {
  return process.env.SPIKEFORGE_USER_DATA ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'spikeforge');
}

/** The compile cache folder: `$SPIKEFORGE_CACHE_DIR`, else `<user data>/jit-cache`. */
function cacheDir(): string {
  const fromEnv = process.env.SPIKEFORGE_CACHE_DIR;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(userDataDir(), 'jit-cache');
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit] ?? 'TiB'}`;
}

function describeEntry(entry: CacheEntryInfo): string {
  return `${entry.key.slice(0, 16)}… last used ${new Date(entry.lastUsed).toISOString()} (${formatBytes(entry.bytes)})`;
}

/** `spikeforge cache info|clean`. */
async function cacheCommand(action: string | undefined, json: boolean): Promise<number> {
  if (action !== 'info' && action !== 'clean') {
    console.error(USAGE);
    return 2;
  }
  const dir = cacheDir();
  const client = new SimHostClient(createNodeSimHostLauncher({ SPIKEFORGE_CACHE_DIR: dir, SPIKEFORGE_SIMHOST_WARMUP: '0' }));
  try {
    if (action === 'info') {
      const info = await client.request('cacheInfo', {});
      if (!info.ok) {
        for (const d of info.diagnostics) console.error(`error ${d.code}: ${d.message}`);
        return 1;
      }
      const i = info.value;
      if (json) {
        console.log(JSON.stringify(i, null, 2));
        return 0;
      }
      console.log(`cache: ${i.dir}`);
      console.log(`entries: ${i.entries}, ${formatBytes(i.bytes)} of ${formatBytes(i.maxBytes)} (least recently used entries are evicted above that)`);
      if (i.oldest !== undefined) console.log(`oldest: ${describeEntry(i.oldest)}`);
      if (i.newest !== undefined) console.log(`newest: ${describeEntry(i.newest)}`);
      if (i.tempDirs > 0) console.log(`unfinished builds: ${i.tempDirs}`);
      return 0;
    }
    const cleaned = await client.request('cleanCache', {});
    if (!cleaned.ok) {
      for (const d of cleaned.diagnostics) console.error(`error ${d.code}: ${d.message}`);
      return 1;
    }
    const c = cleaned.value;
    if (json) console.log(JSON.stringify({ dir, ...c }, null, 2));
    else console.log(`cleaned ${dir}: removed ${c.removed} item(s), freed ${formatBytes(c.bytes)}${c.kept > 0 ? `, kept ${c.kept} in use` : ''}`);
    return 0;
  } finally {
    await client.dispose();
  }
}

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
      png: { type: 'boolean', default: false },
      timings: { type: 'boolean', default: false },
      emit: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, file] = positionals;
  if (command === 'cache' && !values.help) return cacheCommand(file, values.json);
  if (values.help || command === undefined || file === undefined || !['check', 'build', 'run'].includes(command)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const tier = values.tier === 'js' || values.tier === 'native' ? values.tier : 'auto';
  if (values.png && values.out === undefined) {
    console.error('spikeforge: --png writes the charts into the --out folder: give --out dir');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`spikeforge: cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const backend: SpikeForgeBackend = await createBackend({ userDataDir: userDataDir(), cacheDir: cacheDir(), appRoot: findAppRoot() });
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
      // The report's diagnostic names the signal, network, code object, last step and time.
      backend.subscribe('onDidSimHostCrash', (report) => resolveRun({ state: 'crashed', stepsPerSecond: 0, diagnostics: report.diagnostics ?? [{ code: 'SF8001', severity: 'error', message: report.message }] }));
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
      if (end.state === 'crashed') {
        const samples = batches.reduce((n, b) => n + b.t.length, 0);
        console.error(`${samples} sample(s) were received before the crash; no files were written`);
      }
      return 1;
    }
    console.log(`ran ${duration} s of simulated time in ${(performance.now() - started).toFixed(1)} ms (${Math.round(end.stepsPerSecond)} steps/s)`);
    const outDir = values.out === undefined ? undefined : resolve(values.out);
    if (outDir !== undefined) mkdirSync(outDir, { recursive: true });
    for (const monitor of info.monitors) {
      const mine = batches.filter((b) => b.monitor === monitor.name);
      const samples = mine.reduce((n, b) => n + b.t.length, 0);
      if (monitor.kind === 'SpikeMonitor') {
        const neurons = monitor.indices.length;
        console.log(`${monitor.name}: ${samples} spikes of ${monitor.source} (mean rate ${(samples / Math.max(1, neurons) / duration).toFixed(2)} Hz over ${neurons} neurons)`);
        if (outDir === undefined) continue;
        const rows = ['i,t'];
        for (const batch of mine) batch.t.forEach((t, k) => rows.push(`${batch.spikeIndices?.[k] ?? ''},${t}`));
        const path = join(outDir, `${basename(file, '.py')}_${monitor.name}_spikes.csv`);
        writeFileSync(path, `${rows.join('\n')}\n`);
        console.log(`  wrote ${path} (neuron index, spike time in s)`);
        continue;
      }
      const shown = monitor.indices.length <= 8 ? monitor.indices.join(', ') : `${monitor.indices.slice(0, 3).join(', ')}, …, ${monitor.indices.at(-1)} (${monitor.indices.length} indices)`;
      console.log(`${monitor.name}: ${samples} samples of ${monitor.variables.join(', ')} at indices ${shown}`);
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
    if (outDir !== undefined && values.png) {
      const stem = basename(file, '.py');
      const images = monitorCharts(info.monitors, batches, duration).map((chart) => ({ figure: chart.figure, outPath: join(outDir, `${stem}_${chart.stem}.png`) }));
      await renderFiguresToPng(images);
      for (const image of images) console.log(`wrote ${image.outPath}`);
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
