/**
 * Proof 2 of the exec protocol: a node in another language. The naive
 * primary-backup store of examples/python/naive_kv.py (it answers before it
 * replicates) is caught by the linearizability checker within three seeds of
 * a sweep on worker threads, and its failing seed replays the same way.
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
  seedsRun: number;
  failed: number;
  failures: { seed: number; kind: string }[];
}

describe.skipIf(!hasPython)('the Python exec node (examples/python/naive_kv.py)', () => {
  it('is caught by a sweep within five seeds, as not linearizable', () => {
    const save = mkdtempSync(join(tmpdir(), 'python-node-'));
    const run = spawnSync(process.execPath, [cliPath, '--seeds', '1..5', '--workers', '2', '--save', save, '--system', PYTHON_NODE, '--json'], { encoding: 'utf8', timeout: 150_000 });
    expect(run.status, run.stderr).toBe(1);
    const sweep = JSON.parse(run.stdout) as SweepJson;
    expect(sweep.seedsRun).toBe(5);
    expect(sweep.failures.map((failure) => failure.kind)).toContain('linearizability');
  }, 180_000);

  it('fails the same way when its failing seed is run again', async () => {
    const system = await loadSystem(PYTHON_NODE);
    // Seed 2: the first failing seed since transition faults were drawn (seed 5 passes now).
    const first = runSeed(2, {}, system);
    const again = runSeed(2, {}, system);
    expect(first.failure?.kind).toBe('linearizability');
    expect(again.traceHash).toBe(first.traceHash);
  }, 120_000);
});
