import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../src/harness/api.js';
import { Membership } from '../../src/raft/membership.js';
import type { Entry } from '../../src/raft/types.js';
import { TestCluster } from './helpers/test-cluster.js';

const config = (term: number, voters: NodeId[]): Entry => ({ term, command: { kind: 'config', voters } });
const noop = (term: number): Entry => ({ term, command: { kind: 'noop' } });

describe('Membership (the configurations in a log)', () => {
  it('uses the latest configuration as soon as it is appended, and falls back when it is cut', () => {
    const membership = new Membership(0, [1, 2, 3]);
    membership.appended(1, noop(1));
    membership.appended(2, config(1, [1, 2, 3, 4]));
    expect(membership.voters).toEqual([1, 2, 3, 4]);
    expect(membership.latestIndex).toBe(2);
    membership.appended(3, config(1, [1, 2, 4]));
    expect(membership.votersAt(2)).toEqual([1, 2, 3, 4]);
    membership.truncateFrom(3);
    expect(membership.voters).toEqual([1, 2, 3, 4]);
    membership.truncateFrom(2);
    expect([membership.voters, membership.latestIndex]).toEqual([[1, 2, 3], 0]);
  });

  it('folds compacted configurations into the base and keeps the one in force at a snapshot', () => {
    const membership = new Membership(0, [1, 2, 3]);
    membership.appended(2, config(1, [1, 2, 3, 4]));
    membership.appended(5, config(2, [2, 3, 4]));
    membership.compactTo(3);
    expect([membership.votersAt(3), membership.voters]).toEqual([[1, 2, 3, 4], [2, 3, 4]]);
    membership.installSnapshot(6, [2, 3, 4, 5], false);
    expect([membership.voters, membership.latestIndex]).toEqual([[2, 3, 4, 5], 6]);
  });
});

/** Client request helper: a put of `seq` by client 1. */
const put = (seq: number) => ({ client: 1, seq, op: { op: 'put' as const, key: 'k', value: String(seq) } });

function configurationOf(cluster: TestCluster, id: NodeId): readonly NodeId[] {
  return cluster.node(id).view().configuration!();
}

