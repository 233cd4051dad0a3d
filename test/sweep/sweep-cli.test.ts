/**
 * Sweeps end to end through the built CLI (worker threads need the built
 * JavaScript): the result of a seed never depends on worker count or shard,
 * shards cover a range exactly once, reports are written, bad input is one
 * line and exit 2.
 */

import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

interface SweepJson {
  range: { first: number; last: number };
  seedsRun: number;
  passed: number;
  failed: number;
  totals: Record<string, number>;
  marks: Record<string, number>;
}

function sweepJson(args: string[]): SweepJson {
  const run = runCli([...args, '--json']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as SweepJson;
}

describe('sweeps', () => {
  it('give the same totals on one worker and on two', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const one = sweepJson(['--seeds', '1..16', '--workers', '1', '--save', dir]);
    const two = sweepJson(['--seeds', '1..16', '--workers', '2', '--save', dir]);
    expect(one.seedsRun).toBe(16);
    expect(one.passed).toBe(16);
    expect(two.totals).toEqual(one.totals);
    expect(two.marks).toEqual(one.marks);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('split into shards that together run every seed once, with the same totals', () => {
    const whole = sweepJson(['--seeds', '10..30']);
    const shards = [1, 2, 3].map((k) => sweepJson(['--seeds', '10..30', '--shard', `${k}/3`]));
    expect(shards.map((s) => s.range)).toEqual([
      { first: 10, last: 16 },
      { first: 17, last: 23 },
      { first: 24, last: 30 },
    ]);
    expect(shards.reduce((sum, s) => sum + s.seedsRun, 0)).toBe(21);
    for (const name of Object.keys(whole.totals)) {
      expect(shards.reduce((sum, s) => sum + (s.totals[name] ?? 0), 0), name).toBe(whole.totals[name]);
    }
  });

  it('print a readable summary and write JUnit XML', () => {
    const junit = join(mkdtempSync(join(tmpdir(), 'junit-')), 'out.xml');
    const run = runCli(['--seeds', '1..6', '--junit', junit]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^sweep 1\.\.6: 6 seeds run, 6 passed, 0 failed$/m);
    expect(run.stdout).toMatch(/^faults: \d+ crashes, \d+ restarts/m);
    expect(run.stdout).toMatch(/^coverage marks: \d+\/\d+ hit/m);
    expect(run.stdout).toMatch(/^verdict: PASS$/m);
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(6);
    expect(xml).toContain('failures="0"');
  });

  it.each([
    [['--seeds', '5..1'], /empty seed range 5\.\.1/],
    [['--seeds', '1..10', '--shard', '3/2'], /--shard 3\/2: K must be between 1 and N/],
    [['--seeds', '1..10', '--shard', 'x'], /--shard takes K\/N/],
    [['--seeds', 'many'], /--seeds takes a range/],
    [['--seeds', '1..3', '--seed', '4'], /does not combine with --seed/],
    [['--seeds', '1..3', '--workers', '0'], /--workers must be an integer/],
  ])('reject %j in one line with exit 2', (args, message) => {
    const run = runCli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });
});
