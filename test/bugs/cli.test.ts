/**
 * The bug catalog on the command line (the built CLI, as a user runs it):
 * `raft-check bugs` lists every bug, an unknown `--bug` is a one-line usage
 * error (exit 2), and `raft-check power` prints the table and exits 0 when
 * every measured bug was caught within the cap.
 */

import { describe, expect, it } from 'vitest';
import { BUGS } from '../../src/bugs/catalog.js';
import { firstFailingSeed } from '../../src/bugs/power.js';
import { defaultSystem } from '../../src/sim/index.js';
import { runCliInProcess } from '../cli/run-in-process.js';

describe('raft-check bugs / power / --bug', () => {
  it('`raft-check bugs` lists one line per catalogued bug', async () => {
    const run = await runCliInProcess(['bugs']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(BUGS.length);
    for (const bug of BUGS) expect(run.stdout).toContain(bug.name);
  });

  it('an unknown --bug is a usage error naming `raft-check bugs`', async () => {
    const run = await runCliInProcess(['--seed', '1', '--bug', 'no-such-bug']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('unknown --bug no-such-bug: run `raft-check bugs`');
  });

  it('`raft-check power` measures the named bugs and prints the table', async () => {
    const run = await runCliInProcess(['power', '--bug', 'snapshot-without-sessions', '--bug', 'no-dedup-on-apply', '--cap', '30', '--shrink-budget', '0', '--workers', '2']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/\| snapshot-without-sessions +\| snapshots +\| \d+ +\| safety:StateMachineSafety/);
    expect(run.stdout).toMatch(/\| no-dedup-on-apply +\| clients +\| \d+ +\| linearizability/);
    expect(run.stdout).toContain('2/2 bugs caught within 30 seeds');
  });

  it('`raft-check power --json` gives machine-readable rows; an uncaught bug makes the exit code 1', async () => {
    const run = await runCliInProcess(['power', '--bug', 'stale-vote-counted', '--cap', '2', '--shrink-budget', '0', '--json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { cap: number; rows: { bug: string; seedsToFailure: number | null }[] };
    expect(report.cap).toBe(2);
    expect(report.rows).toEqual([expect.objectContaining({ bug: 'stale-vote-counted', seedsToFailure: null })]);
  });

  it('`raft-check power --from S` searches the window S..S+cap-1 and counts seeds from S; the replay line names the seed itself', async () => {
    const run = await runCliInProcess(['power', '--bug', 'stale-local-read', '--from', '3', '--cap', '20', '--shrink-budget', '0', '--workers', '1', '--json']);
    const report = JSON.parse(run.stdout) as { from: number; rows: { seedsToFailure: number | null; seed: number | null }[] };
    const expected = firstFailingSeed('stale-local-read', 22, defaultSystem, 3);
    expect(expected).not.toBeNull();
    expect(report.from).toBe(3);
    expect(report.rows[0]).toEqual(expect.objectContaining({ seed: expected!.seed, seedsToFailure: expected!.seed - 2 }));
    const text = await runCliInProcess(['power', '--bug', 'stale-local-read', '--from', '3', '--cap', '20', '--shrink-budget', '0', '--workers', '1']);
    expect(text.stdout).toContain('seeds 3..22 per bug (counted from 3)');
    expect(text.stdout).toContain(`replay stale-local-read: raft-check --seed ${expected!.seed} --bug stale-local-read`);
  });

  it('`raft-check power --from 0` is a one-line usage error', async () => {
    const run = await runCliInProcess(['power', '--from', '0', '--cap', '5']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--from must be an integer');
  });
});
