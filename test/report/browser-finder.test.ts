/**
 * Which Chromium the browser tests use (issue 10.16): an override, then the
 * usual places; an install only in CI; outside CI a clear skip; in CI a
 * missing browser is an error, never a silent skip.
 */

import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseChromium, chromiumCandidates } from './browser.js';

const noInstall = (): void => {
  throw new Error('must not install');
};
const nothing = (): boolean => false;

describe('chooseChromium', () => {
  it('takes RAFT_CHECK_CHROMIUM first, and rejects one that is not executable', () => {
    expect(chooseChromium({ RAFT_CHECK_CHROMIUM: '/opt/c/chrome' }, (path) => path === '/opt/c/chrome' || path === '/usr/bin/chromium', noInstall)).toEqual({ path: '/opt/c/chrome' });
    expect(() => chooseChromium({ RAFT_CHECK_CHROMIUM: '/opt/none' }, nothing, noInstall)).toThrow(/RAFT_CHECK_CHROMIUM=\/opt\/none is not an executable/);
  });

  it('finds the usual places, in order', () => {
    expect(chooseChromium({}, (path) => path === '/usr/bin/chromium-browser' || path === '/usr/bin/google-chrome', noInstall)).toEqual({ path: '/usr/bin/chromium-browser' });
  });

  it("finds playwright's downloaded browser, newest first", () => {
    const cache = mkdtempSync(join(tmpdir(), 'pw-cache-'));
    for (const name of ['chromium-1100', 'chromium-1200', 'firefox-1']) mkdirSync(join(cache, name));
    const env = { PLAYWRIGHT_BROWSERS_PATH: cache };
    expect(chromiumCandidates(env)).toContain(join(cache, 'chromium-1200', 'chrome-linux', 'chrome'));
    const newest = join(cache, 'chromium-1200', 'chrome-linux', 'chrome');
    const older = join(cache, 'chromium-1100', 'chrome-linux', 'chrome');
    expect(chooseChromium(env, (path) => path === newest || path === older, noInstall)).toEqual({ path: newest });
  });

  it('outside CI, skips with a message that names the override, and installs nothing', () => {
    const choice = chooseChromium({ CI: 'false' }, nothing, noInstall);
    expect(choice).toEqual({ skip: expect.stringMatching(/^no Chromium found .*set RAFT_CHECK_CHROMIUM=/) });
  });

  it('in CI, installs when missing, and fails when the install did not help', () => {
    let installed = false;
    const afterInstall = (path: string): boolean => installed && path === '/usr/bin/chromium';
    expect(chooseChromium({ CI: 'true' }, afterInstall, () => (installed = true))).toEqual({ path: '/usr/bin/chromium' });
    expect(() => chooseChromium({ CI: 'true' }, nothing, () => undefined)).toThrow(/CI: no Chromium/);
  });
});
