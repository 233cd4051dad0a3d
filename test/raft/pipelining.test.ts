/**
 * AppendEntries pipelining (issue 12; etcd/raft's probe and replicate
 * states, dissertation section 10.2.1): a leader that knows where a follower
 * matches sends the next batches without waiting, up to maxInflight
 * unacknowledged, with nextIndex moved on at each send; matchIndex still
 * comes only from the request an acknowledgement answers. A rejection, or a
 * window unanswered for a heartbeat interval, falls back to probing one
 * AppendEntries at a time. maxInflight 1 is stop-and-wait.
 */

import { describe, expect, it } from 'vitest';
import type { NodeId, SimNode } from '../../src/harness/api.js';
import { DEFAULT_TUNING } from '../../src/harness/tuning.js';
import type { AppendEntries, AppendEntriesReply, RaftMessage } from '../../src/raft/messages.js';
import { markCounts, resetMarks } from '../../src/util/marks.js';
import { deliver, sent, startNode, tickToElection, type Effects } from './helpers/lone-node.js';

/** Node 1 leads term 1 of [1, 2, 3] with a batch cap of one entry, its no-op at index 1 sent to both followers. */
function leader(maxInflight: number): SimNode<RaftMessage> {
  const node = startNode(1, [1, 2, 3], { tuning: { maxInflight, maxEntriesPerAppend: 1 } });
  tickToElection(node);
  deliver(node, 3, { kind: 'RequestVoteReply', term: 1, granted: true });
  expect(node.view().role).toBe('leader');
  return node;
}

function propose(node: SimNode<RaftMessage>, count: number, firstClient = 1): Effects {
  const effects: Effects = [];
  for (let client = firstClient; client < firstClient + count; client++) effects.push(...node.step({ kind: 'client-request', request: { client, seq: 1, op: { op: 'put', key: 'k', value: `${client}` } } }));
  return effects;
}

function appendsTo(effects: Effects, peer: NodeId): AppendEntries[] {
  return sent(effects).flatMap((s) => (s.to === peer && s.message.kind === 'AppendEntries' ? [s.message] : []));
}

function ack(request: AppendEntries): AppendEntriesReply {
  const last = request.prevLogIndex + request.entries.length;
  return { kind: 'AppendEntriesReply', term: request.term, success: true, prevLogIndex: request.prevLogIndex, entryCount: request.entries.length, followerLastIndex: last };
}

function progress(node: SimNode<RaftMessage>, peer: NodeId): { match: number | undefined; next: number | undefined } {
  return { match: node.view().matchIndex?.(peer), next: node.view().nextIndex?.(peer) };
}

function heartbeat(node: SimNode<RaftMessage>): Effects {
  const effects: Effects = [];
  for (let tick = 0; tick < DEFAULT_TUNING.heartbeatTicks; tick++) effects.push(...node.step({ kind: 'tick' }));
  return effects;
}

