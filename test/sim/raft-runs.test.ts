/**
 * End to end with our Raft: seeds run clean, a run is a pure function of its
 * plan (same seed, same trace hash and history; a saved plan replays to the
 * same hash), and runs exercise the faults they are meant to.
 */

import { describe, expect, it } from 'vitest';
import { defaultSystem } from '../../src/sim/default-system.js';
import { drawPlan, type Plan } from '../../src/sim/plan.js';
import { runPlan, runSeed } from '../../src/sim/run.js';

describe('runs with the Raft node', () => {
  it('passes a few seeds of every profile', () => {
    for (const profile of ['calm', 'lossy', 'partitions', 'crashes', 'mixed', 'brutal'] as const) {
      for (const seed of [1, 2]) {
        const result = runSeed(seed, { profile }, defaultSystem);
        expect(result.failure, `${profile} seed ${seed}: ${result.failure?.message}`).toBeNull();
        expect(result.verdict).toBe('linearizable');
        expect(result.stats.ops.ok).toBeGreaterThan(0);
      }
    }
  });

  it('is a pure function of the seed: same trace hash, same history', () => {
    const first = runSeed(31, {}, defaultSystem, { keepTrace: true });
    const second = runSeed(31, {}, defaultSystem, { keepTrace: true });
    expect(second.traceHash).toBe(first.traceHash);
    expect(second.history).toEqual(first.history);
    expect(second.trace).toEqual(first.trace);
    expect(first.trace!.length).toBe(first.stats.traceEvents);
    expect(first.stats.steps).toBeGreaterThan(first.stats.messages.delivered);
    expect(runSeed(32, {}, defaultSystem).traceHash).not.toBe(first.traceHash);
  });

  it('replays a plan that went through JSON to the same hash', () => {
    const plan = drawPlan(77, { profile: 'mixed' });
    const replayed = JSON.parse(JSON.stringify(plan)) as Plan;
    expect(runPlan(replayed, defaultSystem).traceHash).toBe(runPlan(plan, defaultSystem).traceHash);
  });

  it('still runs after deleting fault events and operations from a plan', () => {
    const plan = drawPlan(5, { profile: 'brutal' });
    plan.faults = plan.faults.filter((_, index) => index % 2 === 0);
    plan.clients = plan.clients.map((ops) => ops.filter((_, index) => index % 3 !== 1));
    const result = runPlan(plan, defaultSystem);
    expect(result.failure).toBeNull();
  });

  it('records the history in raft-check/history@1 with seed, config and fingerprint', () => {
    const result = runSeed(3, {}, defaultSystem, { codeVersion: 'test' });
    expect(result.history.format).toBe('raft-check/history@1');
    expect(result.history.model).toBe('kv');
    expect(result.history.meta).toMatchObject({ seed: 3, config: result.config, fingerprint: result.fingerprint });
    expect(result.fingerprint).toMatch(/^test:[0-9a-f]{16}$/);
    for (const op of result.history.operations) {
      expect(op.return === null).toBe(op.output === null);
      if (op.return !== null) expect(op.return).toBeGreaterThanOrEqual(op.call);
    }
  });
});
