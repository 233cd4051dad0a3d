/**
 * What follows a storage fault (src/sim/storage-aftermath.ts): the restart
 * that reads the damaged disk is found, and a crash of the leader follows it
 * within a few heartbeats, down past an election timeout, so that the others
 * elect while the damaged node repairs; half the damaged nodes crash again
 * while they repair.
 */

import { describe, expect, it } from 'vitest';
import { drawRunConfig } from '../../src/sim/config.js';
import { drawPlan, type Plan } from '../../src/sim/plan.js';
import { RandomStream } from '../../src/sim/random.js';
import { damagedRestarts, drawStorageAftermath } from '../../src/sim/storage-aftermath.js';
import type { StorageFaultEvent } from '../../src/sim/storage-faults.js';

const flip = (at: number, node: number): StorageFaultEvent => ({ at, kind: 'storage', node, fault: { kind: 'bit-flip', where: 0, bit: 0 } });

describe('the aftermath of a storage fault', () => {
  it('finds the restart that reads the damaged disk: the next restart of the node, or an aimed crash\'s own', () => {
    const faults = [
      { at: 10, kind: 'crash', node: 1 },
      { at: 40, kind: 'restart', node: 2 },
      { at: 90, kind: 'restart', node: 1 },
      { at: 200, kind: 'crash', node: 2, aim: { restartAfterMs: 30 } },
      { at: 500, kind: 'restart', node: 1 },
    ];
    // A lost write is armed before its crash: the restart after that crash still reads it.
    expect(damagedRestarts([flip(15, 1), flip(205, 2), flip(600, 1)], faults)).toEqual([
      { node: 1, at: 90 },
      { node: 2, at: 230 },
    ]);
  });

  it('crashes the leader within three heartbeats of the restart, for longer than an election timeout', () => {
    const config = drawRunConfig(7);
    const heartbeatMs = config.tuning.heartbeatTicks * config.tickMs;
    const electionTimeoutMs = config.tuning.electionTimeoutMaxTicks * config.tickMs;
    const faults = drawStorageAftermath(config, [{ node: 1, at: 100 }, { node: 1, at: config.safetyMs }], new RandomStream(7, 'storage-aftermath'));
    const crashes = faults.flatMap((fault) => (fault.kind === 'crash-leader' ? [fault] : []));
    expect(crashes).toHaveLength(1);
    expect(crashes[0]!.at - 100).toBeGreaterThanOrEqual(1);
    expect(crashes[0]!.at - 100).toBeLessThanOrEqual(3 * heartbeatMs);
    expect(crashes[0]!.restartAfterMs).toBeGreaterThan(electionTimeoutMs);
  });

  it('in half the damaged restarts, crashes the damaged node again within three heartbeats, and brings it back', () => {
    const config = drawRunConfig(7);
    const heartbeatMs = config.tuning.heartbeatTicks * config.tickMs;
    const restarts = Array.from({ length: 100 }, (_, k) => ({ node: 2, at: 1 + k }));
    const faults = drawStorageAftermath({ ...config, safetyMs: 1_000_000 }, restarts, new RandomStream(7, 'storage-aftermath'));
    const again = faults.flatMap((fault) => (fault.kind === 'crash' ? [fault] : []));
    expect(again.length).toBeGreaterThan(25);
    expect(again.length).toBeLessThan(75);
    for (const crash of again) {
      expect(crash.node).toBe(2);
      expect(crash.at - 100).toBeLessThanOrEqual(3 * heartbeatMs);
      expect(faults.some((fault) => fault.kind === 'restart' && fault.node === 2 && fault.at > crash.at)).toBe(true);
    }
  });

  it('follows the damaged restarts of drawn plans', () => {
    const restartsOf = (plan: Plan): { at: number }[] => damagedRestarts(plan.faults.filter((f): f is StorageFaultEvent => f.kind === 'storage'), plan.faults);
    const plan = Array.from({ length: 200 }, (_, k) => drawPlan(k + 1)).find((p) => restartsOf(p).length > 0)!;
    const heartbeatMs = plan.config.tuning.heartbeatTicks * plan.config.tickMs;
    for (const restart of restartsOf(plan)) {
      const follows = plan.faults.some((f) => f.kind === 'crash-leader' && f.at > restart.at && f.at <= restart.at + 3 * heartbeatMs);
      // None only when it would have come after the safety phase.
      expect(follows || restart.at + 3 * heartbeatMs >= plan.config.safetyMs).toBe(true);
    }
  });
});
