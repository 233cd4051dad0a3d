/**
 * The simulated network: per-message delay with a long tail (so messages
 * reorder), random drop and duplication, and partitions.
 *
 * Peer (node <-> node) traffic suffers all of it. Client <-> node traffic gets
 * delay and drop but is never partitioned or duplicated: clients stand for
 * callers outside the cluster's failure domain, and a partition that cut a
 * client off would only make it retry elsewhere, which timeouts already cover.
 *
 * A partition is checked when a message arrives, so messages in flight when a
 * link is cut are lost, like packets on a pulled cable.
 */

import { assert, unreachable } from '../util/assert.js';
import type { NodeId } from '../harness/api.js';
import type { RandomStream } from './random.js';

/** The delay distribution: min + exponential(mean), plus with `tailRate` an extra uniform [0, tailMaxMs]. */
export interface DelayProfile {
  minMs: number;
  meanMs: number;
  tailRate: number;
  tailMaxMs: number;
}

export type Partition =
  /** No message crosses between the two sides, either way. */
  | { kind: 'symmetric'; sides: [NodeId[], NodeId[]] }
  /** Messages from `from` to `to` are lost; the other direction works. */
  | { kind: 'one-way'; from: NodeId[]; to: NodeId[] }
  /** The two sides cannot talk to each other, but `bridge` (on neither side) talks to both. */
  | { kind: 'bridge'; sides: [NodeId[], NodeId[]]; bridge: NodeId };

export interface LossRates {
  drop: number;
  duplicate: number;
}

export class Network {
  /** cut[from][to]: messages on that directed link are lost. Indexed by node id. */
  private cut: boolean[][];
  private rates: LossRates;
  private burst: LossRates | null = null;
  /** A reorder storm in force: this share of peer messages waits up to maxMs longer. */
  private reorder: { rate: number; maxMs: number } | null = null;

  /** Every node the network has carried: the initial cluster and any node added since. */
  private readonly nodeIds: NodeId[];
  /** Nodes cut off from every peer whatever partition is in force (a leader outage: leader-faults.ts). */
  private readonly severed = new Set<NodeId>();

  constructor(
    nodeIds: readonly NodeId[],
    private readonly delay: DelayProfile,
    baseRates: LossRates,
    private readonly random: RandomStream,
  ) {
    assert(delay.minMs >= 1, 'messages need at least 1 ms of delay so that simulated time advances');
    this.nodeIds = [...nodeIds];
    this.rates = { ...baseRates };
    this.cut = this.emptyCut();
  }

  /** A node joins the cluster (a membership change): it may be named in partitions from now on, and starts uncut. */
  addNode(id: NodeId): void {
    if (this.nodeIds.includes(id)) return;
    this.nodeIds.push(id);
    const size = Math.max(...this.nodeIds) + 1;
    for (const row of this.cut) while (row.length < size) row.push(false);
    while (this.cut.length < size) this.cut.push(new Array<boolean>(size).fill(false));
  }

  setPartition(partition: Partition | null): void {
    this.cut = this.emptyCut();
    if (partition === null) return;
    validatePartition(partition, this.nodeIds);
    switch (partition.kind) {
      case 'symmetric':
      case 'bridge':
        this.cutBetween(partition.sides[0], partition.sides[1]);
        this.cutBetween(partition.sides[1], partition.sides[0]);
        return;
      case 'one-way':
        this.cutBetween(partition.from, partition.to);
        return;
      default:
        unreachable(partition);
    }
  }

  /** A drop/duplicate burst overrides the base rates until cleared. */
  setBurst(burst: LossRates | null): void {
    this.burst = burst === null ? null : { ...burst };
  }

  setReorder(reorder: { rate: number; maxMs: number } | null): void {
    this.reorder = reorder === null ? null : { ...reorder };
  }

  /** A drop/duplicate burst or a reorder storm is in force. */
  get bursting(): boolean {
    return this.burst !== null || this.reorder !== null;
  }

  /** The share of peer messages lost outside bursts. */
  get dropRate(): number {
    return this.rates.drop;
  }

  /** Liveness phase: no more drops or duplicates (delays stay). */
  stopLoss(): void {
    this.rates = { drop: 0, duplicate: 0 };
    this.burst = null;
    this.reorder = null;
  }

