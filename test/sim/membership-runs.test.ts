/**
 * Membership changes end to end: the plan's add-node and remove-node events
 * go through the operator client to our Raft, new nodes are started on
 * demand, removed ones stopped, clients find new nodes by redirects, and the
 * oracles judge quorums by each node's configuration.
 */

import { describe, expect, it } from 'vitest';
import { defaultSystem } from '../../src/sim/default-system.js';
import { describeFault, drawPlan, validatePlan, type FaultEvent, type Plan } from '../../src/sim/plan.js';
import { drawReconfigurations } from '../../src/sim/reconfig-plan.js';
import { RandomStream } from '../../src/sim/random.js';
import { runPlan } from '../../src/sim/run.js';

/** A calm seed's plan with `faults` as its only fault events. */
function calmPlan(seed: number, faults: FaultEvent[]): Plan {
  const plan = drawPlan(seed, { profile: 'calm', nodes: 3, safetyMs: 3000 });
  plan.faults = faults;
  validatePlan(plan);
  return plan;
}

describe('membership changes in the simulator', () => {
  it('grows a 3-node cluster to 5 and shrinks it back by removing the leader twice', () => {
    const plan = calmPlan(7, [
      { at: 300, kind: 'add-node', node: 4 },
      { at: 800, kind: 'add-node', node: 5 },
      { at: 1400, kind: 'remove-node', node: null },
      { at: 2000, kind: 'remove-node', node: null },
    ]);
    const result = runPlan(plan, defaultSystem);
    expect(result.failure, result.failure?.message).toBeNull();
    expect(result.verdict).toBe('linearizable');
    expect(result.stats.reconfigurations).toMatchObject({ asked: 4, added: 2, removed: 2 });
    for (const mark of ['sim.node-added', 'learner-caught-up', 'sim.leader-removed', 'removed-leader-stepped-down', 'sim.grew-to-five-and-shrank-back']) {
      expect(result.stats.marks[mark], mark).toBeGreaterThan(0);
    }
  });

  it('removes the next election winner when the leader is to be removed while none leads', () => {
    // At t=1 no election has ended: the removal waits for the first winner, as an operator retries.
    const plan = calmPlan(7, [{ at: 1, kind: 'remove-node', node: null }]);
    const result = runPlan(plan, defaultSystem, { keepTrace: true });
    expect(result.failure, result.failure?.message).toBeNull();
    expect(result.stats.reconfigurations).toMatchObject({ asked: 1, removed: 1 });
    const events = result.trace ?? [];
    const details = events.map((event) => event.detail);
    expect(details).toContain('remove the leader: no node leads, waits for the next winner');
    const firstWinner = events.find((event) => event.kind === 'role' && event.tag === 'leader');
    expect(details).toContain(`operator asks: remove n${firstWinner?.node}`);
    expect(result.stats.marks['sim.leader-removed']).toBeGreaterThan(0);
  });

  it('refuses nothing forever: two changes asked at once are made one after the other', () => {
    const plan = calmPlan(11, [
      { at: 300, kind: 'add-node', node: 4 },
      { at: 301, kind: 'remove-node', node: 2 },
    ]);
    const result = runPlan(plan, defaultSystem);
    expect(result.failure, result.failure?.message).toBeNull();
    expect(result.stats.reconfigurations).toMatchObject({ added: 1, removed: 1 });
    expect(result.stats.marks['reconfig-rejected-change-in-flight']).toBeGreaterThan(0);
  });

  it('keeps one of the initial nodes, the only ones clients know from the start', () => {
    const plan = calmPlan(13, [
      { at: 200, kind: 'add-node', node: 4 },
      { at: 600, kind: 'add-node', node: 5 },
      { at: 1000, kind: 'remove-node', node: 1 },
      { at: 1400, kind: 'remove-node', node: 2 },
      { at: 1800, kind: 'remove-node', node: 3 },
    ]);
    const result = runPlan(plan, defaultSystem);
    expect(result.failure, result.failure?.message).toBeNull();
    expect(result.stats.reconfigurations.removed).toBe(2);
    expect(result.stats.marks['sim.reconfig-skipped']).toBeGreaterThan(0);
  });
});

