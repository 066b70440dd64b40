/**
 * Run controls end to end through the web host (UI.md §1 "Run", §8): a model with a long run
 * shows live progress (simulated time, steps/s, ETA, tier and the native swap); Stop ends it early
 * and the raster keeps what was recorded; Store, Continue and Restore behave like Brian2's
 * store(), run() and restore(); the Build tab shows the timing breakdown. Screenshots go to
 * test-results/ for review (not compared pixel by pixel).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_PHASE, SCREENSHOTS, useAppSession } from './support/appSession';
import { listPageProblems } from './support/browser';

/**
 * 10 000 neurons for an hour of simulated time (36 million steps: minutes even on the native
 * tier), so the run is certainly still going when Stop is pressed. Only 5 neurons are recorded
 * (~280 spikes per simulated second), so the raster stays small and undecimated.
 */
const LONG_MODEL = `from brian2 import *
G = NeuronGroup(10000, 'dv/dt = (1.2 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')
G.v = 'i * (1.0 / N)'
spikes = SpikeMonitor(G[:5])
run(3600*second)
`;

const session = useAppSession();
const { snapshot, step, waitForPage } = session;

// Code that runs in the page is passed as text: this file is type-checked without DOM types.

/** Page expression: the progress display's raw values (data attributes). */
const PROGRESS = `(() => {
  const el = document.querySelector('[data-testid="run-progress"]');
  const num = (name) => Number(el?.getAttribute(name) ?? NaN);
  return { phase: el?.getAttribute('data-phase') ?? '', t: num('data-t'), duration: num('data-duration'), step: num('data-step'), eta: num('data-eta'), tier: el?.getAttribute('data-tier') ?? '', swapStep: el?.getAttribute('data-swap-step') ?? '' };
})()`;

interface Progress {
  readonly phase: string;
  readonly t: number;
  readonly duration: number;
  readonly step: number;
  readonly eta: number;
  readonly tier: string;
  readonly swapStep: string;
}

/** Page expression: spikes the raster says it holds, and the latest spike time drawn (ms). */
const RASTER = `(() => {
  const graph = document.querySelector('[data-testid="raster-chart"]');
  const plot = graph?.classList.contains('js-plotly-plot') ? graph : graph?.querySelector('.js-plotly-plot');
  let points = 0, maxX = 0;
  for (const trace of plot?.data ?? []) {
    points += trace.x.length;
    for (const x of trace.x) maxX = x > maxX ? x : maxX;
  }
  return { spikeCount: Number(graph?.getAttribute('data-spike-count') ?? NaN), points, maxX };
})()`;

interface Raster {
  readonly spikeCount: number;
  readonly points: number;
  readonly maxX: number;
}

const progress = (): Promise<Progress> => session.page.evaluate<Progress>(PROGRESS);
const raster = (): Promise<Raster> => session.page.evaluate<Raster>(RASTER);
const text = (testId: string): Promise<string> => session.page.getByTestId(testId).innerText();
const isEnabled = (testId: string): Promise<boolean> => session.page.getByTestId(testId).isEnabled();

/** The editor's whole text (visible lines; the model is short enough to be all visible). */
async function editorText(): Promise<string> {
  const lines = await session.page.getByTestId('model-editor').locator('.view-line').allInnerTexts();
  return lines.map((line) => line.replace(/\u00a0/g, ' ')).join('\n');
}

/** Opens the app and replaces the editor's text as a user would (select all, then type). */
async function openModel(model: string): Promise<void> {
  if (session.page.url() !== session.host.url) await session.page.goto(session.host.url);
  await session.page.getByTestId('model-editor').locator('.view-lines').waitFor();
  await expect.poll(() => editorText(), { timeout: 30_000 }).toContain('NeuronGroup(');
  await session.page.getByTestId('model-editor').locator('.view-lines').click();
  await session.page.keyboard.press('ControlOrMeta+A');
  await session.page.keyboard.press('Delete');
  await session.page.keyboard.insertText(model);
  await expect.poll(async () => (await editorText()).trimEnd(), { timeout: 10_000 }).toBe(model.trimEnd());
}

/** Simulated time shown as `12.3 ms`, from seconds. */
const ms = (seconds: number): string => `${(seconds * 1e3).toFixed(1)} ms`;

