/**
 * Renders a Plotly figure to a PNG file with the same Plotly bundle the app uses, in headless
 * Chromium (Debian's `chromium`, driven by playwright-core). Used by examples and exports that
 * run outside the app, so a saved chart looks exactly like the one on screen.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** A Plotly figure as plain data. */
export interface PlotFigure {
  readonly data: readonly object[];
  readonly layout: object;
}

/** Where Chromium is expected. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** One image to write: a figure, the file, and its size in CSS pixels (default 900 × 500). */
export interface FigureImage {
  readonly figure: PlotFigure;
  readonly outPath: string;
  readonly width?: number;
  readonly height?: number;
}

/** Writes `figure` as a PNG of `width` × `height` CSS pixels (scale 2 for sharp text). */
export async function renderFigureToPng(figure: PlotFigure, outPath: string, width = 900, height = 500): Promise<void> {
  await renderFiguresToPng([{ figure, outPath, width, height }]);
}

/** Writes several figures as PNGs with one browser (a launch costs about a second). */
export async function renderFiguresToPng(images: readonly FigureImage[]): Promise<void> {
  if (images.length === 0) return;
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: run apt-get install -y chromium`);
  const require = createRequire(import.meta.url);
  const plotlySource = await readFile(require.resolve('plotly.js-strict-dist-min'), 'utf8');
  const profile = await mkdtemp(join(tmpdir(), 'spikeforge-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    deviceScaleFactor: 2,
  });
  try {
    const page = await context.newPage();
    for (const { figure, outPath, width = 900, height = 500 } of images) {
      await page.setViewportSize({ width, height });
      await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff"><div id="plot" style="width:${width}px;height:${height}px"></div></body></html>`);
      await page.addScriptTag({ content: plotlySource });
      // The page has no Node types here: the call is sent as text, with the figure as JSON data.
      await page.evaluate(`Plotly.newPlot(document.getElementById('plot'), ${JSON.stringify(figure.data)}, ${JSON.stringify(figure.layout)}, { staticPlot: true })`);
      const png = await page.locator('#plot').screenshot({ type: 'png' });
      await writeFile(outPath, png);
    }
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
