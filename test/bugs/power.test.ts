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

/** Seeds each bug may take: max(2 x measured, measured + 10), at most 500 (measured with `raft-check power`, 2026-11-30 15:03, every oracle on). */
const SEED_BUDGET: Record<BugName, number> = {
  'vote-cleared-by-leader-message': 298, // measured: 149
  'stale-vote-counted': 218, // measured: 109
  'vote-by-candidate-term': 11, // measured: 1
  'vote-without-log-check': 11, // measured: 1
  'election-timer-not-reset-on-heartbeat': 76, // measured: 38
  'term-not-persisted-on-step-down': 13, // measured: 3
  'stale-term-append-accepted': 12, // measured: 2
  'truncate-on-matching-append': 11, // measured: 1
  'append-keeps-stale-suffix': 22, // measured: 11
  'commit-not-clamped': 82, // measured: 41
  'commit-is-leader-commit': 11, // measured: 1
  'match-index-at-reply-time': 11, // measured: 1
  'next-index-decrement-on-any-rejection': 12, // measured: 2
  'earlier-term-committed-by-count': 44, // measured: 22
  'send-before-fsync': 12, // measured: 2
  'torn-tail-kept': 13, // measured: 3
  'vote-not-persisted': 11, // measured: 1
  'wal-compacted-before-snapshot': 22, // measured: 11
  'stale-snapshot-installed': 13, // measured: 3
  'match-index-from-last-send': 11, // measured: 1
  'snapshot-drops-matching-tail': 14, // measured: 4
  'snapshot-without-sessions': 11, // measured: 1
  'no-dedup-on-apply': 11, // measured: 1
  'ack-by-log-index': 12, // measured: 2
  'stale-local-read': 22, // measured: 11
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
    expect(firstFailingSeed(null, last, defaultSystem)).toBeNull();
  });
});
