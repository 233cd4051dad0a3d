/**
 * The ghost recovery fed hand-made promises and hand-made recovered views:
 * a recovered state that keeps every promise passes, one that breaks one is
 * reported under the restart rule's name at the moment of the send; each path
 * is judged once per run, and a disk a storage fault struck waits.
 */

import { describe, expect, it } from 'vitest';
import type { MessagePromises, NodeId, NodeView } from '../../../src/harness/api.js';
import { GhostRecoveryOracle } from '../../../src/sim/oracles/ghost-recovery.js';
import { PromiseOracle } from '../../../src/sim/oracles/promises.js';
import { violation } from '../helpers/violation.js';

interface Recovered {
  term: number;
  snapshot?: number;
  /** Terms of entries snapshot+1 .. last. */
  terms: number[];
}

function view(node: Recovered): NodeView {
  const snapshot = node.snapshot ?? 0;
  return {
    role: 'follower',
    term: node.term,
    commitIndex: snapshot,
    appliedIndex: snapshot,
    snapshotIndex: snapshot,
    lastIndex: snapshot + node.terms.length,
    termAt: (index) => (index === snapshot ? (snapshot === 0 ? 0 : 1) : (node.terms[index - snapshot - 1] as number)),
    entryDigest: (index) => `e${index}`,
    stateDigest: () => 'state',
  };
}

/** Node 1, live as `live`; a ghost recovery of it returns `disk.recovered` (null: a storage fault struck it). */
function harness(live: Recovered) {
  const disk: { recovered: Recovered | null; recoveries: number } = { recovered: live, recoveries: 0 };
  const ghost = new GhostRecoveryOracle({
    recover: (_node, judge) => {
      if (disk.recovered === null) return false;
      disk.recoveries++;
      judge(view(disk.recovered));
      return true;
    },
    messageKind: (message) => (message as { kind: string }).kind,
    describe: (message) => JSON.stringify(message),
  });
  let current = view(live);
  const oracle = new PromiseOracle(
    (message) => message as MessagePromises,
    (node: NodeId) => (node === 1 ? current : null),
    ghost,
  );
  oracle.started(1, current);
  const setLive = (node: Recovered): void => {
    current = view(node);
  };
  return { oracle, disk, setLive };
}

describe('ghost recovery', () => {
  it('RestartKeepsTerm: a term sent while only memory holds it fails at the send', () => {
    const { oracle, disk, setLive } = harness({ term: 1, terms: [] });
    setLive({ term: 2, terms: [] });
    // The durable files still say term 1: a crash right after this send would bring the node back in term 1.
    expect(violation(() => oracle.sent(1, 2, { kind: 'Reply', term: 2 }))).toBe('RestartKeepsTerm');
    expect(disk.recoveries).toBe(1);
  });

  it('passes a term the synced files hold, and judges a path only at its first moment in the run', () => {
    const { oracle, disk, setLive } = harness({ term: 1, terms: [] });
    setLive({ term: 2, terms: [] });
    disk.recovered = { term: 2, terms: [] };
    expect(violation(() => oracle.sent(1, 2, { kind: 'Reply', term: 2 }))).toBe('none');
    setLive({ term: 3, terms: [] });
    disk.recovered = { term: 2, terms: [] };
    // Same path (a Reply raising the term): not judged again, so no recovery and no failure here.
    expect(violation(() => oracle.sent(1, 2, { kind: 'Reply', term: 3 }))).toBe('none');
    expect(disk.recoveries).toBe(1);
    // Another path is judged: its recovery also holds the older term promise.
    expect(violation(() => oracle.sent(1, 3, { kind: 'Request', term: 4 }))).toBe('RestartKeepsTerm');
  });

  it('RestartKeepsAckedEntries: an entry acknowledged before it is durable fails at the acknowledgement', () => {
    const { oracle, disk, setLive } = harness({ term: 1, terms: [1] });
    setLive({ term: 1, terms: [1, 1] });
    disk.recovered = { term: 1, terms: [1] };
    expect(violation(() => oracle.sent(1, 2, { kind: 'AppendReply', term: 1, acknowledgedIndex: 2 }))).toBe('RestartKeepsAckedEntries');
  });

  it('RestartKeepsSnapshot: a snapshot reported installed before it is durable fails at the report', () => {
    const { oracle, disk, setLive } = harness({ term: 1, terms: [] });
    setLive({ term: 1, snapshot: 5, terms: [] });
    disk.recovered = { term: 1, terms: [] };
    expect(violation(() => oracle.sent(1, 2, { kind: 'SnapshotReply', term: 1, snapshotInstalledIndex: 5 }))).toBe('RestartKeepsSnapshot');
  });

  it('judges the promises made so far half-way through a change of files (a rename with more to follow)', () => {
    const { oracle, disk, setLive } = harness({ term: 1, terms: [1, 1, 1] });
    expect(violation(() => oracle.sent(1, 2, { kind: 'AppendReply', term: 1, acknowledgedIndex: 3 }))).toBe('none');
    // The log compacted before the snapshot covering it is durable: a crash now recovers neither.
    setLive({ term: 1, snapshot: 3, terms: [] });
    disk.recovered = { term: 1, terms: [] };
    expect(violation(() => oracle.filesMoved(1, 'renaming wal.tmp to wal'))).toBe('RestartKeepsAckedEntries');
  });

  it('does not judge a disk a storage fault struck; the path is judged at its next moment', () => {
    const { oracle, disk, setLive } = harness({ term: 1, terms: [] });
    setLive({ term: 2, terms: [] });
    disk.recovered = null;
    expect(violation(() => oracle.sent(1, 2, { kind: 'Reply', term: 2 }))).toBe('none');
    setLive({ term: 3, terms: [] });
    disk.recovered = { term: 2, terms: [] };
    expect(violation(() => oracle.sent(1, 2, { kind: 'Reply', term: 3 }))).toBe('RestartKeepsTerm');
  });

  it('judges nothing for a message that promises nothing new', () => {
    const { oracle, disk } = harness({ term: 1, terms: [] });
    disk.recovered = { term: 0, terms: [] };
    expect(violation(() => oracle.sent(1, 2, { kind: 'Reply', term: 1 }))).toBe('RestartKeepsTerm');
    const before = disk.recoveries;
    expect(violation(() => oracle.sent(1, 2, { kind: 'Other', term: 1 }))).toBe('none');
    expect(disk.recoveries).toBe(before);
  });
});
