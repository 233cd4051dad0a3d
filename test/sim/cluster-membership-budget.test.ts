/**
 * The storage fault budget when planned removals overlap (issue 14): a removal,
 * and a strike, is checked whichever of the removals still pending complete,
 * since one may be rejected and never happen (seeds 8206, 7676).
 */

import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../src/harness/api.js';
import { ClusterMembership } from '../../src/sim/cluster-membership.js';

const keepsBudget = (struck: ReadonlySet<NodeId>) => (voters: readonly NodeId[]): boolean =>
  voters.length === 0 || voters.filter((id) => !struck.has(id)).length >= Math.floor(voters.length / 2) + 1;

function membershipOf(initial: NodeId[], struck: ReadonlySet<NodeId>, traced: string[] = []): ClusterMembership {
  let ids = 0;
  return new ClusterMembership(
    initial,
    { requestTimeoutMs: 200, redirectBackoffMs: 10 },
    { send: () => {}, wakeAt: () => {}, note: () => {}, newId: () => ++ids },
    { startNode: () => {}, retireNode: () => {}, leader: () => 1, isLeader: (node) => node === 1, trace: (detail) => traced.push(detail()), keepsStorageBudget: keepsBudget(struck) },
  );
}

describe('planned removals and the storage fault budget', () => {
  it('offers a strike every configuration the pending removals can leave, not only the final one', () => {
    const membership = membershipOf([1, 2, 3], new Set());
    membership.onPlanEvent(0, { at: 0, kind: 'remove-node', node: 2 });
    membership.onPlanEvent(1, { at: 1, kind: 'remove-node', node: 3 });
    const sets = membership.reachableVoterSets().map((voters) => voters.join(','));
    expect(sets.sort()).toEqual(['1', '1,2', '1,2,3', '1,3']);
    // Striking n3 keeps the budget of {n1} (all removals done) but not of {n1,n3} (n3's removal rejected).
    const withN3Struck = keepsBudget(new Set([3]));
    expect(withN3Struck([1])).toBe(true);
    expect(membership.reachableVoterSets().every(withN3Struck)).toBe(false);
  });

  it('does not remove n3 from {n1,n2,n3} with struck n2 on the strength of n2\'s own pending removal', () => {
    const struck = new Set<NodeId>([2]);
    const asked: string[] = [];
    const traced: string[] = [];
    let ids = 0;
    const membership = new ClusterMembership(
      [1, 2, 3],
      { requestTimeoutMs: 200, redirectBackoffMs: 10 },
      { send: (_node, _id, request) => asked.push(`${request.kind} n${'node' in request ? request.node : '?'}`), wakeAt: () => {}, note: () => {}, newId: () => ++ids },
      {
        startNode: () => {},
        retireNode: () => {},
        leader: () => 1,
        isLeader: (node) => node === 1,
        trace: (detail) => traced.push(detail()),
        keepsStorageBudget: (voters) => voters.length === 0 || voters.filter((id) => !struck.has(id)).length >= Math.floor(voters.length / 2) + 1,
      },
    );
    membership.onPlanEvent(0, { at: 0, kind: 'remove-node', node: 2 });
    membership.onPlanEvent(1, { at: 1, kind: 'remove-node', node: 3 });
    expect(traced.some((line) => line.startsWith('remove n3: skipped'))).toBe(true);
    expect(traced.some((line) => line.startsWith('remove n2: skipped'))).toBe(false);
  });
});

describe('a planned removal of a node already gone', () => {
  it('removes the newest removable follower instead, as an operator shrinking the cluster would', () => {
    const traced: string[] = [];
    const membership = membershipOf([1, 2, 3, 4, 5], new Set(), traced);
    membership.onPlanEvent(0, { at: 0, kind: 'remove-node', node: 9 });
    expect(traced).toContain('operator asks: remove n5');
  });

  it('is skipped as before when no member may go', () => {
    const traced: string[] = [];
    // n1 leads, and the removals of n2 and n3 are already pending: no member is left to stand in.
    const membership = membershipOf([1, 2, 3], new Set(), traced);
    membership.onPlanEvent(0, { at: 0, kind: 'remove-node', node: 2 });
    membership.onPlanEvent(1, { at: 1, kind: 'remove-node', node: 3 });
    membership.onPlanEvent(2, { at: 2, kind: 'remove-node', node: 9 });
    expect(traced.some((line) => line.startsWith('remove n9: skipped'))).toBe(true);
  });
});
