/**
 * A small synchronous driver for end-to-end tests of the Raft node: it wires
 * N nodes together, runs their effects in order against in-memory disks,
 * queues messages in a network the test controls (FIFO delivery, cut links,
 * dropped messages), and can crash a node at any effect boundary. After every
 * step it checks cluster-wide safety: one leader per term, and one command
 * per committed index across all nodes and restarts.
 */

import type { AdminOutcome, AdminRequest, ClientRequest, ClientResponse, NodeEffect, NodeFeatures, NodeId, NodeInput, SimNode } from '../../../src/harness/api.js';
import { raftFactory, type RaftMessage } from '../../../src/raft/index.js';
import { DEFAULT_FEATURES, DEFAULT_TUNING } from '../../../src/harness/tuning.js';
import { MemoryDisk, type DiskEffect } from './memory-disk.js';

export interface InFlight {
  from: NodeId;
  to: NodeId;
  message: RaftMessage;
}

export interface ClientReply {
  node: NodeId;
  client: number;
  response: ClientResponse;
}

export interface ClusterOptions {
  size?: number;
  snapshotEvery?: number;
  seed?: number;
  /** Protocol features for every node (default: none). */
  features?: Partial<NodeFeatures>;
}

export class TestCluster {
  readonly ids: NodeId[];
  readonly nodes = new Map<NodeId, SimNode<RaftMessage> | null>();
  readonly disks = new Map<NodeId, MemoryDisk>();
  readonly network: InFlight[] = [];
  readonly replies: ClientReply[] = [];
  readonly adminReplies: { node: NodeId; id: number; outcome: AdminOutcome; leaderHint: NodeId | null }[] = [];
  /** Answers to admin requests, by request id. */
  readonly adminOutcomes = new Map<number, AdminOutcome>();
  /** Directed links "from->to" whose messages are dropped. */
  readonly cutLinks = new Set<string>();
  /** The effects of each node's latest step. */
  readonly lastEffects = new Map<NodeId, NodeEffect<RaftMessage>[]>();
  /** Crash `node` during its `step`-th step (counting from 1), after `afterEffects` of its effects ran. */
  crashPlan: { node: NodeId; step: number; afterEffects: number } | null = null;
  readonly stepCounts = new Map<NodeId, number>();
  /** For crashes inside a step: how many unsynced appended bytes survive (a torn write). */
  keepUnsyncedOnCrash: (file: string, unsyncedLength: number) => number = () => 0;
  /** The initial configuration every node starts with (NodeOptions.cluster). */
  private readonly initial: NodeId[];
  private readonly snapshotEvery: number;
  private readonly features: NodeFeatures;
  private randomState: number;
  private readonly leaderOfTerm = new Map<number, NodeId>();
  private readonly committed = new Map<number, string>();
  /** Per node: committed indexes already compared against `committed`. */
  private readonly checkedUpTo = new Map<NodeId, number>();

  constructor(options: ClusterOptions = {}) {
    const size = options.size ?? 3;
    this.ids = Array.from({ length: size }, (_, k) => k + 1);
    this.initial = [...this.ids];
    this.snapshotEvery = options.snapshotEvery ?? 1000;
    this.features = { ...DEFAULT_FEATURES, ...options.features };
    this.randomState = options.seed ?? 1;
    for (const id of this.ids) {
      this.disks.set(id, new MemoryDisk());
      this.nodes.set(id, this.startNode(id, new Map()));
    }
  }

  node(id: NodeId): SimNode<RaftMessage> {
    const node = this.nodes.get(id);
    if (node === undefined || node === null) throw new Error(`node ${id} is down`);
    return node;
  }

  isUp(id: NodeId): boolean {
    return (this.nodes.get(id) ?? null) !== null;
  }

  /**
   * Feed one input and run its effects in order. With `crashAfterEffects = k`
   * only the first k effects run, then the node crashes (as if the k+1-th,
   * e.g. an fsync, never completed).
   */
  step(id: NodeId, input: NodeInput<RaftMessage>, crashAfterEffects?: number): void {
    const count = (this.stepCounts.get(id) ?? 0) + 1;
    this.stepCounts.set(id, count);
    const plan = this.crashPlan;
    const crashAt = plan !== null && plan.node === id && plan.step === count ? plan.afterEffects : crashAfterEffects;
    const effects = this.node(id).step(input);
    this.lastEffects.set(id, effects);
    const disk = this.disks.get(id)!;
    for (let k = 0; k < effects.length; k++) {
      if (crashAt !== undefined && k >= crashAt) {
        this.crash(id, this.keepUnsyncedOnCrash);
        return;
      }
      const effect = effects[k]!;
      if (effect.kind === 'send') {
        if (!this.cutLinks.has(`${id}->${effect.to}`)) this.network.push({ from: id, to: effect.to, message: effect.message });
      } else if (effect.kind === 'reply') {
        this.replies.push({ node: id, client: effect.to, response: effect.response });
      } else if (effect.kind === 'admin-reply') {
        this.adminReplies.push({ node: id, id: effect.id, outcome: effect.outcome, leaderHint: effect.leaderHint ?? null });
        this.adminOutcomes.set(effect.id, effect.outcome);
      } else if (effect.kind === 'log') {
        // Trace lines only.
      } else {
        disk.apply(effect as DiskEffect);
      }
    }
    this.checkSafety();
  }

