/**
 * Sweeps end to end through the built CLI (worker threads need the built
 * JavaScript): the result of a seed never depends on worker count or shard,
 * shards cover a range exactly once and agree on `--seeds N`, results go to
 * their own folder, bad input is one line and exit 2.
 */

import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SweepJson } from '../../src/sweep/sweep-json.js';
import type { CliRun } from '../cli/run-cli.js';
import { runCliInProcess } from '../cli/run-in-process.js';
import { runFlagsErrorOf } from '../cli/parse-in-process.js';

const scratch = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

async function sweepJson(args: string[]): Promise<SweepJson> {
  const run = await runCliInProcess([...args, '--json', ...(args.includes('--results') ? [] : ['--results', scratch('results-')])]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as SweepJson;
}

describe('sweeps', () => {
  it('give the same totals on one worker and on two', async () => {
    const one = await sweepJson(['--seeds', '1..8', '--workers', '1']);
    const two = await sweepJson(['--seeds', '1..8', '--workers', '2']);
    expect(one.seedsRun).toBe(8);
    expect(one.passed).toBe(8);
    expect(two.totals).toEqual(one.totals);
    expect(two.marks).toEqual(one.marks);
  });

  it('record what makes them one sweep: format, range and shard, overrides and bugs, system, fingerprint', async () => {
    const sweep = await sweepJson(['--seeds', '10..15', '--shard', '2/2', '--nodes', '5', '--bug', 'read-index-before-term-commit', '--profile', 'calm', '--workers', '1']);
    expect(sweep.format).toBe('raft-check/sweep@1');
    expect(sweep.range).toEqual({ first: 10, last: 15 });
    expect(sweep.shard).toEqual({ index: 2, count: 2 });
    expect(sweep.slice).toEqual({ first: 13, last: 15 });
    expect(sweep.overrides).toEqual({ nodes: 5, profile: 'calm' });
    expect(sweep.bugs).toEqual(['read-index-before-term-commit']);
    expect(sweep.system).toBeNull();
    expect(sweep.fingerprint).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{8}$/);
  });

  it('--seeds N with --shard: every shard derives the same start, and the shards merge', async () => {
    const dir = scratch('shards-');
    const shards: SweepJson[] = [];
    // One at a time: an in-process run borrows the process's stdout.
    for (const k of [1, 2, 3]) shards.push(await sweepJson(['--seeds', '6', '--shard', `${k}/3`, '--workers', '1']));
    expect(new Set(shards.map((shard) => JSON.stringify(shard.range))).size).toBe(1);
    expect(shards.map((shard) => shard.slice.first)).toEqual([0, 2, 4].map((offset) => shards[0]!.range.first + offset));
    const files = shards.map((shard, i) => {
      const file = join(dir, `shard-${i + 1}.json`);
      writeFileSync(file, JSON.stringify(shard));
      return file;
    });
    const merged = await runCliInProcess(['merge', ...files]);
    expect(merged.stderr).toBe('');
    expect(merged.status).toBe(0);
    expect(merged.stdout).toMatch(/^6 seeds run, 6 passed, 0 failed$/m);
    const missing = await runCliInProcess(['merge', files[0]!, files[2]!]);
    expect(missing.status).toBe(6);
    expect(missing.stderr).toMatch(/^raft-check merge: incomplete sweep: missing shard 2\/3 \(seeds \d+\.\.\d+\)/);
    const twice = await runCliInProcess(['merge', ...files, files[1]!]);
    expect(twice.status).toBe(6);
    expect(twice.stderr).toMatch(/shard 2\/3 is given twice/);
    expect(missing.stdout + twice.stdout).toBe('');
  });

  it('print a readable summary, write JUnit XML with a suite name per shard, and fill a results folder', async () => {
    const junit = (k: number): string => join(scratch('junit-'), `shard-${k}.xml`);
    const results = scratch('results-');
    const files = [junit(1), junit(2)];
    const runs: CliRun[] = [];
    for (const [i, file] of files.entries()) runs.push(await runCliInProcess(['--seeds', '1..4', '--shard', `${i + 1}/2`, '--junit', file, '--results', results, '--workers', '1']));
    for (const run of runs) expect(run.status).toBe(0);
    expect(runs[0]!.stdout).toMatch(/^sweep 1\.\.2 \(shard 1\/2 of 1\.\.4\): 2 seeds run, 2 passed, 0 failed$/m);
    expect(runs[0]!.stdout).toMatch(/^faults: \d+ crashes \(\d+ of leaders\), \d+ restarts/m);
    expect(runs[0]!.stdout).toMatch(/^coverage marks: \d+\/\d+ hit/m);
    expect(runs[0]!.stdout).toMatch(/^verdict: PASS$/m);
    const xml = files.map((file) => readFileSync(file, 'utf8'));
    expect(xml[0]!.match(/<testcase /g)).toHaveLength(2);
    expect(xml[0]).toContain('failures="0"');
    const suiteNames = xml.map((text) => /<testsuite name="([^"]*)"/.exec(text)?.[1]);
    expect(suiteNames).toEqual(['raft-check sweep 1..4 shard 1/2', 'raft-check sweep 1..4 shard 2/2']);

    const folders = readdirSync(results).filter((name) => name !== 'latest').sort();
    expect(folders).toHaveLength(2);
    for (const folder of folders) expect(folder).toMatch(/^\d{8}-\d{6}-1\.\.4-shard[12]of2(-\d+)?$/);
    expect(readdirSync(join(results, 'latest')).sort()).toEqual(['failures', 'index.html', 'junit.xml', 'summary.txt', 'sweep.json']);
    expect(runs[1]!.stdout).toContain(`results: ${join(results, folders.find((name) => name.includes('shard2'))!, 'index.html')}`);
  });

  it('--junit never overwrites an existing file', async () => {
    const file = join(scratch('junit-'), 'out.xml');
    writeFileSync(file, 'mine');
    const run = await runCliInProcess(['--seeds', '1..2', '--junit', file, '--results', scratch('results-')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/already exists/);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it.each([
    [['--seeds', '5..1'], /empty seed range 5\.\.1/],
    [['--seeds', '-5..3'], /the first seed must be a whole number >= 0, got -5/],
    [['--seeds', '1..10', '--shard', '3/2'], /--shard 3\/2: K must be between 1 and N/],
    [['--seeds', '1..10', '--shard', 'x'], /--shard takes K\/N/],
    [['--seeds', 'many'], /--seeds takes a range/],
    [['--seeds', '1..3', '--workers', '0'], /--workers must be an integer/],
    [['--seeds', '1..3', '--workers', '1000'], /--workers must be an integer in \[1, \d+\]/],
    [['--seeds', '1..3', '--save', 'package.json'], /--save package\.json is a file, not a folder/],
    [['--seeds', '1..3', '--results', 'package.json'], /--results package\.json is a file, not a folder/],
    [['--seeds', '1..3', '--time-limit', '10'], /--time-limit takes a duration with a unit/],
    [['--seed', '1', '--json', '--trace'], /--json prints one JSON document; it does not combine with --trace/],
  ])('reject %j in one line with exit 2', async (args, message) => {
    const run = await runCliInProcess(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  // Checked before anything runs (the parser, then sweep-options.ts), with the handlers left out; the table above runs
  // whole commands (in-process), and help-and-errors.test.ts spawns some for the process's one line and exit 2.
  it.each([
    [['--seeds', '1..3', '--seed', '4'], /does not combine with --seed/],
    [['--seed', '1', '--junit', 'x.xml'], /--junit only applies to a sweep/],
    [['--seed', '1', '--workers', '2'], /--workers only applies to a sweep/],
    [['--seed', '1', '--save', 'histories', '--fail-fast'], /--fail-fast, --save only apply to a sweep/],
  ])('reject %j before running', (args, message) => {
    expect(runFlagsErrorOf(args)).toMatch(message);
  });
});

describe('a single run with --json', () => {
  it('prints the run as one JSON document, the same run as the text output', async () => {
    const run = await runCliInProcess(['--seed', '3', '--json']);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as { format: string; seed: number; traceHash: string; failure: unknown; exitCode: number; replay: string };
    expect(json).toMatchObject({ format: 'raft-check/run@1', seed: 3, failure: null, exitCode: 0, replay: 'raft-check --seed 3' });
    const text = await runCliInProcess(['--seed', '3']);
    expect(text.stdout).toContain(`trace hash: ${json.traceHash}`);
  });
});
