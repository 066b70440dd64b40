#!/usr/bin/env node
// `npm run example:charts`: runs every standard-model example with the CLI on the native tier and
// keeps the charts of its monitors (`spikeforge run … --out dir --png`) in docs/examples/, where
// the README shows them. Brunel (2000) runs once per panel of its Fig. 8 (A–D: the regimes set by
// g and nu_ext/nu_thr), with the raster restricted to 50 neurons so single spikes stay visible.
// Not part of `npm test` (a few minutes); `--only name[,name]` runs a subset.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'docs', 'examples');
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set((process.argv[onlyArg + 1] ?? '').split(',')) : undefined;

/** Brunel (2000) Fig. 8 panels: g and nu_ext/nu_thr. */
const BRUNEL_PANELS = { A: [3, 2], B: [6, 4], C: [5, 2], D: [4.5, 0.9] };

/** Each chart run: a name (file stem) and the script text. */
function runs() {
  const read = (name) => readFileSync(join(root, 'examples', `${name}.py`), 'utf8');
  const list = ['cuba', 'coba', 'cobahh', 'brunel_hakim1999', 'stdp_song2000'].map((name) => ({ name, text: read(name) }));
  const brunel = read('brunel2000');
  for (const [panel, [g, nu]] of Object.entries(BRUNEL_PANELS)) {
    const text = brunel
      .replace(/^g = .*$/m, `g = ${g}`)
      .replace(/^nu_ext_over_nu_thr = .*$/m, `nu_ext_over_nu_thr = ${nu}`)
      .replace(/^spike_monitor = SpikeMonitor\(neurons\)$/m, 'spike_monitor = SpikeMonitor(neurons[0:50])');
    if (!text.includes(`g = ${g}`) || !text.includes('neurons[0:50]')) throw new Error('examples/brunel2000.py changed: update the panel substitutions in scripts/exampleCharts.mjs');
    list.push({ name: `brunel2000_${panel}`, text });
  }
  return list.filter((run) => only === undefined || only.has(run.name) || only.has(run.name.split('_')[0]));
}

mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'spikeforge-example-charts-'));
let failed = 0;
try {
  for (const { name, text } of runs()) {
    const script = join(work, `${name}.py`);
    writeFileSync(script, text);
    const started = performance.now();
    const result = spawnSync(process.execPath, [join(root, 'bin', 'spikeforge.mjs'), 'run', script, '--tier', 'native', '--out', work, '--png'], { encoding: 'utf8' });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (result.status !== 0) {
      failed++;
      console.error(`${name}: failed (exit ${result.status})\n${result.stdout}${result.stderr}`);
      continue;
    }
    const summary = result.stdout.split('\n').filter((line) => /spikes of|samples of/.test(line)).map((line) => `  ${line.trim()}`);
    for (const file of readdirSync(work).filter((f) => f.startsWith(`${name}_`) && f.endsWith('.png'))) renameSync(join(work, file), join(outDir, file));
    console.log(`${name}: ${seconds} s\n${summary.join('\n')}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`charts in ${outDir}`);
process.exitCode = failed === 0 ? 0 : 1;
