/**
 * Lease reads (dissertation section 6.4.1): a leader that a majority
 * confirmed recently serves a read from its state machine at once, without a
 * heartbeat round, for as long as no other leader can have been elected.
 *
 * Why the length is safe. A lease starts when a heartbeat round is sent
 * (the leader's tick count then, read-index.ts) and counts once a majority
 * answered that round. Every answering follower reset its election timer
 * after the round was sent, and the leader-stickiness rule
 * (leader-stickiness.ts) keeps it from voting until it has counted the
 * minimum election timeout on its own clock; any new leader needs one of
 * their votes. A follower's count of `min` ticks spans at least `min - 1` of
 * its tick intervals (its timer was reset between two ticks), and the
 * leader's count of fewer than `lease` ticks since the send spans less than
 * `lease` of its own. Each clock runs within `1 +- maxClockDrift` of true
 * time, so one leader interval is at most (1 + d) / (1 - d) follower
 * intervals, and a lease of (min - 1) * (1 - d) / (1 + d) leader ticks ends
 * before any follower of that majority may vote: the election timeout
 * minimum, less one tick for the timer's phase, divided by the worst ratio of
 * two drifting clocks.
 *
 * A leadership transfer breaks that argument: the target's election is
 * marked as a transfer and stickiness lets it through, so followers that
 * answered a round may elect the target at once. A leader that sent TimeoutNow
 * therefore serves no read by lease for the rest of its term (a transfer that
 * times out leaves it leading, perhaps beside the target it elected; and a
 * delayed TimeoutNow may still start the target's election later): its reads
 * take ReadIndex rounds, which a majority that moved on refuses. TiKV suspects
 * its lease when it transfers leadership for the same reason.
 */

import { declareMarks, mark } from '../util/marks.js';
import type { RaftNode } from './node.js';

declareMarks({
  'read-served-by-lease': 'a leader answered a read from its state machine under its lease, without a heartbeat round',
  'read-lease-expired': 'a lease-mode read found the lease run out and fell back to a ReadIndex round',
});

/** The lease's length in the leader's ticks (0: no lease; every read then takes a ReadIndex round). */
export function leaseTicks(node: RaftNode): number {
  // Bug `lease-of-own-election-timeout` (Consul's LeaderLeaseTimeout equal to its timeout): the leader's own drawn timeout.
  if (node.bug['lease-of-own-election-timeout']) return node.electionTimeout;
  const drift = node.options.maxClockDrift;
  const timerTicks = node.options.tuning.electionTimeoutMinTicks - 1;
  return Math.max(0, Math.floor((timerTicks * (1 - drift)) / (1 + drift)));
}

/** Whether the lease holds now: a confirmed round sent fewer than leaseTicks ago, and an entry of this term committed. */
export function leaseHolds(node: RaftNode): boolean {
  const start = node.reads.leaseForfeited ? null : node.reads.leaseStart;
  // Bug `lease-read-before-term-commit` (adjoint-io/raft #41): a new leader's first confirmed round starts a lease before its term committed anything.
  if (start === null || !(termCommitted(node) || node.bug['lease-read-before-term-commit'])) return false;
  if (node.ticks - start < leaseTicks(node)) {
    mark('read-served-by-lease');
    return true;
  }
  mark('read-lease-expired');
  return false;
}

/**
 * Section 6.4 step 1: only once an entry of its own term is committed does a
 * new leader know the commit index of the terms before it.
 */
export function termCommitted(node: RaftNode): boolean {
  return node.log.termAt(node.commitIndex) === node.currentTerm;
}
