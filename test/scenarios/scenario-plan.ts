/**
 * Directed scenarios: a plan written by hand, run by the same simulator as
 * the seeds, on a quiet network (no loss, no duplicates, short delays, no
 * random faults) so that only the listed steps happen. The seed still draws
 * election timeouts and delays, so a scenario names its seed; with it the
 * run is deterministic. A scenario may slow the network down (a larger
 * mean delay) when the bug lives in late messages.
 */

import type { KvInput } from '@raft-check/checker';
import type { NodeFeatures } from '../../src/harness/api.js';
import type { BugName } from '../../src/bugs/catalog.js';
import { DEFAULT_FEATURES, DEFAULT_TUNING } from '../../src/harness/tuning.js';
import { perfectClocks } from '../../src/sim/clocks.js';
import { drawRunConfig } from '../../src/sim/config.js';
import { PLAN_FORMAT, type FaultEvent, type Plan, type PlanOp } from '../../src/sim/plan.js';
import { runPlan } from '../../src/sim/run.js';
import { defaultSystem } from '../../src/sim/default-system.js';
import type { RunResult } from '../../src/sim/result.js';

export interface Scenario {
  seed: number;
  nodes?: 3 | 5;
  /** Each client's operations, in order. */
  clients: PlanOp[][];
  /** The steps: crashes, restarts, partitions, heals, at simulated ms. */
  steps: FaultEvent[];
  safetyMs?: number;
  snapshotEvery?: number;
  /** Probability that a crash keeps a torn prefix of unsynced bytes (1: always). */
  tornWriteRate?: number;
  /** Mean extra message delay (exponential, after 1 ms); 2 by default, larger for a slow network. */
  meanDelayMs?: number;
  /** The protocol features (PreVote, CheckQuorum, read mode); Figure 2 with reads through the log by default. */
  features?: NodeFeatures;
}

export function scenarioPlan(scenario: Scenario, bugs: readonly BugName[]): Plan {
  const config = drawRunConfig(scenario.seed, {
    profile: 'calm',
    nodes: scenario.nodes ?? 3,
    clients: scenario.clients.length,
    opsPerClient: 0,
    safetyMs: scenario.safetyMs ?? 3000,
    bugs: [...bugs],
  });
  config.snapshotEvery = scenario.snapshotEvery ?? 1000;
  // The steps were written for the default knobs, perfect clocks, the features named (reads through the log unless named) and sequential clients only.
  config.tuning = DEFAULT_TUNING;
  config.clocks = perfectClocks(config.nodes);
  config.features = scenario.features ?? DEFAULT_FEATURES;
  config.clients = scenario.clients.length;
  config.pipelinedClients = 0;
  config.opDeadlineMs = 100_000;
  Object.assign(config.faults, {
    dropRate: 0,
    duplicateRate: 0,
    delay: { minMs: 1, meanMs: scenario.meanDelayMs ?? 2, tailRate: 0, tailMaxMs: 0 },
    partitionGapMs: 0,
    crashGapMs: 0,
    burstGapMs: 0,
    tornWriteRate: scenario.tornWriteRate ?? 0,
    fsyncMinMs: 2,
    fsyncMaxMs: 4,
  });
  return { format: PLAN_FORMAT, config, clients: scenario.clients, faults: scenario.steps };
}

/** Runs the scenario with the bugs switched on (none: the correct code). */
export function runScenario(scenario: Scenario, bugs: readonly BugName[] = []): RunResult {
  return runPlan(scenarioPlan(scenario, bugs), defaultSystem);
}

/** `count` appends of unique values to `key`, `gapMs` apart (appends make a retry applied twice visible). */
export function appends(client: number, count: number, gapMs: number, key = 'k0'): PlanOp[] {
  return Array.from({ length: count }, (_, index) => ({ afterMs: gapMs, input: { op: 'append', key, value: `${client}.${index};` } as KvInput }));
}