describe('run controls in the browser (web host)', () => {
  it('shows progress, stops early keeping the data, stores, continues, restores and shows timings', async () => {
    let stoppedAt: Progress | undefined;
    let stoppedSpikes = 0;

    await step('open', async () => {
      await openModel(LONG_MODEL);
      await session.page.waitForTimeout(800);
      expect(await session.page.getByTestId('problems').locator('.problem-error').count()).toBe(0);
      // Nothing to stop, store or continue before a run.
      expect(await isEnabled('stop-button')).toBe(false);
      expect(await isEnabled('store-button')).toBe(false);
      expect(await isEnabled('continue-button')).toBe(false);
    });

    await step('progress', async () => {
      await session.page.getByTestId('run-button').click();
      await waitForPage(`(${PROGRESS}).phase === 'running' && (${PROGRESS}).t > 0.05 && (${PROGRESS}).eta > 0`, 90_000);
      const running = await progress();
      expect(running.duration).toBeCloseTo(3600, 6);
      expect(running.step).toBe(Math.round(running.t / 1e-4));
      expect(await text('progress-time')).toMatch(/^t \d+\.\d \/ 3600000\.0 ms$/);
      expect(await text('progress-rate')).toMatch(/^\d+(\.\d+)? (k |M )?steps\/s$/);
      expect(await text('progress-eta')).toMatch(/^ETA \d+ (s|min \d\d s|h \d\d min)$/);
      expect(await isEnabled('stop-button')).toBe(true);
      expect(await isEnabled('store-button')).toBe(false);
      // With a compiler, tier auto swaps the native library in at a chunk boundary and says when.
      const compiler = (await session.page.getByTestId('toolchain').getAttribute('data-available')) === 'true';
      if (compiler) {
        await waitForPage(`(${PROGRESS}).tier === 'native' && (${PROGRESS}).swapStep !== ''`, 60_000);
        expect(await text('progress-tier')).toMatch(/^native since t = \d+\.\d ms$/);
      }
      // The raster updates while the run goes on.
      await waitForPage(`(${RASTER}).spikeCount > 0 && (${PROGRESS}).phase === 'running'`, 30_000);
      await snapshot('e2e-run-progress');
      await session.page.getByTestId('run-toolbar').screenshot({ path: join(SCREENSHOTS, 'e2e-run-toolbar.png') });
    });

    await step('stop', async () => {
      await session.page.getByTestId('stop-button').click();
      await waitForPage(`(${RUN_PHASE}) === 'done'`, 30_000);
      stoppedAt = await progress();
      expect(stoppedAt.t).toBeGreaterThan(0);
      expect(stoppedAt.t).toBeLessThan(3600);
      expect(await text('progress-eta')).toBe('stopped');
      expect(await text('status')).toContain('stopped');
      expect(await isEnabled('stop-button')).toBe(false);
      // The raster keeps the spikes recorded up to the stop, none later.
      await waitForPage(`(${RASTER}).spikeCount > 0 && (${RASTER}).points === (${RASTER}).spikeCount`, 30_000);
      const kept = await raster();
      stoppedSpikes = kept.spikeCount;
      expect(kept.maxX).toBeLessThanOrEqual(stoppedAt.t * 1e3 + 1e-6);
      await snapshot('e2e-run-stopped');
    });

    await step('store', async () => {
      const at = stoppedAt ?? (await progress());
      expect(await isEnabled('store-button')).toBe(true);
      // Nothing stored yet: nothing to restore.
      expect(await isEnabled('restore-button')).toBe(false);
      await session.page.getByTestId('store-button').click();
      await expect.poll(() => text('state-status'), { timeout: 10_000 }).toBe(`stored "default" at t = ${ms(at.t)}`);
      expect(await session.page.getByTestId('state-status').getAttribute('data-step')).toBe(String(at.step));
    });

    await step('continue', async () => {
      const at = stoppedAt ?? (await progress());
      await session.page.getByTestId('continue-duration').fill('200');
      await session.page.getByTestId('continue-button').click();
      await waitForPage(`(${RUN_PHASE}) === 'done' && (${PROGRESS}).step === ${at.step + 2000}`, 60_000);
      const further = await progress();
      expect(further.t).toBeCloseTo(at.t + 0.2, 9);
      // The raster goes on from where it was: more spikes, later ones.
      await waitForPage(`(${RASTER}).spikeCount > ${stoppedSpikes} && (${RASTER}).points === (${RASTER}).spikeCount`, 30_000);
      expect((await raster()).maxX).toBeGreaterThan(at.t * 1e3);
    });

    await step('restore', async () => {
      const at = stoppedAt ?? (await progress());
      expect(await isEnabled('restore-button')).toBe(true);
      await session.page.getByTestId('restore-button').click();
      await expect.poll(() => text('state-status'), { timeout: 10_000 }).toBe(`restored "default" at t = ${ms(at.t)}`);
      expect(await session.page.getByTestId('state-status').getAttribute('data-step')).toBe(String(at.step));
      const restored = await progress();
      expect(restored).toMatchObject({ phase: 'done', step: at.step });
      expect(restored.t).toBeCloseTo(at.t, 12);
      // The monitors are part of the stored state: the raster is back to what it had at the stop.
      await waitForPage(`(${RASTER}).spikeCount === ${stoppedSpikes} && (${RASTER}).points === ${stoppedSpikes}`, 30_000);
      await snapshot('e2e-run-restored');
    });

    await step('timings', async () => {
      await session.page.getByTestId('tab-build').click();
      const build = session.page.getByTestId('build-timings');
      for (const stage of ['parse', 'codegen', 'render', 'compile', 'load']) {
        expect(await build.locator(`tr[data-stage="${stage}"] .timing-value`).innerText()).toMatch(/^(\d[\d ]*(\.\d+)? ms|cache hit|–)$/);
      }
      const runTimings = session.page.getByTestId('run-timings');
      expect(await runTimings.locator('tr[data-stage="first-chunk"] .timing-value').innerText()).toMatch(/ ms$/);
      expect(await runTimings.locator('tr[data-stage="steady"] .timing-value').innerText()).toMatch(/steps\/s$/);
      await snapshot('e2e-build-timings');
      await session.page.getByTestId('tab-charts').click();
    });

    expect(listPageProblems(session.problems)).toEqual([]);
  });
});
