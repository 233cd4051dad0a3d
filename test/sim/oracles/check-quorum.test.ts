/**
 * The CheckQuorum and PreVoteKeepsTerm oracles fed hand-made worlds: a leader
 * cut off from a majority may lead only for the bound; a term may rise on a
 * message but not on a timer tick.
 */

import { describe, expect, it } from 'vitest';
import type { NodeId, Role } from '../../../src/harness/api.js';
import { AvailabilityViolation, type ClusterProbe } from '../../../src/sim/oracles/availability.js';
import { CheckQuorumOracle } from '../../../src/sim/oracles/check-quorum.js';
import { checkPreVoteKeepsTerm } from '../../../src/sim/oracles/prevote-term.js';
import { InvariantViolation } from '../../../src/sim/invariants.js';

function world(size: number) {
  const nodes = Array.from({ length: size }, (_, i) => i + 1);
  const down = new Set<NodeId>();
  /** Running, but repairing damaged storage: it cannot vote, yet it answers the leader. */
  const repairing = new Set<NodeId>();
  const cut = new Set<string>();
  const roles = new Map<NodeId, Role>([[1, 'leader']]);
  const probe: ClusterProbe = {
    nodes,
    configuration: () => nodes,
    isUp: (node) => !down.has(node) && !repairing.has(node),
    isRunning: (node) => !down.has(node),
    isCut: (from, to) => cut.has(`${from}>${to}`),
    bursting: () => false,
    dropRate: () => 0,
    role: (node) => roles.get(node) ?? 'follower',
    term: () => 3,
  };
  return { probe, down, repairing, cut, roles };
}

function violationOf(action: () => void): string | null {
  try {
    action();
  } catch (error) {
    if (error instanceof AvailabilityViolation || error instanceof InvariantViolation) return error.message;
    throw error;
  }
  return null;
}

describe('CheckQuorum oracle', () => {
  it('fails a leader that leads on past the bound while it cannot reach a majority', () => {
    const { probe, cut } = world(3);
    const oracle = new CheckQuorumOracle(probe, 600, () => 0, 0);
    oracle.update(0);
    // One-way cuts count: n1 still sends to n2 and n3 but hears neither.
    cut.add('2>1').add('3>1');
    oracle.update(100);
    expect(violationOf(() => oracle.check(700))).toBeNull();
    expect(violationOf(() => oracle.check(701))).toContain('n1 has led term 3 since t=100 without being able to reach a majority of its configuration (it reaches 1 of 3');
  });

  it('waits for a leader behind a backlog to step on the ticks the bound counts (a slow disk, ~56 queued inputs)', () => {
    const { probe, cut } = world(3);
    let ticks = 40;
    const oracle = new CheckQuorumOracle(probe, 600, () => ticks, 22);
    cut.add('2>1').add('3>1');
    oracle.update(100);
    // Blocked on fsyncs behind a deep inbox: 900ms of wall time, but only 10 ticks reached it (late ones, missed > 0).
    ticks += 10;
    expect(violationOf(() => oracle.check(1000))).toBeNull();
    ticks += 11;
    expect(violationOf(() => oracle.check(1500))).toBeNull();
    ticks += 1;
    expect(violationOf(() => oracle.check(1501))).toContain('must step down within 600ms and 22 ticks of its own (it stepped on 22)');
  });

  it('counts the ticks again from a held-back message, as the wall clock', () => {
    const { probe, down } = world(3);
    let ticks = 0;
    const oracle = new CheckQuorumOracle(probe, 600, () => ticks, 22);
    down.add(2).add(3);
    oracle.update(100);
    ticks = 30;
    oracle.heard(1, 400);
    ticks = 51;
    expect(violationOf(() => oracle.check(2000))).toBeNull();
    ticks = 52;
    expect(violationOf(() => oracle.check(2001))).toContain('since t=400');
  });

  it('starts the bound again when a held-back message reaches the cut-off leader (seed 879)', () => {
    const { probe, down } = world(3);
    const oracle = new CheckQuorumOracle(probe, 600, () => 0, 0);
    down.add(2).add(3);
    oracle.update(100);
    oracle.heard(1, 400);
    expect(violationOf(() => oracle.check(1000))).toBeNull();
    expect(violationOf(() => oracle.check(1001))).toContain('since t=400');
  });

  it('counts a follower repairing its storage as reached: it answers the heartbeats CheckQuorum counts (seed 4231)', () => {
    const { probe, down, repairing } = world(3);
    const oracle = new CheckQuorumOracle(probe, 600, () => 0, 0);
    down.add(3);
    repairing.add(2);
    oracle.update(100);
    expect(violationOf(() => oracle.check(10_000))).toBeNull();
    repairing.delete(2);
    down.add(2);
    oracle.update(200);
    expect(violationOf(() => oracle.check(801))).toContain('it reaches 1 of 3');
  });

  it('forgets a cut-off leader removed from the cluster for good (seed 8442)', () => {
    const { probe, cut } = world(3);
    const oracle = new CheckQuorumOracle(probe, 600, () => 0, 0);
    cut.add('2>1').add('3>1');
    oracle.update(100);
    (probe.nodes as NodeId[]).splice(0, 1); // n1 removed and stopped: it leaves probe.nodes
    oracle.update(200);
    expect(violationOf(() => oracle.check(5000))).toBeNull();
  });

  it('lets a leader that reaches a majority, or one that stepped down in time, be', () => {
    const { probe, cut, down, roles } = world(5);
    const oracle = new CheckQuorumOracle(probe, 600, () => 0, 0);
    down.add(4).add(5);
    oracle.update(0);
    expect(violationOf(() => oracle.check(5000))).toBeNull(); // n1, n2, n3: a majority
    cut.add('1>2');
    oracle.update(100);
    roles.set(1, 'follower');
    oracle.update(650);
    expect(violationOf(() => oracle.check(5000))).toBeNull();
  });
});

describe('PreVoteKeepsTerm', () => {
  it('a term may rise on a message, never on a tick', () => {
    const message = { kind: 'message' as const, from: 2, message: {} };
    expect(violationOf(() => checkPreVoteKeepsTerm(1, message, 4, 5))).toBeNull();
    expect(violationOf(() => checkPreVoteKeepsTerm(1, { kind: 'tick' }, 4, 4))).toBeNull();
    expect(violationOf(() => checkPreVoteKeepsTerm(1, { kind: 'tick' }, 4, 5))).toContain('n1 raised its term from 4 to 5 on a timer tick');
  });

  it('a sole voter wins its own pre-vote and may campaign on the tick, by one term only', () => {
    expect(violationOf(() => checkPreVoteKeepsTerm(1, { kind: 'tick' }, 5, 6, [1]))).toBeNull();
    expect(violationOf(() => checkPreVoteKeepsTerm(1, { kind: 'tick' }, 5, 7, [1]))).toContain('from 5 to 7');
    expect(violationOf(() => checkPreVoteKeepsTerm(1, { kind: 'tick' }, 5, 6, [1, 2]))).toContain('from 5 to 6');
    expect(violationOf(() => checkPreVoteKeepsTerm(1, { kind: 'tick' }, 5, 6, [2]))).toContain('from 5 to 6');
  });
});
