/**
 * CommitSurvivesElection fed hand-made views: Figure 8 of the Raft paper.
 * A leader of term 4 whose earlier-term entry (index 2, term 2) sits on a
 * majority may not commit it while a node holding a term-3 entry at index 2
 * could still be elected; once an entry of term 4 is on that majority, no
 * node without it can win, and committing is safe.
 */

import { describe, expect, it } from 'vitest';
import type { NodeId, NodeView } from '../../../src/harness/api.js';
import { InvariantViolation } from '../../../src/sim/invariants.js';
import { checkCommitSurvivesElection } from '../../../src/sim/oracles/commit-safety.js';

/** A view of a log whose entries 1..n have these terms (no snapshot). */
function view(terms: number[], role: 'leader' | 'follower' = 'follower', term = terms.at(-1) ?? 0): NodeView {
  return {
    role,
    term,
    commitIndex: 0,
    appliedIndex: 0,
    snapshotIndex: 0,
    lastIndex: terms.length,
    termAt: (index) => (index === 0 ? 0 : (terms[index - 1] as number)),
    entryDigest: (index) => `e${index}@${terms[index - 1]}`,
    stateDigest: () => 'state',
  };
}

const views = (entries: [NodeId, NodeView][]): Map<NodeId, NodeView> => new Map(entries);

describe('CommitSurvivesElection', () => {
  it('refuses Figure 8 (c): an earlier-term entry on a majority while a node with a newer last term lacks it', () => {
    const figure8 = views([
      [1, view([1, 2], 'leader', 4)],
      [2, view([1, 2])],
      [3, view([1, 2])],
      [5, view([1, 3])],
    ]);
    expect(() => checkCommitSurvivesElection(1, 2, figure8, [1, 2, 3, 4, 5])).toThrow(InvariantViolation);
    try {
      checkCommitSurvivesElection(1, 2, figure8, [1, 2, 3, 4, 5]);
    } catch (error) {
      expect((error as InvariantViolation).invariant).toBe('CommitSurvivesElection');
      expect((error as InvariantViolation).message).toMatch(/n5 lacks it and could still be elected/);
    }
  });

  it('accepts the commit once an entry of the leader\'s term is on the majority (Figure 8 (e))', () => {
    const safe = views([
      [1, view([1, 2, 4], 'leader', 4)],
      [2, view([1, 2, 4])],
      [3, view([1, 2, 4])],
      [5, view([1, 3])],
    ]);
    expect(() => checkCommitSurvivesElection(1, 3, safe, [1, 2, 3, 4, 5])).not.toThrow();
  });

  it('counts only the nodes it can see: a lagging node with an older log cannot win', () => {
    const lagging = views([
      [1, view([1, 2, 2], 'leader', 2)],
      [2, view([1, 2, 2])],
      [3, view([1])],
    ]);
    expect(() => checkCommitSurvivesElection(1, 3, lagging, [1, 2, 3])).not.toThrow();
    // Without node 2 in sight, node 3 and the leader alone decide: the leader holds the entry, n3 cannot win.
    expect(() => checkCommitSurvivesElection(1, 3, views([[1, view([1, 2, 2], 'leader', 2)], [3, view([1])]]), [1, 2, 3])).not.toThrow();
  });

  it('counts votes in the candidate\'s own configuration: two changes in flight leave two disjoint majorities', () => {
    const withConfiguration = (base: NodeView, voters: NodeId[]): NodeView => ({ ...base, configuration: () => voters });
    // n1 leads {1,2,3,4,5} (two additions appended at once) and commits index 3 on n1, n4, n5;
    // n2 never saw the additions: with {1,2,3} it needs only n2 and n3.
    const split = views([
      [1, withConfiguration(view([1, 1, 1], 'leader', 1), [1, 2, 3, 4, 5])],
      [2, withConfiguration(view([1]), [1, 2, 3])],
      [3, withConfiguration(view([1]), [1, 2, 3])],
      [4, withConfiguration(view([1, 1, 1]), [1, 2, 3, 4, 5])],
      [5, withConfiguration(view([1, 1, 1]), [1, 2, 3, 4, 5])],
    ]);
    expect(() => checkCommitSurvivesElection(1, 3, split, [1, 2, 3])).toThrow(/n2 lacks it.*configuration n1,n2,n3/);
    // A node outside its own configuration (a learner) does not stand.
    const learner = views([
      [1, withConfiguration(view([1, 1], 'leader', 1), [1, 2, 3])],
      [2, withConfiguration(view([1, 1]), [1, 2, 3])],
      [3, withConfiguration(view([1]), [1, 2, 3])],
      [4, withConfiguration(view([1]), [1, 2, 3])],
    ]);
    expect(() => checkCommitSurvivesElection(1, 2, learner, [1, 2, 3])).not.toThrow();
  });
});
