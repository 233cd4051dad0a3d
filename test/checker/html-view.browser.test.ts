/**
 * Goal: the HTML view works in a real browser: no console errors, the
 * highlighted stuck operation is the one the checker reported, hovering shows
 * its description, and a 2000-operation history stays quick. Method: render
 * Porcupine reference results, open them in headless Debian chromium through
 * playwright-core (launched with the project's shared flags), and save
 * screenshots under test-output/.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkHistory, parseHistory, renderHtml, type CheckResult, type HistoryFile } from '@raft-check/checker';
import { PORCUPINE_DATA, REPOSITORY_ROOT } from './shared-data.js';
import { useChromium } from '../report/browser.js';

const OUTPUT = path.join(REPOSITORY_ROOT, 'test-output');
const browser = useChromium(OUTPUT);

interface Rendered {
  history: HistoryFile;
  result: CheckResult;
  file: string;
}

function render(name: string, options: Parameters<typeof checkHistory>[1] = {}): Rendered {
  const history = parseHistory(readFileSync(path.join(PORCUPINE_DATA, name), 'utf8'), { fileName: name });
  const result = checkHistory(history, options);
  const file = path.join(OUTPUT, `checker-${path.basename(name).replace(/\.\w+$/, '')}.html`);
  writeFileSync(file, renderHtml(result, history, { title: name }));
  return { history, result, file };
}

/** Opens the page, failing on any console error, page error or network request. */
async function open(file: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser().newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) errors.push(`network request: ${request.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  return { page, errors };
}

describe('HTML view in headless chromium', () => {
  it('highlights the stuck operation the checker reported, with a tooltip on hover', async () => {
    const { result, file } = render('kv/c01-bad.txt');
    expect(result.verdict).toBe('not linearizable');
    const failed = result.partitions.find((partition) => partition.verdict === 'not linearizable')!;
    const { page, errors } = await open(file);

    const stuck = page.locator('[data-stuck="true"]');
    expect(await stuck.count()).toBe(1);
    expect(await stuck.getAttribute('data-op-index')).toBe(String(failed.stuckOperation));
    expect(await page.locator('#verdict').textContent()).toBe('not linearizable');
    const section = page.locator('section.partition', { has: stuck });
    expect(await section.getAttribute('data-partition')).toBe(failed.name);
    expect(await page.locator('.op.in-prefix').count()).toBeGreaterThanOrEqual(failed.longestPrefixes[0]!.operations.length);

    await page.click('#jump-to-stuck');
    await stuck.hover();
    const tooltip = page.locator('#tooltip');
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    expect(await tooltip.textContent()).toContain(`operation ${failed.stuckOperation}`);
    expect(await tooltip.textContent()).toContain('STUCK');
    await page.screenshot({ path: path.join(OUTPUT, 'checker-c01-bad.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a linearizable history with no stuck operation', async () => {
    const { file } = render('jepsen/etcd_002.log');
    const { page, errors } = await open(file);
    expect(await page.locator('#verdict').textContent()).toBe('linearizable');
    expect(await page.locator('[data-stuck="true"]').count()).toBe(0);
    expect(await page.locator('.op.in-prefix').count()).toBe(77);
    await page.screenshot({ path: path.join(OUTPUT, 'checker-etcd_002.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('stays usable for about 2000 operations (kv/c50-bad)', async () => {
    const { result, file } = render('kv/c50-bad.txt');
    const failed = result.partitions.find((partition) => partition.verdict === 'not linearizable')!;
    const { page, errors } = await open(file);
    expect(await page.locator('.op').count()).toBe(2024);
    const stuck = page.locator('[data-stuck="true"]');
    expect(await stuck.getAttribute('data-op-index')).toBe(String(failed.stuckOperation));
    await page.click('#jump-to-stuck');
    await stuck.hover();
    await expect.poll(() => page.locator('#tooltip').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(OUTPUT, 'checker-c50-bad.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
