/**
 * Section 5.3's optimization for backing nextIndex up: a follower that refuses
 * AppendEntries on a term mismatch names the conflicting term and the first
 * index it holds of it, and the leader skips that whole run in one round trip.
 * Seed 5208: a follower holding ~50 entries of a stale term cost the leader one
 * round trip per entry; every leader was deposed (by a removed server
 * standing again and again) before it got through, so the configuration
 * change that needed that follower never committed.
 */
import { describe, expect, it } from 'vitest';
import type { AppendEntries, AppendEntriesReply } from '../../src/raft/messages.js';
import type { Entry } from '../../src/raft/types.js';
import { deliver, sent, startNode, tickToElection } from './helpers/lone-node.js';

const NOOP = (term: number): Entry => ({ term, command: { kind: 'noop' } });

function appendEntries(term: number, leader: number, prevLogIndex: number, prevLogTerm: number, entries: Entry[]): AppendEntries {
  return { kind: 'AppendEntries', term, leader, prevLogIndex, prevLogTerm, entries, leaderCommit: 0 };
}

describe('conflict-term backup (section 5.3)', () => {
  it('a follower names its conflicting term and the first index it holds of it', () => {
    const node = startNode(1, [1, 2, 3]);
    deliver(node, 2, appendEntries(1, 2, 0, 0, [NOOP(1), NOOP(1), NOOP(1), NOOP(1), NOOP(1), NOOP(1)]));
    const effects = deliver(node, 3, appendEntries(2, 3, 5, 2, [NOOP(2)]));
    const reply = sent(effects).find((s) => s.message.kind === 'AppendEntriesReply')!.message as AppendEntriesReply;
    expect(reply.success).toBe(false);
    expect(reply.conflictTerm).toBe(1);
    expect(reply.conflictIndex).toBe(1);
  });

  it('a leader skips the whole stale run in one step, not one entry per round trip', () => {
    // Node 1 holds 1@1 and 2..8@2, then wins term 3.
    const node = startNode(1, [1, 2, 3]);
    deliver(node, 2, appendEntries(2, 2, 0, 0, [NOOP(1), NOOP(2), NOOP(2), NOOP(2), NOOP(2), NOOP(2), NOOP(2), NOOP(2)]));
    tickToElection(node);
    let effects = deliver(node, 2, { kind: 'RequestVoteReply', term: 3, granted: true });
    expect(node.view().role).toBe('leader');
    const probe = sent(effects).filter((s) => s.to === 3 && s.message.kind === 'AppendEntries').pop()!.message as AppendEntries;
    expect(probe.prevLogIndex).toBeGreaterThan(2);
    // Follower 3 holds 1@1 and then 30 entries of a stale term 1 (as from an old leader that never committed them).
    effects = deliver(node, 3, {
      kind: 'AppendEntriesReply',
      term: 3,
      success: false,
      prevLogIndex: probe.prevLogIndex,
      entryCount: probe.entries.length,
      followerLastIndex: 31,
      conflictTerm: 1,
      conflictIndex: 1,
    });
    const next = sent(effects).filter((s) => s.to === 3 && s.message.kind === 'AppendEntries').pop()!.message as AppendEntries;
    // We hold term 1 up to index 1: resume right after it.
    expect(next.prevLogIndex).toBe(1);
    expect(next.prevLogTerm).toBe(1);
  });
});
