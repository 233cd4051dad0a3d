/**
 * PreVote (dissertation section 9.6). A node whose election timer fires does
 * not raise its term at once: it first asks whether a majority would vote for
 * it in currentTerm + 1. A voter says yes only if the candidate's log is at
 * least as up-to-date as its own and it has not heard from a leader within
 * the minimum election timeout. Neither side changes its term or its vote,
 * so a node cut off from the leader (or rejoining after a partition) cannot
 * depose a healthy leader by bumping the term; only a pre-candidate with a
 * majority of grants goes on to a real election.
 */

import type { NodeId } from '../harness/api.js';
import { declareMarks, mark } from '../util/marks.js';
import type { PreVote, PreVoteReply } from './messages.js';
import type { RaftNode } from './node.js';
import { hasVoteQuorum } from './quorum.js';
import { randomElectionTimeout } from './timing.js';

declareMarks({
  'pre-vote-rejected-leader-known': 'a pre-vote was refused because the voter had heard from a leader within the minimum election timeout',
  'pre-vote-rejected-log-behind': 'a pre-vote was refused because the pre-candidate\'s log was behind',
  'pre-vote-withheld-while-damaged': 'a node whose storage was damaged refused a pre-vote, as it refuses its vote, until repaired',
  'pre-vote-won': 'a pre-candidate got a majority of pre-votes and started a real election',
});

/** The election timer fired: become a pre-candidate of currentTerm + 1 (role stays follower, term unchanged). */
export function startPreVote(node: RaftNode): void {
  // A candidate whose election failed goes back to asking first; it keeps its term and its vote.
  if (node.role === 'candidate') node.becomeFollower(node.currentTerm, null);
  // Bug `pre-vote-raises-term` (hashicorp/raft PR #474 review): the pre-candidate bumps and persists its term like a candidate.
  if (node.bug['pre-vote-raises-term']) node.adoptTermForPreVote();
  node.leaderId = null;
  node.electionElapsed = 0;
  node.electionTimeout = randomElectionTimeout(node.options.randomInt, node.options.tuning);
  node.preCandidate = true;
  node.preVotes.clear();
  node.preVotes.add(node.id);
  const request: PreVote = { kind: 'PreVote', term: node.currentTerm + 1, candidate: node.id, lastLogIndex: node.log.lastIndex, lastLogTerm: node.log.lastTerm };
  for (const peer of node.peers) node.send(peer, request);
  if (hasVoteQuorum(node.preVotes, node.cluster)) winPreVote(node);
}

/**
 * Whether this node has a leader it believes in: it is the leader, or it heard
 * from the leader of its term within the minimum election timeout.
 */
export function hasLiveLeader(node: RaftNode): boolean {
  if (node.role === 'leader') return true;
  return node.leaderId !== null && node.ticksSinceLeaderHeard < node.options.tuning.electionTimeoutMinTicks;
}

/**
 * Voter side: never changes the voter's term, vote or timer. A pre-vote
 * predicts the vote, so a node that withholds its vote while its storage is
 * damaged (node.ts, onRequestVote) withholds its pre-vote too. Granting it
 * from a log that lost entries lets a pre-candidate that can never win the real
 * election (behind the other voters) keep starting one and raising the term,
 * and the one node that could win never gets the votes (seed 4815: no leader
 * for 939 ms in a calm majority).
 */
export function onPreVote(node: RaftNode, from: NodeId, request: PreVote): void {
  if (!node.storageTrusted() && !node.bug['damaged-node-votes']) {
    mark('pre-vote-withheld-while-damaged');
    node.send(from, { kind: 'PreVoteReply', term: node.currentTerm, preTerm: request.term, granted: false });
    return;
  }
  let granted = request.term > node.currentTerm && node.candidateUpToDate(request);
  if (!granted && request.term > node.currentTerm) mark('pre-vote-rejected-log-behind');
  if (granted && hasLiveLeader(node)) {
    mark('pre-vote-rejected-leader-known');
    granted = false;
  }
  const reply: PreVoteReply = { kind: 'PreVoteReply', term: node.currentTerm, preTerm: request.term, granted };
  node.send(from, reply);
}

/** Pre-candidate side. A reply of a newer real term makes us its follower (node.ts has done that already). */
export function onPreVoteReply(node: RaftNode, from: NodeId, reply: PreVoteReply): void {
  if (!node.preCandidate || !reply.granted || reply.preTerm !== node.currentTerm + 1) return;
  node.preVotes.add(from);
  if (hasVoteQuorum(node.preVotes, node.cluster)) winPreVote(node);
}

function winPreVote(node: RaftNode): void {
  mark('pre-vote-won');
  node.becomeCandidate(false);
}
