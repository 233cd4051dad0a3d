/**
 * The availability oracle fed hand-made worlds: when a majority is calm, and
 * each of its three rules (leader, answer, rare elections) breaking on a
 * crafted timeline, while the same timeline within bounds passes.
 */

import { describe, expect, it } from 'vitest';
import type { NodeId, Role } from '../../../src/harness/api.js';
import { DEFAULT_TUNING } from '../../../src/harness/tuning.js';
import { AvailabilityOracle, AvailabilityViolation, availabilityBounds, type ClusterProbe } from '../../../src/sim/oracles/availability.js';
import { calmMajority } from '../../../src/sim/oracles/calm-majority.js';
import { violationOf as violationIn } from './violation-of.js';

/** A mutable fake world of `size` nodes: all up, connected, followers of term 1. */
function world(size: number) {
  const nodes = Array.from({ length: size }, (_, i) => i + 1);
  const state = {
    down: new Set<NodeId>(),
    cut: new Set<string>(),
    burst: false,
    roles: new Map<NodeId, Role>(nodes.map((id) => [id, 'follower'])),
    terms: new Map<NodeId, number>(nodes.map((id) => [id, 1])),
    configurations: new Map<NodeId, NodeId[]>(),
    drop: 0,
  };
  const probe: ClusterProbe = {
    nodes,
    configuration: (node) => state.configurations.get(node) ?? nodes,
    isUp: (node) => !state.down.has(node),
    isRunning: (node) => !state.down.has(node),
    isCut: (from, to) => state.cut.has(`${from}>${to}`),
    bursting: () => state.burst,
    dropRate: () => state.drop,
    role: (node) => state.roles.get(node) ?? 'follower',
    term: (node) => state.terms.get(node) ?? 0,
  };
  const cutOneWay = (from: NodeId[], to: NodeId[]): void => {
    for (const a of from) for (const b of to) state.cut.add(`${a}>${b}`);
  };
  return { probe, state, cutOneWay };
}

const bounds = { windowMs: 1000, answerMs: 500, maxElectionsPerSpan: 2, starvedTicks: 5 };

/** The availability oracle raises its own error class. */
const violationOf = (action: () => void): string | null => violationIn(action, AvailabilityViolation);

