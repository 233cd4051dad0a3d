/**
 * LeaderHeartbeat fed by hand: a leader's tick inputs count against each
 * voter of its configuration until it sends that voter something; more than
 * the bound fails. Followers, learners and a new term start afresh.
 */

import { describe, expect, it } from 'vitest';
import type { NodeInput, NodeView } from '../../../src/harness/api.js';
import { heartbeatBoundTicks, LeaderHeartbeatOracle } from '../../../src/sim/oracles/leader-heartbeat.js';
import { bareView } from '../../support/bare-view.js';
import { violationOf } from './violation-of.js';

const TICK: NodeInput<unknown> = { kind: 'tick' };
const VOTERS = [1, 2, 3];

function view(role: NodeView['role'], term = 2): NodeView {
  return bareView(role, term);
}

/** n1 leads term 2 and ticks `ticks` times, sending n2 something at every tick and n3 nothing. */
function quietTowardsN3(oracle: LeaderHeartbeatOracle, ticks: number): void {
  for (let tick = 0; tick < ticks; tick++) {
    oracle.afterStep(1, TICK, view('leader'), VOTERS);
    oracle.sent(1, 2);
  }
}

describe('LeaderHeartbeat', () => {
  it('bounds the silence by the election timeout under the worst drift, never below the heartbeat interval', () => {
    const tuning = { maxEntriesPerAppend: 8, maxInflight: 1, heartbeatTicks: 2, electionTimeoutMinTicks: 10, electionTimeoutMaxTicks: 20 };
    expect(heartbeatBoundTicks(tuning, 0)).toBe(9);
    expect(heartbeatBoundTicks(tuning, 0.2)).toBe(6);
    expect(heartbeatBoundTicks({ ...tuning, heartbeatTicks: 9 }, 0.2)).toBe(9);
  });

  it('fails a leader that sends a voter nothing for more than the bound', () => {
    const oracle = new LeaderHeartbeatOracle(4);
    quietTowardsN3(oracle, 4);
    expect(violationOf(() => quietTowardsN3(oracle, 1))).toBe(
      'n1 (leader of term 2) sent nothing to n3, a voter of its configuration, for 5 of its ticks: a follower\'s election timer may run out after 4',
    );
  });

  it('passes a leader that sends every voter something within the bound; a send resets the count', () => {
    const oracle = new LeaderHeartbeatOracle(4);
    for (let round = 0; round < 5; round++) {
      quietTowardsN3(oracle, 4);
      oracle.sent(1, 3);
    }
    expect(violationOf(() => quietTowardsN3(oracle, 4))).toBeNull();
  });

  it('counts only tick inputs, and only while the node leads the same term', () => {
    const oracle = new LeaderHeartbeatOracle(4);
    quietTowardsN3(oracle, 4);
    oracle.afterStep(1, { kind: 'message', from: 2, message: {} }, view('leader'), VOTERS);
    oracle.afterStep(1, TICK, view('follower', 3), VOTERS);
    oracle.afterStep(1, TICK, view('leader', 4), VOTERS);
    expect(violationOf(() => quietTowardsN3(oracle, 3))).toBeNull();
  });

  it('judges only the voters of the configuration: a removed one is forgotten, an added one starts afresh', () => {
    const oracle = new LeaderHeartbeatOracle(4);
    quietTowardsN3(oracle, 4);
    expect(violationOf(() => oracle.afterStep(1, TICK, view('leader'), [1, 2]))).toBeNull();
    oracle.sent(1, 2);
    const readded = [1, 2, 3];
    for (let tick = 0; tick < 4; tick++) {
      oracle.afterStep(1, TICK, view('leader'), readded);
      oracle.sent(1, 2);
    }
    expect(violationOf(() => oracle.afterStep(1, TICK, view('leader'), readded))).toContain('sent nothing to n3, a voter of its configuration, for 5');
  });
});
