/**
 * End to end through the web host (UI.md §8): a model with a SpikeMonitor is typed into the
 * editor, run, and its raster appears with the expected spike count and mean rate in the title.
 * Screenshots go to test-results/ for review (not compared pixel by pixel).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_PHASE, SCREENSHOTS, useAppSession } from './support/appSession';
import { listPageProblems } from './support/browser';


/**
 * 100 LIF-like neurons driven above threshold, started at evenly spread v (deterministic, unlike
 * `rand()`). With the exact integrator v(t + dt) = 1.2 + (v - 1.2) e^(-dt/tau), threshold v > 1
 * and reset v = 0, they fire 534 times in 100 ms (checked against the CLI and a direct
 * computation; the closest approach to the threshold is 7e-7, far from rounding): 53.4 Hz.
 */
const MODEL = `from brian2 import *
G = NeuronGroup(100, 'dv/dt = (1.2 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')
G.v = 'i * (1.0 / N)'
spikes = SpikeMonitor(G)
run(100*ms)
`;
const EXPECTED_SPIKES = 534;
const EXPECTED_TITLE = 'spikes: 534 spikes, mean rate 53.4 Hz';

/** Every neuron fires at every step: 300 neurons x 1000 steps = 300 000 spikes, above the 200 000 drawn at most. */
const BUSY_MODEL = `from brian2 import *
G = NeuronGroup(300, 'v : 1', threshold='True')
spikes = SpikeMonitor(G)
run(100*ms)
`;
/** About 1 in 2 spikes is drawn (chosen by a hash, so about 150 000), split into traces of at most 100 000 points. */
const BUSY_TITLE = /^spikes: 300 000 spikes, mean rate 10 000 Hz \(showing (1\d\d \d\d\d) of 300 000\)$/;
const BUSY_SPIKES = 300_000;

const session = useAppSession();
const { snapshot, step, waitForPage } = session;

// Code that runs in the page is passed as text: this file is type-checked without DOM types.

/** Page expression: the raster's Plotly figure, summarised. */
const RASTER = `(() => {
  const graph = document.querySelector('[data-testid="raster-chart"]');
  const plot = graph?.classList.contains('js-plotly-plot') ? graph : graph?.querySelector('.js-plotly-plot');
  const data = plot?.data ?? [];
  let points = 0, minY = null, maxY = null, maxX = 0;
  for (const trace of data) {
    points += trace.x.length;
    for (let k = 0; k < trace.y.length; k++) {
      const y = trace.y[k];
      minY = minY === null || y < minY ? y : minY;
      maxY = maxY === null || y > maxY ? y : maxY;
      maxX = trace.x[k] > maxX ? trace.x[k] : maxX;
    }
  }
  return {
    title: (graph?.querySelector('.gtitle')?.textContent ?? '').replace(/[\\u00a0\\u202f]/g, ' '),
    legend: Array.from(graph?.querySelectorAll('.legendtext') ?? []).map((node) => node.textContent),
    types: data.map((trace) => trace.type),
    points,
    minY,
    maxY,
    maxX,
    spikeCount: graph?.getAttribute('data-spike-count') ?? null,
  };
})()`;

interface RasterSummary {
  readonly title: string;
  readonly legend: readonly string[];
  readonly types: readonly string[];
  readonly points: number;
  readonly minY: number | null;
  readonly maxY: number | null;
  readonly maxX: number;
  readonly spikeCount: string | null;
}

async function raster(): Promise<RasterSummary> {
  // Safe: RASTER returns exactly this shape.
  return session.page.evaluate<RasterSummary>(RASTER);
}

/** The editor's whole text (visible lines; the model is short enough to be all visible). */
async function editorText(): Promise<string> {
  const lines = await session.page.getByTestId('model-editor').locator('.view-line').allInnerTexts();
  return lines.map((line) => line.replace(/\u00a0/g, ' ')).join('\n');
}

/** Opens the app unless it is open already, and waits for the editor to show its first model. */
async function openApp(): Promise<void> {
  if (session.page.url() !== session.host.url) await session.page.goto(session.host.url);
  await session.page.getByTestId('model-editor').locator('.view-lines').waitFor();
  await expect.poll(() => editorText(), { timeout: 30_000 }).toContain('NeuronGroup(');
}

