/**
 * The harness's power, pinned: every catalogued bug must be caught by the
 * drawn seed worlds within its seed budget (about twice the seeds it took
 * when measured with `raft-check power`, at least +10, at most 500), and the
 * seed that catches it must pass with the bug switched off, so the failure is
 * the bug's and not the harness's. A bug whose budget runs out means the
 * swarm (or the invariants) lost power: tune them, do not raise the budget
 * without measuring again.
 */

import { describe, expect, it } from 'vitest';
import { BUG_NAMES, type BugName } from '../../src/bugs/catalog.js';
import { failureLabel, firstFailingSeed } from '../../src/bugs/power.js';
import { defaultSystem } from '../../src/sim/default-system.js';
import { runSeed } from '../../src/sim/run.js';

/** Seeds each bug may take (measured seeds-to-first-failure in the comment). */
const SEED_BUDGET: Record<BugName, number> = {
  'vote-cleared-by-leader-message': 500,
  'vote-by-candidate-term': 30,
  'vote-without-log-check': 30,
  'stale-term-append-accepted': 30,
  'truncate-on-matching-append': 12,
  'commit-not-clamped': 30,
  'commit-is-leader-commit': 12,
  'match-index-at-reply-time': 12,
  'next-index-decrement-on-any-rejection': 12,
  'send-before-fsync': 30,
  'torn-tail-kept': 300,
  'wal-compacted-before-snapshot': 200,
  'stale-snapshot-installed': 12,
  'snapshot-without-sessions': 12,
  'no-dedup-on-apply': 12,
  'ack-by-log-index': 40,
  'stale-local-read': 30,
};

describe('every catalogued bug is caught within its seed budget', () => {
  it('has a budget for every bug, none above 500 seeds', () => {
    expect(Object.keys(SEED_BUDGET).sort()).toEqual([...BUG_NAMES].sort());
    for (const budget of Object.values(SEED_BUDGET)) expect(budget).toBeLessThanOrEqual(500);
  });

  for (const bug of BUG_NAMES) {
    it(`${bug}: caught within ${SEED_BUDGET[bug]} seeds, and the catching seed passes without the bug`, () => {
      const found = firstFailingSeed(bug, SEED_BUDGET[bug], defaultSystem);
      expect(found, `${bug} not caught in seeds 1..${SEED_BUDGET[bug]}`).not.toBeNull();
      const seed = found!.seed;
      const failure = found!.result.failure!;
      expect(failureLabel(failure)).not.toBe('unknown');
      const clean = runSeed(seed, {}, defaultSystem);
      expect(clean.failure, `seed ${seed} fails without ${bug} too`).toBeNull();
    });
  }
});
