#!/usr/bin/env node
// `npm run bench` (issue 8): SpikeForge (tiers native and js) against Brian 2 (Cython runtime and
// C++ standalone, Debian's python3-brian) on the models of PERFORMANCE.md §4 plus a scaling series,
// with the protocol of §1. The suite itself is scripts/bench/suite.ts (TypeScript, loaded through
// tsx like scripts/benchJit.mjs does); this file parses the options and writes the results:
//   bench/results/bench.json (bench-quick.json with --quick), bench/results/bench.md (the README
//   table) and the ratio chart docs/bench-ratios.png (bench/results/bench-quick-ratios.png).
// Options: --quick (about 2–3 minutes once its caches exist: CUBA 4000 × 1 s, LIF 10⁶ × 0.05 s,
//          two scaling points; Brian's caches are kept in $TMPDIR/spikeforge-bench-quick-cache),
//          --reps N, --ttfr-reps N, --no-chart, --only id[,id…] (models of the full set, no scaling),
//          --scaling-only (only the scaling series, merged into the existing results file: for a
//          full run whose time budget left no room for it), --render (no measurement: rewrite the
//          table, bench.md and the chart from the existing results file).
// The full run takes about 20–25 minutes on a 2-core machine. It is not part of `npm test`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

register();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { runSuite } = await import('./bench/suite.ts');
const { formatReport, markdownSummary, ratioFigure } = await import('./bench/report.ts');
const { benchModels, scalingSeries } = await import('./bench/models.ts');

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    reps: { type: 'string' },
    'ttfr-reps': { type: 'string' },
    'no-chart': { type: 'boolean', default: false },
    only: { type: 'string' },
    'scaling-only': { type: 'boolean', default: false },
    render: { type: 'boolean', default: false },
  },
});
const quick = values.quick;
const only = values.only?.split(',');
const scalingOnly = values['scaling-only'];
const models = scalingOnly ? [] : benchModels(quick).filter((m) => only === undefined || only.includes(m.id));
const scaling = only === undefined ? scalingSeries(quick) : [];
const reps = values.reps !== undefined ? Number(values.reps) : quick ? 2 : 3;
const ttfrReps = values['ttfr-reps'] !== undefined ? Number(values['ttfr-reps']) : quick ? 2 : 3;

const results = join(root, 'bench', 'results');
mkdirSync(results, { recursive: true });
const jsonPath = join(results, quick ? 'bench-quick.json' : 'bench.json');
const measured = values.render ? undefined : await runSuite({
  mode: quick ? 'quick' : 'full',
  models,
  scaling,
  reps,
  ttfrReps,
  coldReps: quick ? 0 : 2,
  scalingReps: 1,
  jsReps: 1,
  budgetS: scalingOnly ? Infinity : quick ? 360 : 22 * 60,
  brianTargets: ['cpp_standalone', 'cython'],
  tiers: ['native', 'js'],
  scalingTiers: ['native'],
  cli: true,
  probe: true,
  ttfrRepsOthers: quick ? 1 : 2,
  loadThreshold: 2.5,
  maxWaitS: quick ? 0 : 15,
  maxTotalWaitS: quick ? 0 : 120,
  ...(quick ? { cacheRoot: join(tmpdir(), 'spikeforge-bench-quick-cache') } : {}),
  log: (line) => console.log(line),
});

const previous = () => JSON.parse(readFileSync(jsonPath, 'utf8'));
const report = measured === undefined ? previous() : scalingOnly && existsSync(jsonPath) ? mergeScaling(previous(), measured) : measured;
console.log('');
console.log(formatReport(report));
writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(results, quick ? 'bench-quick.md' : 'bench.md'), `${markdownSummary(report)}\n`);
console.log(`\nwrote ${jsonPath}`);
if (!values['no-chart']) {
  const { renderFigureToPng } = await import('../src-main/services/plotImage.ts');
  const png = quick ? join(results, 'bench-quick-ratios.png') : join(root, 'docs', 'bench-ratios.png');
  mkdirSync(dirname(png), { recursive: true });
  try {
    await renderFigureToPng(ratioFigure(report), png, 1000, 560);
    console.log(`wrote ${png}`);
  } catch (error) {
    console.error(`chart not written: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

/** The main run's report with the scaling series (and its runs) of a --scaling-only run. */
function mergeScaling(main, extra) {
  const ids = new Set(extra.scaling.map((m) => m.id));
  return {
    ...main,
    scaling: extra.scaling,
    skipped: extra.skipped,
    failures: [...(main.failures ?? []), ...extra.failures],
    scalingRun: { generatedAt: extra.generatedAt, totalS: extra.totalS, profile: extra.protocol.profile, probe: extra.probe, machine: extra.machine },
    runs: [...main.runs.filter((r) => !ids.has(r.model)), ...extra.runs],
  };
}
