/**
 * PreVote (dissertation section 9.6) at a single node, driven by hand: a
 * timeout asks before it raises the term, a voter refuses while it hears a
 * leader, and a pre-vote grant promises nothing the promise oracle could
 * mistake for a vote.
 */

import { describe, expect, it } from 'vitest';
import { raftMessagePromises, type AppendEntries, type PreVote } from '../../src/raft/messages.js';
import { markCounts, resetMarks } from '../../src/util/marks.js';
import { deliver, kinds, sent, startNode, tickToElection } from './helpers/lone-node.js';

const PRE_VOTE = { preVote: true };

function preVote(term: number, candidate: number, lastLogIndex = 0, lastLogTerm = 0): PreVote {
  return { kind: 'PreVote', term, candidate, lastLogIndex, lastLogTerm };
}

function heartbeat(term: number, leader: number): AppendEntries {
  return { kind: 'AppendEntries', term, leader, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0 };
}

describe('pre-candidate', () => {
  it('on election timeout asks for pre-votes of term + 1 and keeps its term, vote and disk untouched', () => {
    const node = startNode(1, [1, 2, 3], { features: PRE_VOTE });
    const effects = tickToElection(node);
    expect(kinds(effects)).toEqual(['send:PreVote', 'send:PreVote']);
    expect(sent(effects)[0]!.message).toEqual(preVote(1, 1));
    expect([node.view().role, node.view().term]).toEqual(['follower', 0]);
  });

  it('stands for real (term + 1, RequestVote) once a majority granted', () => {
    const node = startNode(1, [1, 2, 3], { features: PRE_VOTE });
    tickToElection(node);
    const effects = deliver(node, 2, { kind: 'PreVoteReply', term: 0, preTerm: 1, granted: true });
    expect([node.view().role, node.view().term]).toEqual(['candidate', 1]);
    // The WAL, then the second copy of the hard state (issue 14), both durable before the votes are asked.
    expect(kinds(effects)).toEqual(['append', 'fsync', 'write', 'fsync', 'send:RequestVote', 'send:RequestVote']);
  });

  it('ignores a grant given for another pre-vote round, and follows a newer term a refusal carries', () => {
    const node = startNode(1, [1, 2, 3], { features: PRE_VOTE });
    tickToElection(node);
    deliver(node, 2, { kind: 'PreVoteReply', term: 0, preTerm: 5, granted: true });
    expect(node.view().role).toBe('follower');
    deliver(node, 3, { kind: 'PreVoteReply', term: 4, preTerm: 1, granted: false });
    expect([node.view().role, node.view().term]).toEqual(['follower', 4]);
  });

  it('counts a grant from a voter whose own term lags its own (the reply names the round by preTerm)', () => {
    const node = startNode(1, [1, 2, 3], { features: PRE_VOTE });
    // A refusal of a newer term brings the node to term 4 first; its next pre-vote round is for term 5.
    tickToElection(node);
    deliver(node, 3, { kind: 'PreVoteReply', term: 4, preTerm: 1, granted: false });
    tickToElection(node);
    // n2 has not heard of term 4: it grants in its own term 2.
    deliver(node, 2, { kind: 'PreVoteReply', term: 2, preTerm: 5, granted: true });
    expect([node.view().role, node.view().term]).toEqual(['candidate', 5]);
  });

  it('with PreVote off, the timeout raises the term at once (Figure 2)', () => {
    const node = startNode(1, [1, 2, 3]);
    expect(kinds(tickToElection(node))).toEqual(['append', 'fsync', 'write', 'fsync', 'send:RequestVote', 'send:RequestVote']);
  });
});

describe('pre-vote voter', () => {
  it('grants to an up-to-date candidate without changing its term or vote', () => {
    const node = startNode(2, [1, 2, 3], { features: PRE_VOTE });
    const effects = deliver(node, 1, preVote(1, 1));
    expect(kinds(effects)).toEqual(['send:PreVoteReply']);
    expect(sent(effects)[0]!.message).toEqual({ kind: 'PreVoteReply', term: 0, preTerm: 1, granted: true });
    expect(node.view().term).toBe(0);
  });

  it('refuses while it heard from a leader within the minimum election timeout, grants after', () => {
    resetMarks();
    const node = startNode(2, [1, 2, 3], { features: PRE_VOTE });
    deliver(node, 3, heartbeat(1, 3));
    expect(sent(deliver(node, 1, preVote(2, 1, 0, 0)))[0]!.message).toMatchObject({ granted: false, term: 1 });
    expect(markCounts()['pre-vote-rejected-leader-known']).toBe(1);
    for (let t = 0; t < 10; t++) node.step({ kind: 'tick' });
    // The timer fired meanwhile: node 2 is a pre-candidate itself, and its leader is no longer live.
    expect(sent(deliver(node, 1, preVote(2, 1, 0, 0)))[0]!.message).toMatchObject({ granted: true, term: 1 });
  });

  it('refuses a candidate whose log is behind, and a proposed term not above its own', () => {
    const node = startNode(2, [1, 2, 3], { features: PRE_VOTE });
    deliver(node, 3, { ...heartbeat(2, 3), entries: [{ term: 2, command: { kind: 'noop' } }] });
    // Past the minimum election timeout: the leader is no longer live, so only the log and the term decide.
    for (let t = 0; t < 10; t++) node.step({ kind: 'tick' });
    expect(sent(deliver(node, 1, preVote(3, 1, 0, 0)))[0]!.message).toMatchObject({ granted: false });
    expect(sent(deliver(node, 1, preVote(2, 1, 1, 2)))[0]!.message).toMatchObject({ granted: false });
  });
});

describe('promises', () => {
  it('a PreVote promises its sender\'s real term and is a campaign; a pre-vote grant is no vote, and names the term it answers', () => {
    expect(raftMessagePromises(preVote(7, 1))).toEqual({ term: 6, campaign: true });
    expect(raftMessagePromises({ kind: 'PreVoteReply', term: 6, preTerm: 7, granted: true })).toEqual({ term: 6, preVoteTerm: 7, preVoteGranted: true });
    expect(raftMessagePromises({ kind: 'PreVoteReply', term: 8, preTerm: 7, granted: false })).toEqual({ term: 8, preVoteTerm: 7, preVoteGranted: false });
  });

  it('only a RequestVote carries the candidate\'s log (VoteGrantedWhenDue judges the refusals of those alone)', () => {
    expect(raftMessagePromises({ kind: 'RequestVote', term: 7, candidate: 1, lastLogIndex: 9, lastLogTerm: 5, leadershipTransfer: true })).toEqual({
      term: 7,
      campaign: true,
      candidateLastLogIndex: 9,
      candidateLastLogTerm: 5,
      leadershipTransfer: true,
    });
    expect(raftMessagePromises(preVote(7, 1))).not.toHaveProperty('candidateLastLogIndex');
  });
});
