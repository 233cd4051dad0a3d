/**
 * Leader stickiness (dissertation section 4.2.3): a node that heard from a
 * current leader within the minimum election timeout ignores RequestVote: it
 * neither raises its term nor grants. Leases depend on it (lease.ts: a
 * follower that answered the leader's round must not help elect another
 * leader before the lease runs out), and CheckQuorum makes it sensible (a
 * node that cannot reach the leader cannot disrupt the ones that can). A
 * leadership-transfer election (section 3.10) is started on the leader's
 * request and goes through.
 */

import type { NodeFeatures } from '../harness/api.js';
import { declareMarks, mark } from '../util/marks.js';
import type { RequestVote } from './messages.js';
import type { RaftNode } from './node.js';

declareMarks({
  'vote-ignored-leader-recently-heard': 'a RequestVote of a newer term was ignored: the node heard from a current leader within the minimum election timeout',
});

export function stickinessOn(features: NodeFeatures): boolean {
  return features.readMode === 'lease' || features.checkQuorum;
}

/** Whether `request` (of any term) must be ignored, before the term comparison. */
export function ignoresVoteRequest(node: RaftNode, request: RequestVote): boolean {
  if (request.term <= node.currentTerm || request.leadershipTransfer === true || !stickinessOn(node.options.features)) return false;
  const minTicks = node.options.tuning.electionTimeoutMinTicks;
  // A leader hears from itself. A node that started less than a timeout ago
  // may have answered a leader's round just before it crashed: it forgot
  // that, so it waits as if it had heard. Time since the leader's last
  // message, not the election timer: a node that may not stand (not yet in
  // its own configuration, or repairing damaged storage) restarts its timer
  // at every timeout without hearing anyone, and would ignore every
  // RequestVote for good, never learning a newer term (seed 751: a new
  // member, still following the leader of term 2, withheld the vote a
  // majority needed).
  const recent = node.role === 'leader' || node.ticks < minTicks || (node.leaderId !== null && node.ticksSinceLeaderHeard < minTicks);
  if (recent) mark('vote-ignored-leader-recently-heard');
  return recent;
}
