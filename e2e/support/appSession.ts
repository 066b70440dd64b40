/**
 * One app session for an e2e test file: Chromium, the renderer bundle, a web host with its own
 * user-data folder and one page, set up before the file's tests and torn down after them. A set-up
 * failure fails every test with its reason (a missing browser must never look like a skip).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { launchChromium, listPageProblems, recordPageProblems, type PageProblems } from './browser';
import { ensureRendererBuilt, REPO_ROOT } from './ensureRendererBuilt';
import { startWebHostProcess, type WebHostProcess } from './webHostProcess';

/** Where screenshots go for review (not compared pixel by pixel). */
export const SCREENSHOTS = join(REPO_ROOT, 'test-results');

/** Page expression: the run phase shown by the status bar (page code is text: no DOM types here). */
export const RUN_PHASE = `document.querySelector('[data-testid="status"]')?.getAttribute('data-phase') ?? ''`;

export interface AppSession {
  readonly page: Page;
  readonly host: WebHostProcess;
  readonly problems: PageProblems;
  /** Saves a screenshot of the page as test-results/<name>.png. */
  snapshot(name: string): Promise<void>;
  /** Runs a step; on failure saves a screenshot and adds the page problems and host output to the error. */
  step(name: string, body: () => Promise<void>): Promise<void>;
  /** Polls a page expression until it is true. */
  waitForPage(expression: string, timeoutMs: number): Promise<void>;
}

/** Registers the session's set-up and tear-down hooks and returns it. */
export function useAppSession(): AppSession {
  let browser: Browser | undefined;
  let host: WebHostProcess | undefined;
  let page: Page | undefined;
  let problems: PageProblems | undefined;
  let userDataDir: string | undefined;
  let setupError: Error | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw setupError ?? new Error(`no ${what}: the session is not set up`);
    return value;
  };
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
  const session: AppSession = {
    get page() {
      return ready(page, 'page');
    },
    get host() {
      return ready(host, 'web host');
    },
    get problems() {
      return ready(problems, 'page problems');
    },
    async snapshot(name) {
      await session.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
    },
    async step(name, body) {
      try {
        await body();
      } catch (error) {
        await session.snapshot(`e2e-failure-${name}`).catch(() => undefined);
        const detail = error instanceof Error ? error.message : String(error);
        const pageProblems = problems === undefined ? [] : listPageProblems(problems);
        throw new Error(`${name}: ${detail}\n--- page problems ---\n${pageProblems.join('\n')}\n--- web host output ---\n${host?.output() ?? ''}`, { cause: error });
      }
    },
    // Not `page.waitForFunction`: that compiles its predicate with `eval` inside the page, which
    // the app's CSP (rightly) refuses.
    async waitForPage(expression, timeoutMs) {
      await expect.poll(() => session.page.evaluate(expression), { timeout: timeoutMs, interval: 100 }).toBe(true);
    },
  };
  return session;
}
