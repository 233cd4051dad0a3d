/**
 * Fast backoff with the conflict term and index (section 5.3's optimisation,
 * issue 12), and InstallSnapshot sent once per election timeout, not on every
 * heartbeat, until the follower answers.
 */

import { describe, expect, it } from 'vitest';
import type { NodeId, SimNode } from '../../src/harness/api.js';
import { DEFAULT_TUNING } from '../../src/harness/tuning.js';
import type { AppendEntries, AppendEntriesReply, RaftMessage } from '../../src/raft/messages.js';
import { maybeDecrease } from '../../src/raft/progress.js';
import type { Entry } from '../../src/raft/types.js';
import { markCounts, resetMarks } from '../../src/util/marks.js';
import { deliver, sent, startNode, tickToElection } from './helpers/lone-node.js';
import { TestCluster } from './helpers/test-cluster.js';

const NOOP = (term: number): Entry => ({ term, command: { kind: 'noop' } });
const PUT = (term: number, client: number): Entry => ({
  term,
  command: { kind: 'client', request: { client, seq: 1, op: { op: 'put', key: 'k', value: `${client}` } } },
});

function appendEntries(term: number, leader: NodeId, prevLogIndex: number, prevLogTerm: number, entries: Entry[], leaderCommit: number): AppendEntries {
  return { kind: 'AppendEntries', term, leader, prevLogIndex, prevLogTerm, entries, leaderCommit };
}

function rejection(term: number, prevLogIndex: number, followerLastIndex: number, conflictIndex: number, conflictTerm?: number): AppendEntriesReply {
  return { kind: 'AppendEntriesReply', term, success: false, prevLogIndex, entryCount: 0, followerLastIndex, conflictIndex, ...(conflictTerm === undefined ? {} : { conflictTerm }) };
}

/** Node 1 holds [1: t1, 2..4: t`middle`] from leader 2, then wins the next term and appends its no-op at 5. */
function leaderWithLog(middle: number): SimNode<RaftMessage> {
  const node = startNode(1, [1, 2, 3]);
  deliver(node, 2, appendEntries(middle, 2, 0, 0, [NOOP(1), PUT(middle, 1), PUT(middle, 2), PUT(middle, 3)], 0));
  tickToElection(node);
  deliver(node, 3, { kind: 'RequestVoteReply', term: middle + 1, granted: true });
  expect(node.view().role).toBe('leader');
  expect(node.view().lastIndex).toBe(5);
  return node;
}

function probeTo(effects: ReturnType<typeof deliver>, peer: NodeId): AppendEntries {
  const probe = sent(effects).find((s) => s.to === peer && s.message.kind === 'AppendEntries');
  expect(probe).toBeDefined();
  return probe!.message as AppendEntries;
}

describe('conflict hint (follower)', () => {
  it('a mismatch replies with the conflicting term and the first index the follower holds of it', () => {
    const node = startNode(1, [1, 2, 3]);
    deliver(node, 2, appendEntries(2, 2, 0, 0, [NOOP(1), PUT(2, 1), PUT(2, 2), PUT(2, 3), PUT(2, 4)], 0));
    const effects = deliver(node, 3, appendEntries(3, 3, 4, 3, [], 0));
    expect(sent(effects)[0]!.message).toMatchObject({ kind: 'AppendEntriesReply', success: false, conflictTerm: 2, conflictIndex: 2, followerLastIndex: 5 });
  });

  it('a log too short replies with its last index + 1 and no term', () => {
    const node = startNode(1, [1, 2, 3]);
    deliver(node, 2, appendEntries(2, 2, 0, 0, [NOOP(1), PUT(2, 1)], 0));
    const reply = sent(deliver(node, 2, appendEntries(2, 2, 9, 2, [], 0)))[0]!.message;
    expect(reply).toMatchObject({ success: false, conflictIndex: 3 });
    expect(reply).not.toHaveProperty('conflictTerm');
  });
});

