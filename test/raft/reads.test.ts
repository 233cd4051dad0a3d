/**
 * Reads outside the log (dissertation section 6.4): ReadIndex, leases, and
 * the leader-stickiness rule leases need (section 4.2.3), at a single node
 * driven by hand.
 */

import { describe, expect, it } from 'vitest';
import type { ClientResponse, NodeId, ReadMode, SimNode } from '../../src/harness/api.js';
import { DEFAULT_FEATURES, DEFAULT_TUNING } from '../../src/harness/tuning.js';
import { raftFactory, type RaftMessage } from '../../src/raft/index.js';
import type { AppendEntries, RequestVote } from '../../src/raft/messages.js';
import { markCounts, resetMarks } from '../../src/util/marks.js';
import { deliver, sent, type Effects } from './helpers/lone-node.js';

const MIN = DEFAULT_TUNING.electionTimeoutMinTicks;

function start(readMode: ReadMode, options: { maxClockDrift?: number; checkQuorum?: boolean; bugs?: string[] } = {}): SimNode<RaftMessage> {
  return raftFactory.start(
    {
      id: 1,
      cluster: [1, 2, 3],
      randomSeed: 'reads-1',
      randomInt: () => 0,
      snapshotEvery: 1000,
      bugs: new Set(options.bugs ?? []),
      tuning: DEFAULT_TUNING,
      selfChecks: true,
      features: { ...DEFAULT_FEATURES, readMode, checkQuorum: options.checkQuorum ?? false },
      maxClockDrift: options.maxClockDrift ?? 0,
    },
    new Map(),
  );
}

function ticks(node: SimNode<RaftMessage>, count: number): Effects {
  let effects: Effects = [];
  for (let t = 0; t < count; t++) effects = [...effects, ...node.step({ kind: 'tick' })];
  return effects;
}

/** Node 1 elected leader of term 1 by node 2; its no-op (index 1) is not committed yet. Returns the round its AppendEntries carry. */
function elect(node: SimNode<RaftMessage>): number {
  ticks(node, MIN);
  const effects = deliver(node, 2, { kind: 'RequestVoteReply', term: 1, granted: true });
  expect(node.view().role).toBe('leader');
  return (sent(effects)[0]!.message as AppendEntries).round!;
}

/** Node 2 acknowledges entries up to `last` for `round`. */
function ack(node: SimNode<RaftMessage>, last: number, round: number, from: NodeId = 2): Effects {
  return deliver(node, from, { kind: 'AppendEntriesReply', term: 1, success: true, prevLogIndex: 0, entryCount: last, followerLastIndex: last, round });
}

function get(node: SimNode<RaftMessage>, seq: number): Effects {
  return node.step({ kind: 'client-request', request: { client: 7, seq, op: { op: 'get', key: 'k' } } });
}

function put(node: SimNode<RaftMessage>, seq: number, value: string): Effects {
  return node.step({ kind: 'client-request', request: { client: 8, seq, op: { op: 'put', key: 'k', value } } });
}

function replies(effects: Effects): ClientResponse[] {
  return effects.flatMap((effect) => (effect.kind === 'reply' ? [effect.response] : []));
}

function roundOf(effects: Effects): number {
  const append = sent(effects).find((send) => send.message.kind === 'AppendEntries');
  expect(append).toBeDefined();
  return (append!.message as AppendEntries).round!;
}

describe('ReadIndex (section 6.4)', () => {
  it('waits for an entry of the leader\'s term to commit, then for a round started after the read', () => {
    const node = start('read-index');
    const firstRound = elect(node);
    resetMarks();
    const asked = get(node, 1);
    expect(replies(asked)).toEqual([]);
    expect(markCounts()['read-index-waited-for-term-commit']).toBe(1);
    const readRound = roundOf(asked);
    expect(readRound).toBeGreaterThan(firstRound);
    // The no-op commits, but only the older round is answered: leadership is not confirmed for this read.
    expect(replies(ack(node, 1, firstRound))).toEqual([]);
    expect(node.view().commitIndex).toBe(1);
    expect(replies(ack(node, 1, readRound))).toEqual([{ kind: 'ok', seq: 1, output: { value: '' } }]);
  });

  it('answers what a log read would: the state at the read index, nothing appended', () => {
    const node = start('read-index');
    const round = elect(node);
    ack(node, 1, round);
    put(node, 1, 'v1');
    ack(node, 2, round);
    expect(node.view().commitIndex).toBe(2);
    const asked = get(node, 1);
    expect(node.view().lastIndex).toBe(2);
    expect(replies(ack(node, 2, roundOf(asked)))).toEqual([{ kind: 'ok', seq: 1, output: { value: 'v1' } }]);
  });

  it('a leader that steps down answers its waiting reads not-leader', () => {
    const node = start('read-index');
    elect(node);
    get(node, 1);
    const effects = deliver(node, 3, { kind: 'AppendEntries', term: 2, leader: 3, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0 });
    expect(replies(effects)).toEqual([{ kind: 'not-leader', seq: 1, leaderHint: 3 }]);
  });
});

