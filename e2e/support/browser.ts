/**
 * Headless Chromium for the e2e specs: Debian's `chromium` package driven by playwright-core
 * (UI.md §8; Playwright's own browsers are never downloaded), and a recorder of what the page
 * complains about — console errors, uncaught exceptions, CSP violations and Monaco's worker
 * fallback — so a spec can fail on any of them.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where Chromium is expected (`CHROMIUM_PATH` overrides). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches headless Chromium; throws the install hint when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error('Chromium not found: run apt-get install -y chromium');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** What went wrong in a page, by kind. */
export interface PageProblems {
  readonly cspViolations: string[];
  readonly workerFallbacks: string[];
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
}

/** Messages that are not a problem of the app (none so far: keep this list short and justified). */
const BENIGN_CONSOLE_ERRORS: readonly RegExp[] = [];

/** Starts recording problems of `page`; read the returned object at the end of a test. */
export async function recordPageProblems(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { cspViolations: [], workerFallbacks: [], consoleErrors: [], pageErrors: [] };
  await page.exposeFunction('__sfReportCspViolation', (text: string) => problems.cspViolations.push(text));
  // Page code is passed as text: this file is type-checked without DOM types.
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => {
    window.__sfReportCspViolation?.(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') + ' (' + event.sourceFile + ':' + event.lineNumber + ')');
  });`);
  page.on('console', (message) => {
    const text = message.text();
    if (/Could not create web worker/i.test(text)) problems.workerFallbacks.push(text);
    else if (/Content Security Policy/i.test(text)) problems.cspViolations.push(text);
    else if (message.type() === 'error' && !BENIGN_CONSOLE_ERRORS.some((pattern) => pattern.test(text))) problems.consoleErrors.push(`${text} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.stack ?? error.message));
  return problems;
}

/** All recorded problems as one list (empty when the page behaved). */
export function listPageProblems(problems: PageProblems): string[] {
  return [
    ...problems.cspViolations.map((p) => `CSP violation: ${p}`),
    ...problems.workerFallbacks.map((p) => `Monaco worker fallback: ${p}`),
    ...problems.consoleErrors.map((p) => `console error: ${p}`),
    ...problems.pageErrors.map((p) => `page error: ${p}`),
  ];
}
