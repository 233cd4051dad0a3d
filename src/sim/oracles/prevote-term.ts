/**
 * PreVoteKeepsTerm (dissertation section 9.6), for systems that implement
 * PreVote and run with it on: an election timer that fires only starts a
 * pre-vote, which changes neither term nor vote. A node's term may then rise
 * only on a message: a peer's newer term, the last pre-vote grant of a
 * majority, or the leader's TimeoutNow. A term that rises on a timer tick is a
 * candidacy without pre-votes, the very disruption PreVote exists to prevent
 * (a node cut off from the leader bumps its term again and again, and deposes
 * a healthy leader when it rejoins).
 *
 * One exception, which membership changes make reachable: a voter that is the
 * only voter of its configuration (a cluster shrunk to one node) is itself a
 * majority, so its own pre-vote wins the pre-vote on the tick that starts it
 * and the real election follows at once, raising the term by exactly one. That
 * is PreVote working as designed (no peer exists to disrupt), not a candidacy
 * without pre-votes; a rise of more than one, or any rise on a tick while the
 * configuration has other voters, is still a violation.
 */

import type { NodeId, NodeInput } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

export function checkPreVoteKeepsTerm(
  node: NodeId,
  input: NodeInput<unknown>,
  termBefore: number,
  termAfter: number,
  voters?: readonly NodeId[],
): void {
  if (input.kind !== 'tick' || termAfter <= termBefore) return;
  const soleVoter = voters !== undefined && voters.length === 1 && voters[0] === node;
  if (soleVoter && termAfter === termBefore + 1) return;
  throw new InvariantViolation(
    'PreVoteKeepsTerm',
    node,
    `n${node} raised its term from ${termBefore} to ${termAfter} on a timer tick with PreVote on: a timeout must start a pre-vote, which keeps the term`,
  );
}
