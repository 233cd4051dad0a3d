/**
 * A node that recovered from damaged storage (issue 14), driven by hand: it
 * neither votes nor campaigns, says it lost entries in its replies, and
 * trusts itself again only once a leader of its term or newer has given it
 * the log through a commit index of the leader's term. The leader side: a
 * rejection at or below matchIndex from such a follower moves matchIndex back.
 */

import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../src/harness/api.js';
import type { AppendEntries } from '../../src/raft/messages.js';
import { maybeDecrease, newProgress, maybeUpdate } from '../../src/raft/progress.js';
import type { Entry } from '../../src/raft/types.js';
import { WAL_FILE } from '../../src/storage/files.js';
import { encodeHardStateCopy, HARD_STATE_SLOTS } from '../../src/storage/hard-state-copies.js';
import { frameRecords } from '../../src/storage/record-framing.js';
import { encodeEntryRecord, encodeHardStateRecord } from '../../src/storage/wal-record.js';
import { markCounts, resetMarks } from '../../src/util/marks.js';
import { deliver, sent, startNode, tickToElection } from '../raft/helpers/lone-node.js';

const NOOP = (term: number): Entry => ({ term, command: { kind: 'noop' } });

function appendEntries(term: number, leader: NodeId, prevLogIndex: number, prevLogTerm: number, entries: Entry[], leaderCommit: number, repairFor?: number): AppendEntries {
  return { kind: 'AppendEntries', term, leader, prevLogIndex, prevLogTerm, entries, leaderCommit, ...(repairFor === undefined ? {} : { repairFor }) };
}

/** Node 1's disk after term 2 (voted for 3) and two entries, with entry 1's record damaged. */
function damagedFiles(): Map<string, Uint8Array> {
  const payloads = [encodeHardStateRecord({ term: 2, votedFor: 3 }), encodeEntryRecord(1, NOOP(1)), encodeEntryRecord(2, NOOP(2))];
  const wal = frameRecords(payloads);
  wal[8 + payloads[0]!.length + 8 + 3]! ^= 4;
  return new Map([
    [WAL_FILE, wal],
    [HARD_STATE_SLOTS[1], encodeHardStateCopy({ seq: 1, hardState: { term: 2, votedFor: 3 }, trust: 'ok' })],
  ]);
}

