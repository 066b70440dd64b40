/**
 * End to end through the web host (UI.md §8): the real renderer bundle, the real services and
 * sim host, headless Chromium. Opens the app, runs the Quick Start model, checks the chart and
 * the generated C++, walks the inspector, and puts a unit error into the model and out again.
 * Screenshots go to test-results/ for review (not compared pixel by pixel).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, listPageProblems, recordPageProblems, type PageProblems } from './support/browser';
import { ensureRendererBuilt, REPO_ROOT } from './support/ensureRendererBuilt';
import { startWebHostProcess, type WebHostProcess } from './support/webHostProcess';

const SCREENSHOTS = join(REPO_ROOT, 'test-results');
/** The Quick Start records v of neurons 0, 50 and 99 for 100 ms at dt = 0.1 ms. */
const EXPECTED_TRACES = 3;
const EXPECTED_SAMPLES = 1000;

let browser: Browser | undefined;
let host: WebHostProcess | undefined;
let page: Page;
let problems: PageProblems;
let userDataDir: string | undefined;
/** Why the set-up failed; every test fails with it (a missing browser must never look like a skip). */
let setupError: Error | undefined;

/** Saves a screenshot of the whole window under test-results/. */
async function snapshot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Runs a step; on failure saves a screenshot and adds the host's output to the error. */
async function step(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    await snapshot(`e2e-failure-${name}`).catch(() => undefined);
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`${name}: ${detail}\n--- page problems ---\n${listPageProblems(problems).join('\n')}\n--- web host output ---\n${host?.output() ?? ''}`, { cause: error });
  }
}

// Code that runs in the page is passed as text: this file is type-checked without DOM types.

/** The text Monaco renders in an editor container (visible lines only; its spaces are U+00A0). */
async function editorText(testId: string): Promise<string> {
  return (await page.locator(`[data-testid="${testId}"] .view-lines`).innerText()).replace(/\u00a0/g, ' ');
}

/** Page expression: the editor `testId` shows `text` (with Monaco's non-breaking spaces read as spaces). */
function editorShows(testId: string, text: string): string {
  return `document.querySelector('[data-testid="${testId}"] .view-lines')?.textContent?.replace(/\\u00a0/g, ' ').includes(${JSON.stringify(text)}) === true`;
}

/** Page expression: the run phase shown by the status bar. */
const RUN_PHASE = `document.querySelector('[data-testid="status"]')?.getAttribute('data-phase') ?? ''`;

/** Page expression: the traces on the chart's Plotly graph div (`gd.data`), summarised. */
const CHART_TRACES = `(() => {
  const graph = document.querySelector('[data-testid="chart"] .js-plotly-plot');
  return (graph?.data ?? []).map((trace) => ({ name: trace.name, type: trace.type, points: trace.x.length, finite: Array.from(trace.y).every(Number.isFinite) }));
})()`;

/**
 * Polls a page expression until it is true. Not `page.waitForFunction`: that compiles its
 * predicate with `eval` inside the page, which the app's CSP (rightly) refuses.
 */
async function waitForPage(expression: string, timeoutMs: number): Promise<void> {
  await expect.poll(() => page.evaluate(expression), { timeout: timeoutMs, interval: 100 }).toBe(true);
}

interface TraceSummary {
  readonly name: string;
  readonly type: string;
  readonly points: number;
  readonly finite: boolean;
}

async function chartTraces(): Promise<TraceSummary[]> {
  // Safe: CHART_TRACES returns exactly this shape (an array of plain summaries).
  return page.evaluate<TraceSummary[]>(CHART_TRACES);
}

/** Waits until a run is over and fails with the status and problems when it did not end well. */
async function waitForRunToFinish(): Promise<void> {
  const status = page.getByTestId('status');
  await waitForPage(`['done', 'error', 'crashed'].includes(${RUN_PHASE})`, 90_000);
  const phase = await status.getAttribute('data-phase');
  if (phase !== 'done') throw new Error(`the run ended in "${phase}": ${await status.innerText()}\nproblems: ${await page.getByTestId('problems').innerText()}`);
}

