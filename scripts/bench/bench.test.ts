/**
 * Smoke test of `npm run bench` (part of npm test): the suite's own code at tiny sizes — CUBA
 * 400 × 50 ms (with time to first result and a parameter change) and Large LIF 1000 × 100 ms — on
 * SpikeForge (native and js tiers) and Brian 2 (numpy target: Cython's cold compile alone would
 * take ~50 s). About 40–70 s depending on the machine's load. It must run, produce every figure, and
 * the simulators must agree (the LIF's spike count exactly). Brian 2 missing is a failure with
 * the command that installs it, never a skip.
 */
import { describe, expect, it } from 'vitest';
import { smokeModels } from './models';
import { formatReport, markdownSummary, ratioFigure } from './report';
import { assertBrian2 } from './runners';
import { runSuite, type SuiteReport } from './suite';

describe('npm run bench (smoke sizes)', () => {
  it('finds Brian 2 (else: apt-get install -y python3-brian)', () => {
    expect(assertBrian2()).toMatch(/^2\.\d+/);
  });

  it('measures SpikeForge native/js and Brian 2 on tiny models, with matching activity', async () => {
    const lines: string[] = [];
    const report: SuiteReport = await runSuite({
      mode: 'smoke',
      models: smokeModels(),
      scaling: [],
      reps: 1,
      ttfrReps: 1,
      ttfrRepsOthers: 0,
      maxTotalWaitS: 0,
      coldReps: 0,
      scalingReps: 0,
      jsReps: 1,
      budgetS: Infinity,
      brianTargets: ['numpy'],
      tiers: ['native', 'js'],
      scalingTiers: ['native'],
      cli: false,
      probe: true,
      loadThreshold: Infinity,
      maxWaitS: 0,
      log: (line) => lines.push(line),
    });
    const text = formatReport(report);
    const [cuba, lif] = report.models;
    expect(lif?.id).toBe('lif1000');
    expect(cuba?.id).toBe('cuba400');
    for (const model of report.models) {
      for (const sim of ['sf-native', 'sf-js', 'brian-numpy'] as const) {
        const s = model.steady[sim];
        expect(s, `${model.id} ${sim}`).toBeDefined();
        expect(s?.loopS.median).toBeGreaterThan(0);
        expect(s?.buildS.median).toBeGreaterThan(0);
        expect(s?.peakRssMB.median).toBeGreaterThan(10);
        expect(s?.nsPerNeuronStep).toBeGreaterThan(0);
      }
      expect(model.activity.ok, `${model.id}: ${model.activity.detail}\n${text}`).toBe(true);
    }
    // Deterministic LIF: one spike count for every simulator (and it is not trivially zero).
    const counts = new Set(Object.values(lif?.steady ?? {}).flatMap((s) => s.spikes));
    expect(counts.size).toBe(1);
    expect([...counts][0]).toBeGreaterThan(0);
    // CUBA: time to first result (warm and cold caches), parameter change, synaptic events.
    expect(cuba?.ttfr?.sfWarm?.median).toBeGreaterThan(0);
    expect(cuba?.ttfr?.sfCold?.median).toBeGreaterThan(0);
    expect(cuba?.ttfr?.sfHostRunning?.median).toBeGreaterThan(0);
    expect(cuba?.ttfr?.brianWarm?.median).toBeGreaterThan(0);
    expect(cuba?.ttfr?.sfParamChangeS?.median).toBeGreaterThan(0);
    expect(cuba?.ttfr?.brianParamChangeS?.median).toBeGreaterThan(0);
    expect(cuba?.ratios.ttfrWarm).toBeGreaterThan(0);
    expect(cuba?.steady['sf-native']?.events).toBeGreaterThan(0);
    expect(cuba?.steady['brian-numpy']?.events).toBeGreaterThan(0);
    expect(cuba?.steady['sf-native']?.nsPerEvent).toBeGreaterThan(0);
    expect(report.probe?.floorNsPerNeuronStep).toBeGreaterThan(0);
    expect(lif?.ratios.nativeVsFloor).toBeGreaterThan(0);
    expect(report.targets.length).toBeGreaterThan(0);
    expect(report.versions.brian2).toMatch(/^2\./);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(text).toContain('targets (issue 8)');
    expect(markdownSummary(report)).toContain('| LIF 1 000');
    expect(ratioFigure(report).data.length).toBeGreaterThan(0);
  }, 240_000);
});