describe('single-server membership changes (section 4.1)', () => {
  it('adds a new server after it caught up as a learner, and answers ok once the configuration commits', () => {
    const cluster = new TestCluster({ seed: 3 });
    const leader = cluster.electLeader();
    for (let seq = 1; seq <= 5; seq++) cluster.submit(leader, put(seq));
    cluster.deliverAll();
    cluster.addNode(4);
    cluster.admin(leader, 1, { kind: 'add-node', node: 4 });
    // Learner: the leader replicates to it but the configuration does not hold it yet.
    expect(configurationOf(cluster, leader)).toEqual([1, 2, 3]);
    cluster.runUntil(() => cluster.adminOutcomes.get(1) === 'ok');
    for (const id of [1, 2, 3, 4]) expect(configurationOf(cluster, id)).toEqual([1, 2, 3, 4]);
    // The new voter holds the whole log.
    expect(cluster.node(4).view().lastIndex).toBe(cluster.node(leader).view().lastIndex);
  });

  it('refuses a second change while the first is not committed', () => {
    const cluster = new TestCluster({ seed: 5, size: 5 });
    const leader = cluster.electLeader();
    cluster.deliverAll();
    const [a, b] = [1, 2, 3, 4, 5].filter((id) => id !== leader) as [NodeId, NodeId];
    cluster.isolate(a);
    cluster.isolate(b);
    cluster.admin(leader, 1, { kind: 'remove-node', node: a });
    cluster.admin(leader, 2, { kind: 'remove-node', node: b });
    expect(cluster.adminOutcomes.get(2)).toBe('rejected');
    cluster.runUntil(() => cluster.adminOutcomes.get(1) === 'ok');
  });

  it('a leader that removes itself keeps leading without counting itself, then steps down', () => {
    const cluster = new TestCluster({ seed: 7 });
    const leader = cluster.electLeader();
    cluster.deliverAll();
    cluster.admin(leader, 1, { kind: 'remove-node', node: leader });
    expect(cluster.node(leader).view().role).toBe('leader');
    cluster.deliverAll();
    expect(cluster.adminOutcomes.get(1)).toBe('ok');
    expect(cluster.node(leader).view().role).toBe('follower');
    // The two others elect a leader of their own; the removed server never stands.
    cluster.crash(leader);
    const next = cluster.electLeader();
    expect(next).not.toBe(leader);
    expect(configurationOf(cluster, next)).toEqual([1, 2, 3].filter((id) => id !== leader));
  });

  it('a follower answers not-leader with a hint, and asking for the configuration in force is ok', () => {
    const cluster = new TestCluster({ seed: 9 });
    const leader = cluster.electLeader();
    cluster.deliverAll();
    const follower = [1, 2, 3].find((id) => id !== leader)!;
    cluster.admin(follower, 1, { kind: 'add-node', node: 1 });
    expect(cluster.adminOutcomes.get(1)).toBe('not-leader');
    cluster.admin(leader, 2, { kind: 'add-node', node: follower });
    // Not at once: only once a no-op appended after the request commits, proving the leader still leads.
    expect(cluster.adminOutcomes.get(2)).toBeUndefined();
    cluster.deliverAll();
    expect(cluster.adminOutcomes.get(2)).toBe('ok');
  });

  it('a cut-off leader never answers ok from a configuration a newer leader has overtaken (seed 4145)', () => {
    const cluster = new TestCluster({ seed: 11 });
    const stale = cluster.electLeader();
    cluster.deliverAll();
    cluster.isolate(stale);
    cluster.runUntil(() => cluster.leaders().some((id) => id !== stale));
    const next = cluster.leaders().find((id) => id !== stale)!;
    cluster.admin(next, 1, { kind: 'remove-node', node: stale });
    cluster.runUntil(() => cluster.adminOutcomes.get(1) === 'ok');
    // The stale leader still leads term-wise and its log still lists itself: "add me" looks done to it.
    expect(cluster.node(stale).view().role).toBe('leader');
    expect(configurationOf(cluster, stale)).toContain(stale);
    cluster.admin(stale, 2, { kind: 'add-node', node: stale });
    for (let t = 0; t < 100; t++) {
      cluster.tickAll();
      cluster.deliverAll();
    }
    expect(cluster.adminOutcomes.get(2)).toBeUndefined();
    // Healed, it learns of the newer term and gives the request up: never ok.
    cluster.isolate(stale, false);
    cluster.runUntil(() => cluster.adminOutcomes.get(2) !== undefined);
    expect(cluster.adminOutcomes.get(2)).toBe('not-leader');
  });

  it('gives up a new server that never catches up, and leaves the configuration as it was', () => {
    const cluster = new TestCluster({ seed: 13 });
    const leader = cluster.electLeader();
    cluster.deliverAll();
    cluster.addNode(4);
    cluster.isolate(4);
    cluster.admin(leader, 1, { kind: 'add-node', node: 4 });
    cluster.runUntil(() => cluster.adminOutcomes.has(1), 2000);
    expect(cluster.adminOutcomes.get(1)).toBe('rejected');
    expect(configurationOf(cluster, leader)).toEqual([1, 2, 3]);
  });

  it('keeps the configuration across snapshots and restarts', () => {
    const cluster = new TestCluster({ seed: 11, snapshotEvery: 3 });
    const leader = cluster.electLeader();
    cluster.addNode(4);
    cluster.deliverAll();
    cluster.admin(leader, 1, { kind: 'add-node', node: 4 });
    cluster.runUntil(() => cluster.adminOutcomes.get(1) === 'ok');
    for (let seq = 1; seq <= 8; seq++) cluster.submit(leader, put(seq));
    cluster.deliverAll();
    expect(cluster.node(4).view().snapshotIndex).toBeGreaterThan(0);
    for (const id of [1, 2, 3, 4]) {
      cluster.crash(id);
      cluster.restart(id);
      expect(configurationOf(cluster, id)).toEqual([1, 2, 3, 4]);
    }
  });
});
