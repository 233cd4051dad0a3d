/**
 * The promise oracles fed hand-made messages and views: each promise kept
 * passes, each broken one is reported under its own invariant name. The fake
 * system's messages are their own promises.
 */

import { describe, expect, it } from 'vitest';
import type { MessagePromises, NodeId, NodeView, Role } from '../../../src/harness/api.js';
import { PromiseOracle } from '../../../src/sim/oracles/promises.js';
import { violation } from '../helpers/violation.js';

interface FakeNode {
  role?: Role;
  term: number;
  commit?: number;
  snapshot?: number;
  /** Terms of entries snapshot+1 .. last. */
  terms: number[];
  match?: Record<number, number>;
}

function view(node: FakeNode): NodeView {
  const snapshot = node.snapshot ?? 0;
  return {
    role: node.role ?? 'follower',
    term: node.term,
    commitIndex: node.commit ?? 0,
    appliedIndex: node.commit ?? 0,
    snapshotIndex: snapshot,
    lastIndex: snapshot + node.terms.length,
    termAt: (index) => (index === snapshot ? (snapshot === 0 ? 0 : 1) : (node.terms[index - snapshot - 1] as number)),
    entryDigest: (index) => `e${index}@${node.terms[index - snapshot - 1]}`,
    stateDigest: () => 'state',
    matchIndex: (peer) => node.match?.[peer] ?? 0,
  };
}

/** A cluster of fake nodes whose views the test replaces at will. */
function cluster(views: Record<number, FakeNode | null>) {
  const current = new Map<NodeId, NodeView | null>(Object.entries(views).map(([id, node]) => [Number(id), node === null ? null : view(node)]));
  const oracle = new PromiseOracle(
    (message) => message as MessagePromises,
    (node) => current.get(node) ?? null,
  );
  for (const [id, node] of current) if (node !== null) oracle.started(id, node);
  const set = (id: NodeId, node: FakeNode | null): NodeView | null => {
    const next = node === null ? null : view(node);
    current.set(id, next);
    return next;
  };
  return { oracle, set };
}

const message = (from: NodeId, promise: MessagePromises) => ({ kind: 'message' as const, from, message: promise });

describe('restart promises', () => {
  it('RestartKeepsTerm: a node comes back in a term at least as new as every term it sent', () => {
    const { oracle, set } = cluster({ 1: { term: 1, terms: [] } });
    set(1, { term: 4, terms: [] });
    oracle.sent(1, 2, { term: 4 });
    set(1, null);
    expect(violation(() => oracle.started(1, view({ term: 4, terms: [] })))).toBe('none');
    expect(violation(() => oracle.started(1, view({ term: 3, terms: [] })))).toBe('RestartKeepsTerm');
  });

  it('RestartKeepsTerm: a term a storage fault voided is not held again at the next plain restart (seed 5155)', () => {
    const { oracle, set } = cluster({ 1: { term: 1, terms: [] } });
    set(1, { term: 2, terms: [] });
    oracle.sent(1, 2, { term: 2 });
    set(1, null);
    expect(violation(() => oracle.started(1, view({ term: 1, terms: [] }), true))).toBe('none');
    set(1, null);
    expect(violation(() => oracle.started(1, view({ term: 1, terms: [] })))).toBe('none');
    // What it sends from the new incarnation on is held as before.
    oracle.sent(1, 2, { term: 3 });
    set(1, null);
    expect(violation(() => oracle.started(1, view({ term: 2, terms: [] })))).toBe('RestartKeepsTerm');
  });

  it('SingleVotePerTerm: one candidate per term, across a restart', () => {
    const { oracle } = cluster({ 1: { term: 2, terms: [] } });
    const me = view({ term: 2, terms: [] });
    oracle.sent(1, 2, { term: 2, voteGranted: true });
    oracle.sent(1, 2, { term: 2, voteGranted: true }); // the same grant again is fine
    oracle.sent(1, 3, { term: 2, voteGranted: false });
    oracle.started(1, me);
    expect(violation(() => oracle.sent(1, 3, { term: 2, voteGranted: true }))).toBe('SingleVotePerTerm');
  });

  it('RestartKeepsAckedEntries: what a node acknowledged it recovers', () => {
    const { oracle, set } = cluster({ 1: { term: 2, terms: [] } });
    set(1, { term: 2, terms: [1, 2] });
    oracle.sent(1, 2, { term: 2, acknowledgedIndex: 2 });
    expect(violation(() => oracle.started(1, view({ term: 2, terms: [1, 2, 2] })))).toBe('none');
    expect(violation(() => oracle.started(1, view({ term: 2, snapshot: 2, terms: [] })))).toBe('none');
    expect(violation(() => oracle.started(1, view({ term: 2, terms: [1] })))).toBe('RestartKeepsAckedEntries');
    expect(violation(() => oracle.started(1, view({ term: 2, terms: [1, 1] })))).toBe('RestartKeepsAckedEntries');
  });

  it('RestartKeepsSnapshot: a snapshot reported installed is still there', () => {
    const { oracle, set } = cluster({ 1: { term: 2, terms: [] } });
    set(1, { term: 2, snapshot: 9, terms: [] });
    oracle.sent(1, 2, { term: 2, snapshotInstalledIndex: 9 });
    expect(violation(() => oracle.started(1, view({ term: 2, snapshot: 9, terms: [] })))).toBe('none');
    expect(violation(() => oracle.started(1, view({ term: 2, terms: [1, 1] })))).toBe('RestartKeepsSnapshot');
  });
});

