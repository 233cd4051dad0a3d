/**
 * End-to-end snapshots: compaction every few entries, InstallSnapshot for a
 * follower behind the leader's snapshot, restart from snapshot + WAL, and a
 * crash after every effect of a step that writes a snapshot.
 */

import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../src/harness/api.js';
import { SNAPSHOT_TEMP_FILE } from '../../src/storage/files.js';
import { markCounts, resetMarks } from '../../src/util/marks.js';
import { TestCluster } from './helpers/test-cluster.js';

/** One append per client (one outstanding command each), submitted to the leader. */
function submitAppends(cluster: TestCluster, leader: NodeId, firstClient: number, count: number): void {
  for (let client = firstClient; client < firstClient + count; client++) {
    cluster.submit(leader, { client, seq: 1, op: { op: 'append', key: `k${client % 3}`, value: `<${client}>` } });
  }
}

function converged(cluster: TestCluster): boolean {
  const views = cluster.ids.filter((id) => cluster.isUp(id)).map((id) => cluster.node(id).view());
  const applied = views[0]!.appliedIndex;
  return views.every((view) => view.appliedIndex === applied && view.appliedIndex === view.lastIndex);
}

function expectSameState(cluster: TestCluster): void {
  const digests = cluster.ids.map((id) => cluster.node(id).view().stateDigest());
  expect(new Set(digests).size).toBe(1);
}

describe('snapshots', () => {
  it('compacts every snapshotEvery applied entries on every node', () => {
    const cluster = new TestCluster({ seed: 2, snapshotEvery: 5 });
    const leader = cluster.electLeader();
    submitAppends(cluster, leader, 1, 23);
    cluster.runUntil(() => cluster.replies.length === 23 && converged(cluster));
    for (const id of cluster.ids) {
      const view = cluster.node(id).view();
      expect(view.snapshotIndex).toBeGreaterThan(view.appliedIndex - 5);
      expect(view.snapshotIndex).toBeGreaterThan(0);
    }
    expectSameState(cluster);
  });

  it('brings a follower behind the leader\'s snapshot up to date with InstallSnapshot', () => {
    const cluster = new TestCluster({ seed: 4, snapshotEvery: 5 });
    const leader = cluster.electLeader();
    cluster.runUntil(() => converged(cluster));
    const lagging = cluster.ids.find((id) => id !== leader)!;
    cluster.isolate(lagging);
    submitAppends(cluster, leader, 1, 30);
    cluster.runUntil(() => cluster.replies.length === 30);
    expect(cluster.node(leader).view().snapshotIndex).toBeGreaterThan(cluster.node(lagging).view().lastIndex);
    resetMarks();
    cluster.isolate(lagging, false);
    cluster.runUntil(() => converged(cluster));
    const marks = markCounts();
    expect(marks['snapshot-sent-to-lagging-follower']).toBeGreaterThan(0);
    expect(marks['snapshot-installed-on-follower']).toBeGreaterThan(0);
    expectSameState(cluster);
    // And it keeps working afterwards.
    submitAppends(cluster, leader, 100, 3);
    cluster.runUntil(() => cluster.replies.length === 33 && converged(cluster));
    expectSameState(cluster);
  });

  it('restarts from snapshot + WAL and rejoins with the same state', () => {
    const cluster = new TestCluster({ seed: 6, snapshotEvery: 4 });
    const leader = cluster.electLeader();
    submitAppends(cluster, leader, 1, 18);
    cluster.runUntil(() => cluster.replies.length === 18 && converged(cluster));
    const follower = cluster.ids.find((id) => id !== leader)!;
    const before = cluster.node(follower).view();
    const [snapshotIndex, lastIndex] = [before.snapshotIndex, before.lastIndex];
    cluster.crash(follower);
    resetMarks();
    cluster.restart(follower);
    expect(markCounts()['recovered-from-snapshot-and-wal']).toBe(1);
    const after = cluster.node(follower).view();
    expect([after.snapshotIndex, after.lastIndex, after.appliedIndex]).toEqual([snapshotIndex, lastIndex, snapshotIndex]);
    submitAppends(cluster, leader, 50, 2);
    cluster.runUntil(() => cluster.replies.length === 20 && converged(cluster));
    expectSameState(cluster);
  });

  it('survives a crash after any effect of a step that writes a snapshot', () => {
    // Find the step on a follower that first writes a snapshot.
    const scenario = (crashPlan: TestCluster['crashPlan']): TestCluster => {
      const cluster = new TestCluster({ seed: 8, snapshotEvery: 6 });
      cluster.crashPlan = crashPlan;
      const leader = cluster.electLeader();
      submitAppends(cluster, leader, 1, 12);
      return cluster;
    };
    const probe = scenario(null);
    const leader = probe.leaders()[0]!;
    const follower = probe.ids.find((id) => id !== leader)!;
    let snapshotStep = -1;
    let effectCount = 0;
    probe.runUntil(() => {
      const effects = probe.lastEffects.get(follower) ?? [];
      if (snapshotStep < 0 && effects.some((e) => e.kind === 'write' && e.file === SNAPSHOT_TEMP_FILE)) {
        snapshotStep = probe.stepCounts.get(follower)!;
        effectCount = effects.length;
      }
      return snapshotStep >= 0;
    });
    expect(effectCount).toBeGreaterThan(6);

    for (let afterEffects = 0; afterEffects < effectCount; afterEffects++) {
      const cluster = scenario({ node: follower, step: snapshotStep, afterEffects });
      cluster.runUntil(() => !cluster.isUp(follower));
      cluster.restart(follower);
      cluster.runUntil(() => cluster.replies.length >= 12 && converged(cluster));
      expectSameState(cluster);
    }
  });
});