/** Replaces the editor's text as a user would: select all, then type (one input event). */
async function replaceModelText(text: string): Promise<void> {
  await session.page.getByTestId('model-editor').locator('.view-lines').click();
  await session.page.keyboard.press('ControlOrMeta+A');
  await session.page.keyboard.press('Delete');
  await session.page.keyboard.insertText(text);
}

describe('SpikeMonitor raster in the browser (web host)', () => {
  it('runs a model with a SpikeMonitor and draws its raster with the spike count and rate', async () => {
    await step('open', async () => {
      await openApp();
      await replaceModelText(MODEL);
      await expect.poll(async () => (await editorText()).trimEnd(), { timeout: 10_000 }).toBe(MODEL.trimEnd());
      // The live check finds nothing wrong.
      await session.page.waitForTimeout(800);
      expect(await session.page.getByTestId('problems').locator('.problem-error').count()).toBe(0);
    });

    await step('run', async () => {
      await session.page.getByTestId('run-button').click();
      await waitForPage(`['done', 'error', 'crashed'].includes(${RUN_PHASE})`, 90_000);
      const status = session.page.getByTestId('status');
      const phase = await status.getAttribute('data-phase');
      if (phase !== 'done') throw new Error(`the run ended in "${phase}": ${await status.innerText()}\nproblems: ${await session.page.getByTestId('problems').innerText()}`);
      await waitForPage(`${RASTER}.title === ${JSON.stringify(EXPECTED_TITLE)}`, 30_000);
      const summary = await raster();
      expect(summary).toMatchObject({ title: EXPECTED_TITLE, points: EXPECTED_SPIKES, spikeCount: String(EXPECTED_SPIKES), minY: 0, maxY: 99 });
      expect(new Set(summary.types)).toEqual(new Set(['scattergl']));
      expect(summary.legend).toEqual(['G']);
      // x is the spike time in ms, within the 100 ms run.
      expect(summary.maxX).toBeGreaterThan(90);
      expect(summary.maxX).toBeLessThan(100);
      // The state-monitor charts are not drawn for a spike monitor.
      expect(await session.page.locator('[data-testid="chart"] [data-variable]').count()).toBe(0);
      await snapshot('e2e-raster');
      await session.page.getByTestId('raster-chart').screenshot({ path: join(SCREENSHOTS, 'e2e-raster-chart.png') });
    });

    await step('run-again', async () => {
      // A second run starts the raster afresh: same count, not doubled.
      await session.page.getByTestId('run-button').click();
      await waitForPage(`(${RUN_PHASE}) === 'done'`, 90_000);
      await waitForPage(`${RASTER}.title === ${JSON.stringify(EXPECTED_TITLE)} && ${RASTER}.points === ${EXPECTED_SPIKES}`, 30_000);
    });

    expect(listPageProblems(session.problems)).toEqual([]);
  });

  it('decimates a raster above 200 000 spikes and keeps the full count in the title', async () => {
    await step('busy-run', async () => {
      await openApp();
      await replaceModelText(BUSY_MODEL);
      await expect.poll(async () => (await editorText()).trimEnd(), { timeout: 10_000 }).toBe(BUSY_MODEL.trimEnd());
      await session.page.getByTestId('run-button').click();
      await waitForPage(`['done', 'error', 'crashed'].includes(${RUN_PHASE})`, 90_000);
      expect(await session.page.getByTestId('status').getAttribute('data-phase')).toBe('done');
      await waitForPage(`${RASTER}.spikeCount === '${BUSY_SPIKES}' && ${BUSY_TITLE.toString()}.test(${RASTER}.title)`, 60_000);
      const summary = await raster();
      const shown = Number(BUSY_TITLE.exec(summary.title)?.[1]?.replace(/ /g, ''));
      // The title says how many are drawn; that many are, about half, from every neuron.
      expect(summary.points).toBe(shown);
      expect(Math.abs(shown - BUSY_SPIKES / 2)).toBeLessThan(3000);
      expect(summary).toMatchObject({ spikeCount: String(BUSY_SPIKES), minY: 0, maxY: 299 });
      expect(summary.types).toEqual(['scattergl', 'scattergl']);
      expect(summary.legend).toEqual(['G, 1 in 2 spikes']);
      await session.page.getByTestId('raster-chart').screenshot({ path: join(SCREENSHOTS, 'e2e-raster-decimated.png') });
    });

    expect(listPageProblems(session.problems)).toEqual([]);
  });
});
