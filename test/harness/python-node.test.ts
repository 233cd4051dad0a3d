/**
 * Proof 2 of the exec protocol: a node in another language. The naive
 * primary-backup store of examples/python/naive_kv.py (it answers before it
 * replicates) is caught by the linearizability checker within five seeds of
 * a sweep on worker threads, which stops there (--fail-fast: each seed is a
 * few seconds of Python), and the seed it stopped at replays the same way.
 * Its messages carry their promises, so a bug planted in it that no history
 * shows on these seeds (a new primary announcing its term before the term is
 * durable) is caught by a ghost recovery at the first announcement.
 * Without python3 the test is skipped, with a line saying so, except in CI
 * (CI=true), where a missing python3 is a failure.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSystem } from '../../src/harness/system-module.js';
import { runSeed } from '../../src/sim/run.js';
import { cliPath } from '../cli/run-cli.js';
import { repoRoot } from './exec-helpers.js';

const PYTHON_NODE = `exec:python3 ${repoRoot}examples/python/naive_kv.py`;
const hasPython = spawnSync('python3', ['--version']).status === 0;
if (!hasPython) {
  if (process.env['CI'] === 'true') throw new Error('python3 is missing, and CI=true: the Python exec node test must run in CI');
  console.warn('test/harness/python-node.test.ts: skipped, python3 is not installed');
}

interface SweepJson {
  stoppedBy: string | null;
  failures: { seed: number; kind: string }[];
}

describe.skipIf(!hasPython)('the Python exec node (examples/python/naive_kv.py)', () => {
  // The seed the sweep of the first test stopped at, replayed by the second.
  let seed = 0;

  it('is caught by a sweep within five seeds, as not linearizable', () => {
    const save = mkdtempSync(join(tmpdir(), 'python-node-'));
    const run = spawnSync(process.execPath, [cliPath, '--seeds', '1..5', '--workers', '2', '--fail-fast', '--save', save, '--results', join(save, 'results'), '--system', PYTHON_NODE, '--json'], { encoding: 'utf8', timeout: 150_000 });
    expect(run.status, run.stderr).toBe(1);
    const sweep = JSON.parse(run.stdout) as SweepJson;
    expect(sweep.stoppedBy).toBe('fail-fast');
    // With two workers, a seed already running when the first failure arrives may fail too.
    const caught = sweep.failures.find((failure) => failure.kind === 'linearizability');
    expect(caught, run.stdout).toBeDefined();
    seed = caught!.seed;
  }, 180_000);

  it('fails the same way when its failing seed is run again', async () => {
    expect(seed, 'the sweep of the first test found no seed').toBeGreaterThan(0);
    const system = await loadSystem(PYTHON_NODE);
    const first = runSeed(seed, {}, system);
    const again = runSeed(seed, {}, system);
    expect(first.failure?.kind).toBe('linearizability');
    expect(again.traceHash).toBe(first.traceHash);
  }, 120_000);

  it('with a planted bug only its promises show, is failed by a ghost recovery (RestartKeepsTerm)', async () => {
    const failure = runSeed(1, {}, await loadSystem(`${PYTHON_NODE} --announce-before-persist`)).failure;
    expect(failure?.invariant).toBe('RestartKeepsTerm');
    expect(failure?.message).toMatch(/^ghost recovery, as if n\d crashed right after sending n\d \{"type":"heartbeat","term":\d+\}: n\d restarted in term 0 but had sent messages of term \d+$/);
  }, 60_000);
});
