/**
 * The results store's index.html in chromium, from file://: a sweep with
 * failures writes the folder; the page shows one row per failing seed with
 * its kind, invariant and replay command, the fault totals and coverage
 * marks; its links reach each failure's report, which renders; no console
 * errors and no request beyond file://.
 */

import { existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SweepJson } from '../../src/sweep/sweep-json.js';
import { runCliInProcess } from '../cli/run-in-process.js';
import { openReport, useChromium } from '../report/browser.js';

const outputDir = fileURLToPath(new URL('../../test-output/', import.meta.url));
const browser = useChromium(outputDir);

describe('results index in chromium', () => {
  it('lists the failing seeds with links to their reports, the fault totals and the coverage marks', async () => {
    const results = mkdtempSync(join(tmpdir(), 'results-'));
    const run = await runCliInProcess(['--seeds', '1..3', '--bug', 'snapshot-without-sessions', '--workers', '2', '--results', results]);
    expect(run.status).toBe(1);
    const folder = realpathSync(join(results, 'latest'));
    const sweep = JSON.parse(readFileSync(join(folder, 'sweep.json'), 'utf8')) as SweepJson;
    expect(sweep.failures.length).toBeGreaterThan(0);

    const { page, errors, requests } = await openReport(browser(), join(folder, 'index.html'));
    expect(await page.locator('#verdict').textContent()).toBe('FAIL');
    const rows = await page.locator('#failures tr.failure').evaluateAll((elements) =>
      elements.map((row) => ({
        seed: Number(row.getAttribute('data-seed')),
        cells: [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? ''),
        report: row.querySelector('a.report')?.getAttribute('href') ?? null,
        file: row.querySelector('a.file')?.getAttribute('href') ?? null,
      })),
    );
    expect(rows.map((row) => row.seed)).toEqual(sweep.failures.map((failure) => failure.seed));
    for (const [i, row] of rows.entries()) {
      const failure = sweep.failures[i]!;
      expect(row.cells[2]).toBe(failure.invariant);
      expect(row.cells[5]).toBe(failure.replay);
      expect(row.report).not.toBeNull();
      expect(existsSync(join(folder, decodeURIComponent(row.report!)))).toBe(true);
      expect(existsSync(join(folder, decodeURIComponent(row.file!)))).toBe(true);
    }
    expect(await page.locator('#totals tr[data-name="crashes"] td.count').textContent()).toBe(String(sweep.totals.crashes));
    expect(await page.locator('#marks tbody tr').count()).toBeGreaterThan(10);
    await page.screenshot({ path: `${outputDir}results-index.png`, fullPage: true });

    // Following a report link from file:// opens the failing run's report.
    await page.locator('#failures a.report').first().click();
    await page.waitForSelector('body[data-rendered]', { timeout: 20_000 });
    expect(page.url()).toMatch(/^file:\/\/.*\/failures\/seed-\d+-bug-snapshot-without-sessions\.html$/);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
