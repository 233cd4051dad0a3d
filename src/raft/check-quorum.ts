/**
 * CheckQuorum (dissertation section 6.2): a leader that has not heard from a
 * majority of the cluster (itself included) within an election timeout steps
 * down. Without it a leader cut off from the majority leads on forever: its
 * clients wait on it, and (with leases) it would serve reads the majority has
 * moved past.
 */

import type { NodeId } from '../harness/api.js';
import { declareMarks, mark } from '../util/marks.js';
import type { RaftNode } from './node.js';
import { hasVoteQuorum } from './quorum.js';

declareMarks({
  'check-quorum-stepped-down': 'a leader that had not heard from a majority within an election timeout stepped down (CheckQuorum)',
});

/** Any message of the leader's term from a peer shows the peer is there. */
export function noteHeardByLeader(node: RaftNode, from: NodeId): void {
  node.heardThisRound.add(from);
}

/**
 * Leader tick: once per election timeout, step down unless a majority was heard since the last check.
 * `elapsed` counts the ticks a busy leader missed (a stream of proposals, each behind its own fsync, can
 * hold its ticks back for hundreds of ms): CheckQuorum is a time bound, like the lease it makes safe, so a
 * leader flooded by its clients while cut off must still step down on time (seed 363 of a round-5 branch:
 * an isolated leader saw 2 ticks in 450 ms and led on).
 */
export function checkQuorumTick(node: RaftNode, elapsed: number): void {
  node.checkQuorumElapsed += elapsed;
  if (node.checkQuorumElapsed < node.electionTimeout) return;
  node.checkQuorumElapsed = 0;
  node.heardThisRound.add(node.id);
  const heardMajority = hasVoteQuorum(node.heardThisRound, node.cluster);
  // Bug `check-quorum-never-reset`: who was heard is never forgotten, so one answer counts in every later round.
  if (!node.bug['check-quorum-never-reset']) node.heardThisRound.clear();
  if (heardMajority) return;
  mark('check-quorum-stepped-down');
  node.becomeFollower(node.currentTerm, null);
}
