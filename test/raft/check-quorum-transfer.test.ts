/**
 * CheckQuorum (section 6.2) and leadership transfer (section 3.10), end to
 * end on the test cluster: a leader cut off from the majority steps down only
 * with CheckQuorum on; a transfer catches the target up, hands over through
 * TimeoutNow (bypassing PreVote), refuses proposals meanwhile, and is aborted
 * after an election timeout when the target never stands.
 */

import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../src/harness/tuning.js';
import type { NodeId } from '../../src/harness/api.js';
import { markCounts, resetMarks } from '../../src/util/marks.js';
import { TestCluster } from './helpers/test-cluster.js';

const ELECTION_TIMEOUT_MAX = DEFAULT_TUNING.electionTimeoutMaxTicks;

function put(client: number, seq: number) {
  return { client, seq, op: { op: 'put' as const, key: 'k', value: `${client}.${seq}` } };
}

function tickOnly(cluster: TestCluster, id: NodeId, ticks: number): void {
  for (let t = 0; t < ticks; t++) cluster.tick(id);
}

describe('CheckQuorum', () => {
  it('a leader cut off from every peer steps down within two election timeouts', () => {
    resetMarks();
    const cluster = new TestCluster({ features: { checkQuorum: true } });
    const leader = cluster.electLeader();
    cluster.isolate(leader);
    for (let t = 0; t < 2 * ELECTION_TIMEOUT_MAX && cluster.node(leader).view().role === 'leader'; t++) {
      cluster.tickAll();
      cluster.deliverAll();
    }
    expect(cluster.node(leader).view().role).toBe('follower');
    expect(markCounts()['check-quorum-stepped-down']).toBeGreaterThanOrEqual(1);
  });

  it('a busy leader counts the ticks it missed: late ticks that stand for two election timeouts end its lead', () => {
    const cluster = new TestCluster({ features: { checkQuorum: true } });
    const leader = cluster.electLeader();
    cluster.isolate(leader);
    // Each late tick stands for a whole election timeout (a leader held up behind its clients' fsyncs).
    for (let t = 0; t < 2 && cluster.node(leader).view().role === 'leader'; t++) {
      cluster.step(leader, { kind: 'tick', missed: ELECTION_TIMEOUT_MAX });
    }
    expect(cluster.node(leader).view().role).toBe('follower');
  });

  it('a leader that hears its followers keeps leading; without CheckQuorum a cut-off one leads on', () => {
    const healthy = new TestCluster({ features: { checkQuorum: true } });
    const leader = healthy.electLeader();
    for (let t = 0; t < 5 * ELECTION_TIMEOUT_MAX; t++) {
      healthy.tickAll();
      healthy.deliverAll();
    }
    expect(healthy.leaders()).toEqual([leader]);

    const plain = new TestCluster();
    const alone = plain.electLeader();
    plain.isolate(alone);
    tickOnly(plain, alone, 5 * ELECTION_TIMEOUT_MAX);
    expect(plain.node(alone).view().role).toBe('leader');
  });
});

describe('leadership transfer', () => {
  for (const preVote of [false, true]) {
    it(`hands over to a caught-up target through TimeoutNow${preVote ? ', bypassing PreVote' : ''}, and answers ok`, () => {
      const cluster = new TestCluster({ features: { preVote } });
      const leader = cluster.electLeader();
      const target = cluster.ids.find((id) => id !== leader)!;
      cluster.submit(leader, put(1, 1));
      cluster.step(leader, { kind: 'admin', id: 7, request: { kind: 'transfer-leadership', to: target } });
      cluster.deliverAll();
      expect(cluster.leaders()).toEqual([target]);
      expect(cluster.adminReplies).toEqual([{ node: leader, id: 7, outcome: 'ok', leaderHint: target }]);
    });
  }

  it('refuses proposals during the transfer with a hint to the target', () => {
    const cluster = new TestCluster();
    const leader = cluster.electLeader();
    const target = cluster.ids.find((id) => id !== leader)!;
    cluster.isolate(target);
    cluster.step(leader, { kind: 'admin', id: 1, request: { kind: 'transfer-leadership', to: target } });
    cluster.submit(leader, put(1, 1));
    expect(cluster.repliesTo(1)).toEqual([{ kind: 'not-leader', seq: 1, leaderHint: target }]);
  });

  it('aborts after an election timeout when the target never stands, then takes proposals again', () => {
    resetMarks();
    const cluster = new TestCluster();
    const leader = cluster.electLeader();
    const target = cluster.ids.find((id) => id !== leader)!;
    cluster.isolate(target);
    cluster.step(leader, { kind: 'admin', id: 2, request: { kind: 'transfer-leadership', to: target } });
    tickOnly(cluster, leader, ELECTION_TIMEOUT_MAX);
    expect(cluster.adminReplies).toEqual([{ node: leader, id: 2, outcome: 'rejected', leaderHint: null }]);
    expect(markCounts()['transfer-aborted-by-timeout']).toBe(1);
    cluster.submit(leader, put(1, 1));
    cluster.deliverAll();
    expect(cluster.repliesTo(1)).toEqual([{ kind: 'ok', seq: 1, output: {} }]);
  });

  it('a follower answers not-leader; a second transfer while one runs is rejected', () => {
    const cluster = new TestCluster();
    const leader = cluster.electLeader();
    const [a, b] = cluster.ids.filter((id) => id !== leader) as [NodeId, NodeId];
    cluster.step(a, { kind: 'admin', id: 1, request: { kind: 'transfer-leadership', to: b } });
    cluster.isolate(a);
    cluster.step(leader, { kind: 'admin', id: 2, request: { kind: 'transfer-leadership', to: a } });
    cluster.step(leader, { kind: 'admin', id: 3, request: { kind: 'transfer-leadership', to: b } });
    expect(cluster.adminReplies.map((reply) => [reply.id, reply.outcome])).toEqual([
      [1, 'not-leader'],
      [3, 'rejected'],
    ]);
  });
});
