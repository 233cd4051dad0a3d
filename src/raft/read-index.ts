/**
 * Reads that do not go through the log (dissertation section 6.4), chosen by
 * NodeOptions.features.readMode ('read-index' or 'lease'; 'log' appends a
 * get like any command):
 *
 * 1. the leader records its commit index as the read index, once an entry of
 *    its current term is committed (before that it does not know the commit
 *    point of earlier terms, so the read waits);
 * 2. it confirms it still leads with a heartbeat round started after the
 *    read arrived: a majority answers (any AppendEntries reply of its term,
 *    success or not, echoes the round it answers);
 * 3. it waits until its applied index reaches the read index;
 * 4. it answers from its state machine, exactly what a log read would answer
 *    there (a read changes nothing, so it needs no session entry).
 *
 * With a lease (lease.ts) step 2 is skipped while the lease holds.
 */

import type { ClientRequest, NodeId } from '../harness/api.js';
import type { KvInput } from '@raft-check/checker';
import { declareMarks, mark } from '../util/marks.js';
import { leaseHolds, termCommitted } from './lease.js';
import type { RaftNode } from './node.js';
import { quorumMatchIndex } from './quorum.js';

declareMarks({
  'read-index-waited-for-term-commit': 'a ReadIndex read reached a leader before an entry of its term committed, and waited for it',
  'read-index-served': 'a read was answered after its heartbeat round confirmed the leader',
  'read-dropped-on-step-down': 'a leader with reads waiting for their round stepped down and answered them not-leader',
});

type GetInput = Extract<KvInput, { op: 'get' }>;

/** Each voter's latest answered round, for `majorityRound`. */
const roundScratch: number[] = [];

interface PendingRead {
  readonly client: number;
  readonly seq: number;
  readonly op: GetInput;
  /** The heartbeat round a majority must answer (one started after the read arrived). */
  readonly round: number;
  /** The commit index recorded for it; null until an entry of the leader's term commits. */
  readIndex: number | null;
}

/** A leader's read state: rounds and waiting reads. Reset at every election win and step-down. */
export class LeaderReads {
  /** The latest heartbeat round started; every AppendEntries carries it. */
  round = 0;
  /** The highest round a majority (the leader included) has answered. */
  private confirmed = 0;
  /** The leader's tick count when each unconfirmed round was started. */
  private readonly startedAt = new Map<number, number>();
  /** Per peer, the highest round it answered. */
  private readonly answered = new Map<NodeId, number>();
  /** The tick count at which the newest confirmed round was sent: the lease runs from here (lease.ts). */
  leaseStart: number | null = null;
  /** This leader sent TimeoutNow in its term: no lease for the rest of it (lease.ts). */
  leaseForfeited = false;
  pending: PendingRead[] = [];

  reset(): void {
    this.round = 0;
    this.confirmed = 0;
    this.startedAt.clear();
    this.answered.clear();
    this.leaseStart = null;
    this.leaseForfeited = false;
    this.pending = [];
  }

  /** Starts round `round + 1` at tick `now`; the caller sends it. */
  begin(now: number): number {
    this.round += 1;
    this.startedAt.set(this.round, now);
    return this.round;
  }

  /** A peer answered `round`; returns whether a newer round is now confirmed by a majority of `cluster`. */
  answer(peer: NodeId, round: number, self: NodeId, cluster: readonly NodeId[]): boolean {
    if (round <= (this.answered.get(peer) ?? 0)) return false;
    this.answered.set(peer, round);
    return this.confirmUpTo(this.majorityRound(self, cluster));
  }

  isConfirmed(round: number): boolean {
    return this.confirmed >= round;
  }

