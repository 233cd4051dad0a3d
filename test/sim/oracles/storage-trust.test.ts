/**
 * The storage oracle with the promise oracle (issue 14): a promise lost to a
 * budget-allowed storage fault is voided, and from that restart the node is
 * held to abstain (no vote, no candidacy) until it holds what was committed.
 */

import { describe, expect, it } from 'vitest';
import type { MessagePromises, NodeId, NodeView, Role } from '../../../src/harness/api.js';
import { legitimatelyVoided } from '../../../src/sim/oracles/promise-voiding.js';
import { PromiseOracle } from '../../../src/sim/oracles/promises.js';
import { violation } from '../helpers/violation.js';

function view(term: number, lastIndex: number, commitIndex = 0, role: Role = 'follower'): NodeView {
  return {
    role,
    term,
    commitIndex,
    appliedIndex: commitIndex,
    snapshotIndex: 0,
    lastIndex,
    termAt: (index) => (index === 0 ? 0 : 1),
    entryDigest: (index) => `e${index}`,
    stateDigest: () => 'state',
  };
}

/** n1 acknowledged entries up to `acked` (5 unless told) in term 1; n2, the leader, has committed 5. */
function setUp(acked = 5): { oracle: PromiseOracle; views: Map<NodeId, NodeView | null> } {
  const views = new Map<NodeId, NodeView | null>([
    [1, view(1, acked)],
    [2, view(1, acked, 5, 'leader')],
  ]);
  const oracle = new PromiseOracle(
    (message) => message as MessagePromises,
    (node) => views.get(node) ?? null,
  );
  oracle.started(1, views.get(1)!);
  oracle.started(2, views.get(2)!);
  oracle.afterStep(2, views.get(2)!, null);
  oracle.sent(1, 2, { term: 1, acknowledgedIndex: acked });
  return { oracle, views };
}