describe('Quick Start in the browser (web host)', () => {
  beforeAll(async () => {
    try {
      browser = await launchChromium();
      await mkdir(SCREENSHOTS, { recursive: true });
      await ensureRendererBuilt();
      userDataDir = await mkdtemp(join(tmpdir(), 'spikeforge-e2e-'));
      host = await startWebHostProcess({ SPIKEFORGE_USER_DATA: userDataDir });
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      problems = await recordPageProblems(page);
    } catch (error) {
      setupError = error instanceof Error ? error : new Error(String(error));
    }
  });

  beforeEach(() => {
    if (setupError !== undefined) throw setupError;
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (userDataDir !== undefined) await rm(userDataDir, { recursive: true, force: true });
  });

  it('opens the Quick Start model, runs it and plots three traces', async () => {
    await step('startup', async () => {
      if (host === undefined) throw new Error('no web host');
      await page.goto(host.url);
      await page.getByTestId('model-editor').locator('.view-lines').waitFor();
      await waitForPage(editorShows('model-editor', 'NeuronGroup(100'), 30_000);
      const text = await editorText('model-editor');
      expect(text).toContain('SpikeForge Quick Start');
      expect(text).toContain("StateMonitor(neurons, 'v', record=[0, 50, 99])");
      await expect.poll(() => page.getByTestId('toolchain').innerText()).not.toBe('');
      await snapshot('e2e-startup');
    });

    await step('run', async () => {
      const runButton = page.getByTestId('run-button');
      expect(await runButton.isEnabled()).toBe(true);
      await runButton.click();
      await waitForRunToFinish();
      await waitForPage(`${CHART_TRACES}.filter((trace) => trace.points >= ${EXPECTED_SAMPLES}).length >= ${EXPECTED_TRACES}`, 30_000);
      const traces = await chartTraces();
      expect(traces).toHaveLength(EXPECTED_TRACES);
      expect(traces.map((trace) => trace.name)).toEqual(['v[0]', 'v[50]', 'v[99]']);
      for (const trace of traces) expect(trace).toMatchObject({ type: 'scattergl', points: EXPECTED_SAMPLES, finite: true });
      await snapshot('e2e-quickstart');
    });

    await step('generated-code', async () => {
      await page.getByTestId('tab-code').click();
      await waitForPage(editorShows('cpp-view', 'namespace sf_'), 15_000);
      expect(await editorText('cpp-view')).toContain('namespace sf_');
      await snapshot('e2e-generated-code');
    });

    await step('inspector', async () => {
      await page.getByTestId('tab-inspector').click();
      const inspector = page.getByTestId('inspector');
      await inspector.getByRole('button', { name: 'Scan' }).click();
      // Namespaces belong to loaded native libraries: without a compiler there are none.
      if ((await page.getByTestId('toolchain').getAttribute('data-available')) === 'true') {
        await inspector.locator('.inspector-table td code').first().waitFor({ timeout: 15_000 });
        expect(await inspector.locator('.inspector-table td code').first().innerText()).toMatch(/^sf_/);
      } else {
        await inspector.getByText('No library is loaded yet').waitFor({ timeout: 15_000 });
      }
      await inspector.getByRole('button', { name: 'Check' }).click();
      await inspector.locator('.ok-note, .conflict-list, .inspector-error').first().waitFor({ timeout: 15_000 });
      // The state array of v holds one value per neuron.
      await inspector.getByLabel('Array name').fill('_array_neurons_v');
      await inspector.getByRole('button', { name: 'Inspect' }).click();
      const facts = inspector.locator('.array-facts');
      await facts.waitFor({ timeout: 15_000 });
      expect(await facts.getAttribute('data-length')).toBe('100');
      await snapshot('e2e-inspector');
    });

    expect(listPageProblems(problems)).toEqual([]);
  });

  it('marks a unit error at its span and clears it when fixed', async () => {
    await step('unit-error', async () => {
      const line = page.getByTestId('model-editor').locator('.view-line', { hasText: /dv\/dt\s=\s\(-v\s\+\sI\)\s\/\stau\s:\s1/ });
      await line.click();
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('volt');
      const problemsList = page.getByTestId('problems');
      // A units error (SF1xxx) from the live check, not whatever the last run left there.
      await problemsList.locator('.problem-error .problem-code', { hasText: /^SF1\d{3}$/ }).first().waitFor({ timeout: 15_000 });
      await page.getByTestId('model-editor').locator('.squiggly-error').first().waitFor({ timeout: 15_000 });
      await snapshot('e2e-unit-error');
    });

    await step('unit-fix', async () => {
      for (let k = 0; k < 'volt'.length; k++) await page.keyboard.press('Backspace');
      await page.keyboard.type('1');
      await page.getByTestId('problems').locator('.problem-error').waitFor({ state: 'detached', timeout: 15_000 });
      await page.getByTestId('model-editor').locator('.squiggly-error').waitFor({ state: 'detached', timeout: 15_000 });
    });

    expect(listPageProblems(problems)).toEqual([]);
  });
});