describe('fast backoff (leader)', () => {
  it('holding the conflict term: nextIndex just after its own last entry of that term, in one step', () => {
    const node = leaderWithLog(2); // terms [1, 2, 2, 2, 3]; nextIndex 5 (its log end when elected)
    resetMarks();
    // Follower 2 holds term 1 from index 1 up to the probe at 4: we hold term 1 up to index 1.
    const effects = deliver(node, 2, rejection(3, 4, 6, 1, 1));
    expect(probeTo(effects, 2)).toMatchObject({ prevLogIndex: 1, prevLogTerm: 1 });
    expect(node.view().nextIndex?.(2)).toBe(2);
    expect(node.view().matchIndex?.(2)).toBe(0);
    expect(markCounts()['backoff-jumped-over-conflict-term']).toBe(1);
  });

  it('not holding the conflict term: nextIndex jumps to the follower\'s first index of it', () => {
    const node = leaderWithLog(3); // terms [1, 3, 3, 3, 4]; the follower has term 2 from index 2
    const effects = deliver(node, 2, rejection(4, 4, 9, 2, 2));
    expect(probeTo(effects, 2)).toMatchObject({ prevLogIndex: 1, prevLogTerm: 1 });
    expect(node.view().nextIndex?.(2)).toBe(2);
  });

  it('never sets nextIndex below matchIndex + 1, whatever the hint', () => {
    const node = leaderWithLog(2);
    // Follower 2 acknowledged index 3 (a late success); nextIndex stays at 5.
    deliver(node, 2, { kind: 'AppendEntriesReply', term: 3, success: true, prevLogIndex: 0, entryCount: 3, followerLastIndex: 3 });
    expect([node.view().matchIndex?.(2), node.view().nextIndex?.(2)]).toEqual([3, 5]);
    // A hint of term 1 from index 1 (which would take nextIndex to 2) stops at matchIndex + 1.
    deliver(node, 2, rejection(3, 4, 9, 1, 1));
    expect(node.view().nextIndex?.(2)).toBe(4);
    // A short-log hint at or below matchIndex is stale: ignored.
    deliver(node, 2, rejection(3, 3, 0, 1));
    expect(node.view().nextIndex?.(2)).toBe(4);
  });

  it('maybeDecrease bounds the hinted index by matchIndex + 1 and the rejected probe', () => {
    const progress = { nextIndex: 11, matchIndex: 5 };
    expect(maybeDecrease(progress, 10, 20, false, 2)).toBe(true);
    expect(progress.nextIndex).toBe(6);
    const other = { nextIndex: 11, matchIndex: 0 };
    expect(maybeDecrease(other, 10, 20, false, 15)).toBe(true);
    expect(other.nextIndex).toBe(10);
  });

  it('a follower 300 entries off the leader\'s log is repaired in a few round trips, not one per entry', () => {
    const cluster = new TestCluster({ seed: 3 });
    const old = cluster.electLeader();
    cluster.runUntil(() => cluster.ids.every((id) => cluster.node(id).view().commitIndex === 1));
    // The old leader appends 300 commands nobody else gets.
    cluster.isolate(old);
    for (let client = 1; client <= 300; client++) cluster.submit(old, { client, seq: 1, op: { op: 'append', key: 'k', value: `<${client}>` } });
    const others = cluster.ids.filter((id) => id !== old);
    cluster.runUntil(() => others.some((id) => cluster.node(id).view().role === 'leader'));
    const second = others.find((id) => cluster.node(id).view().role === 'leader')!;
    // The new leader commits 300 of its own.
    for (let client = 1001; client <= 1300; client++) cluster.submit(second, { client, seq: 1, op: { op: 'append', key: 'k', value: `<${client}>` } });
    cluster.runUntil(() => others.every((id) => cluster.node(id).view().commitIndex >= 300));
    // A third term, so that the leader starts probing the old one from the end of its long log.
    const secondTerm = cluster.node(second).view().term;
    cluster.crash(second);
    cluster.restart(second);
    cluster.runUntil(() => others.some((id) => cluster.node(id).view().role === 'leader' && cluster.node(id).view().term > secondTerm));
    const leader = others.find((id) => cluster.node(id).view().role === 'leader')!;
    expect(cluster.node(old).view().lastIndex).toBeGreaterThan(300);
    resetMarks();
    cluster.isolate(old, false);
    const target = cluster.node(leader).view();
    cluster.runUntil(() => {
      const view = cluster.node(old).view();
      return view.role === 'follower' && view.commitIndex === cluster.node(leader).view().commitIndex;
    }, 100);
    expect(cluster.node(old).view().entryDigest(target.lastIndex)).toBe(target.entryDigest(target.lastIndex));
    // Old code: one rejection per conflicting entry (about 300).
    expect(markCounts()['append-entries-rejected-log-mismatch']).toBeLessThanOrEqual(3);
  });
});

describe('InstallSnapshot resend', () => {
  it('is sent once, heartbeats meanwhile, and again only after an election timeout without an answer', () => {
    const cluster = new TestCluster({ seed: 4, snapshotEvery: 5 });
    const leader = cluster.electLeader();
    const lagging = cluster.ids.find((id) => id !== leader)!;
    cluster.isolate(lagging);
    for (let client = 1; client <= 30; client++) cluster.submit(leader, { client, seq: 1, op: { op: 'append', key: 'k', value: `<${client}>` } });
    cluster.runUntil(() => cluster.replies.length === 30);
    expect(cluster.node(leader).view().snapshotIndex).toBeGreaterThan(cluster.node(lagging).view().lastIndex);
    // Let the leader send; the follower's answers never come back (its link to the leader stays cut).
    cluster.isolate(lagging, false);
    cluster.cutLinks.add(`${lagging}->${leader}`);
    const kindsTo = (): string[] => cluster.network.filter((m) => m.to === lagging).map((m) => m.message.kind);
    const snapshots: number[] = [];
    for (let tick = 1; tick <= DEFAULT_TUNING.electionTimeoutMinTicks + 2 * DEFAULT_TUNING.heartbeatTicks; tick++) {
      cluster.network.length = 0;
      cluster.tick(leader);
      const kinds = kindsTo();
      if (kinds.includes('InstallSnapshot')) snapshots.push(tick);
      else if (kinds.length > 0) expect(kinds).toEqual(['AppendEntries']);
    }
    // The first heartbeat sends it; the next one goes out at least an election timeout later.
    expect(snapshots.length).toBe(2);
    expect(snapshots[1]! - snapshots[0]!).toBeGreaterThanOrEqual(DEFAULT_TUNING.electionTimeoutMinTicks);
    // With answers flowing, it is installed and the follower catches up.
    cluster.cutLinks.clear();
    cluster.runUntil(() => cluster.node(lagging).view().appliedIndex === cluster.node(leader).view().appliedIndex);
  });
});