  isCut(from: NodeId, to: NodeId): boolean {
    if (this.severed.size > 0 && (this.severed.has(from) || this.severed.has(to))) return true;
    return this.cut[from]?.[to] === true;
  }

  /** `node`'s own links fail: it is cut off from every peer until `reconnect`, whatever partitions come and go meanwhile. */
  sever(node: NodeId): void {
    this.severed.add(node);
  }

  isSevered(node: NodeId): boolean {
    return this.severed.has(node);
  }

  reconnect(node: NodeId): void {
    this.severed.delete(node);
  }

  /** The liveness phase: every severed node is reconnected. */
  reconnectAll(): void {
    this.severed.clear();
  }

  /** The delay of the first copy of the message `peerCopies` last decided on. */
  firstDelay = 0;
  /** The delay of its second copy, when it was duplicated. */
  secondDelay = 0;

  /**
   * Decides the fate of one peer message: how many copies arrive (0 if
   * dropped, 2 when duplicated), their delays in `firstDelay` and
   * `secondDelay`. Fields rather than a list: every peer message asks.
   */
  peerCopies(): 0 | 1 | 2 {
    const rates = this.burst ?? this.rates;
    if (this.random.chance(rates.drop)) return 0;
    this.firstDelay = this.peerDelay();
    if (!this.random.chance(rates.duplicate)) return 1;
    this.secondDelay = this.peerDelay();
    return 2;
  }

  /** `peerCopies` as the list of the copies' delays (empty if dropped). */
  peerDelays(): number[] {
    const copies = this.peerCopies();
    return copies === 0 ? [] : copies === 1 ? [this.firstDelay] : [this.firstDelay, this.secondDelay];
  }

  private peerDelay(): number {
    const delay = this.drawDelay();
    const reorder = this.reorder;
    return reorder !== null && this.random.chance(reorder.rate) ? delay + this.random.range(0, reorder.maxMs) : delay;
  }

  /** Client traffic: the delay, or null if dropped. Never duplicated, never partitioned. */
  clientDelay(): number | null {
    const rates = this.burst ?? this.rates;
    if (this.random.chance(rates.drop)) return null;
    return this.drawDelay();
  }

  private drawDelay(): number {
    const { minMs, meanMs, tailRate, tailMaxMs } = this.delay;
    let delay = minMs + this.random.exponential(meanMs);
    if (this.random.chance(tailRate)) delay += this.random.range(0, tailMaxMs);
    return delay;
  }

  private emptyCut(): boolean[][] {
    const size = Math.max(...this.nodeIds) + 1;
    return Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  }

  private cutBetween(from: readonly NodeId[], to: readonly NodeId[]): void {
    for (const a of from) for (const b of to) (this.cut[a] as boolean[])[b] = true;
  }
}

/** A partition must name known nodes, two non-empty disjoint sides, and a bridge outside both. */
export function validatePartition(partition: Partition, nodeIds: readonly NodeId[]): void {
  const [left, right] = partition.kind === 'one-way' ? [partition.from, partition.to] : partition.sides;
  assert(left.length > 0 && right.length > 0, () => `partition with an empty side: ${describePartition(partition)}`);
  for (const id of [...left, ...right]) assert(nodeIds.includes(id), () => `partition names unknown node n${id}`);
  assert(!left.some((id) => right.includes(id)), () => `partition sides overlap: ${describePartition(partition)}`);
  if (partition.kind === 'bridge') {
    assert(nodeIds.includes(partition.bridge), () => `unknown bridge node n${partition.bridge}`);
    assert(!left.includes(partition.bridge) && !right.includes(partition.bridge), 'bridge node on a side');
  }
}

export function describePartition(partition: Partition): string {
  const group = (ids: readonly NodeId[]): string => `{${ids.map((id) => `n${id}`).join(',')}}`;
  switch (partition.kind) {
    case 'symmetric':
      return `${group(partition.sides[0])} | ${group(partition.sides[1])}`;
    case 'one-way':
      return `${group(partition.from)} -/-> ${group(partition.to)}`;
    case 'bridge':
      return `${group(partition.sides[0])} | ${group(partition.sides[1])} bridged by n${partition.bridge}`;
    default:
      return unreachable(partition);
  }
}
