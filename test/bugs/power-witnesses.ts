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
  'vote-cleared-by-leader-message': 82,
  'stale-vote-counted': 43,
  'vote-by-candidate-term': 10,
  'vote-without-log-check': 10,
  'election-timer-not-reset-on-heartbeat': 10,
  'term-not-persisted-on-step-down': 6,
  'stale-term-append-accepted': 2,
  'truncate-on-matching-append': 1,
  'append-keeps-stale-suffix': 2,
  'commit-not-clamped': 2,
  'commit-is-leader-commit': 1,
  'match-index-at-reply-time': 1,
  'next-index-decrement-on-any-rejection': 1,
  'conflict-term-backoff-skips-matching-entry': 22,
  'earlier-term-committed-by-count': 103,
  'send-before-fsync': 2,
  'torn-tail-kept': 3,
  'vote-not-persisted': 1,
  'wal-compacted-before-snapshot': 11,
  'stale-snapshot-installed': 12,
  'match-index-from-last-send': 1,
  'snapshot-drops-matching-tail': 1,
  'snapshot-without-sessions': 1,
  'no-dedup-on-apply': 1,
  'ack-by-log-index': 2,
  'stale-local-read': 11,
  'pre-vote-raises-term': 1,
  'check-quorum-never-reset': 116,
  'transfer-never-aborted': 81,
  'two-config-changes-in-flight': 71,
  'learner-counted-in-quorum': 175,
  'removed-leader-counts-itself': 58,
  'wal-corruption-treated-as-torn-tail': 42,
  'damaged-node-votes': 43,
  'repair-done-before-commit': 355,
  'zeroed-record-read-as-log-end': 195,
  'read-index-before-term-commit': 26,
  'lease-read-before-term-commit': 43,
  'hard-state-copy-never-read': 73,
  'damaged-tail-read-as-torn': 42,
};
