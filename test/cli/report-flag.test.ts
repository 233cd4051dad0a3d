/** `--report` on a run, and the reports a sweep writes beside each saved failure. */

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from './run-in-process.js';

describe('HTML reports from the command line', () => {
  it('--report writes a self-contained report whose failure point is the verdict printed', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'report-')), 'run.html');
    // Seed 4: the first seed that catches the bug since round 9's vote replays, outages and echoes (it was 6, then 2, then 6, then 11).
    const run = await runCliInProcess(['--seed', '4', '--bug', 'no-dedup-on-apply', '--report', path]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^report: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ KB\\)$`, 'm'));
    const html = readFileSync(path, 'utf8');
    expect(html).toContain('data-failure-point');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
  });

  it('--report into a missing folder is a usage error before anything runs', async () => {
    const run = await runCliInProcess(['--seed', '1', '--report', '/no/such/folder/run.html']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/folder .* does not exist/);
  });

  it('a sweep saves a report beside each failure file, and the files pass regress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bug-sweep-'));
    const run = await runCliInProcess(['--seeds', '1..4', '--bug', 'no-dedup-on-apply', '--save', dir, '--results', join(dir, 'results')]);
    expect(run.status).toBe(1);
    const files = readdirSync(dir).sort();
    const json = files.filter((name) => name.endsWith('.json'));
    expect(json.length).toBeGreaterThan(0);
    for (const name of json) expect(existsSync(join(dir, name.replace(/\.json$/, '.html'))), name).toBe(true);
    expect((await runCliInProcess(['regress', dir])).status).toBe(0);
  });
});
