/**
 * Randomised end-to-end runs with the faults the simulator will inject:
 * message loss, duplication and reordering, cut links, crashes inside a step
 * (with torn WAL writes) and restarts. Clients append unique values and retry
 * with the same (client, seq) on not-leader or timeout. The cluster helper
 * checks one leader per term and one command per committed index after every
 * step; at the end the faults heal, every client finishes, and every value
 * a client got `ok` for must be in the final state exactly once (and no value
 * twice: retries are applied once).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeId } from '../../src/harness/api.js';
import { markCounts, resetMarks } from '../../src/util/marks.js';
import { TestCluster } from './helpers/test-cluster.js';

let totalAcknowledged = 0;

interface Client {
  id: number;
  seq: number;
  key: string;
  value: string;
  target: NodeId;
  sentAt: number;
  retryAt: number;
  outstanding: boolean;
}

class Rng {
  constructor(private state: number) {}
  next(bound: number): number {
    this.state = (Math.imul(this.state ^ (this.state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return (this.state >>> 4) % bound;
  }
  chance(percent: number): boolean {
    return this.next(1000) < percent * 10;
  }
}

function runWithFaults(seed: number): number {
  const rng = new Rng(seed * 7919 + 1);
  const cluster = new TestCluster({ seed, snapshotEvery: 3 + (seed % 10) });
  cluster.keepUnsyncedOnCrash = (_file, length) => rng.next(length + 1);
  const keys = ['a', 'b'];
  const clients: Client[] = [1, 2, 3].map((id) => ({ id, seq: 0, key: '', value: '', target: 1, sentAt: 0, retryAt: Infinity, outstanding: false }));
  const acknowledged: string[] = [];
  const issued = new Set<string>();
  let readReplies = 0;
  let round = 0;

  const send = (client: Client): void => {
    client.sentAt = round;
    client.retryAt = Infinity;
    if (cluster.isUp(client.target)) cluster.submit(client.target, { client: client.id, seq: client.seq, op: { op: 'append', key: client.key, value: client.value } });
  };
  const processReplies = (): void => {
    for (; readReplies < cluster.replies.length; readReplies++) {
      const { client: clientId, response } = cluster.replies[readReplies]!;
      const client = clients.find((c) => c.id === clientId)!;
      if (!client.outstanding || response.seq !== client.seq) continue;
      if (response.kind === 'ok') {
        acknowledged.push(client.value);
        client.outstanding = false;
      } else {
        // Retry at the hinted leader (or anyone) a little later, with the same seq.
        client.target = response.leaderHint ?? cluster.ids[rng.next(cluster.ids.length)]!;
        client.retryAt = round + 2;
      }
    }
  };
  const driveClients = (issueNew: boolean): void => {
    for (const client of clients) {
      if (!client.outstanding && issueNew) {
        client.seq += 1;
        client.key = keys[rng.next(keys.length)]!;
        client.value = `<${client.id}.${client.seq}>`;
        issued.add(client.value);
        client.outstanding = true;
        send(client);
      } else if (client.outstanding && round >= client.retryAt) {
        send(client);
      } else if (client.outstanding && round - client.sentAt > 40) {
        client.target = cluster.ids[rng.next(cluster.ids.length)]!;
        send(client);
      }
    }
  };
  const deliverSome = (faulty: boolean): void => {
    const count = cluster.network.length;
    for (let n = 0; n < count + 2 && cluster.network.length > 0; n++) {
      const k = faulty ? rng.next(Math.min(cluster.network.length, 4)) : 0;
      if (faulty && rng.chance(8)) {
        cluster.network.splice(k, 1);
        continue;
      }
      if (faulty && rng.chance(5)) cluster.network.push({ ...cluster.network[k]! });
      const target = cluster.network[k]!.to;
      if (faulty && cluster.isUp(target) && rng.chance(0.4)) cluster.crashPlan = { node: target, step: (cluster.stepCounts.get(target) ?? 0) + 1, afterEffects: rng.next(4) };
      cluster.deliverAt(k);
      processReplies();
    }
  };

  // Safety phase: faults on.
  for (; round < 400; round++) {
    for (const id of cluster.ids) {
      if (!cluster.isUp(id)) {
        if (rng.chance(5)) cluster.restart(id);
        continue;
      }
      if (rng.chance(0.3)) cluster.crash(id);
      else cluster.tick(id);
    }
    if (rng.chance(2)) cluster.cutLinks.add(`${1 + rng.next(3)}->${1 + rng.next(3)}`);
    if (rng.chance(4)) cluster.cutLinks.clear();
    driveClients(true);
    deliverSome(true);
    processReplies();
  }

  // Liveness phase: heal everything, finish every outstanding command.
  cluster.cutLinks.clear();
  cluster.crashPlan = null;
  for (const id of cluster.ids) if (!cluster.isUp(id)) cluster.restart(id);
  const limit = round + 600;
  for (; round < limit && clients.some((c) => c.outstanding); round++) {
    cluster.tickAll();
    driveClients(false);
    deliverSome(false);
    processReplies();
  }
  expect(clients.filter((c) => c.outstanding)).toEqual([]);

  // Read the final state through the log.
  const leader = cluster.electLeader(1000);
  const finalValues = new Map<string, string>();
  keys.forEach((key, k) => {
    const reader = 100 + k;
    cluster.submit(leader, { client: reader, seq: 1, op: { op: 'get', key } });
    cluster.runUntil(() => cluster.repliesTo(reader).some((r) => r.kind === 'ok'), 200);
    const reply = cluster.repliesTo(reader).find((r) => r.kind === 'ok');
    finalValues.set(key, reply?.kind === 'ok' ? (reply.output.value ?? '') : '');
  });
  const all = [...finalValues.values()].join('');
  const present = all.match(/<\d+\.\d+>/g) ?? [];
  expect(new Set(present).size).toBe(present.length); // nothing applied twice
  for (const value of present) expect(issued.has(value)).toBe(true);
  for (const value of acknowledged) expect(present).toContain(value);
  cluster.runUntil(() => cluster.ids.every((id) => cluster.node(id).view().appliedIndex === cluster.node(leader).view().lastIndex), 200);
  expect(new Set(cluster.ids.map((id) => cluster.node(id).view().stateDigest())).size).toBe(1);
  return acknowledged.length;
}

describe('randomised faults', () => {
  afterAll(() => {
    if (process.env.FAULT_DEBUG) console.log(markCounts(), totalAcknowledged);
  });
  beforeAll(() => resetMarks());

  for (let seed = 1; seed <= Number(process.env.FAULT_SEEDS ?? 30); seed++) {
    it(`seed ${seed}: safe under faults, live after healing, every acknowledged append applied exactly once`, () => {
      totalAcknowledged += runWithFaults(seed);
    });
  }
});
