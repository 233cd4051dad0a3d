/**
 * The harness's power, pinned: every catalogued bug must be caught by the
 * drawn seed worlds within its seed budget (about twice the seeds it took
 * when measured with `raft-check power`, 2026-11-30 15:03, every oracle on), and the
 * seed that catches it must pass with the bug switched off, so the failure is
 * the bug's and not the harness's, and its failure label must be the catalog's
 * expectedFailure (a bug first caught by another oracle changes the catalog). A bug whose budget runs out means the
 * swarm (or the invariants) lost power: tune them, do not raise the budget
 * without measuring again.
 */

import { describe, expect, it } from 'vitest';
import { BUG_NAMES, bugEntry, type BugName } from '../../src/bugs/catalog.js';
import { firstFailingSeed, type FirstFailure } from '../../src/bugs/power.js';
import { failureKindLabel } from '../../src/sim/index.js';
import { defaultSystem } from '../../src/sim/default-system.js';
import { runSeed } from '../../src/sim/run.js';
import { CLEAN_SWEEP_LAST_SEED } from '../support/clean-sweep.js';

/** Seeds each bug may take: max(2 x measured, measured + 10), at most 500 (measured with `raft-check power`, 2026-11-30 15:03, every oracle on). */
const SEED_BUDGET: Record<BugName, number> = {
  'vote-cleared-by-leader-message': 66, // measured: 33 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'stale-vote-counted': 128, // measured: 64 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'vote-by-candidate-term': 16, // measured: 6 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'vote-without-log-check': 16, // measured: 6 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'election-timer-not-reset-on-heartbeat': 16, // measured: 6 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'term-not-persisted-on-step-down': 30, // measured: 15 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'stale-term-append-accepted': 12, // measured: 2 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'truncate-on-matching-append': 11, // measured: 1 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'append-keeps-stale-suffix': 12, // measured: 2 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'commit-not-clamped': 12, // measured: 2 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'commit-is-leader-commit': 11, // measured: 1 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'match-index-at-reply-time': 11, // measured: 1 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'next-index-decrement-on-any-rejection': 11, // measured: 1 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'conflict-term-backoff-skips-matching-entry': 20, // measured: 10 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'earlier-term-committed-by-count': 182, // measured: 91 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'send-before-fsync': 12, // measured: 2 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'torn-tail-kept': 13, // measured: 3 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'vote-not-persisted': 11, // measured: 1 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'wal-compacted-before-snapshot': 22, // measured: 11 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'stale-snapshot-installed': 80, // measured: 40 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'match-index-from-last-send': 11, // measured: 1 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'snapshot-drops-matching-tail': 17, // measured: 7 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'snapshot-without-sessions': 11, // measured: 1 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'no-dedup-on-apply': 22, // measured: 11 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'ack-by-log-index': 12, // measured: 2 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'stale-local-read': 11, // measured: 1 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'pre-vote-raises-term': 11, // measured: 1 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'check-quorum-never-reset': 360, // measured: 180 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'transfer-never-aborted': 162, // measured: 81 (2026-11-30, with transition faults and leader faults that wait for the winner)
  // Membership changes (measured 2026-11-30 14:18, the same with --no-self-checks).
  'two-config-changes-in-flight': 142, // measured: 71 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'learner-counted-in-quorum': 112, // measured: 56 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'removed-leader-counts-itself': 70, // measured: 35 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'wal-corruption-treated-as-torn-tail': 84, // measured: 42 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'damaged-node-votes': 94, // measured: 47 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'repair-done-before-commit': 500, // measured: 356 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'zeroed-record-read-as-log-end': 500, // measured: 486 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'read-index-before-term-commit': 20, // measured: 10 (2026-11-30, with transition faults and leader faults that wait for the winner)
  'lease-read-before-term-commit': 20, // measured: 10 (2026-11-30, with transition faults and leader faults that wait for the winner)
};

const caught = new Map<BugName, FirstFailure | null>();

/** The first seed (within the budget) that catches `bug`; searched once per test file. */
function catchOf(bug: BugName): FirstFailure | null {
  if (!caught.has(bug)) caught.set(bug, firstFailingSeed(bug, SEED_BUDGET[bug], defaultSystem));
  return caught.get(bug)!;
}

describe('every catalogued bug is caught within its seed budget', () => {
  it('has a budget for every bug, none above 500 seeds', () => {
    expect(Object.keys(SEED_BUDGET).sort()).toEqual([...BUG_NAMES].sort());
    for (const budget of Object.values(SEED_BUDGET)) expect(budget).toBeLessThanOrEqual(500);
  });

  for (const bug of BUG_NAMES) {
    it(`${bug}: caught within ${SEED_BUDGET[bug]} seeds, and the catching seed passes without the bug`, () => {
      const found = catchOf(bug);
      expect(found, `${bug} not caught in seeds 1..${SEED_BUDGET[bug]}`).not.toBeNull();
      const seed = found!.seed;
      const failure = found!.result.failure!;
      expect(failureKindLabel(failure), `${bug} was first caught by another oracle than the catalog says`).toBe(bugEntry(bug).expectedFailure);
      const clean = runSeed(seed, {}, defaultSystem);
      expect(clean.failure, `seed ${seed} fails without ${bug} too`).toBeNull();
    });
  }

  it('the correct code passes every seed the bugs were searched on', () => {
    const last = Math.max(...BUG_NAMES.map((bug) => catchOf(bug)?.seed ?? 0));
    // test/sim/sweep.test.ts runs seeds 1..CLEAN_SWEEP_LAST_SEED the same way (our Raft, every oracle on); only seeds past those run here.
    expect(firstFailingSeed(null, last, defaultSystem, CLEAN_SWEEP_LAST_SEED + 1)).toBeNull();
  });
});