describe('acknowledged entries in memory', () => {
  it('AckedEntriesKept: a newer leader may cut an acknowledged entry, the same leader may not', () => {
    const { oracle, set } = cluster({ 1: { term: 2, terms: [] } });
    set(1, { term: 2, terms: [1, 2, 2] });
    oracle.sent(1, 2, { term: 2, acknowledgedIndex: 3 });
    const cut = view({ term: 2, terms: [1, 2] });
    expect(violation(() => oracle.afterStep(1, cut, message(2, { term: 2, fromLeader: true })))).toBe('AckedEntriesKept');
    // Same cut by a leader of term 3: legitimate, and the promise is gone.
    const legit = cluster({ 1: { term: 2, terms: [] } });
    legit.set(1, { term: 2, terms: [1, 2, 2] });
    legit.oracle.sent(1, 2, { term: 2, acknowledgedIndex: 3 });
    expect(violation(() => legit.oracle.afterStep(1, view({ term: 3, terms: [1, 2, 3] }), message(3, { term: 3, fromLeader: true })))).toBe('none');
    expect(violation(() => legit.oracle.started(1, view({ term: 3, terms: [1] })))).toBe('none');
  });

  it('AckedEntriesKept: acknowledging beyond the log is a broken promise at once', () => {
    const { oracle, set } = cluster({ 1: { term: 2, terms: [] } });
    set(1, { term: 2, terms: [1] });
    expect(violation(() => oracle.sent(1, 2, { term: 2, acknowledgedIndex: 3 }))).toBe('AckedEntriesKept');
  });
});

