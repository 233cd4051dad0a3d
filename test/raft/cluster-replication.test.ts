/**
 * End-to-end: three nodes elect a leader, replicate and commit client
 * commands, answer them exactly once, and keep committed state across
 * crashes and restarts from their WAL.
 */

import { describe, expect, it } from 'vitest';
import type { ClientResponse } from '../../src/harness/api.js';
import { TestCluster } from './helpers/test-cluster.js';

function okValue(responses: ClientResponse[]): string | undefined {
  const ok = responses.find((response) => response.kind === 'ok');
  return ok?.kind === 'ok' ? ok.output.value : undefined;
}

describe('election', () => {
  it('elects exactly one leader and the others follow it', () => {
    const cluster = new TestCluster({ seed: 7 });
    const leader = cluster.electLeader();
    cluster.runUntil(() => cluster.ids.every((id) => cluster.node(id).view().term === cluster.node(leader).view().term), 50);
    for (let t = 0; t < 100; t++) {
      cluster.tickAll();
      cluster.deliverAll();
    }
    expect(cluster.leaders()).toEqual([leader]);
    for (const id of cluster.ids) if (id !== leader) expect(cluster.node(id).view().role).toBe('follower');
  });

  it('elects a new leader when the leader is cut off, and the old one steps down on rejoining', () => {
    const cluster = new TestCluster({ seed: 3 });
    const first = cluster.electLeader();
    cluster.isolate(first);
    cluster.runUntil(() => cluster.leaders().some((id) => id !== first));
    const second = cluster.leaders().find((id) => id !== first)!;
    expect(cluster.node(second).view().term).toBeGreaterThan(cluster.node(first).view().term);
    cluster.isolate(first, false);
    cluster.runUntil(() => cluster.leaders().length === 1 && cluster.node(first).view().role === 'follower');
  });
});

describe('replication', () => {
  it('commits a put on every node and answers the client once, after applying it', () => {
    const cluster = new TestCluster({ seed: 11 });
    const leader = cluster.electLeader();
    cluster.submit(leader, { client: 1, seq: 1, op: { op: 'put', key: 'x', value: 'a' } });
    cluster.runUntil(() => cluster.repliesTo(1).length > 0);
    expect(cluster.repliesTo(1)).toEqual([{ kind: 'ok', seq: 1, output: {} }]);
    cluster.submit(leader, { client: 1, seq: 2, op: { op: 'get', key: 'x' } });
    cluster.runUntil(() => cluster.repliesTo(1).length > 1);
    expect(cluster.repliesTo(1)[1]).toEqual({ kind: 'ok', seq: 2, output: { value: 'a' } });
    cluster.runUntil(() => cluster.ids.every((id) => cluster.node(id).view().appliedIndex === cluster.node(leader).view().lastIndex));
    const digests = cluster.ids.map((id) => cluster.node(id).view().stateDigest());
    expect(new Set(digests).size).toBe(1);
  });

  it('answers not-leader with a hint on a follower', () => {
    const cluster = new TestCluster({ seed: 5 });
    const leader = cluster.electLeader();
    cluster.runUntil(() => cluster.ids.every((id) => cluster.node(id).view().commitIndex >= 1));
    const follower = cluster.ids.find((id) => id !== leader)!;
    cluster.submit(follower, { client: 2, seq: 1, op: { op: 'get', key: 'x' } });
    expect(cluster.repliesTo(2)).toEqual([{ kind: 'not-leader', seq: 1, leaderHint: leader }]);
  });

  it('applies a retried command once and answers the retry from the session table', () => {
    const cluster = new TestCluster({ seed: 9 });
    const leader = cluster.electLeader();
    const request = { client: 4, seq: 1, op: { op: 'append' as const, key: 'k', value: 'v' } };
    cluster.submit(leader, request);
    cluster.submit(leader, request);
    cluster.runUntil(() => cluster.repliesTo(4).length >= 1);
    cluster.submit(leader, request);
    cluster.runUntil(() => cluster.repliesTo(4).length >= 2);
    cluster.submit(leader, { client: 4, seq: 2, op: { op: 'get', key: 'k' } });
    cluster.runUntil(() => cluster.repliesTo(4).length >= 3);
    expect(okValue(cluster.repliesTo(4).slice(2))).toBe('v');
  });

  it('replicates a long history in bounded batches', () => {
    const cluster = new TestCluster({ seed: 13 });
    const leader = cluster.electLeader();
    const follower = cluster.ids.find((id) => id !== leader)!;
    cluster.isolate(follower);
    // Many clients, one outstanding command each.
    for (let client = 1; client <= 200; client++) cluster.submit(leader, { client, seq: 1, op: { op: 'append', key: 'k', value: 'x' } });
    cluster.runUntil(() => cluster.replies.length === 200);
    expect(cluster.replies.every((reply) => reply.response.kind === 'ok')).toBe(true);
    cluster.isolate(follower, false);
    cluster.runUntil(() => cluster.node(follower).view().commitIndex === cluster.node(leader).view().commitIndex);
    for (const { message } of cluster.network) if (message.kind === 'AppendEntries') expect(message.entries.length).toBeLessThanOrEqual(64);
  });
});

