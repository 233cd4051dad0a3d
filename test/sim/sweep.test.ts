/**
 * A CI-sized sweep: seeds 1..200 with their drawn worlds must all pass, and
 * together they must actually exercise every fault the harness has (a swarm
 * too tame to crash, tear, partition or duplicate would pass vacuously).
 *
 * The same runs also check a sweep's knob totals (issue 9: "the totals show
 * the new knobs"): the outcomes of seeds 1..80, summed as a sweep sums them,
 * against counts taken straight from what each run's config and plan held.
 * One loop over the seeds serves both, so no seed runs twice.
 */

import { describe, expect, it } from 'vitest';
import { defaultSystem } from '../../src/sim/default-system.js';
import { SNAPSHOT_NEVER } from '../../src/sim/index.js';
import { runSeed } from '../../src/sim/run.js';
import { seedOutcomeOf, TOTAL_NAMES } from '../../src/sweep/seed-outcome.js';
import { CLEAN_SWEEP_LAST_SEED } from '../support/clean-sweep.js';

const KNOB_SEEDS = 80;

interface Sweep {
  failures: string[];
  totals: { crashes: number; tornRestarts: number; snapshotsInstalled: number; dropped: number; duplicated: number; cut: number; gaveUp: number; fiveNodes: number; added: number; removed: number };
  marks: Record<string, number>;
  /** Over seeds 1..KNOB_SEEDS: the sweep's totals, and the same corners counted from configs and plans. */
  knobSums: Record<(typeof TOTAL_NAMES)[number], number>;
  knobExpected: { seedsSmallBatch: number; seedsSnapshotsNever: number; seedsPipelinedClient: number; seedsFiveNodes: number; aimedCrashes: number };
}

let swept: Sweep | undefined;

/** Runs seeds 1..CLEAN_SWEEP_LAST_SEED once, for every test of this file. */
function sweep(): Sweep {
  if (swept !== undefined) return swept;
  const failures: string[] = [];
  const totals = { crashes: 0, tornRestarts: 0, snapshotsInstalled: 0, dropped: 0, duplicated: 0, cut: 0, gaveUp: 0, fiveNodes: 0, added: 0, removed: 0 };
  const marks: Record<string, number> = {};
  const knobSums = Object.fromEntries(TOTAL_NAMES.map((name) => [name, 0])) as Sweep['knobSums'];
  const knobExpected = { seedsSmallBatch: 0, seedsSnapshotsNever: 0, seedsPipelinedClient: 0, seedsFiveNodes: 0, aimedCrashes: 0 };
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
    if (seed > KNOB_SEEDS) continue;
    const outcome = seedOutcomeOf(result, {}, 0);
    for (const name of TOTAL_NAMES) knobSums[name] += outcome.totals[name];
    const config = result.config;
    if (config.tuning.maxEntriesPerAppend <= 4) knobExpected.seedsSmallBatch++;
    if (config.snapshotEvery >= SNAPSHOT_NEVER) knobExpected.seedsSnapshotsNever++;
    if (config.pipelinedClients > 0) knobExpected.seedsPipelinedClient++;
    if (config.nodes === 5) knobExpected.seedsFiveNodes++;
    knobExpected.aimedCrashes += result.plan.faults.filter((fault) => fault.kind === 'crash' && fault.aim !== undefined).length;
  }
  swept = { failures, totals, marks, knobSums, knobExpected };
  return swept;
}

describe('sweep of seeds 1..200', () => {
  it('passes every seed and exercises every fault kind', () => {
    const { failures, totals, marks } = sweep();
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

describe('knob totals of a sweep', () => {
  it('count small batch caps, snapshots off, pipelined clients, five-node seeds and aimed crashes', () => {
    const { knobSums, knobExpected } = sweep();
    for (const [name, count] of Object.entries(knobExpected)) {
      expect(knobSums[name as keyof typeof knobExpected], name).toBe(count);
      // Every corner is drawn in 80 seeds, and none is drawn by every seed.
      expect(count, name).toBeGreaterThan(0);
    }
    expect(knobExpected.seedsSmallBatch).toBeLessThan(KNOB_SEEDS);
    expect(knobExpected.seedsSnapshotsNever).toBeLessThan(KNOB_SEEDS);
  });
});
