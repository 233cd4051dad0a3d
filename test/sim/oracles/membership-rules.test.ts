/**
 * The membership and transfer oracles fed hand-made leader views:
 * CommitByVoterQuorum (a commit needs a majority of the configuration's
 * voters by matchIndex, the leader counted only while it is one),
 * ConfigChangeOneAtATime (a change only once the previous one and an entry of
 * the term are committed) and TransferAborted (a transfer answered within
 * the bound of the leader's own ticks).
 */

import { describe, expect, it } from 'vitest';
import type { NodeId, NodeInput, NodeView } from '../../../src/harness/api.js';
import { AvailabilityViolation } from '../../../src/sim/oracles/availability.js';
import { checkCommitQuorum } from '../../../src/sim/oracles/commit-quorum.js';
import { ConfigChangeOracle } from '../../../src/sim/oracles/config-one-at-a-time.js';
import { TransferTimeoutOracle } from '../../../src/sim/oracles/transfer-timeout.js';
import { violationOf } from './violation-of.js';

/** A leader's view: its log's terms (index 1 first), commit index and matchIndex per peer. */
function leaderView(terms: number[], commitIndex: number, match: Record<number, number> = {}, role: NodeView['role'] = 'leader'): NodeView {
  return {
    role,
    term: terms.at(-1) ?? 0,
    commitIndex,
    appliedIndex: commitIndex,
    snapshotIndex: 0,
    lastIndex: terms.length,
    termAt: (index) => (index === 0 ? 0 : (terms[index - 1] as number)),
    entryDigest: () => 'noop',
    stateDigest: () => '',
    matchIndex: (peer) => match[peer] ?? 0,
  };
}

/** A step that left the leader's configuration as it was: the same list before and after. */
const sameConfiguration = (voters: NodeId[]): [NodeId[], NodeId[]] => [voters, voters];

describe('CommitByVoterQuorum', () => {
  it('passes a commit held by a majority of the voters, the leader among them', () => {
    expect(violationOf(() => checkCommitQuorum(1, leaderView([1, 1, 1], 3, { 2: 3 }), ...sameConfiguration([1, 2, 3])))).toBeNull();
    expect(violationOf(() => checkCommitQuorum(1, leaderView([1, 1, 1], 3, { 2: 3, 3: 3 }), ...sameConfiguration([2, 3])))).toBeNull();
  });

  it('passes a commit made under the configuration before the step, when the step then appended a new one', () => {
    // Sole voter n1 commits 3 alone; the same step promotes learner n2 (at 2) by appending {n1,n2}.
    expect(violationOf(() => checkCommitQuorum(1, leaderView([1, 1, 1, 1], 3, { 2: 2 }), [1, 2], [1]))).toBeNull();
    // ... but a commit neither configuration's majority holds still fails, and names both.
    expect(violationOf(() => checkCommitQuorum(1, leaderView([1, 1, 1, 1], 3, { 2: 2, 3: 2 }), [1, 2, 3], [2, 3]))).toMatch(/only 1 of the voters .* before the step, n2,n3$/);
  });

  it('fails a leader that removed itself and still counts its own copy', () => {
    expect(violationOf(() => checkCommitQuorum(1, leaderView([1, 1, 1], 3, { 2: 3, 3: 1 }), ...sameConfiguration([2, 3])))).toMatch(/only 1 of the voters .* a majority is 2/);
  });

  it('fails a commit that only a learner (a node outside the configuration) made a majority', () => {
    expect(violationOf(() => checkCommitQuorum(1, leaderView([1, 1, 1], 3, { 2: 1, 3: 1, 4: 3 }), ...sameConfiguration([1, 2, 3])))).toMatch(/committed up to 3/);
  });
});

describe('ConfigChangeOneAtATime', () => {
  it('passes a change once an entry of the term and the previous change are committed', () => {
    const oracle = new ConfigChangeOracle();
    expect(violationOf(() => oracle.changed(1, leaderView([1, 2, 2], 2)))).toBeNull();
    expect(violationOf(() => oracle.changed(1, leaderView([1, 2, 2, 2, 2], 4)))).toBeNull();
  });

  it('fails a second change while the first is uncommitted', () => {
    const oracle = new ConfigChangeOracle();
    oracle.changed(1, leaderView([1, 2, 2], 2));
    expect(violationOf(() => oracle.changed(1, leaderView([1, 2, 2, 2], 2)))).toMatch(/previous change at 3 is not committed/);
  });

  it('fails a change before any entry of the new term is committed', () => {
    expect(violationOf(() => new ConfigChangeOracle().changed(1, leaderView([1, 1, 2, 2], 2)))).toMatch(/no entry of its term is committed/);
  });

  it('forgets the changes of an earlier term (committed since, by an entry of the new one)', () => {
    const oracle = new ConfigChangeOracle();
    oracle.changed(1, leaderView([1, 2, 2], 2));
    expect(violationOf(() => oracle.changed(1, leaderView([1, 2, 2, 3, 3], 4)))).toBeNull();
  });
});

describe('TransferAborted', () => {
  const tick: NodeInput<unknown> = { kind: 'tick' };
  const transfer: NodeInput<unknown> = { kind: 'admin', id: 7, request: { kind: 'transfer-leadership', to: 2 } };
  const unanswered = new Map<number, NodeId>([[7, 2]]);

  it('allows the bound of ticks, then fails a leader that still holds the transfer', () => {
    const oracle = new TransferTimeoutOracle(3);
    const view = leaderView([1, 1], 2);
    oracle.afterStep(1, view, transfer, unanswered);
    for (let k = 0; k < 3; k++) expect(violationOf(() => oracle.afterStep(1, view, tick, unanswered), AvailabilityViolation)).toBeNull();
    expect(violationOf(() => oracle.afterStep(1, view, tick, unanswered), AvailabilityViolation)).toMatch(/transfer #7, unanswered/);
  });

  it('closes on the answer, or when the leader stops leading the term', () => {
    const answered = new TransferTimeoutOracle(1);
    answered.afterStep(1, leaderView([1], 1), transfer, unanswered);
    answered.transferAnswered(7);
    for (let k = 0; k < 3; k++) expect(violationOf(() => answered.afterStep(1, leaderView([1], 1), tick, unanswered), AvailabilityViolation)).toBeNull();
    const deposed = new TransferTimeoutOracle(1);
    deposed.afterStep(1, leaderView([1], 1), transfer, unanswered);
    deposed.afterStep(1, leaderView([1], 1, {}, 'follower'), tick, unanswered);
    for (let k = 0; k < 3; k++) expect(violationOf(() => deposed.afterStep(1, leaderView([1, 2], 1), tick, unanswered), AvailabilityViolation)).toBeNull();
  });

  it('counts only the ticks of the leader that took the transfer', () => {
    const oracle = new TransferTimeoutOracle(1);
    oracle.afterStep(1, leaderView([1], 1), transfer, unanswered);
    for (let k = 0; k < 3; k++) expect(violationOf(() => oracle.afterStep(2, leaderView([1], 1, {}, 'follower'), tick, unanswered), AvailabilityViolation)).toBeNull();
  });
});
