/**
 * A CI-sized sweep: seeds 1..200 with their drawn worlds must all pass, and
 * together they must actually exercise every fault the harness has (a swarm
 * too tame to crash, tear, partition or duplicate would pass vacuously).
 */

import { describe, expect, it } from 'vitest';
import { defaultSystem } from '../../src/sim/default-system.js';
import { runSeed } from '../../src/sim/run.js';
import { CLEAN_SWEEP_LAST_SEED } from '../support/clean-sweep.js';

describe('sweep of seeds 1..200', () => {
  it('passes every seed and exercises every fault kind', () => {
    const failures: string[] = [];
    const totals = { crashes: 0, tornRestarts: 0, snapshotsInstalled: 0, dropped: 0, duplicated: 0, cut: 0, gaveUp: 0, fiveNodes: 0, added: 0, removed: 0 };
    const marks: Record<string, number> = {};
    for (let seed = 1; seed <= CLEAN_SWEEP_LAST_SEED; seed++) {
      const result = runSeed(seed, {}, defaultSystem);
      if (result.failure !== null) failures.push(`seed ${seed}: ${result.failure.kind} ${result.failure.invariant}: ${result.failure.message}`);
      const stats = result.stats;
      totals.crashes += stats.crashes;
      totals.tornRestarts += stats.tornRestarts;
      totals.snapshotsInstalled += stats.snapshotsInstalled;
      totals.dropped += stats.messages.dropped;
      totals.duplicated += stats.messages.duplicated;
      totals.cut += stats.messages.cut;
      totals.gaveUp += stats.ops.gaveUp;
      if (result.config.nodes === 5) totals.fiveNodes++;
      totals.added += stats.reconfigurations.added;
      totals.removed += stats.reconfigurations.removed;
      for (const [name, count] of Object.entries(stats.marks)) marks[name] = (marks[name] ?? 0) + count;
    }
    expect(failures).toEqual([]);
    expect(totals.crashes).toBeGreaterThan(200);
    expect(totals.tornRestarts).toBeGreaterThan(50);
    expect(totals.snapshotsInstalled).toBeGreaterThan(200);
    expect(totals.dropped).toBeGreaterThan(1000);
    expect(totals.duplicated).toBeGreaterThan(1000);
    expect(totals.cut).toBeGreaterThan(1000);
    expect(totals.gaveUp).toBeGreaterThan(10);
    expect(totals.fiveNodes).toBeGreaterThan(10);
    expect(totals.added).toBeGreaterThan(50);
    expect(totals.removed).toBeGreaterThan(30);
    for (const name of ['learner-caught-up', 'sim.leader-removed', 'removed-leader-stepped-down', 'sim.grew-to-five-and-shrank-back', 'sim.crash-during-membership-change']) {
      expect(marks[name], name).toBeGreaterThan(0);
    }
    for (const name of ['sim.pause', 'sim.pause-of-leader', 'sim.partition-symmetric', 'sim.partition-one-way', 'sim.partition-bridge', 'sim.crash-during-fsync', 'sim.crash-of-leader', 'sim.torn-restart']) {
      expect(marks[name], name).toBeGreaterThan(20);
    }
  });
});
