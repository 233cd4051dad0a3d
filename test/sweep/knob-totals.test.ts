/**
 * Goal: a sweep's totals say how often the per-seed implementation knobs drew
 * each corner (issue 9: "the totals show the new knobs"), counted from what
 * each run's config and plan really held.
 * Method: the outcomes of seeds 1..80, summed as a sweep sums them, against
 * counts taken straight from the configs and plans.
 */

import { describe, expect, it } from 'vitest';
import { defaultSystem, runSeed, SNAPSHOT_NEVER } from '../../src/sim/index.js';
import { seedOutcomeOf, TOTAL_NAMES } from '../../src/sweep/seed-outcome.js';

describe('knob totals of a sweep', () => {
  it('count small batch caps, snapshots off, pipelined clients, five-node seeds and aimed crashes', () => {
    const sums = Object.fromEntries(TOTAL_NAMES.map((name) => [name, 0])) as Record<(typeof TOTAL_NAMES)[number], number>;
    const expected = { seedsSmallBatch: 0, seedsSnapshotsNever: 0, seedsPipelinedClient: 0, seedsFiveNodes: 0, aimedCrashes: 0 };
    for (let seed = 1; seed <= 80; seed++) {
      const result = runSeed(seed, {}, defaultSystem);
      const outcome = seedOutcomeOf(result, {}, 0);
      for (const name of TOTAL_NAMES) sums[name] += outcome.totals[name];
      const config = result.config;
      if (config.tuning.maxEntriesPerAppend <= 4) expected.seedsSmallBatch++;
      if (config.snapshotEvery >= SNAPSHOT_NEVER) expected.seedsSnapshotsNever++;
      if (config.pipelinedClients > 0) expected.seedsPipelinedClient++;
      if (config.nodes === 5) expected.seedsFiveNodes++;
      expected.aimedCrashes += result.plan.faults.filter((fault) => fault.kind === 'crash' && fault.aim !== undefined).length;
    }
    for (const [name, count] of Object.entries(expected)) {
      expect(sums[name as keyof typeof expected], name).toBe(count);
      // Every corner is drawn in 80 seeds, and none is drawn by every seed.
      expect(count, name).toBeGreaterThan(0);
    }
    expect(expected.seedsSmallBatch).toBeLessThan(80);
    expect(expected.seedsSnapshotsNever).toBeLessThan(80);
  });
});