describe('promises voided by a storage fault', () => {
  it('only a restart after a storage fault voids what was lost; a plain restart voids nothing', () => {
    const acked = { kind: 'acked-entry', index: 5, term: 1, ackTerm: 1 } as const;
    expect(legitimatelyVoided(acked, { kind: 'restart', storageFault: false })).toBe(false);
    expect(legitimatelyVoided(acked, { kind: 'restart', storageFault: true })).toBe(true);
    const { oracle } = setUp();
    expect(violation(() => oracle.started(1, view(1, 2)))).toBe('RestartKeepsAckedEntries');
  });

  it('StorageTrustVote: no vote from the node that lost entries until it holds what was committed', () => {
    const { oracle, views } = setUp();
    views.set(1, view(1, 2));
    expect(violation(() => oracle.started(1, view(1, 2), true))).toBe('none');
    views.set(1, view(2, 2, 2));
    expect(violation(() => oracle.sent(1, 3, { term: 2, voteGranted: true }))).toBe('StorageTrustVote');
    views.set(1, view(3, 6, 5));
    expect(violation(() => oracle.sent(1, 3, { term: 3, voteGranted: true }))).toBe('none');
  });

  it('StorageTrustCampaign: nor does it become a candidate before then', () => {
    const { oracle } = setUp();
    oracle.started(1, view(1, 2), true);
    expect(violation(() => oracle.afterStep(1, view(2, 2, 0, 'candidate'), null))).toBe('StorageTrustCampaign');
  });

  it('a node that lost its term never votes at or below it', () => {
    const { oracle, views } = setUp();
    oracle.sent(1, 2, { term: 4 });
    views.set(1, view(1, 5, 5));
    oracle.started(1, view(1, 5, 5), true);
    expect(violation(() => oracle.sent(1, 3, { term: 4, voteGranted: true }))).toBe('StorageTrustVote');
    expect(violation(() => oracle.sent(1, 3, { term: 5, voteGranted: true }))).toBe('none');
  });

  it('an abstaining node is left out of the elections CommitSurvivesElection imagines', () => {
    const { oracle } = setUp();
    oracle.started(1, view(1, 2), true);
    const views = new Map<NodeId, NodeView>([
      [1, view(1, 2)],
      [2, view(1, 5, 5, 'leader')],
    ]);
    expect([...oracle.withoutAbstainers(views).keys()]).toEqual([2]);
  });

  it('every node restarted since the commit (commit indexes back to 0): the damaged node must still reach it (seed 1256)', () => {
    const { oracle, views } = setUp();
    // n2 (which had committed 5) restarts, at commit 0 until a leader tells it again.
    views.set(2, view(1, 5));
    oracle.started(2, view(1, 5));
    // n1 then restarts from a struck disk with entries up to 2, having acknowledged 5.
    views.set(1, view(1, 2));
    oracle.started(1, view(1, 2), true);
    const both = (): Map<NodeId, NodeView> => new Map<NodeId, NodeView>([[1, view(1, 2)], [2, view(2, 6, 6, 'leader')]]);
    expect([...oracle.withoutAbstainers(both()).keys()]).toEqual([2]);
    expect(violation(() => oracle.afterStep(1, view(2, 2, 0, 'candidate'), null))).toBe('StorageTrustCampaign');
    // Repaired: its commit index reaches what was committed.
    views.set(1, view(3, 6, 6));
    expect(violation(() => oracle.sent(1, 2, { term: 3, voteGranted: true }))).toBe('none');
  });

  it('what later terms committed without it is not asked of it: it took part in none of them (seed 4479)', () => {
    const { oracle, views } = setUp();
    // While n1 is down, n3 leads term 2 and commits 9 with a majority n1 was never part of.
    views.set(3, view(2, 9, 9, 'leader'));
    oracle.started(3, view(2, 9, 9, 'leader'));
    oracle.afterStep(3, view(2, 9, 9, 'leader'), null);
    // n1, which reached term 1 only, restarts from a struck disk with entries up to 2.
    views.set(1, view(1, 2));
    oracle.started(1, view(1, 2), true);
    // Term 1's commits (5) it must hold again before it votes; term 2's (9) it never helped make.
    views.set(1, view(3, 4, 4));
    expect(violation(() => oracle.sent(1, 3, { term: 3, voteGranted: true }))).toBe('StorageTrustVote');
    views.set(1, view(3, 5, 5));
    expect(violation(() => oracle.sent(1, 3, { term: 3, voteGranted: true }))).toBe('none');
  });

  it('a node that had reached the later term is held to its commits too', () => {
    const { oracle, views } = setUp();
    oracle.sent(1, 3, { term: 2 });
    views.set(3, view(2, 9, 9, 'leader'));
    oracle.started(3, view(2, 9, 9, 'leader'));
    views.set(1, view(2, 2));
    oracle.started(1, view(2, 2), true);
    views.set(1, view(3, 5, 5));
    expect(violation(() => oracle.sent(1, 3, { term: 3, voteGranted: true }))).toBe('StorageTrustVote');
  });

  it('an acknowledgement lost before anything was committed still counts once a leader of its term commits it (seed 2766)', () => {
    const fresh = (): { oracle: PromiseOracle; views: Map<NodeId, NodeView | null> } => {
      const views = new Map<NodeId, NodeView | null>([
        [1, view(1, 5)],
        [2, view(1, 5, 0, 'leader')],
      ]);
      const oracle = new PromiseOracle(
        (message) => message as MessagePromises,
        (node) => views.get(node) ?? null,
      );
      oracle.started(1, views.get(1)!);
      oracle.started(2, views.get(2)!);
      oracle.sent(1, 2, { term: 1, acknowledgedIndex: 5 });
      // n1 crashes with its ack in flight and restarts from a struck disk with entries up to 2: nothing was committed yet.
      views.set(1, view(1, 2));
      oracle.started(1, view(1, 2), true);
      return { oracle, views };
    };
    const both = (): Map<NodeId, NodeView> => new Map<NodeId, NodeView>([[1, view(1, 2)], [2, view(1, 5, 5, 'leader')]]);
    const { oracle } = fresh();
    expect([...oracle.withoutAbstainers(both()).keys()]).toEqual([1, 2]);
    // The leader of term 1 counts the lost acknowledgement and commits 5: n1 must hold it again before it votes.
    oracle.leaderCommitted(2, 1, 5);
    expect([...oracle.withoutAbstainers(both()).keys()]).toEqual([2]);
    expect(violation(() => oracle.sent(1, 2, { term: 2, voteGranted: true }))).toBe('StorageTrustVote');
    // A leader of another term cannot have counted it.
    const other = fresh().oracle;
    other.leaderCommitted(2, 2, 5);
    expect([...other.withoutAbstainers(both()).keys()]).toEqual([1, 2]);
  });
  it('a loss that did not last: the next restart holds everything again, so the node is whole (seeds 4517, 6188)', () => {
    const { oracle } = setUp();
    // A latent read error at this restart hides entries 3..5; the node crashes before its recovery writes anything.
    oracle.started(1, view(1, 2), true);
    expect(violation(() => oracle.afterStep(1, view(2, 2, 0, 'candidate'), null))).toBe('StorageTrustCampaign');
    // The next restart reads the whole log: it may stand, and it is held to its acknowledgement again.
    const { oracle: whole } = setUp();
    whole.started(1, view(1, 2), true);
    whole.started(1, view(1, 5));
    expect(violation(() => whole.afterStep(1, view(2, 5, 0, 'candidate'), null))).toBe('none');
    expect(violation(() => whole.started(1, view(2, 2)))).toBe('RestartKeepsAckedEntries');
    // A next restart still short of what was lost leaves it damaged.
    const { oracle: still } = setUp();
    still.started(1, view(1, 2), true);
    still.started(1, view(1, 3));
    expect(violation(() => still.afterStep(1, view(2, 3, 0, 'candidate'), null))).toBe('StorageTrustCampaign');
  });
  it('a lost acknowledgement stops counting once the node holds it again as committed (seed 4122)', () => {
    const { oracle, views } = setUp();
    // n1 restarts from a struck disk with entries up to 2, then is repaired: it commits 5 again.
    views.set(1, view(1, 2));
    oracle.started(1, view(1, 2), true);
    views.set(1, view(1, 5, 5));
    oracle.afterStep(1, view(1, 5, 5), null);
    // The leader of term 1 commits on: the old loss is behind n1.
    oracle.leaderCommitted(2, 1, 7);
    // A later restart that lost nothing (its commit index is volatile) is no damaged restart.
    views.set(1, view(1, 5));
    oracle.started(1, view(1, 5));
    oracle.leaderCommitted(2, 1, 8);
    expect(violation(() => oracle.afterStep(1, view(2, 5, 0, 'candidate'), null))).toBe('none');
  });
  it('a lost acknowledgement stops counting once the node acknowledges it again in its term (seed 1942)', () => {
    const run = (reacknowledged: number): string => {
      const { oracle, views } = setUp(7);
      // n1 acknowledged 7, then restarts from a struck disk with entries up to 2 (5 was committed), takes 3..7 back and commits 5.
      views.set(1, view(1, 2));
      oracle.started(1, view(1, 2), true);
      views.set(1, view(1, 7, 5));
      oracle.afterStep(1, view(1, 7, 5), null);
      oracle.sent(1, 2, { term: 1, acknowledgedIndex: reacknowledged });
      // The leader of term 1 commits 7; n1, cut off, does not hear of it and stands.
      oracle.leaderCommitted(2, 1, 7);
      return violation(() => oracle.afterStep(1, view(2, 7, 5, 'candidate'), null));
    };
    // It holds 6 and 7 again: the commit counted a real copy.
    expect(run(7)).toBe('none');
    // Re-acknowledged only up to 6: the commit of 7 may count its lost copy of 7.
    expect(run(6)).toBe('StorageTrustCampaign');
  });

  it('a commit on its lost acknowledgement is owed until it acknowledges that entry again, even when the commit came first (seed 7002178)', () => {
    const run = (commitIndex: number, reacknowledged: number): string => {
      const { oracle, views } = setUp(7);
      // n1 acknowledged 7, then restarts from a struck disk with entries up to 2 (5 was committed) and takes 3..7 back.
      views.set(1, view(1, 2));
      oracle.started(1, view(1, 2), true);
      views.set(1, view(1, 7, commitIndex));
      oracle.afterStep(1, view(1, 7, commitIndex), null);
      // The leader of term 1 commits 7 before n1's acknowledgement of 3..7 reaches it; n1 then stands.
      oracle.leaderCommitted(2, 1, 7);
      oracle.sent(1, 2, { term: 1, acknowledgedIndex: reacknowledged });
      return violation(() => oracle.afterStep(1, view(2, 7, commitIndex, 'candidate'), null));
    };
    // It holds 6 and 7 again and the 5 committed when it came back.
    expect(run(5, 7)).toBe('none');
    // Re-acknowledged only up to 6: the commit of 7 may count its lost copy of 7.
    expect(run(5, 6)).toBe('StorageTrustCampaign');
    // Its acknowledgement discharges only the commit on it, not what was committed when it came back.
    expect(run(3, 7)).toBe('StorageTrustCampaign');
  });
});