describe('lease reads (section 6.4.1)', () => {
  it('lasts (min - 1)(1 - d)/(1 + d) ticks of the leader\'s clock from the round\'s send, then falls back to a round', () => {
    const node = start('lease', { maxClockDrift: 0.05 });
    const round = elect(node);
    ack(node, 1, round);
    const leaseTicks = Math.floor(((MIN - 1) * 0.95) / 1.05);
    expect(leaseTicks).toBe(8);
    resetMarks();
    // The lease runs from the round's send (tick 0 of the leadership); heartbeats renew it only when answered.
    ticks(node, leaseTicks - 1);
    const served = get(node, 1);
    expect(replies(served)).toEqual([{ kind: 'ok', seq: 1, output: { value: '' } }]);
    expect(sent(served)).toEqual([]);
    ticks(node, 1);
    const late = get(node, 2);
    expect(replies(late)).toEqual([]);
    expect(markCounts()['read-lease-expired']).toBe(1);
    expect(replies(ack(node, 1, roundOf(late)))).toEqual([{ kind: 'ok', seq: 2, output: { value: '' } }]);
  });

  it('is forfeited for the term once the leader sent TimeoutNow (the target\'s election passes stickiness)', () => {
    const node = start('lease');
    ack(node, 1, elect(node));
    const handover = node.step({ kind: 'admin', id: 1, request: { kind: 'transfer-leadership', to: 2 } });
    expect(sent(handover).map((send) => send.message.kind)).toContain('TimeoutNow');
    // Node 2 never stands: the transfer times out after an election timeout, and the leader leads on.
    const waited = ticks(node, MIN);
    expect(node.view().role).toBe('leader');
    // Node 2 answers the latest heartbeat round, which would renew a lease.
    const rounds = sent(waited).flatMap((send) => (send.message.kind === 'AppendEntries' ? [send.message.round!] : []));
    ack(node, 1, Math.max(...rounds));
    const read = get(node, 1);
    expect(replies(read)).toEqual([]);
    expect(replies(ack(node, 1, roundOf(read)))).toEqual([{ kind: 'ok', seq: 1, output: { value: '' } }]);
  });

  it('starts only once an entry of the leader\'s term has committed', () => {
    const node = start('lease');
    const round = elect(node);
    // Node 2 answers the round but does not hold the no-op yet.
    deliver(node, 2, { kind: 'AppendEntriesReply', term: 1, success: false, prevLogIndex: 0, entryCount: 1, followerLastIndex: 0, round });
    expect(node.view().commitIndex).toBe(0);
    expect(replies(get(node, 1))).toEqual([]);
  });
});

describe('leader stickiness (section 4.2.3)', () => {
  const vote = (term: number, leadershipTransfer?: boolean): RequestVote => ({ kind: 'RequestVote', term, candidate: 3, lastLogIndex: 5, lastLogTerm: 5, ...(leadershipTransfer ? { leadershipTransfer } : {}) });
  const heartbeat: RaftMessage = { kind: 'AppendEntries', term: 1, leader: 2, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0 };

  it('with leases, a follower that heard from the leader within the minimum timeout ignores a newer RequestVote', () => {
    const node = start('lease');
    ticks(node, MIN - 1);
    deliver(node, 2, heartbeat);
    expect(deliver(node, 3, vote(2))).toEqual([]);
    expect(node.view().term).toBe(1);
    // Without a word from the leader for its timeout, it stands itself (term 2), and then hears newer candidates.
    ticks(node, MIN);
    expect(node.view().role).toBe('candidate');
    expect(sent(deliver(node, 3, vote(3)))[0]!.message).toEqual({ kind: 'RequestVoteReply', term: 3, granted: true });
  });

  it('a node that just started ignores it too (it may have answered a leader before a crash)', () => {
    const node = start('lease');
    expect(deliver(node, 3, vote(1))).toEqual([]);
  });

  it('a leadership-transfer vote goes through', () => {
    const node = start('lease');
    deliver(node, 2, heartbeat);
    expect(sent(deliver(node, 3, vote(2, true)))[0]!.message).toEqual({ kind: 'RequestVoteReply', term: 2, granted: true });
  });

  it('is on with CheckQuorum, off with neither leases nor CheckQuorum', () => {
    expect(deliver(start('log', { checkQuorum: true }), 3, vote(1))).toEqual([]);
    expect(sent(deliver(start('read-index'), 3, vote(1)))[0]!.message).toEqual({ kind: 'RequestVoteReply', term: 1, granted: true });
  });
});
