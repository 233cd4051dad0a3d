/**
 * Leader stickiness (dissertation section 4.2.3) at a single node: it ignores
 * a RequestVote of a newer term only while it has heard from its leader within
 * the minimum election timeout, also when it may not stand itself.
 */

import { describe, expect, it } from 'vitest';
import type { AppendEntries, RequestVote } from '../../src/raft/messages.js';
import { deliver, sent, startNode, tickToElection } from './helpers/lone-node.js';

const STICKY = { checkQuorum: true };

function heartbeat(term: number, leader: number): AppendEntries {
  return { kind: 'AppendEntries', term, leader, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0 };
}

function requestVote(term: number, candidate: number): RequestVote {
  return { kind: 'RequestVote', term, candidate, lastLogIndex: 0, lastLogTerm: 0 };
}

describe('leader stickiness', () => {
  it('a new node not yet in its configuration answers a newer RequestVote once its leader fell silent (seed 751)', () => {
    // n4 is not in the cluster it was started with: it never stands, so its election timer restarts at every timeout.
    const node = startNode(4, [1, 2, 3], { features: STICKY });
    for (let round = 0; round < 2; round++) tickToElection(node);
    deliver(node, 1, heartbeat(2, 1));
    expect(sent(deliver(node, 3, requestVote(3, 3)))).toEqual([]);
    expect(node.view().term).toBe(2);
    for (let round = 0; round < 3; round++) tickToElection(node);
    const reply = sent(deliver(node, 3, requestVote(3, 3)));
    expect(node.view().term).toBe(3);
    expect(reply[0]!.message).toMatchObject({ kind: 'RequestVoteReply', term: 3 });
  });
});