describe('calm majority', () => {
  it('is every node when nothing is wrong, and none during a burst', () => {
    const { probe, state } = world(3);
    expect(calmMajority(probe)).toEqual([1, 2, 3]);
    state.burst = true;
    expect(calmMajority(probe)).toBeNull();
  });

  it('respects symmetric, one-way and bridge partitions', () => {
    const symmetric = world(5);
    symmetric.cutOneWay([1, 2], [3, 4, 5]);
    symmetric.cutOneWay([3, 4, 5], [1, 2]);
    expect(calmMajority(symmetric.probe)).toEqual([3, 4, 5]);

    // n1 cannot send to the others but hears them: it cannot disturb {2,3}.
    const deaf = world(3);
    deaf.cutOneWay([1], [2, 3]);
    expect(calmMajority(deaf.probe)).toEqual([2, 3]);
    // n1 can send but not hear: it campaigns and deposes any leader of {2,3}, so nothing is calm.
    const mute = world(3);
    mute.cutOneWay([2, 3], [1]);
    expect(calmMajority(mute.probe)).toBeNull();
    // With PreVote it only asks for pre-votes, which members hearing their leader refuse: {2,3} stays calm.
    expect(calmMajority(mute.probe, true)).toEqual([2, 3]);

    // {1} | {2,3} bridged by... 5 nodes: {1,2} | {4,5} bridged by n3: n1, n2 still reach the bridge.
    const bridge = world(5);
    bridge.cutOneWay([1, 2], [4, 5]);
    bridge.cutOneWay([4, 5], [1, 2]);
    expect(calmMajority(bridge.probe)).toBeNull();
    bridge.state.down.add(1);
    bridge.state.down.add(2);
    expect(calmMajority(bridge.probe)).toEqual([3, 4, 5]);
  });

  it('needs a majority up', () => {
    const { probe, state } = world(3);
    state.down.add(1);
    expect(calmMajority(probe)).toEqual([2, 3]);
    state.down.add(2);
    expect(calmMajority(probe)).toBeNull();
  });

  it('picks the first in id order among equally large linked sets, whatever order the nodes are listed in', () => {
    // Four nodes, n1 and n4 cut apart: {1,2,3} and {2,3,4} are both linked (PreVote: n4 cannot disturb).
    const { probe, cutOneWay } = world(4);
    cutOneWay([1], [4]);
    cutOneWay([4], [1]);
    expect(calmMajority(probe, true)).toEqual([1, 2, 3]);
    // Listed backwards, the winner is named in that order and still the one with the smaller first id.
    expect(calmMajority({ ...probe, nodes: [4, 3, 2, 1] }, true)).toEqual([3, 2, 1]);
    // Three equal pairs in five nodes where only pairs link: none is a majority.
    const pairs = world(5);
    for (const [a, b] of [[1, 2], [3, 4]]) {
      pairs.cutOneWay([a as NodeId, b as NodeId], [1, 2, 3, 4, 5].filter((id) => id !== a && id !== b));
    }
    pairs.cutOneWay([5], [1, 2, 3, 4]);
    expect(calmMajority(pairs.probe, true)).toBeNull();
  });

  it('needs a majority of every configuration in use during a membership change', () => {
    const { probe, state } = world(5);
    // n1..n3 already use {1,2,3,4,5}; n4 and n5 (new) still use the initial {1,2,3}.
    for (const id of [1, 2, 3]) state.configurations.set(id, [1, 2, 3, 4, 5]);
    for (const id of [4, 5]) state.configurations.set(id, [1, 2, 3]);
    state.down.add(1);
    state.down.add(2);
    // {3,4,5} is a majority of the five, but only one of {1,2,3}.
    expect(calmMajority(probe)).toBeNull();
    state.down.delete(2);
    expect(calmMajority(probe)).toEqual([2, 3, 4, 5]);
  });
});