describe('AppendEntries pipelining', () => {
  it('once a follower matches, up to maxInflight batches go out unacknowledged, nextIndex moved on at each send', () => {
    const node = leader(3);
    resetMarks();
    // The no-op's acknowledgement: follower 2 matches at 1, so the leader pipelines to it from 2.
    deliver(node, 2, { kind: 'AppendEntriesReply', term: 1, success: true, prevLogIndex: 0, entryCount: 1, followerLastIndex: 1 });
    const window = appendsTo(propose(node, 5), 2);
    expect(window.map((m) => [m.prevLogIndex, m.entries.length])).toEqual([[1, 1], [2, 1], [3, 1]]);
    expect(progress(node, 2)).toEqual({ match: 1, next: 5 });
    expect(markCounts()['append-entries-pipelined']).toBeGreaterThan(0);
    // Follower 3 has not acknowledged anything: it is still probed, one batch (its no-op) at a time.
    expect(appendsTo(propose(node, 0), 3)).toEqual([]);
    // An acknowledgement counts what its request carried, not nextIndex - 1, and frees room for one more.
    const next = appendsTo(deliver(node, 2, ack(window[0]!)), 2);
    expect(progress(node, 2)).toEqual({ match: 2, next: 6 });
    expect(next.map((m) => [m.prevLogIndex, m.entries.length])).toEqual([[4, 1]]);
    // Acknowledged out of order: the later one frees everything up to it; the earlier one is stale.
    deliver(node, 2, ack(window[2]!));
    expect(progress(node, 2)).toEqual({ match: 4, next: 7 });
    expect(appendsTo(deliver(node, 2, ack(window[1]!)), 2)).toEqual([]);
    expect(progress(node, 2)).toEqual({ match: 4, next: 7 });
  });

  it('with maxInflight 1 it is stop-and-wait: one batch per acknowledgement, nextIndex moved only by replies', () => {
    const node = leader(1);
    deliver(node, 2, { kind: 'AppendEntriesReply', term: 1, success: true, prevLogIndex: 0, entryCount: 1, followerLastIndex: 1 });
    const first = appendsTo(propose(node, 5), 2);
    expect(first.map((m) => [m.prevLogIndex, m.entries.length])).toEqual([[1, 1]]);
    expect(progress(node, 2)).toEqual({ match: 1, next: 2 });
    const second = appendsTo(deliver(node, 2, ack(first[0]!)), 2);
    expect(second.map((m) => [m.prevLogIndex, m.entries.length])).toEqual([[2, 1]]);
    expect(progress(node, 2)).toEqual({ match: 2, next: 3 });
  });

  it('a rejection in the window falls back to probing from the hint; the rejections behind it are stale', () => {
    const node = leader(4);
    deliver(node, 2, { kind: 'AppendEntriesReply', term: 1, success: true, prevLogIndex: 0, entryCount: 1, followerLastIndex: 1 });
    const window = appendsTo(propose(node, 4), 2);
    expect(window).toHaveLength(4);
    resetMarks();
    // The batch at 2 was lost: the one after it is rejected, the follower's log ending at 1.
    const reject = (request: AppendEntries): AppendEntriesReply => ({ ...ack(request), success: false, entryCount: request.entries.length, followerLastIndex: 1, conflictIndex: 2 });
    const probe = appendsTo(deliver(node, 2, reject(window[1]!)), 2);
    expect(markCounts()['pipeline-rejection-back-to-probe']).toBe(1);
    expect(probe.map((m) => [m.prevLogIndex, m.entries.length])).toEqual([[1, 1]]);
    expect(progress(node, 2)).toEqual({ match: 1, next: 2 });
    expect(appendsTo(deliver(node, 2, reject(window[2]!)), 2)).toEqual([]);
    expect(progress(node, 2)).toEqual({ match: 1, next: 2 });
    // The probe's acknowledgement: pipelining again, the rest of the log in one window.
    const refill = appendsTo(deliver(node, 2, ack(probe[0]!)), 2);
    expect(refill.map((m) => m.prevLogIndex)).toEqual([2, 3, 4]);
    expect(progress(node, 2)).toEqual({ match: 2, next: 6 });
  });

  it('a heartbeat beside a full window is an empty AppendEntries at nextIndex - 1, and the leader probes again once the window has waited a heartbeat interval', () => {
    const node = leader(2);
    deliver(node, 2, { kind: 'AppendEntriesReply', term: 1, success: true, prevLogIndex: 0, entryCount: 1, followerLastIndex: 1 });
    // One tick into the heartbeat interval.
    node.step({ kind: 'tick' });
    propose(node, 4);
    expect(progress(node, 2)).toEqual({ match: 1, next: 4 });
    resetMarks();
    // The window has waited less than an interval: a heartbeat without entries after all that was sent.
    const beat = appendsTo(heartbeat(node), 2);
    expect(beat.map((m) => [m.prevLogIndex, m.entries.length])).toEqual([[3, 0]]);
    expect(markCounts()['pipeline-timeout-back-to-probe'] ?? 0).toBe(0);
    // Nothing answered a whole interval later: lost, so probe from matchIndex + 1.
    const probe = appendsTo(heartbeat(node), 2);
    expect(markCounts()['pipeline-timeout-back-to-probe']).toBe(1);
    expect(probe.map((m) => [m.prevLogIndex, m.entries.length])).toEqual([[1, 1]]);
    expect(progress(node, 2)).toEqual({ match: 1, next: 2 });
  });

  it('the acknowledgement of such a heartbeat counts everything before it: lost acknowledgements cost nothing', () => {
    const node = leader(2);
    deliver(node, 2, { kind: 'AppendEntriesReply', term: 1, success: true, prevLogIndex: 0, entryCount: 1, followerLastIndex: 1 });
    node.step({ kind: 'tick' });
    propose(node, 2);
    const beat = appendsTo(heartbeat(node), 2)[0]!;
    expect([beat.prevLogIndex, beat.entries.length]).toEqual([3, 0]);
    // Both batches arrived but their acknowledgements were lost; the heartbeat's arrives.
    const more = appendsTo([...deliver(node, 2, ack(beat)), ...propose(node, 1, 9)], 2);
    expect(progress(node, 2)).toEqual({ match: 3, next: 5 });
    expect(more.map((m) => [m.prevLogIndex, m.entries.length])).toEqual([[3, 1]]);
  });
});
