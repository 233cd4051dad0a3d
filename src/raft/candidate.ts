/** Candidate handlers: tally votes of the current term by distinct voter. */

import type { NodeId } from '../harness/api.js';
import { assert } from '../util/assert.js';
import type { RequestVoteReply } from './messages.js';
import type { RaftNode } from './node.js';
import { hasVoteQuorum } from './quorum.js';

/** Figure 2, candidates: "If votes received from majority of servers: become leader." */
export function onRequestVoteReply(node: RaftNode, from: NodeId, reply: RequestVoteReply): void {
  // node.ts drops replies of other terms: a grant from an earlier candidacy never counts here.
  assert(node.role === 'candidate' && reply.term === node.currentTerm, 'vote reply reached the wrong role or term');
  if (!reply.granted) return;
  node.votes.add(from);
  if (hasVoteQuorum(node.votes, node.cluster)) node.becomeLeader();
}