describe('five nodes', () => {
  it('commits with two followers cut off, and catches them up after healing', () => {
    const cluster = new TestCluster({ size: 5, seed: 31, snapshotEvery: 6 });
    const leader = cluster.electLeader();
    const [cutA, cutB] = cluster.ids.filter((id) => id !== leader);
    cluster.isolate(cutA!);
    cluster.isolate(cutB!);
    for (let client = 1; client <= 15; client++) cluster.submit(leader, { client, seq: 1, op: { op: 'append', key: 'k', value: `${client},` } });
    cluster.runUntil(() => cluster.replies.length === 15);
    expect(cluster.replies.every((reply) => reply.response.kind === 'ok')).toBe(true);
    cluster.isolate(cutA!, false);
    cluster.isolate(cutB!, false);
    const last = cluster.node(leader).view().lastIndex;
    cluster.runUntil(() => cluster.ids.every((id) => cluster.node(id).view().appliedIndex === last));
    expect(new Set(cluster.ids.map((id) => cluster.node(id).view().stateDigest())).size).toBe(1);
  });

  it('makes no progress with three of five cut off, and answers the pending client not-leader once deposed', () => {
    const cluster = new TestCluster({ size: 5, seed: 37 });
    const leader = cluster.electLeader();
    cluster.runUntil(() => cluster.ids.every((id) => cluster.node(id).view().commitIndex === 1));
    const others = cluster.ids.filter((id) => id !== leader);
    for (const id of others.slice(0, 3)) cluster.isolate(id);
    cluster.submit(leader, { client: 1, seq: 1, op: { op: 'put', key: 'x', value: 'lost?' } });
    for (let t = 0; t < 100; t++) {
      cluster.tickAll();
      cluster.deliverAll();
    }
    expect(cluster.repliesTo(1)).toEqual([]);
    cluster.cutLinks.clear();
    cluster.runUntil(() => cluster.repliesTo(1).length > 0 || cluster.node(leader).view().role !== 'leader');
    cluster.runUntil(() => cluster.repliesTo(1).length > 0);
    // Either its own entry survived and was applied (ok), or it was deposed first (not-leader): never anything else.
    expect(['ok', 'not-leader']).toContain(cluster.repliesTo(1)[0]!.kind);
  });
});

describe('restart from the WAL', () => {
  it('keeps committed data when every node crashes and restarts', () => {
    const cluster = new TestCluster({ seed: 17 });
    const leader = cluster.electLeader();
    cluster.submit(leader, { client: 1, seq: 1, op: { op: 'put', key: 'x', value: 'kept' } });
    cluster.runUntil(() => cluster.repliesTo(1).length > 0);
    for (const id of cluster.ids) cluster.crash(id, () => 5);
    cluster.network.length = 0;
    for (const id of cluster.ids) cluster.restart(id);
    const next = cluster.electLeader();
    cluster.submit(next, { client: 1, seq: 2, op: { op: 'get', key: 'x' } });
    cluster.runUntil(() => cluster.repliesTo(1).length > 1);
    expect(cluster.repliesTo(1)[1]).toEqual({ kind: 'ok', seq: 2, output: { value: 'kept' } });
  });

  it('keeps its vote across a crash, so it cannot vote twice in a term', () => {
    const cluster = new TestCluster({ seed: 21 });
    const leader = cluster.electLeader();
    const voter = cluster.ids.find((id) => id !== leader)!;
    const rival = cluster.ids.find((id) => id !== leader && id !== voter)!;
    const before = cluster.node(voter).view().term;
    cluster.crash(voter);
    cluster.restart(voter);
    cluster.network.length = 0;
    expect(cluster.node(voter).view().term).toBe(before);
    cluster.step(voter, {
      kind: 'message',
      from: rival,
      message: { kind: 'RequestVote', term: before, candidate: rival, lastLogIndex: 100, lastLogTerm: before },
    });
    const vote = cluster.network.find((m) => m.from === voter && m.message.kind === 'RequestVoteReply');
    expect(vote?.message).toMatchObject({ kind: 'RequestVoteReply', granted: false });
  });
});
