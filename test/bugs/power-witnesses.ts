/**
 * The seed that first caught each bug when its power was last measured
 * (`raft-check power --cap 500`, the "measured" figures beside the budgets in
 * power.test.ts). A witness proves the budget on its own: if the bug fails
 * that seed, with the catalog's expectedFailure, it is caught within any
 * budget at or above the seed. So power.test.ts runs the witness first and
 * searches seeds 1..budget (the full search, as before) only when the witness
 * no longer catches the bug the catalog's way, e.g. after a change to what
 * the simulator draws moved the seeds; it then prints the new first catch, to
 * pin here. A bug without a witness is always searched.
 */

import type { BugName } from '../../src/bugs/catalog.js';

export const FIRST_CAUGHT: Partial<Record<BugName, number>> = {
  'vote-cleared-by-leader-message': 44,
  'stale-vote-counted': 8,
  'vote-by-candidate-term': 2,
  'vote-without-log-check': 2,
  'election-timer-not-reset-on-heartbeat': 6,
  'term-not-persisted-on-step-down': 1,
  'stale-term-append-accepted': 2,
  'truncate-on-matching-append': 1,
  'append-keeps-stale-suffix': 2,
  'commit-not-clamped': 4,
  'commit-is-leader-commit': 1,
  'match-index-at-reply-time': 1,
  'match-index-from-last-send': 1,
  'next-index-decrement-on-any-rejection': 1,
  'conflict-term-backoff-skips-matching-entry': 18,
  'earlier-term-committed-by-count': 189,
  'send-before-fsync': 1,
  'torn-tail-kept': 3,
  'vote-not-persisted': 1,
  'wal-compacted-before-snapshot': 1,
  'stale-snapshot-installed': 1,
  'snapshot-drops-matching-tail': 1,
  'snapshot-without-sessions': 1,
  'no-dedup-on-apply': 4,
  'ack-by-log-index': 4,
  'stale-local-read': 1,
  'pre-vote-raises-term': 1,
  'check-quorum-never-reset': 13,
  'transfer-never-aborted': 75,
  'two-config-changes-in-flight': 2,
  'learner-counted-in-quorum': 1,
  'removed-leader-counts-itself': 1,
  'wal-corruption-treated-as-torn-tail': 1,
  'damaged-node-votes': 4,
  'repair-done-before-commit': 10,
  'zeroed-record-read-as-log-end': 93,
  'read-index-before-term-commit': 7,
  'lease-read-before-term-commit': 15,
  'hard-state-copy-never-read': 9,
  'damaged-tail-read-as-torn': 1,
  'transfer-keeps-proposals': 1,
  'read-index-without-heartbeat-round': 2,
  'lease-of-own-election-timeout': 57,
};