describe('availability oracle', () => {
  it('derives W from the tuning: five maximum election timeouts', () => {
    expect(availabilityBounds(DEFAULT_TUNING, 10).windowMs).toBe(5 * DEFAULT_TUNING.electionTimeoutMaxTicks * 10);
  });

  it('fails a calm majority that has no followed leader for longer than W, naming the window', () => {
    const { probe } = world(3);
    const oracle = new AvailabilityOracle(probe, bounds);
    oracle.topologyChanged(0);
    expect(violationOf(() => oracle.check(1000))).toBeNull();
    const message = violationOf(() => oracle.check(1001));
    expect(message).toContain('no leader followed by a majority');
    expect(message).toContain('{n1,n2,n3} were calm since t=0');
  });

  it('gives a calm bare majority whose logs leave one member electable longer, and no longer when they are equal', () => {
    // Seed 2063: n1 and n3 repair lost storage; of {n2,n4,n5} only n2 holds the latest entry, and needs both grants.
    const { probe, state } = world(5);
    state.down.add(1);
    state.down.add(3);
    const last = new Map<NodeId, { term: number; index: number }>([
      [2, { term: 11, index: 27 }],
      [4, { term: 7, index: 23 }],
      [5, { term: 9, index: 25 }],
    ]);
    probe.lastLog = (node) => last.get(node) ?? null;
    const oracle = new AvailabilityOracle(probe, bounds);
    oracle.topologyChanged(0);
    // One round in three can succeed: 1000 ln 0.2 / ln(1 - 0.8 / 3) = 5190ms.
    expect(violationOf(() => oracle.check(1001))).toBeNull();
    expect(violationOf(() => oracle.check(5100))).toBeNull();
    expect(violationOf(() => oracle.check(5200))).toContain('an election round gathers its votes with chance 0.33');
    // The same world with equal logs keeps W.
    const equal = world(5);
    equal.state.down.add(1);
    equal.state.down.add(3);
    equal.probe.lastLog = () => ({ term: 11, index: 27 });
    const strict = new AvailabilityOracle(equal.probe, bounds);
    strict.topologyChanged(0);
    expect(violationOf(() => strict.check(1001))).toContain('an election round gathers its votes with chance 1.00');
  });

  it('gives a calm bare majority on a lossy network longer, as a round needs every grant to arrive', () => {
    const { probe, state } = world(5);
    state.down.add(4);
    state.down.add(5);
    state.drop = 0.2;
    const oracle = new AvailabilityOracle(probe, bounds);
    oracle.topologyChanged(0);
    // Three calm of five: both grants must arrive, (0.8^2)^2 = 0.41 of the rounds.
    expect(violationOf(() => oracle.check(4000))).toBeNull();
    expect(violationOf(() => oracle.check(4100))).toContain('an election round gathers its votes with chance 0.41');
    // With room to spare (five calm), a lost grant is rarely missed: the bound is barely above W.
    const roomy = world(5);
    roomy.state.drop = 0.2;
    const relaxed = new AvailabilityOracle(roomy.probe, bounds);
    relaxed.topologyChanged(0);
    expect(violationOf(() => relaxed.check(1300))).toBeNull();
    expect(violationOf(() => relaxed.check(1400))).toContain('no leader');
  });

  it('starts a new window when the loss stops, so a shorter bound never judges a stretch begun under a longer one', () => {
    const { probe, state } = world(3);
    state.down.add(3);
    state.drop = 0.2;
    const oracle = new AvailabilityOracle(probe, bounds);
    oracle.topologyChanged(0);
    expect(violationOf(() => oracle.check(1500))).toBeNull();
    state.drop = 0;
    oracle.topologyChanged(1500);
    expect(violationOf(() => oracle.check(2500))).toBeNull();
    expect(violationOf(() => oracle.check(2501))).toContain('since t=1500');
  });

  it('does not count a leader that a majority does not follow, nor time without a calm majority', () => {
    const { probe, state } = world(3);
    const oracle = new AvailabilityOracle(probe, bounds);
    state.down.add(2);
    state.down.add(3);
    oracle.topologyChanged(0);
    expect(violationOf(() => oracle.check(5000))).toBeNull();
    state.down.clear();
    oracle.topologyChanged(5000);
    // n1 leads term 2, but n2 and n3 are in term 3: not followed.
    state.roles.set(1, 'leader');
    state.terms.set(1, 2);
    state.terms.set(2, 3);
    state.terms.set(3, 3);
    oracle.rolesChanged(5100);
    expect(violationOf(() => oracle.check(6001))).toContain('no leader');
  });

  it('passes while a followed leader exists, and records its span', () => {
    const { probe, state } = world(3);
    const oracle = new AvailabilityOracle(probe, bounds);
    oracle.topologyChanged(0);
    state.roles.set(2, 'leader');
    oracle.rolesChanged(400);
    expect(violationOf(() => oracle.check(3000))).toBeNull();
    const stats = oracle.finish(4000, [], 0);
    expect(stats.leaderSpans).toEqual([{ start: 400, end: 4000, leader: 2 }]);
    expect(stats.leaderFraction).toBe(0.9);
    expect(stats.calmWindows).toEqual([{ start: 0, end: 4000 }]);
  });

  it("fails an operation that reached the followed leader and got no answer within the bound", () => {
    const { probe, state } = world(3);
    const oracle = new AvailabilityOracle(probe, bounds);
    oracle.topologyChanged(0);
    state.roles.set(1, 'leader');
    oracle.rolesChanged(100);
    oracle.requestDelivered(200, 1, 7, 3, true);
    oracle.requestDelivered(200, 1, 8, 1, true);
    oracle.answered(300, 8, 1);
    // A stale request (not the client's latest) is owed nothing.
    oracle.requestDelivered(200, 1, 9, 1, false);
    expect(violationOf(() => oracle.check(700))).toBeNull();
    expect(violationOf(() => oracle.check(701))).toContain('client operation 7 seq 3 reached leader n1 at t=200');
  });

  it('drops the obligation when the leader loses its majority', () => {
    const { probe, state } = world(3);
    const oracle = new AvailabilityOracle(probe, bounds);
    oracle.topologyChanged(0);
    state.roles.set(1, 'leader');
    oracle.rolesChanged(100);
    oracle.requestDelivered(200, 1, 7, 3, true);
    state.roles.set(1, 'follower');
    state.roles.set(2, 'leader');
    state.terms.set(1, 2);
    state.terms.set(2, 2);
    state.terms.set(3, 2);
    oracle.rolesChanged(300);
    expect(violationOf(() => oracle.check(900))).toBeNull();
  });

  it('fails frequent elections in a calm window after its first W, not during it', () => {
    const { probe } = world(3);
    const oracle = new AvailabilityOracle(probe, bounds);
    oracle.topologyChanged(0);
    for (const at of [100, 300, 500, 700, 900]) oracle.electionWon(at, 1);
    oracle.electionWon(1200, 1);
    oracle.electionWon(1600, 1);
    expect(violationOf(() => oracle.electionWon(2300, 1))).toBeNull(); // 1200 fell out of the span
    expect(violationOf(() => oracle.electionWon(2400, 1))).toContain('3 elections within 1000ms');
  });

  it('does not count elections while, without PreVote, a removed member still stands in its stale configuration (seed 1881)', () => {
    const { probe, state } = world(4);
    const oracle = new AvailabilityOracle(probe, bounds);
    // n4 holds the old configuration; the others removed it.
    for (const node of [1, 2, 3]) state.configurations.set(node, [1, 2, 3]);
    state.configurations.set(4, [1, 2, 3, 4]);
    state.roles.set(4, 'candidate');
    oracle.topologyChanged(0);
    for (const at of [1100, 1200, 1300, 1400]) expect(violationOf(() => oracle.electionWon(at, 1))).toBeNull();
    // Following the leader, it disrupts nothing: counted.
    state.roles.set(4, 'follower');
    oracle.electionWon(1500, 1);
    oracle.electionWon(1600, 1);
    expect(violationOf(() => oracle.electionWon(1700, 1))).toContain('3 elections within 1000ms');
    state.roles.set(4, 'candidate');
    // With PreVote it cannot disrupt: counted as before.
    const preVote = new AvailabilityOracle(probe, bounds, true);
    preVote.topologyChanged(0);
    for (const at of [1100, 1200]) preVote.electionWon(at, 1);
    expect(violationOf(() => preVote.electionWon(1300, 1))).toContain('3 elections within 1000ms');
  });

  it('does not count elections after a node was starved of time behind a backlog (seed 440 of --faults torn)', () => {
    const { probe } = world(3);
    const waiting = new Map<NodeId, number>();
    const oracle = new AvailabilityOracle({ ...probe, ticksWaiting: (node) => waiting.get(node) ?? 0 }, bounds);
    oracle.topologyChanged(0);
    oracle.electionWon(1200, 1);
    oracle.electionWon(1300, 2);
    // n2, leading, is blocked on fsyncs behind a pipelining client: its tick waits 9 ticks, unseen.
    waiting.set(2, 9);
    expect(violationOf(() => oracle.electionWon(1400, 3))).toBeNull();
    // It steps on the late tick (8 missed): elections within W after it are its backlog's doing.
    waiting.delete(2);
    oracle.lateTick(1450, 8);
    expect(violationOf(() => oracle.electionWon(1500, 2))).toBeNull();
    expect(violationOf(() => oracle.electionWon(2400, 1))).toBeNull();
    // A late tick that stood for fewer than the bound's ticks starved no one; W later the rule holds again.
    oracle.lateTick(2500, 4);
    oracle.electionWon(2600, 2);
    oracle.electionWon(2700, 1);
    expect(violationOf(() => oracle.electionWon(2800, 3))).toContain('3 elections within 1000ms');
  });
});
