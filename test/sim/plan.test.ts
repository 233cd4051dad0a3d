/**
 * Plans: drawn deterministically from (seed, overrides), plain JSON, valid
 * after deleting any items, and readable in words.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeFaultMix, drawRunConfig, SNAPSHOT_NEVER } from '../../src/sim/config.js';
import { describePlan, drawPlan, validatePlan, type Plan } from '../../src/sim/plan.js';
import { readerClientCount } from '../../src/sim/reader-clients.js';

describe('drawRunConfig', () => {
  it('draws every field within its range', () => {
    for (let seed = 0; seed < 300; seed++) {
      const config = drawRunConfig(seed);
      expect([3, 5]).toContain(config.nodes);
      expect(config.clients - config.pipelinedClients).toBeGreaterThanOrEqual(3);
      // 3..8 drawn clients, and up to two reader clients (src/sim/reader-clients.ts).
      expect(config.clients - config.pipelinedClients - readerClientCount(seed, {})).toBeLessThanOrEqual(8);
      expect(readerClientCount(seed, {})).toBeLessThanOrEqual(2);
      expect([0, 1]).toContain(config.pipelinedClients);
      const snapshots = config.snapshotEvery === SNAPSHOT_NEVER ? 'never' : config.snapshotEvery <= 16 ? 'frequent' : 'rare';
      if (snapshots === 'frequent') expect(config.snapshotEvery).toBeGreaterThanOrEqual(4);
      if (snapshots === 'rare') expect(config.snapshotEvery).toBeGreaterThanOrEqual(24);
      if (snapshots === 'rare') expect(config.snapshotEvery).toBeLessThanOrEqual(160);
      const { maxEntriesPerAppend, heartbeatTicks, electionTimeoutMinTicks, electionTimeoutMaxTicks } = config.tuning;
      expect(maxEntriesPerAppend).toBeGreaterThanOrEqual(1);
      expect(maxEntriesPerAppend).toBeLessThanOrEqual(64);
      expect(heartbeatTicks).toBeGreaterThanOrEqual(2);
      expect(electionTimeoutMinTicks).toBeGreaterThan(heartbeatTicks);
      expect(electionTimeoutMaxTicks).toBeGreaterThan(electionTimeoutMinTicks);
      expect(config.faults.dropRate).toBeLessThanOrEqual(0.2);
      expect(config.faults.duplicateRate).toBeLessThanOrEqual(0.2);
    }
  });

  it('reaches every knob regime: batch caps that bite, rare and no snapshots, pipelined clients', () => {
    const configs = Array.from({ length: 300 }, (_, seed) => drawRunConfig(seed));
    expect(configs.filter((config) => config.tuning.maxEntriesPerAppend <= 4).length).toBeGreaterThan(50);
    expect(configs.filter((config) => config.snapshotEvery === SNAPSHOT_NEVER).length).toBeGreaterThan(30);
    expect(configs.filter((config) => config.snapshotEvery > 16 && config.snapshotEvery < SNAPSHOT_NEVER).length).toBeGreaterThan(30);
    expect(configs.filter((config) => config.pipelinedClients > 0).length).toBeGreaterThan(10);
  });

  it('drew the knobs after everything else: a seed\'s fault mix is what it was before them', () => {
    // Seed 1's fault line as the README showed it before the knobs were drawn.
    expect(describeFaultMix(drawRunConfig(1).faults)).toBe(
      'profile=crashes, drop=0.8%, dup=0.6%, delay=2+exp(4)ms tail 0% up to 61ms, no partitions, crashes every ~282ms (47.7% inside an fsync), down ~392ms, max 1 down, torn writes 31.5%, fsync 1-6ms, no bursts, no pauses' +
        // Added with membership changes and leadership transfers: rates, not draws.
        ', membership changes in 70% of seeds, leadership transfers in 50% of seeds',
    );
  });

  it('varies the fault profile across seeds (swarm testing)', () => {
    const profiles = new Set(Array.from({ length: 200 }, (_, seed) => drawRunConfig(seed).faults.profile));
    expect(profiles.size).toBe(6);
  });

  it('applies overrides without shifting the other draws', () => {
    const drawn = drawRunConfig(11);
    const overridden = drawRunConfig(11, { nodes: 5, clients: 2, opsPerClient: 4, safetyMs: 900 });
    expect(overridden).toMatchObject({ nodes: 5, clients: 2, opsPerClient: 4, safetyMs: 900 });
    expect(overridden.keys).toBe(drawn.keys);
    expect(overridden.snapshotEvery).toBe(drawn.snapshotEvery);
    expect(overridden.tuning).toEqual(drawn.tuning);
    expect(overridden.faults.dropRate).toBe(drawn.faults.dropRate);
    expect(overridden.faults.profile).toBe(drawn.faults.profile);
  });
});

describe('drawPlan', () => {
  it('is a pure function of (seed, overrides) and survives a JSON round trip', () => {
    const plan = drawPlan(5);
    expect(drawPlan(5)).toEqual(plan);
    const copy = JSON.parse(JSON.stringify(plan)) as Plan;
    expect(copy).toEqual(plan);
    validatePlan(copy);
    expect(drawPlan(6)).not.toEqual(plan);
  });

  it('writes unique values and keeps faults inside the safety phase, in time order', () => {
    for (let seed = 0; seed < 100; seed++) {
      const plan = drawPlan(seed);
      const values = plan.clients.flat().flatMap((op) => ('value' in op.input ? [op.input.value] : []));
      expect(new Set(values).size).toBe(values.length);
      expect(plan.clients).toHaveLength(plan.config.clients);
      const times = plan.faults.map((fault) => fault.at);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const time of times) expect(time).toBeLessThan(plan.config.safetyMs);
    }
  });

  it('stays valid after deleting any operations and fault events', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.array(fc.nat(), { maxLength: 40 }), (seed, deletions) => {
        const plan = drawPlan(seed);
        for (const pick of deletions) {
          const lists = [plan.faults, ...plan.clients].filter((list) => list.length > 0) as unknown[][];
          if (lists.length === 0) break;
          const list = lists[pick % lists.length]!;
          list.splice(pick % list.length, 1);
        }
        validatePlan(plan);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects plans no run could execute', () => {
    const broken = (edit: (plan: Plan) => void): (() => void) => () => {
      const plan = drawPlan(3, { profile: 'brutal' });
      edit(plan);
      validatePlan(plan);
    };
    expect(broken((plan) => plan.faults.push({ at: plan.config.safetyMs, kind: 'heal' }))).toThrow(/outside the safety phase/);
    expect(broken((plan) => plan.faults.push({ at: 1, kind: 'crash', node: 9, duringFsync: false }))).toThrow(/unknown node/);
    expect(broken((plan) => plan.clients.pop())).toThrow(/exactly/);
    expect(broken((plan) => plan.faults.push({ at: 5, kind: 'pause', node: 1, durationMs: 0 }))).toThrow(/pause duration/);
    expect(broken((plan) => (plan.config.nodes = 4 as 3))).toThrow(/nodes/);
    expect(broken((plan) => plan.clients[0]!.push({ afterMs: -1, input: { op: 'get', key: 'k0' } }))).toThrow(/afterMs/);
  });

  it('describes the fault schedule in words', () => {
    const plan = drawPlan(1);
    plan.faults = [
      { at: 1200, kind: 'crash', node: 2, duringFsync: false },
      { at: 1350, kind: 'partition', partition: { kind: 'symmetric', sides: [[1], [2, 3]] } },
      { at: 1400, kind: 'crash', node: 1, duringFsync: true },
      { at: 1500, kind: 'heal' },
      { at: 1600, kind: 'pause', node: 3, durationMs: 250 },
    ];
    const [, faults] = describePlan(plan).split('\n');
    expect(faults).toBe('t=1200 crash n2; t=1350 partition symmetric {n1} | {n2,n3}; t=1400 crash n1 during its next fsync; t=1500 heal; t=1600 pause n3 for 250ms');
  });
});
