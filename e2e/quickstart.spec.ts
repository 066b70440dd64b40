/**
 * End to end through the web host (UI.md §8): the real renderer bundle, the real services and
 * sim host, headless Chromium. Opens the app, runs the Quick Start model, checks the chart and
 * the generated C++, walks the inspector, and puts a unit error into the model and out again.
 * Screenshots go to test-results/ for review (not compared pixel by pixel).
 */
import { describe, expect, it } from 'vitest';
import { RUN_PHASE, useAppSession } from './support/appSession';
import { listPageProblems } from './support/browser';

/** The Quick Start records v of neurons 0, 50 and 99 for 100 ms at dt = 0.1 ms. */
const EXPECTED_TRACES = 3;
const EXPECTED_SAMPLES = 1000;

const session = useAppSession();
const { snapshot, step, waitForPage } = session;

/** Saves a screenshot of the whole window under test-results/. */
// Code that runs in the page is passed as text: this file is type-checked without DOM types.

/** The text Monaco renders in an editor container (visible lines only; its spaces are U+00A0). */
async function editorText(testId: string): Promise<string> {
  return (await session.page.locator(`[data-testid="${testId}"] .view-lines`).innerText()).replace(/\u00a0/g, ' ');
}

/** Page expression: the editor `testId` shows `text` (with Monaco's non-breaking spaces read as spaces). */
function editorShows(testId: string, text: string): string {
  return `document.querySelector('[data-testid="${testId}"] .view-lines')?.textContent?.replace(/\\u00a0/g, ' ').includes(${JSON.stringify(text)}) === true`;
}

/** Page expression: the traces on the chart's Plotly graph div (`gd.data`), summarised. */
const CHART_TRACES = `(() => {
  const graph = document.querySelector('[data-testid="chart"] .js-plotly-plot');
  return (graph?.data ?? []).map((trace) => ({ name: trace.name, type: trace.type, points: trace.x.length, finite: Array.from(trace.y).every(Number.isFinite) }));
})()`;

interface TraceSummary {
  readonly name: string;
  readonly type: string;
  readonly points: number;
  readonly finite: boolean;
}

async function chartTraces(): Promise<TraceSummary[]> {
  // Safe: CHART_TRACES returns exactly this shape (an array of plain summaries).
  return session.page.evaluate<TraceSummary[]>(CHART_TRACES);
}

/** Waits until a run is over and fails with the status and problems when it did not end well. */
async function waitForRunToFinish(): Promise<void> {
  const status = session.page.getByTestId('status');
  await waitForPage(`['done', 'error', 'crashed'].includes(${RUN_PHASE})`, 90_000);
  const phase = await status.getAttribute('data-phase');
  if (phase !== 'done') throw new Error(`the run ended in "${phase}": ${await status.innerText()}\nproblems: ${await session.page.getByTestId('problems').innerText()}`);
}

describe('Quick Start in the browser (web host)', () => {
  it('opens the Quick Start model, runs it and plots three traces', async () => {
    await step('startup', async () => {
      await session.page.goto(session.host.url);
      await session.page.getByTestId('model-editor').locator('.view-lines').waitFor();
      await waitForPage(editorShows('model-editor', 'NeuronGroup(100'), 30_000);
      const text = await editorText('model-editor');
      expect(text).toContain('SpikeForge Quick Start');
      expect(text).toContain("StateMonitor(neurons, 'v', record=[0, 50, 99])");
      await expect.poll(() => session.page.getByTestId('toolchain').innerText()).not.toBe('');
      await snapshot('e2e-startup');
    });

    await step('run', async () => {
      const runButton = session.page.getByTestId('run-button');
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
      await session.page.getByTestId('tab-code').click();
      await waitForPage(editorShows('cpp-view', 'namespace sf_'), 15_000);
      expect(await editorText('cpp-view')).toContain('namespace sf_');
      await snapshot('e2e-generated-code');
    });

    await step('inspector', async () => {
      await session.page.getByTestId('tab-inspector').click();
      const inspector = session.page.getByTestId('inspector');
      await inspector.getByRole('button', { name: 'Scan' }).click();
      // Namespaces belong to loaded native libraries: without a compiler there are none.
      if ((await session.page.getByTestId('toolchain').getAttribute('data-available')) === 'true') {
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

    expect(listPageProblems(session.problems)).toEqual([]);
  });

  it('marks a unit error at its span and clears it when fixed', async () => {
    await step('unit-error', async () => {
      const line = session.page.getByTestId('model-editor').locator('.view-line', { hasText: /dv\/dt\s=\s\(-v\s\+\sI\)\s\/\stau\s:\s1/ });
      await line.click();
      await session.page.keyboard.press('End');
      await session.page.keyboard.press('Backspace');
      await session.page.keyboard.type('volt');
      const problemsList = session.page.getByTestId('problems');
      // A units error (SF1xxx) from the live check, not whatever the last run left there.
      await problemsList.locator('.problem-error .problem-code', { hasText: /^SF1\d{3}$/ }).first().waitFor({ timeout: 15_000 });
      await session.page.getByTestId('model-editor').locator('.squiggly-error').first().waitFor({ timeout: 15_000 });
      await snapshot('e2e-unit-error');
    });

    await step('unit-fix', async () => {
      for (let k = 0; k < 'volt'.length; k++) await session.page.keyboard.press('Backspace');
      await session.page.keyboard.type('1');
      await session.page.getByTestId('problems').locator('.problem-error').waitFor({ state: 'detached', timeout: 15_000 });
      await session.page.getByTestId('model-editor').locator('.squiggly-error').waitFor({ state: 'detached', timeout: 15_000 });
    });

    expect(listPageProblems(session.problems)).toEqual([]);
  });
});