describe('leader matchIndex (ghost check)', () => {
  it("LeaderMatchIndex: matchIndex[f] must not exceed where f's log matches the leader's", () => {
    const { oracle, set } = cluster({ 1: { role: 'leader', term: 2, terms: [1, 2, 2] }, 2: { term: 2, terms: [1, 2] } });
    const good = set(1, { role: 'leader', term: 2, terms: [1, 2, 2], match: { 2: 2 } })!;
    expect(violation(() => oracle.afterStep(1, good, { kind: 'tick' }))).toBe('none');
    const over = set(1, { role: 'leader', term: 2, terms: [1, 2, 2], match: { 2: 3 } })!;
    expect(violation(() => oracle.afterStep(1, over, { kind: 'tick' }))).toBe('LeaderMatchIndex');
    // A follower of another term is not judged (a newer leader may have rewritten it).
    set(2, { term: 3, terms: [1] });
    expect(violation(() => oracle.afterStep(1, over, { kind: 'tick' }))).toBe('none');
  });

  it('LeaderMatchIndex: a snapshot a follower acknowledged, then lost to a storage fault, is the disk\'s doing (seed 2167)', () => {
    const { oracle, set } = cluster({ 1: { role: 'leader', term: 3, terms: [] }, 2: { term: 3, terms: [] } });
    set(1, { role: 'leader', term: 3, snapshot: 57, terms: [3] });
    set(2, { term: 3, snapshot: 57, terms: [] });
    oracle.sent(2, 1, { term: 3, snapshotInstalledIndex: 57 });
    // n2 crashes; its snapshot file is unreadable at the restart: it comes back empty, in the same term.
    set(2, null);
    expect(violation(() => oracle.started(2, set(2, { term: 3, terms: [] })!, true))).toBe('none');
    // The leader, paused meanwhile, still holds matchIndex 57 for n2: it cannot know.
    const leader = set(1, { role: 'leader', term: 3, snapshot: 57, terms: [3], match: { 2: 57 } })!;
    expect(violation(() => oracle.afterStep(1, leader, { kind: 'tick' }))).toBe('none');
    // Beyond what n2 acknowledged, the leader is judged as before.
    const beyond = set(1, { role: 'leader', term: 3, snapshot: 57, terms: [3], match: { 2: 58 } })!;
    expect(violation(() => oracle.afterStep(1, beyond, { kind: 'tick' }))).toBe('LeaderMatchIndex');
  });

  it('LeaderMatchIndex: an acknowledgement lost to a storage fault waives only a leader of the term it was sent in', () => {
    const { oracle, set } = cluster({ 1: { role: 'leader', term: 24, terms: [] }, 2: { term: 14, terms: [] } });
    set(2, { term: 14, terms: Array(18).fill(14) });
    oracle.sent(2, 3, { term: 14, acknowledgedIndex: 18 });
    set(2, null);
    expect(violation(() => oracle.started(2, set(2, { term: 24, terms: [] })!, true))).toBe('none');
    // The leader of term 24 got no reply of its term from n2: a matchIndex of 18 counted a stale one.
    const leader = set(1, { role: 'leader', term: 24, terms: Array(18).fill(14), match: { 2: 18 } })!;
    expect(violation(() => oracle.afterStep(1, leader, { kind: 'tick' }))).toBe('LeaderMatchIndex');
  });

  it('LeaderMatchIndex: a node whole again against its first loss but not its second stays waived (seed 5320)', () => {
    const { oracle, set } = cluster({ 1: { role: 'leader', term: 6, terms: [] }, 2: { term: 2, terms: [] } });
    set(2, { term: 2, terms: [2] });
    oracle.sent(2, 1, { term: 2, acknowledgedIndex: 1 });
    set(2, null);
    // First damaged restart: the acknowledged entry 1 is gone.
    expect(violation(() => oracle.started(2, set(2, { term: 2, terms: [] })!, true))).toBe('none');
    set(2, { term: 6, terms: [2, 2, 2, 6, 6, 6, 6, 6] });
    oracle.sent(2, 1, { term: 6, acknowledgedIndex: 8 });
    set(2, null);
    // Second damaged restart: entries 5..8 it acknowledged to the leader of term 6 are gone.
    expect(violation(() => oracle.started(2, set(2, { term: 6, terms: [2, 2, 2, 6] })!, true))).toBe('none');
    set(2, null);
    // A plain restart holds entry 1 again (the first loss) but not 8 (the second): not whole.
    expect(violation(() => oracle.started(2, set(2, { term: 6, terms: [2, 2, 2, 6] })!))).toBe('none');
    const leader = set(1, { role: 'leader', term: 6, terms: [2, 2, 2, 6, 6, 6, 6, 6], match: { 2: 8 } })!;
    expect(violation(() => oracle.afterStep(1, leader, { kind: 'tick' }))).toBe('none');
  });

  it('LeaderMatchIndex: a follower with another entry at matchIndex does not match', () => {
    const { oracle, set } = cluster({ 1: { role: 'leader', term: 3, terms: [1, 3] }, 2: { term: 3, terms: [1, 2] } });
    const leader = set(1, { role: 'leader', term: 3, terms: [1, 3], match: { 2: 2 } })!;
    expect(violation(() => oracle.afterStep(1, leader, { kind: 'tick' }))).toBe('LeaderMatchIndex');
  });
});