  tick(id: NodeId): void {
    if (this.isUp(id)) this.step(id, { kind: 'tick' });
  }

  tickAll(): void {
    for (const id of this.ids) this.tick(id);
  }

  /** Start a new, empty node outside the initial configuration (to be added by an admin request). */
  addNode(id: NodeId): void {
    if (this.ids.includes(id)) throw new Error(`node ${id} exists`);
    this.ids.push(id);
    this.disks.set(id, new MemoryDisk());
    this.nodes.set(id, this.startNode(id, new Map()));
  }

  admin(id: NodeId, requestId: number, request: AdminRequest): void {
    this.step(id, { kind: 'admin', id: requestId, request });
  }

  submit(id: NodeId, request: ClientRequest): void {
    this.step(id, { kind: 'client-request', request });
  }

  /** Deliver queued messages in FIFO order until none remain (or the budget runs out). */
  deliverAll(budget = 10_000): void {
    for (let n = 0; n < budget && this.network.length > 0; n++) this.deliverNext();
  }

  deliverNext(): void {
    this.deliverAt(0);
  }

  /** Deliver the k-th queued message (out of order when k > 0). */
  deliverAt(k: number): void {
    const [next] = this.network.splice(k, 1);
    if (next === undefined) return;
    if (!this.isUp(next.to) || this.cutLinks.has(`${next.from}->${next.to}`)) return;
    this.step(next.to, { kind: 'message', from: next.from, message: next.message });
  }

  /** Tick everyone and deliver everything, until `done()` or the tick budget runs out. */
  runUntil(done: () => boolean, maxTicks = 500): void {
    for (let t = 0; t < maxTicks; t++) {
      if (done()) return;
      this.tickAll();
      this.deliverAll();
    }
    if (!done()) throw new Error(`condition not reached within ${maxTicks} ticks`);
  }

  /** Cut (or heal) every link to and from `id`. */
  isolate(id: NodeId, cut = true): void {
    for (const other of this.ids) {
      if (other === id) continue;
      for (const link of [`${id}->${other}`, `${other}->${id}`]) {
        if (cut) this.cutLinks.add(link);
        else this.cutLinks.delete(link);
      }
    }
  }

  leaders(): NodeId[] {
    return this.ids.filter((id) => this.isUp(id) && this.node(id).view().role === 'leader');
  }

  electLeader(maxTicks = 500): NodeId {
    this.runUntil(() => this.leaders().length === 1, maxTicks);
    return this.leaders()[0]!;
  }

  crash(id: NodeId, keepUnsynced?: (file: string, unsyncedLength: number) => number): void {
    this.disks.get(id)!.crash(keepUnsynced);
    this.nodes.set(id, null);
  }

  restart(id: NodeId): void {
    if (this.isUp(id)) throw new Error(`node ${id} is up`);
    this.nodes.set(id, this.startNode(id, this.disks.get(id)!.snapshotFiles()));
    this.checkedUpTo.delete(id);
  }

  repliesTo(client: number): ClientResponse[] {
    return this.replies.filter((reply) => reply.client === client).map((reply) => reply.response);
  }

  private startNode(id: NodeId, files: ReadonlyMap<string, Uint8Array>): SimNode<RaftMessage> {
    return raftFactory.start(
      { id, cluster: this.initial, randomSeed: `test-cluster-${id}`, randomInt: (bound) => this.nextRandom(bound), snapshotEvery: this.snapshotEvery, bugs: new Set(), tuning: DEFAULT_TUNING, selfChecks: true, features: this.features, maxClockDrift: 0 },
      files,
    );
  }

  private nextRandom(bound: number): number {
    // A small LCG: deterministic per test, good enough to spread election timeouts.
    this.randomState = (Math.imul(this.randomState, 1103515245) + 12345) >>> 0;
    return (this.randomState >>> 8) % bound;
  }

  /** Election Safety and State Machine Safety, over the whole run (crashes included). */
  private checkSafety(): void {
    for (const id of this.ids) {
      if (!this.isUp(id)) continue;
      const view = this.node(id).view();
      if (view.role === 'leader') {
        const previous = this.leaderOfTerm.get(view.term);
        if (previous !== undefined && previous !== id) throw new Error(`two leaders in term ${view.term}: ${previous} and ${id}`);
        this.leaderOfTerm.set(view.term, id);
      }
      const from = Math.max(view.snapshotIndex, this.checkedUpTo.get(id) ?? 0) + 1;
      this.checkedUpTo.set(id, Math.max(view.commitIndex, this.checkedUpTo.get(id) ?? 0));
      for (let index = from; index <= view.commitIndex; index++) {
        const digest = `${view.termAt(index)}:${view.entryDigest(index)}`;
        const known = this.committed.get(index);
        if (known !== undefined && known !== digest) throw new Error(`index ${index} committed as ${known} and ${digest} (node ${id})`);
        this.committed.set(index, digest);
      }
    }
  }
}
