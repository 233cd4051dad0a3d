/**
 * Sweeps that could run for ever: seeds are streamed (a range of 10^12 seeds
 * starts as fast as a range of ten), and --time-limit (or Ctrl-C) stops
 * dealing seeds, then prints the exact seeds run so the run repeats.
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSweepJson, type SweepJson } from '../../src/sweep/sweep-json.js';
import { cliPath } from '../cli/run-cli.js';
import { runCliInProcess } from '../cli/run-in-process.js';

const results = (): string => mkdtempSync(join(tmpdir(), 'results-'));

describe('long sweeps', () => {
  it('stream their seeds: --seeds 1..1000000000000 starts at once and stops at the first failure', async () => {
    // snapshot-without-sessions fails on seed 1; building the seed list first would take minutes and gigabytes.
    const run = await runCliInProcess(['--seeds', '1..1000000000000', '--bug', 'snapshot-without-sessions', '--fail-fast', '--workers', '1', '--results', results(), '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const sweep = JSON.parse(run.stdout) as SweepJson;
    expect(sweep.range).toEqual({ first: 1, last: 1_000_000_000_000 });
    expect(sweep.stoppedBy).toBe('fail-fast');
    expect(sweep.failures[0]?.seed).toBe(1);
  });

  it('--time-limit runs seeds from the start until the time is up and prints how to repeat them exactly', async () => {
    const run = await runCliInProcess(['--time-limit', '1500ms', '--workers', '1', '--profile', 'calm', '--results', results()]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^sweep 1\.\.9007199254740991: \d+ seeds run, \d+ passed, 0 failed \(time limit 1500ms reached\)$/m);
    const repeat = /^seeds run: 1\.\.(\d+) \(repeat exactly: raft-check --seeds (1\.\.\d+) --profile calm\)$/m.exec(run.stdout);
    expect(repeat).not.toBeNull();
    const seedsRun = Number(repeat![1]);
    expect(seedsRun).toBeGreaterThan(0);
    expect(run.stdout).toContain(`: ${seedsRun} seeds run`);

    const again = await runCliInProcess(['--seeds', repeat![2]!, '--profile', 'calm', '--workers', '1', '--results', results(), '--json']);
    const sweep = JSON.parse(again.stdout) as SweepJson;
    expect(sweep.seedsRun).toBe(seedsRun);
    expect(sweep.stoppedBy).toBeNull();
  });

  it('--time-limit with a range ends early when the range is done first', async () => {
    const run = await runCliInProcess(['--seeds', '1..2', '--time-limit', '10m', '--workers', '1', '--results', results(), '--json']);
    const sweep = JSON.parse(run.stdout) as SweepJson;
    expect(sweep.seedsRun).toBe(2);
    expect(sweep.stoppedBy).toBeNull();
  });
});

describe('an interrupted sweep', () => {
  it('Ctrl-C stops dealing seeds, then summarizes the prefix that ran and writes its files (exit 130)', async () => {
    const dir = results();
    const junit = join(dir, 'junit.xml');
    const child = spawn(process.execPath, [cliPath, '--seeds', '1..1000000', '--workers', '1', '--profile', 'calm', '--clients', '1', '--ops', '2', '--results', dir, '--junit', junit], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // The Ctrl-C handler is installed before the sweep's folder is made, and seed 1 is dealt in the same synchronous step.
    const sweepFolders = (): string[] => readdirSync(dir).filter((name) => name.startsWith('20'));
    while (sweepFolders().length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(stdout).toMatch(/^sweep 1\.\.1000000: \d+ seeds run, \d+ passed, 0 failed \(interrupted: Ctrl-C\)$/m);
    const repeat = /^seeds run: 1\.\.(\d+) \(repeat exactly: raft-check --seeds 1\.\.\d+ --clients 1 --ops 2 --profile calm\)$/m.exec(stdout);
    expect(repeat).not.toBeNull();
    expect(readFileSync(junit, 'utf8')).toContain('<testsuite');
    const [folder] = sweepFolders();
    const sweep = parseSweepJson(readFileSync(join(dir, folder!, 'sweep.json'), 'utf8'), 'sweep.json');
    expect(sweep.stoppedBy).toBe('interrupted');
    expect(sweep.seedsRun).toBe(Number(repeat![1]));
  });
});