describe('reconfiguration plan events', () => {
  it('are drawn from their own stream, keep the cluster between 3 and 5 nodes, and never reuse an id', () => {
    let drawn = 0;
    let faulty = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const plan = drawPlan(seed);
      if (plan.config.faults.profile !== 'calm') faulty++;
      const events = plan.faults.filter((fault) => fault.kind === 'add-node' || fault.kind === 'remove-node');
      const again = drawReconfigurations(plan.config, new RandomStream(seed, 'reconfig'));
      expect(events).toEqual(again);
      let size = plan.config.nodes;
      for (const event of events) {
        size += event.kind === 'add-node' ? 1 : -1;
        expect(size).toBeGreaterThanOrEqual(3);
        expect(size).toBeLessThanOrEqual(5);
      }
      if (events.length > 0) drawn++;
    }
    // RECONFIG_RATE (config.ts): about 70% of the seeds of every profile but calm.
    expect(drawn / faulty).toBeGreaterThan(0.6);
    expect(drawn / faulty).toBeLessThan(0.8);
  });

  it('are described, validated, and none in calm runs', () => {
    expect(describeFault({ at: 5, kind: 'add-node', node: 4 })).toBe('t=5 add node n4');
    expect(describeFault({ at: 6, kind: 'remove-node', node: null })).toBe('t=6 remove the leader');
    expect(() => calmPlan(1, [{ at: 5, kind: 'add-node', node: 2 }])).toThrow(/new id/);
    expect(() => calmPlan(1, [{ at: 5, kind: 'add-node', node: 4 }, { at: 9, kind: 'add-node', node: 4 }])).toThrow(/never reused/);
    for (let seed = 1; seed <= 50; seed++) expect(drawPlan(seed, { profile: 'calm' }).faults).toEqual([]);
  });

  // The fault budget (storage-faults.ts) is drawn against the initial cluster; a removal can shrink a
  // configuration under it. {n1,n3} with n1's disk struck can elect no leader to repair n1 (seeds 483,
  // 949, 1965, 2120, 2265, 690 of the merged round): the simulator must not ask for that.
  it('keeps the struck nodes a minority: no strike once a removal leaves two voters', () => {
    const plan = calmPlan(17, [
      { at: 300, kind: 'remove-node', node: 2 },
      { at: 1000, kind: 'crash', node: 1, duringFsync: false },
      { at: 1005, kind: 'storage', node: 1, fault: { kind: 'bit-flip', where: 500_000, bit: 3 } },
      { at: 1050, kind: 'restart', node: 1 },
    ]);
    const result = runPlan(plan, defaultSystem);
    expect(result.failure, result.failure?.message).toBeNull();
    expect(result.stats.reconfigurations.removed).toBe(1);
    expect(result.stats.marks['sim.storage-fault-skipped']).toBeGreaterThan(0);
  });

  it('keeps the struck nodes a minority: no removal that leaves a struck node half of the voters', () => {
    const plan = calmPlan(19, [
      { at: 300, kind: 'crash', node: 1, duringFsync: false },
      { at: 305, kind: 'storage', node: 1, fault: { kind: 'bit-flip', where: 500_000, bit: 3 } },
      { at: 350, kind: 'restart', node: 1 },
      { at: 1000, kind: 'remove-node', node: 2 },
    ]);
    const result = runPlan(plan, defaultSystem);
    expect(result.failure, result.failure?.message).toBeNull();
    expect(result.stats.reconfigurations.removed).toBe(0);
    expect(result.stats.marks['sim.storage-fault-skipped'] ?? 0).toBe(0);
    expect(result.stats.marks['sim.reconfig-skipped']).toBeGreaterThan(0);
  });
});
