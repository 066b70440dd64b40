/**
 * Presentation of a suite report: the text table printed by `npm run bench`, the Markdown table
 * for README.md's Performance section, and the Plotly figure of the ratios (docs/bench-ratios.png).
 */
import type { PlotFigure } from '../../src-main/services/plotImage';
import type { ModelSummary, SimSummary, Stat, SuiteReport } from './suite';

const SIMS = ['sf-native', 'sf-js', 'brian-standalone', 'brian-cython', 'brian-numpy'] as const;
const SIM_LABEL: Record<(typeof SIMS)[number], string> = {
  'sf-native': 'SpikeForge native',
  'sf-js': 'SpikeForge js',
  'brian-standalone': 'Brian2 standalone',
  'brian-cython': 'Brian2 Cython',
  'brian-numpy': 'Brian2 numpy',
};

function num(x: number | undefined, digits = 2): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 1000) return x.toFixed(0);
  if (Math.abs(x) >= 100) return x.toFixed(Math.min(digits, 1));
  return x.toFixed(digits);
}

function st(s: Stat | undefined, digits = 2): string {
  return s === undefined || s.n === 0 ? '–' : `${num(s.median, digits)} [${num(s.min, digits)}]`;
}

function ratio(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  return x < 0.01 ? `1/${Math.round(1 / x)}` : `${x.toFixed(2)}×`;
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
}

function simRows(m: ModelSummary): string[] {
  const widths = [20, 16, 9, 10, 10, 14, 13, 9, 8];
  const lines = [pad(['', 'loop s med [min]', 'per sim s', 'ns/n-step', 'ns/event', 'build s', 'peak RSS MB', 'rate Hz', 'load'], widths)];
  for (const sim of SIMS) {
    const s: SimSummary | undefined = m.steady[sim];
    if (s === undefined) continue;
    const build = s.buildFirstS !== undefined ? `${num(s.buildFirstS, 1)} / ${num(s.buildS.median, 1)}` : st(s.buildS, 2);
    const loads = `${num(Math.max(...s.loads.filter(Number.isFinite)), 1)}${s.highLoadRuns > 0 ? '!' : ''}`;
    lines.push(pad([SIM_LABEL[sim], st(s.loopS, 3), num(s.loopPerSimulatedS, 3), num(s.nsPerNeuronStep, 2), num(s.nsPerEvent, 2), build, num(s.peakRssMB.median, 0), num(s.rateHz, 2), loads], widths));
  }
  return lines;
}

