/**
 * PreVoteKeepsTerm (dissertation section 9.6), for systems that implement
 * PreVote and run with it on: an election timer that fires only starts a
 * pre-vote, which changes neither term nor vote. A node's term may then rise
 * only on a message: a peer's newer term, the last pre-vote grant of a
 * majority, or the leader's TimeoutNow. A term that rises on a timer tick is a
 * candidacy without pre-votes, the very disruption PreVote exists to prevent
 * (a node cut off from the leader bumps its term again and again, and deposes
 * a healthy leader when it rejoins).
 */

import type { NodeId, NodeInput } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

export function checkPreVoteKeepsTerm(node: NodeId, input: NodeInput<unknown>, termBefore: number, termAfter: number): void {
  if (input.kind !== 'tick' || termAfter <= termBefore) return;
  throw new InvariantViolation(
    'PreVoteKeepsTerm',
    node,
    `n${node} raised its term from ${termBefore} to ${termAfter} on a timer tick with PreVote on: a timeout must start a pre-vote, which keeps the term`,
  );
}