  /** The highest round answered by a majority: the leader has answered every round it started. */
  majorityRound(self: NodeId, cluster: readonly NodeId[]): number {
    // Asked on every answer to a round: one scratch array sorted in place, not a mapped copy and a comparator sort.
    // (Its length is set only when the cluster's size changed: setting an array's length is a slow runtime call.)
    if (roundScratch.length !== cluster.length) roundScratch.length = cluster.length;
    for (let k = 0; k < cluster.length; k++) {
      const id = cluster[k] as NodeId;
      roundScratch[k] = id === self ? this.round : (this.answered.get(id) ?? 0);
    }
    return cluster.length === 0 ? 0 : quorumMatchIndex(roundScratch);
  }

  confirmUpTo(round: number): boolean {
    if (round <= this.confirmed) return false;
    const sentAt = this.startedAt.get(round);
    this.confirmed = round;
    if (sentAt !== undefined) this.leaseStart = sentAt;
    for (const started of this.startedAt.keys()) if (started <= round) this.startedAt.delete(started);
    return true;
  }
}

/** Whether this node serves gets outside the log. */
export function readsOutsideLog(node: RaftNode): boolean {
  return node.options.features.readMode !== 'log';
}

/** A new heartbeat round: the next AppendEntries carry it. A one-node cluster confirms it at once. */
export function beginRound(node: RaftNode): void {
  node.reads.begin(node.ticks);
  node.reads.confirmUpTo(node.reads.majorityRound(node.id, node.cluster));
}

/**
 * A get reached the leader: answer it under the lease, or queue it behind a
 * new heartbeat round. Returns whether a round began (the caller sends it).
 */
export function onReadRequest(node: RaftNode, request: ClientRequest, op: GetInput): boolean {
  const reads = node.reads;
  if (reads.pending.some((read) => read.client === request.client && read.seq === request.seq)) return false;
  if (node.options.features.readMode === 'lease' && leaseHolds(node)) {
    node.replyToClient(request.client, { kind: 'ok', seq: request.seq, output: node.kv.read(op) });
    return false;
  }
  // Bug `read-index-before-term-commit` (adjoint-io/raft #41): the commit index is taken as the read index before this term committed anything.
  const known = termCommitted(node) || node.bug['read-index-before-term-commit'];
  if (!known) mark('read-index-waited-for-term-commit');
  beginRound(node);
  reads.pending.push({ client: request.client, seq: request.seq, op, round: reads.round, readIndex: known ? node.commitIndex : null });
  return true;
}

/** A peer's AppendEntries reply echoed `round`. */
export function onRoundAnswered(node: RaftNode, from: NodeId, round: number | undefined): void {
  if (round !== undefined) node.reads.answer(from, round, node.id, node.cluster);
}

/** Answers every waiting read whose round is confirmed and whose read index is applied (called at the end of each leader step). */
export function serveReads(node: RaftNode): void {
  const reads = node.reads;
  if (reads.pending.length === 0) return;
  const committed = termCommitted(node);
  const waiting: PendingRead[] = [];
  for (const read of reads.pending) {
    if (read.readIndex === null && committed) read.readIndex = node.commitIndex;
    // Bug `read-index-without-heartbeat-round` (deventlab/d-engine #381): the read is answered once applied, leadership unconfirmed.
    const confirmed = reads.isConfirmed(read.round) || node.bug['read-index-without-heartbeat-round'];
    if (read.readIndex === null || !confirmed || node.appliedIndex < read.readIndex) {
      waiting.push(read);
      continue;
    }
    mark('read-index-served');
    node.replyToClient(read.client, { kind: 'ok', seq: read.seq, output: node.kv.read(read.op) });
  }
  reads.pending = waiting;
}

/** The leader steps down: waiting reads are answered not-leader (the client retries elsewhere) and the lease ends. */
export function dropReads(node: RaftNode, newLeader: NodeId | null): void {
  if (node.reads.pending.length > 0) mark('read-dropped-on-step-down');
  for (const read of node.reads.pending) node.replyToClient(read.client, { kind: 'not-leader', seq: read.seq, leaderHint: newLeader });
  node.reads.reset();
}
