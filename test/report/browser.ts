/**
 * Opening a report in Chromium through playwright-core. Which Chromium:
 * RAFT_CHECK_CHROMIUM if set, else the first of the usual places (Debian's
 * and Ubuntu's packages, Google Chrome, playwright's download cache). When
 * there is none: in CI (CI=true) the project's script installs Debian's
 * package, and a browser still missing fails the tests; anywhere else the
 * browser tests are skipped with a message that says how to run them (the
 * tests never install anything on a developer's machine). The flags keep the
 * browser offline and quiet. Collects console errors and page errors so a
 * test can insist on none.
 */

import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
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

export const CHROMIUM_ENV = 'RAFT_CHECK_CHROMIUM';

type Env = Readonly<Record<string, string | undefined>>;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Playwright's own downloads: <cache>/chromium-<rev>/chrome-linux/chrome, newest revision first. */
function playwrightBrowsers(env: Env): string[] {
  const cache = env['PLAYWRIGHT_BROWSERS_PATH'] ?? join(env['HOME'] ?? homedir(), '.cache', 'ms-playwright');
  let names: string[];
  try {
    names = readdirSync(cache);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith('chromium-'))
    .sort()
    .reverse()
    .flatMap((name) => [join(cache, name, 'chrome-linux', 'chrome'), join(cache, name, 'chrome-linux64', 'chrome')]);
}

/** Where a Chromium usually is, in the order they are tried. */
export function chromiumCandidates(env: Env): string[] {
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    ...playwrightBrowsers(env),
  ];
}

export type ChromiumChoice = { path: string } | { skip: string };

/**
 * Which Chromium the browser tests use, or why they are skipped. `install`
 * runs only in CI; a missing browser there, or a RAFT_CHECK_CHROMIUM that is
 * not an executable anywhere, throws.
 */
export function chooseChromium(env: Env, executable: (path: string) => boolean, install: () => void): ChromiumChoice {
  const override = env[CHROMIUM_ENV];
  if (override !== undefined && override !== '') {
    if (!executable(override)) throw new Error(`${CHROMIUM_ENV}=${override} is not an executable file`);
    return { path: override };
  }
  const find = (): string | undefined => chromiumCandidates(env).find(executable);
  const found = find();
  if (found !== undefined) return { path: found };
  if (env['CI'] !== 'true') {
    return { skip: `no Chromium found (tried ${CHROMIUM_ENV} and ${chromiumCandidates(env).join(', ')}); set ${CHROMIUM_ENV}=/path/to/chromium to run the browser tests` };
  }
  install();
  const installed = find();
  if (installed === undefined) throw new Error(`CI: no Chromium after .ci/ensure-chromium.sh (tried ${chromiumCandidates(env).join(', ')}); the browser tests must run in CI`);
  return { path: installed };
}

function installChromium(): void {
  execFileSync('bash', ['.ci/ensure-chromium.sh'], { cwd: repoRoot, stdio: 'inherit' });
}

export async function launchChromium(path: string): Promise<Browser> {
  return chromium.launch({ executablePath: path, args: CHROMIUM_ARGS });
}

/**
 * The browsers this process launched, by path. The browser test files share
 * their vitest worker's modules (vitest.config.ts, `isolate: false`), so the
 * first of them in a worker launches Chromium and the later ones reuse it: a
 * launch is about 1.3 s of CPU here, and there are four such files. Each test
 * opens its own page (a fresh browser context) and closes it. The browser
 * goes with the worker: playwright kills what it launched when its process
 * exits or gets SIGTERM. One that crashed or was closed is launched again.
 */
const running = new Map<string, Promise<Browser>>();

async function sharedChromium(path: string): Promise<Browser> {
  const known = running.get(path);
  if (known !== undefined) {
    const browser = await known.catch(() => undefined);
    if (browser?.isConnected() === true) return browser;
  }
  const launch = launchChromium(path);
  running.set(path, launch);
  return launch;
}

/**
 * For a test file: find (in CI, install) Chromium and have it running before
 * its tests (creating the screenshot folder); without a browser outside CI,
 * every test of the file is skipped with the reason. Returns the running
 * browser, shared with the other browser files of the worker.
 */
export function useChromium(outputDir: string): () => Browser {
  let browser: Browser | undefined;
  let skipped: string | undefined;
  beforeAll(async () => {
    const choice = chooseChromium(process.env, isExecutable, installChromium);
    if ('skip' in choice) {
      skipped = `browser tests skipped: ${choice.skip}`;
      process.stderr.write(`${skipped}\n`);
      return;
    }
    mkdirSync(outputDir, { recursive: true });
    browser = await sharedChromium(choice.path);
  });
  beforeEach((context) => {
    if (skipped !== undefined) context.skip(skipped);
  });
  afterAll(async () => {
    // A page a failed test left open would otherwise live on in the shared browser.
    for (const context of browser?.contexts() ?? []) await context.close();
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
