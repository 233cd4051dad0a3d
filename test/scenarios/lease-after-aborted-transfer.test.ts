/**
 * A leader that sent TimeoutNow keeps no lease (lease.ts; TiKV's raftstore
 * turns its lease to Suspect as it sends MsgTimeoutNow, for this schedule).
 * The target's election is marked as a transfer, so leader stickiness lets
 * it through: followers that answered the leader's last round elect the
 * target at once, while the leader, cut off, times its transfer out and
 * leads on. Before the fix it served lease reads then, beside the target's
 * commits: the run below failed linearizability (a read at t=802 at the old
 * leader missed the append the new leader had acknowledged at t=798).
 *
 * Steps (seed 23, lease reads, PreVote on so that the cut-off target keeps
 * its term): n3 is cut off at t=300 and falls behind; at t=600 the operator
 * asks leader n1 to hand over to n3; at t=720 the partition heals, n1 brings
 * n3 up to date and sends TimeoutNow (t=724); at t=727 n1 is cut off from
 * both; n3 wins term 2 with n2's vote (t=740) and commits client 1's
 * appends; n1 aborts the transfer (t=759) and leads on in term 1, where
 * client 0 still reads `k0` every 7 ms.
 */

import { describe, expect, it } from 'vitest';
import { defaultSystem } from '../../src/sim/default-system.js';
import type { PlanOp } from '../../src/sim/plan.js';
import { runPlan } from '../../src/sim/run.js';
import { appends, scenarioPlan, type Scenario } from './scenario-plan.js';

const reads = (count: number, gapMs: number): PlanOp[] => Array.from({ length: count }, () => ({ afterMs: gapMs, input: { op: 'get', key: 'k0' } }));

const scenario: Scenario = {
  seed: 23,
  features: { preVote: true, checkQuorum: false, readMode: 'lease' },
  clients: [reads(200, 7), appends(1, 150, 10, 'k0')],
  safetyMs: 2000,
  steps: [
    { at: 300, kind: 'partition', partition: { kind: 'symmetric', sides: [[3], [1, 2]] } },
    { at: 600, kind: 'transfer-leadership', to: 3 },
    { at: 720, kind: 'heal' },
    { at: 727, kind: 'isolate-leader', durationMs: 600 },
  ],
};

describe('scenario: a leader whose transfer timed out after its TimeoutNow reads by ReadIndex, not by lease', () => {
  it('passes: the old leader reads nothing the target committed past it', () => {
    const result = runPlan(scenarioPlan(scenario, []), defaultSystem, { keepTrace: true });
    expect(result.failure).toBeNull();
    const lines = (result.trace ?? []).map((event) => `${event.time} n${event.node} ${event.detail}`);
    // The schedule still holds: TimeoutNow went out, the target won a newer term, and the leader aborted its transfer.
    expect(lines).toContain('724 n1 n1->n3 TimeoutNow t1');
    expect(lines).toContain('740 n3 candidate -> leader in term 2');
    expect(lines).toContain('759 n1 admin #1: rejected');
  });
});