/** The text report printed at the end of a run. */
export function formatReport(report: SuiteReport): string {
  const out: string[] = [];
  const m = report.machine;
  out.push(`SpikeForge vs Brian ${report.versions.brian2 ?? '?'} — ${report.mode} run, ${new Date(report.generatedAt).toUTCString()}, ${num(report.totalS / 60, 1)} min`);
  out.push(`machine: ${m.cpuModel}, ${m.cores} cores, ${m.ramGB} GB RAM, ${m.os}; node ${report.versions.node}, ${report.versions.gxx ?? 'g++ ?'}, numpy ${report.versions.numpy ?? '?'}, Cython ${report.versions.cython ?? '–'}; commit ${m.commit ?? '?'}`);
  out.push(`protocol: ${report.protocol.reps} repetitions (TTFR ${report.protocol.ttfrReps}), medians [minimums]; ${report.protocol.profile}`);
  if (report.scalingRun !== undefined) out.push(`scaling series from a later --scaling-only run (commit ${report.scalingRun.machine.commit ?? '?'}): ${report.scalingRun.profile}`);
  out.push('load: highest one-minute load average before the runs of a row; "!" = above the threshold after waiting (shared machine: treat as upper bounds)');
  if (report.probe !== undefined) {
    const p = report.probe;
    out.push(`triad probe (${p.flags}, 1 thread): ${num(p.lifSize.triadGBs, 1)} GB/s at 10⁶ doubles, ${num(p.dram.triadGBs, 1)} GB/s out of cache → LIF floor ${num(p.floorNsPerNeuronStep, 3)} ns/neuron-step (DRAM ${num(p.floorDramNsPerNeuronStep, 3)}); fused C++ LIF ${num(p.lifSize.lifNsPerNeuronStep, 3)}`);
  }
  out.push('build: everything that is not the loop (SpikeForge: read, codegen, compile or cache load, synapses; Brian: set-up + run() − loop; standalone: first build / folder reused)');
  for (const model of [...report.models, ...report.scaling]) {
    out.push('');
    out.push(`${model.label}${model.steady['sf-native'] ? `, ${num(model.steady['sf-native'].synapses, 0)} synapses, ${num(model.steady['sf-native'].events, 0)} synaptic events` : ''}`);
    out.push(...simRows(model).map((l) => `  ${l}`));
    const t = model.ttfr;
    if (t !== undefined) {
      out.push(`  time to first result (10 ms run, s): SpikeForge warm ${st(t.sfWarm, 3)}, cold ${st(t.sfCold, 3)}, host running ${st(t.sfHostRunning, 3)} (process start + imports ${st(t.sfImportS, 2)}); Brian ${t.brianTarget ?? ''} warm ${st(t.brianWarm, 2)}, cold ${st(t.brianCold, 2)}${t.cliS ? `; CLI spikeforge run ${st(t.cliS, 2)}` : ''}`);
      out.push(`  parameter change → new result (s): SpikeForge ${st(t.sfParamChangeS, 3)}, Brian ${t.brianTarget ?? ''} same process ${st(t.brianParamChangeS, 2)}`);
    }
    const r = model.ratios;
    out.push(`  ratios: native/standalone ${ratio(r.nativeVsStandalone)}, native/Cython ${ratio(r.nativeVsCython)}, js/standalone ${ratio(r.jsVsStandalone)}, js/Cython ${ratio(r.jsVsCython)}${r.nativeVsFloor !== undefined ? `, native/floor ${ratio(r.nativeVsFloor)}` : ''}${r.ttfrWarm !== undefined ? `, TTFR warm ${ratio(r.ttfrWarm)}, cold ${ratio(r.ttfrCold)}` : ''}, peak RSS vs Cython process ${ratio(r.peakRssVsCython)}, vs standalone binary ${ratio(r.peakRssVsStandalone)}`);
    out.push(`  activity: ${model.activity.ok ? 'OK' : 'MISMATCH'} — ${model.activity.detail}`);
  }
  for (const failure of report.failures) out.push(`\nFAILED: ${failure}`);
  if (report.skipped.length > 0) out.push(`\nscaling points skipped (time budget spent): ${report.skipped.join(', ')}`);
  out.push('');
  out.push('targets (issue 8):');
  const widths = [14, 44, 9, 10, 6];
  out.push(`  ${pad(['model', 'metric', 'goal', 'measured', 'holds'], widths)}`);
  for (const row of report.targets) {
    const value = row.metric.endsWith('(s)') ? `${num(row.value, 3)} s` : ratio(row.value);
    out.push(`  ${pad([row.model, row.metric, row.goal, value, row.holds ? 'yes' : 'NO'], widths)}`);
  }
  return out.join('\n');
}

