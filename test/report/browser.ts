/**
 * Opening a report in Debian's chromium through playwright-core, the way the
 * brief prescribes: the project's own script installs the browser, and the
 * flags keep it offline and quiet. Collects console errors and page errors so
 * a test can insist on none.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function ensureChromium(): void {
  execFileSync('bash', ['.ci/ensure-chromium.sh'], { cwd: repoRoot, stdio: 'inherit' });
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * For a test file: install and launch chromium before its tests (creating the
 * screenshot folder), close it after them. Returns the running browser.
 */
export function useChromium(outputDir: string): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureChromium();
    mkdirSync(outputDir, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === undefined) throw new Error('chromium is not running: useChromium() must be called at the top of a test file');
    return browser;
  };
}

export interface OpenedPage {
  page: Page;
  /** Console errors, page errors and failed requests, in order. */
  errors: string[];
  /** Every request the page tried to make (a self-contained report makes none). */
  requests: string[];
}

export async function openReport(browser: Browser, file: string, viewport = { width: 1400, height: 1000 }): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => errors.push(`requestfailed: ${request.url()}`));
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) requests.push(request.url());
  });
  await page.goto(`file://${file}`);
  await page.waitForSelector('body[data-rendered]', { timeout: 20_000 });
  return { page, errors, requests };
}
