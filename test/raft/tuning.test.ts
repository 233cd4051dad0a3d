/**
 * Our Raft honours NodeOptions.tuning: no AppendEntries carries more entries
 * than the batch cap, and a leader's heartbeats come every heartbeatTicks.
 */

import { describe, expect, it } from 'vitest';
import { defaultSystem } from '../../src/sim/default-system.js';
import { drawPlan, type Plan } from '../../src/sim/plan.js';
import { runPlan } from '../../src/sim/run.js';

function calmPlan(maxEntriesPerAppend: number, heartbeatTicks: number): Plan {
  const plan = drawPlan(3, { profile: 'calm' });
  plan.config.tuning = { maxEntriesPerAppend, heartbeatTicks, electionTimeoutMinTicks: 12, electionTimeoutMaxTicks: 20, maxInflight: 1 };
  plan.faults = [
    // A follower away long enough to need many entries when it comes back.
    { at: 200, kind: 'crash', node: 2, duringFsync: false },
    { at: 1500, kind: 'restart', node: 2 },
  ];
  plan.config.snapshotEvery = 1_000_000;
  plan.config.safetyMs = 3000;
  return plan;
}

/** Entry counts of every AppendEntries sent, from the trace's message descriptions ("... 5..7 commit=..."). */
function batchSizes(plan: Plan): number[] {
  const result = runPlan(plan, defaultSystem, { keepTrace: true });
  expect(result.failure).toBeNull();
  return (result.trace ?? [])
    .filter((event) => event.kind === 'send' && event.tag === 'AppendEntries')
    .map((event) => /(\d+)\.\.(\d+) commit=/.exec(event.detail))
    .map((match) => (match === null ? 0 : Number(match[2]) - Number(match[1]) + 1));
}

describe('NodeOptions.tuning', () => {
  it('caps every AppendEntries at maxEntriesPerAppend, and the cap bites on a lagging follower', () => {
    const one = batchSizes(calmPlan(1, 3));
    expect(Math.max(...one)).toBe(1);
    const wide = batchSizes(calmPlan(64, 3));
    expect(Math.max(...wide)).toBeGreaterThan(1);
    expect(Math.max(...wide)).toBeLessThanOrEqual(64);
  });

  it('sends heartbeats every heartbeatTicks', () => {
    const count = (heartbeatTicks: number): number => batchSizes(calmPlan(64, heartbeatTicks)).filter((size) => size === 0).length;
    expect(count(2)).toBeGreaterThan(count(5) * 2);
  });
});