/** The Markdown tables for README.md (models, then targets). */
export function markdownSummary(report: SuiteReport): string {
  const m = report.machine;
  const lines: string[] = [];
  lines.push(`Measured by \`npm run bench\` (${report.mode}) on ${m.cpuModel}, ${m.cores} cores, ${m.ramGB} GB, ${report.versions.gxx ?? 'g++'}, Node ${report.versions.node}, Brian ${report.versions.brian2 ?? '?'} (numpy ${report.versions.numpy ?? '?'}); medians of ${report.protocol.reps} interleaved runs on a shared machine (load up to ${num(Math.max(...report.runs.map((r) => r.load).filter(Number.isFinite)), 1)}). Compiler flags: ${report.protocol.profile}.${report.scalingRun === undefined ? '' : ` The scaling series (N × K rows) comes from a later \`--scaling-only\` run (commit ${report.scalingRun.machine.commit ?? '?'}, ${num(report.scalingRun.totalS / 60, 1)} min): ${report.scalingRun.profile}.`}`);
  lines.push('');
  lines.push('| Model | SpikeForge native loop (s) | js (s) | Brian standalone (s) | Brian Cython (s) | native / standalone | native / Cython | TTFR SpikeForge / Brian Cython warm (s) | peak RSS (MB): SpikeForge / Brian Cython / standalone binary | activity |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const model of [...report.models, ...report.scaling]) {
    const s = model.steady;
    const t = model.ttfr;
    lines.push(
      `| ${model.label} | ${num(s['sf-native']?.loopS.median, 3)} | ${num(s['sf-js']?.loopS.median, 3)} | ${num(s['brian-standalone']?.loopS.median, 3)} | ${num(s['brian-cython']?.loopS.median, 3)} | ${ratio(model.ratios.nativeVsStandalone)} | ${ratio(model.ratios.nativeVsCython)} | ${t === undefined ? '–' : `${num(t.sfWarm?.median, 2)} / ${num(t.brianWarm?.median, 2)}`} | ${num(s['sf-native']?.peakRssMB.median, 0)} / ${num(s['brian-cython']?.peakRssMB.median, 0)} / ${num(s['brian-standalone']?.peakRssMB.median, 0)} | ${model.activity.ok ? 'same' : 'differs'} |`,
    );
  }
  lines.push('');
  lines.push('| Target | Model | Goal | Measured | Holds |');
  lines.push('|---|---|---|---|---|');
  for (const row of report.targets) lines.push(`| ${row.metric} | ${row.model} | ${row.goal} | ${row.metric.endsWith('(s)') ? `${num(row.value, 3)} s` : ratio(row.value)} | ${row.holds ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

const TICKS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100];

/** Grouped bars of SpikeForge / Brian ratios per model (log scale; below 1 = SpikeForge faster or smaller). */
export function ratioFigure(report: SuiteReport): PlotFigure {
  const models = [...report.models, ...report.scaling];
  const series: [string, (m: ModelSummary) => number | undefined, string][] = [
    ['loop: native / Brian standalone', (m) => m.ratios.nativeVsStandalone, '#1f77b4'],
    ['loop: native / Brian Cython', (m) => m.ratios.nativeVsCython, '#aec7e8'],
    ['loop: js / Brian standalone', (m) => m.ratios.jsVsStandalone, '#ff7f0e'],
    ['time to first result (warm) / Brian Cython', (m) => m.ratios.ttfrWarm, '#2ca02c'],
    ['peak RSS / Brian Cython process', (m) => m.ratios.peakRssVsCython ?? m.ratios.peakRssVsNumpy, '#9467bd'],
  ];
  const x = models.map((m) => m.label.replace(/ \(no synapses\)/, ''));
  return {
    data: series.map(([name, pick, color]) => ({ type: 'bar', name, x, y: models.map((m) => pick(m) ?? null), marker: { color } })),
    layout: {
      title: { text: `SpikeForge / Brian ${report.versions.brian2 ?? ''} (${report.mode} run, ${report.machine.cpuModel}, ${report.machine.cores} cores) — below 1: SpikeForge better` },
      barmode: 'group',
      yaxis: { type: 'log', title: { text: 'ratio (log scale)' }, tickvals: TICKS, ticktext: TICKS.map(String) },
      xaxis: { tickangle: -30, automargin: true },
      shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 1, y1: 1, line: { color: '#444', dash: 'dash', width: 1 } }],
      legend: { orientation: 'h', y: -0.35 },
      margin: { t: 50, b: 160, l: 60, r: 20 },
      font: { size: 11 },
    },
  };
}