describe('follower commit', () => {
  it("FollowerCommitMatchesLeader: commit only up to the leader's commit, within the log, where it equals the leader's", () => {
    const { oracle, set } = cluster({ 1: { role: 'leader', term: 2, terms: [1, 2, 2], commit: 2 }, 2: { term: 2, terms: [1, 2] } });
    const told = message(1, { term: 2, fromLeader: true, leaderCommit: 2 });
    expect(violation(() => oracle.afterStep(2, set(2, { term: 2, terms: [1, 2], commit: 2 })!, told))).toBe('none');
    const beyond = cluster({ 1: { role: 'leader', term: 2, terms: [1, 2, 2], commit: 2 }, 2: { term: 2, terms: [1, 2, 2] } });
    expect(violation(() => beyond.oracle.afterStep(2, beyond.set(2, { term: 2, terms: [1, 2, 2], commit: 3 })!, told))).toBe('FollowerCommitMatchesLeader');
    const diverged = cluster({ 1: { role: 'leader', term: 2, terms: [1, 2, 2], commit: 2 }, 2: { term: 2, terms: [1, 1] } });
    expect(violation(() => diverged.oracle.afterStep(2, diverged.set(2, { term: 2, terms: [1, 1], commit: 2 })!, told))).toBe('FollowerCommitMatchesLeader');
  });
});

describe("a leader's own copy (leader-self-count.ts)", () => {
  it('RestartKeepsAckedEntries: a leader that needed its own copy to commit recovers it', () => {
    const { oracle, set } = cluster({ 1: { role: 'leader', term: 2, terms: [] }, 2: { term: 2, terms: [] }, 3: { term: 2, terms: [] } });
    set(2, { term: 2, terms: [2, 2, 2] });
    oracle.sent(2, 1, { term: 2, acknowledgedIndex: 3 });
    // Committed on n2's acknowledgement and its own copy: the leader promised that copy.
    oracle.leaderCounted(1, set(1, { role: 'leader', term: 2, terms: [2, 2, 2], commit: 3 })!, [1, 2, 3]);
    set(1, null);
    expect(violation(() => oracle.started(1, view({ term: 2, terms: [2, 2, 2] })))).toBe('none');
    expect(violation(() => oracle.started(1, view({ term: 2, snapshot: 3, terms: [] })))).toBe('none');
    // A WAL compacted before its snapshot was durable: the recovered log stops short of the committed entry.
    expect(violation(() => oracle.started(1, view({ term: 2, terms: [2] })))).toBe('RestartKeepsAckedEntries');
  });

  it('a leader whose peers alone made the majority promised nothing of its own copy', () => {
    const { oracle, set } = cluster({ 1: { role: 'leader', term: 2, terms: [] }, 2: { term: 2, terms: [] }, 3: { term: 2, terms: [] } });
    set(2, { term: 2, terms: [2, 2, 2] });
    set(3, { term: 2, snapshot: 3, terms: [] });
    oracle.sent(2, 1, { term: 2, acknowledgedIndex: 3 });
    oracle.sent(3, 1, { term: 2, snapshotInstalledIndex: 3 });
    oracle.leaderCounted(1, set(1, { role: 'leader', term: 2, terms: [2, 2, 2], commit: 3 })!, [1, 2, 3]);
    set(1, null);
    expect(violation(() => oracle.started(1, view({ term: 2, terms: [] })))).toBe('none');
  });

  it("an acknowledgement of another entry than the leader's does not count for it", () => {
    const { oracle, set } = cluster({ 1: { role: 'leader', term: 3, terms: [] }, 2: { term: 3, terms: [] }, 3: { term: 3, terms: [] } });
    set(2, { term: 2, terms: [1, 2, 2] });
    set(3, { term: 3, terms: [1, 3, 3] });
    oracle.sent(2, 1, { term: 2, acknowledgedIndex: 3 }); // n2's entry 3 is of term 2, the leader's of term 3
    oracle.sent(3, 1, { term: 3, acknowledgedIndex: 3 });
    oracle.leaderCounted(1, set(1, { role: 'leader', term: 3, terms: [1, 3, 3], commit: 3 })!, [1, 2, 3]);
    set(1, null);
    expect(violation(() => oracle.started(1, view({ term: 3, terms: [1] })))).toBe('RestartKeepsAckedEntries');
  });
});
