/**
 * Depositions (a leader cut off long enough for a new one to be elected and
 * commit) and reader clients: the plan shapes that expose a read path which
 * skips the leadership check (raft-bugs.md #16).
 */

import { describe, expect, it } from 'vitest';
import { drawPlan } from '../../src/sim/plan.js';
import { readerClientCount } from '../../src/sim/reader-clients.js';

const plans = Array.from({ length: 100 }, (_, index) => drawPlan(index + 1));

describe('depositions', () => {
  it('last an election timeout on the slowest clock and more, in a stretch no planned partition or heal touches', () => {
    let seen = 0;
    for (const plan of plans) {
      const config = plan.config;
      const electionMs = (config.tuning.electionTimeoutMaxTicks * config.tickMs) / (1 - config.clocks.maxDrift);
      for (const fault of plan.faults) {
        if (fault.kind !== 'isolate-leader' || fault.nextWinner === true || fault.durationMs < electionMs + 100) continue;
        const end = fault.at + fault.durationMs;
        const planned = plan.faults.filter((other) => (other.kind === 'partition' || other.kind === 'heal') && other.at >= fault.at && other.at <= end);
        if (planned.length === 0) seen++;
      }
    }
    expect(seen).toBeGreaterThan(15);
  });

  it('wait for an established leader, and skew the clocks in about half of them when clocks drift', () => {
    let skewed = 0;
    let plain = 0;
    for (const plan of plans) {
      const depositions = plan.faults.filter((fault) => fault.kind === 'isolate-leader' && fault.established === true);
      for (const fault of depositions) {
        if (fault.kind !== 'isolate-leader') continue;
        if (fault.clockSkew === undefined) plain++;
        else skewed++;
        // The cut-off clock slow and the others fast, as far as the bound the nodes are told allows.
        if (fault.clockSkew !== undefined) expect(fault.clockSkew).toBe(plan.config.clocks.maxDrift);
        if (plan.config.clocks.maxDrift === 0) expect(fault.clockSkew).toBeUndefined();
      }
    }
    expect(skewed).toBeGreaterThan(10);
    expect(plain).toBeGreaterThan(skewed);
  });

  it('come in every faulty profile, and in the calm one only as its quiet world; other leader isolations only with symmetric partitions', () => {
    for (const plan of plans) {
      const isolations = plan.faults.filter((fault) => fault.kind === 'isolate-leader');
      if (plan.config.faults.profile === 'calm') expect(plan.config.faults.quiet).toBe(true);
      if (plan.config.faults.partitionGapMs > 0 && plan.config.faults.partitionKinds.symmetric > 0) continue;
      expect(isolations.filter((fault) => fault.kind === 'isolate-leader' && fault.established !== true)).toEqual([]);
    }
  });
});

describe('reader clients', () => {
  it('some seeds add one or two clients whose every operation is a get, before the pipelined ones', () => {
    let withReaders = 0;
    for (const plan of plans) {
      const readers = readerClientCount(plan.config.seed, {});
      const sequential = plan.config.clients - plan.config.pipelinedClients;
      if (readers > 0) withReaders++;
      expect(readers).toBeLessThanOrEqual(2);
      for (const ops of plan.clients.slice(sequential - readers, sequential)) {
        expect(ops.length).toBe(plan.config.opsPerClient);
        expect(ops.every((op) => op.input.op === 'get')).toBe(true);
      }
    }
    expect(withReaders).toBeGreaterThan(plans.length * 0.25);
    expect(withReaders).toBeLessThan(plans.length * 0.55);
  });

  it("leave the other clients' plans as they were, and none when the client count is overridden", () => {
    for (const plan of plans.slice(0, 20)) {
      const readers = readerClientCount(plan.config.seed, {});
      const writers = plan.config.clients - plan.config.pipelinedClients - readers;
      // An override names every client (none pipelined, none a reader): the same workload draws.
      const overridden = drawPlan(plan.config.seed, { clients: writers });
      expect(readerClientCount(plan.config.seed, { clients: writers })).toBe(0);
      expect(overridden.clients).toEqual(plan.clients.slice(0, writers));
    }
  });
});