describe('a node repairing damaged storage', () => {
  it('refuses votes and lets its election timeouts pass', () => {
    resetMarks();
    const node = startNode(1, [1, 2, 3], { files: damagedFiles() });
    expect(node.view()).toMatchObject({ term: 2, lastIndex: 0 });
    const reply = sent(deliver(node, 2, { kind: 'RequestVote', term: 3, candidate: 2, lastLogIndex: 5, lastLogTerm: 2 }));
    expect(reply[0]!.message).toEqual({ kind: 'RequestVoteReply', term: 3, granted: false });
    for (let round = 0; round < 5; round++) tickToElection(node);
    expect(node.view().role).toBe('follower');
    expect(markCounts()['vote-withheld-while-damaged']).toBe(1);
    expect(markCounts()['campaign-withheld-while-damaged']).toBeGreaterThan(0);
  });

  it('refuses pre-votes as it refuses votes (seed 320: its grants kept a candidate no one else would elect campaigning against the one that could win)', () => {
    resetMarks();
    const node = startNode(1, [1, 2, 3], { files: damagedFiles(), features: { preVote: true } });
    const reply = sent(deliver(node, 2, { kind: 'PreVote', term: 3, candidate: 2, lastLogIndex: 5, lastLogTerm: 2 }));
    expect(reply[0]!.message).toEqual({ kind: 'PreVoteReply', term: 2, preTerm: 3, granted: false });
    expect(markCounts()['pre-vote-withheld-while-damaged']).toBe(1);
  });

  it('does not stand on a leader\'s TimeoutNow either (seed 4757: the handover target had restarted damaged)', () => {
    resetMarks();
    const node = startNode(1, [1, 2, 3], { files: damagedFiles() });
    // The leader of term 2 hands over to it; it knows the leader from an append first.
    deliver(node, 2, appendEntries(2, 2, 0, 0, [], 0));
    const effects = deliver(node, 2, { kind: 'TimeoutNow', term: 2, leader: 2 });
    expect(node.view()).toMatchObject({ role: 'follower', term: 2 });
    expect(sent(effects).filter((s) => s.message.kind === 'RequestVote')).toEqual([]);
    expect(markCounts()['timeout-now-started-election'] ?? 0).toBe(0);
  });

  it('says it lost entries, and is repaired by a leader of its term once it holds a commit of that term', () => {
    resetMarks();
    const node = startNode(1, [1, 2, 3], { files: damagedFiles() });
    const rejected = sent(deliver(node, 2, appendEntries(2, 2, 2, 2, [], 2)));
    expect(rejected[0]!.message).toMatchObject({ kind: 'AppendEntriesReply', success: false, followerLastIndex: 0, lostEntries: true, repairToken: expect.any(Number) });
    const token = (rejected[0]!.message as { repairToken: number }).repairToken;
    // The log back, but the leader's commit index is still at an entry of an older term: not yet.
    sent(deliver(node, 2, appendEntries(2, 2, 0, 0, [NOOP(1)], 1, token)));
    expect(markCounts()['storage-repaired-from-leader'] ?? 0).toBe(0);
    const effects = deliver(node, 2, appendEntries(2, 2, 1, 1, [NOOP(2)], 2, token));
    expect(markCounts()['storage-repaired-from-leader']).toBe(1);
    // The trust is made durable (a hard-state slot write) before the reply, which no longer says it lost entries.
    expect(effects.some((effect) => effect.kind === 'write' && effect.file.startsWith('raft.hard.'))).toBe(true);
    expect(sent(effects)[0]!.message).not.toHaveProperty('lostEntries');
    const vote = sent(deliver(node, 3, { kind: 'RequestVote', term: 3, candidate: 3, lastLogIndex: 2, lastLogTerm: 2 }));
    expect(vote[0]!.message).toMatchObject({ granted: true });
  });

  it('is not repaired by an append sent before the leader heard of its damage (seed 6575)', () => {
    resetMarks();
    const node = startNode(1, [1, 2, 3], { files: damagedFiles() });
    // The whole log through a commit of term 2, but from before its restart (no token, or another restart's).
    deliver(node, 2, appendEntries(2, 2, 0, 0, [NOOP(1), NOOP(2)], 2));
    const stale = sent(deliver(node, 2, appendEntries(2, 2, 2, 2, [], 2, -1)));
    expect(markCounts()['storage-repaired-from-leader'] ?? 0).toBe(0);
    expect(stale[0]!.message).toMatchObject({ lostEntries: true });
    const vote = sent(deliver(node, 3, { kind: 'RequestVote', term: 3, candidate: 3, lastLogIndex: 2, lastLogTerm: 2 }));
    expect(vote[0]!.message).toMatchObject({ granted: false });
  });

  it('is not repaired by a leader of an older term than it recovered with', () => {
    resetMarks();
    const node = startNode(1, [1, 2, 3], { files: damagedFiles() });
    deliver(node, 2, appendEntries(1, 2, 0, 0, [NOOP(1)], 1));
    expect(markCounts()['storage-repaired-from-leader'] ?? 0).toBe(0);
  });
});

describe('the leader and a follower that lost acknowledged entries', () => {
  it('moves matchIndex back to the follower\'s end only when it says it lost entries', () => {
    const progress = newProgress(10);
    maybeUpdate(progress, 10);
    expect(maybeDecrease(progress, 10, 3)).toBe(false);
    expect(progress).toEqual({ nextIndex: 11, matchIndex: 10 });
    expect(maybeDecrease(progress, 10, 3, true)).toBe(true);
    expect(progress).toEqual({ nextIndex: 4, matchIndex: 3 });
  });
});
