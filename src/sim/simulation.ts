/**
 * The simulated world of one run: nodes on disks, a network, clients, the
 * plan's faults, and the invariant checker, all driven by one event queue.
 *
 * Driver rules (src/harness/api.ts): a node's effects are performed in
 * order; an fsync takes simulated time during which the node gets no input
 * and its later effects wait; a crash loses memory, inbox, pending effects
 * and unsynced bytes. Invariants are checked after every step, outside the
 * node, from its view.
 *
 * Phases: the safety phase runs the plan's faults; at `safetyMs` everything
 * is healed (crashed nodes restart, partitions heal, loss stops) and the
 * liveness phase requires a leader and the completion of every operation in
 * progress within `livenessMs`.
 */

import type { KvInput, KvOutput, Operation } from '@raft-check/checker';
import type {
  ClientRequest,
  ClientResponse,
  NodeEffect,
  NodeId,
  NodeInput,
  NodeView,
  Role,
  SimNode,
} from '../harness/api.js';
import { assert, unreachable } from '../util/assert.js';
import { declareMarks, mark } from '../util/marks.js';
import { SimClient } from './client.js';
import { Disk } from './disk.js';
import { EventQueue } from './event-queue.js';
import { InvariantChecker, InvariantViolation } from './invariants.js';
import { Network, describePartition } from './network.js';
import { clusterIds, describeFault, DURING_FSYNC_WAIT_MS, type FaultEvent, type Plan } from './plan.js';
import { RandomStreams, type RandomStream } from './random.js';
import type { RunFailure, RunStats } from './result.js';
import type { System } from './system.js';
import { Trace, type TraceEvent } from './trace.js';

declareMarks({
  'sim.crash-during-fsync': 'a node crashed while one of its fsyncs was in flight',
  'sim.crash-of-leader': 'a node crashed while it was leader',
  'sim.torn-write': 'a crash kept a torn prefix of unsynced bytes',
  'sim.torn-restart': 'a node restarted from a disk with a torn file',
  'sim.partition-symmetric': 'a symmetric partition started',
  'sim.partition-one-way': 'a one-way partition started',
  'sim.partition-bridge': 'a bridge partition started',
  'sim.client-gave-up': 'a client gave up an operation (left open in the history)',
  'sim.snapshot-installed': 'a node installed a snapshot received from a peer',
  'sim.message-duplicated': 'a peer message was delivered twice',
});

/** Hard bound on queue events, so a livelock in the system under test cannot hang a sweep. */
export const MAX_EVENTS = 5_000_000;
/** Re-send delay after a not-leader answer without a new hint. */
const REDIRECT_BACKOFF_MS = 20;

type SimEvent =
  | { kind: 'tick'; node: NodeId; incarnation: number }
  | { kind: 'fsync-done'; node: NodeId; incarnation: number }
  | { kind: 'message'; from: NodeId; to: NodeId; message: unknown; tag: string }
  | { kind: 'request'; node: NodeId; request: ClientRequest }
  | { kind: 'reply'; from: NodeId; processId: number; response: ClientResponse }
  | { kind: 'client-wake'; client: number; token: number }
  | { kind: 'fault'; fault: FaultEvent }
  | { kind: 'burst-end'; token: number }
  /** A crash decided earlier (inside an fsync, or when a during-fsync crash stops waiting). */
  | { kind: 'crash'; node: NodeId; incarnation: number }
  | { kind: 'liveness' }
  | { kind: 'end' };

interface QueuedInput {
  input: NodeInput<unknown>;
  tag: string;
}

interface NodeSlot {
  readonly id: NodeId;
  readonly disk: Disk;
  readonly timers: RandomStream;
  node: SimNode<unknown> | null;
  /** Bumped on every start and crash: events of an older incarnation are ignored. */
  incarnation: number;
  /** An fsync is in flight: effects from `pendingIndex` of `pending` wait, inputs queue in `inbox`. */
  blocked: boolean;
  pending: NodeEffect<unknown>[] | null;
  pendingIndex: number;
  inbox: QueuedInput[];
  inboxHead: number;
  tickQueued: boolean;
  /** A during-fsync crash is waiting for this node's next fsync. */
  crashArmed: boolean;
  /** The last crash left a torn file on this disk. */
  tornOnDisk: boolean;
  /** Last observed view fields, for role/commit/snapshot trace events. */
  role: Role;
  term: number;
  commitIndex: number;
  snapshotIndex: number;
}

/** An exception thrown by the node itself (or an effect it returned that cannot be performed). */
class NodeFault extends Error {
  constructor(
    readonly node: NodeId,
    message: string,
  ) {
    super(message);
  }
}

export interface SimulationOptions {
  keepTrace: boolean;
  onTraceEvent: ((event: TraceEvent) => void) | null;
}

export interface SimulationOutcome {
  failure: RunFailure | null;
  stats: Omit<RunStats, 'marks'>;
  operations: Operation<KvInput, KvOutput>[];
  trace: Trace;
}

export class Simulation {
  private readonly queue = new EventQueue<SimEvent>();
  private readonly streams: RandomStreams;
  private readonly network: Network;
  private readonly diskRandom: RandomStream;
  private readonly slots = new Map<NodeId, NodeSlot>();
  private readonly clients: SimClient[];
  private readonly invariants = new InvariantChecker();
  private readonly operations: Operation<KvInput, KvOutput>[] = [];
  private readonly trace: Trace;
  private readonly cluster: NodeId[];
  private readonly bugs: ReadonlySet<string>;
  private now = 0;
  private phase: 'safety' | 'liveness' = 'safety';
  private livenessStart = 0;
  private recoveryMs: number | null = null;
  private stopped = false;
  private failure: RunFailure | null = null;
  private burstToken = 0;
  private undecidedAcks = 0;
  private readonly counts = {
    events: 0,
    steps: 0,
    crashes: 0,
    restarts: 0,
    tornRestarts: 0,
    tornWrites: 0,
    elections: 0,
    snapshotsTaken: 0,
    snapshotsInstalled: 0,
    sent: 0,
    delivered: 0,
    dropped: 0,
    duplicated: 0,
    cut: 0,
    clientSent: 0,
    clientDropped: 0,
    partitions: 0,
    bursts: 0,
  };

  constructor(
    private readonly plan: Plan,
    private readonly system: System,
    options: SimulationOptions,
  ) {
    const config = plan.config;
    this.streams = new RandomStreams(config.seed);
    this.cluster = clusterIds(config.nodes);
    this.bugs = new Set(config.bugs);
    this.trace = new Trace(options.keepTrace, options.onTraceEvent);
    this.diskRandom = this.streams.get('disk');
    this.network = new Network(
      this.cluster,
      config.faults.delay,
      { drop: config.faults.dropRate, duplicate: config.faults.duplicateRate },
      this.streams.get('network'),
    );
    for (const id of this.cluster) {
      this.slots.set(id, {
        id,
        disk: new Disk(),
        timers: this.streams.get(`timers/n${id}`),
        node: null,
        incarnation: 0,
        blocked: false,
        pending: null,
        pendingIndex: 0,
        inbox: [],
        inboxHead: 0,
        tickQueued: false,
        crashArmed: false,
        tornOnDisk: false,
        role: 'follower',
        term: 0,
        commitIndex: 0,
        snapshotIndex: 0,
      });
    }
    const timing = { requestTimeoutMs: config.requestTimeoutMs, opDeadlineMs: config.opDeadlineMs, redirectBackoffMs: REDIRECT_BACKOFF_MS };
    this.clients = plan.clients.map(
      (ops, index) =>
        new SimClient(index, ops, this.cluster, config.clients, timing, this.operations, {
          send: (node, request) => this.sendRequest(node, request),
          wakeAt: (at, token) => this.queue.push(at, { kind: 'client-wake', client: index, token }),
          note: (kind, detail, target) => {
            if (kind === 'give-up') mark('sim.client-gave-up');
            this.trace.record(this.now, kind, this.clients[index]?.processId ?? index, target, kind, detail);
          },
        }),
    );
  }

  run(): SimulationOutcome {
    assert(this.counts.events === 0, 'a Simulation runs once');
    const config = this.plan.config;
    this.guard(() => {
      for (const slot of this.slots.values()) this.startNode(slot);
      for (const client of this.clients) client.begin(0);
    });
    for (const fault of this.plan.faults) this.queue.push(fault.at, { kind: 'fault', fault });
    this.queue.push(config.safetyMs, { kind: 'liveness' });
    this.queue.push(config.safetyMs + config.livenessMs, { kind: 'end' });

    while (!this.stopped) {
      const next = this.queue.pop();
      if (next === undefined) break;
      this.now = next.time;
      this.counts.events++;
      if (this.counts.events > MAX_EVENTS) {
        this.fail('liveness', 'EventBudget', `more than ${MAX_EVENTS} events: the system never settles`, null);
        break;
      }
      this.guard(() => this.handle(next.item));
      if (this.phase === 'liveness' && !this.stopped && this.healthy()) {
        this.recoveryMs = this.now - this.livenessStart;
        this.stopped = true;
      }
    }
    if (this.failure === null) this.guard(() => this.finalChecks());
    return { failure: this.failure, stats: this.stats(), operations: this.operations, trace: this.trace };
  }

  /** Runs `action`, turning invariant violations and node exceptions into the run's failure. */
  private guard(action: () => void): void {
    if (this.stopped) return;
    try {
      action();
    } catch (error) {
      if (error instanceof InvariantViolation) {
        this.fail('safety', error.invariant, error.message, error.node);
      } else if (error instanceof NodeFault) {
        this.fail('safety', 'NodeException', error.message, error.node);
      } else {
        throw error;
      }
    }
  }

  private fail(kind: RunFailure['kind'], invariant: string, message: string, node: NodeId | null): void {
    this.failure = { kind, invariant, message, time: this.now, node };
    this.trace.record(this.now, 'violation', node ?? -1, -1, invariant, () => message);
    this.stopped = true;
  }

  private handle(event: SimEvent): void {
    switch (event.kind) {
      case 'tick': {
        const slot = this.slot(event.node);
        if (slot.incarnation !== event.incarnation || slot.node === null) return;
        this.queue.push(this.now + this.plan.config.tickMs, event);
        this.input(slot, { kind: 'tick' }, 'tick');
        return;
      }
      case 'fsync-done': {
        const slot = this.slot(event.node);
        if (slot.incarnation !== event.incarnation || slot.node === null) return;
        this.completeFsync(slot);
        return;
      }
      case 'message':
        this.deliverMessage(event.from, event.to, event.message, event.tag);
        return;
      case 'request': {
        const slot = this.slot(event.node);
        if (slot.node === null) return; // lost: the client will time out
        this.input(slot, { kind: 'client-request', request: event.request }, 'request');
        return;
      }
      case 'reply': {
        const client = this.clients[event.processId % this.clients.length] as SimClient;
        const ack = client.onReply(this.now, event.processId, event.response);
        if (ack !== null) this.invariants.acknowledged(ack.client, ack.seq, event.from);
        return;
      }
      case 'client-wake':
        (this.clients[event.client] as SimClient).onWake(this.now, event.token);
        return;
      case 'fault':
        this.applyFault(event.fault);
        return;
      case 'burst-end':
        if (event.token === this.burstToken) this.network.setBurst(null);
        return;
      case 'crash': {
        // Faults belong to the safety phase: a late one must not undo the liveness phase's restarts.
        const slot = this.slot(event.node);
        if (slot.incarnation === event.incarnation && this.phase === 'safety') this.crash(slot);
        return;
      }
      case 'liveness':
        this.enterLiveness();
        return;
      case 'end':
        this.livenessTimeout();
        return;
      default:
        unreachable(event);
    }
  }

  // ---- nodes -------------------------------------------------------------

  private slot(id: NodeId): NodeSlot {
    const slot = this.slots.get(id);
    assert(slot !== undefined, () => `unknown node n${id}`);
    return slot;
  }

  private startNode(slot: NodeSlot): void {
    assert(slot.node === null, () => `n${slot.id} started while running`);
    const config = this.plan.config;
    const options = {
      id: slot.id,
      cluster: this.cluster,
      randomInt: (bound: number) => slot.timers.int(bound),
      snapshotEvery: config.snapshotEvery,
      bugs: this.bugs,
    };
    const files = slot.disk.durableFiles();
    slot.node = this.callNode(slot.id, 'start', () => this.system.factory.start(options, files));
    slot.incarnation++;
    slot.blocked = false;
    slot.pending = null;
    this.invariants.nodeStarted(slot.id);
    const view = this.view(slot);
    this.invariants.afterStep(slot.id, view);
    slot.role = view.role;
    slot.term = view.term;
    slot.commitIndex = view.commitIndex;
    slot.snapshotIndex = view.snapshotIndex;
    // A random phase per start, so that nodes do not tick in lockstep.
    this.queue.push(this.now + 1 + slot.timers.int(config.tickMs), { kind: 'tick', node: slot.id, incarnation: slot.incarnation });
  }

  /** Feeds an input now, or queues it while an fsync blocks the node. */
  private input(slot: NodeSlot, input: NodeInput<unknown>, tag: string): void {
    if (slot.blocked) {
      if (input.kind === 'tick') {
        // Ticks are not queued twice: a node that was blocked for long sees one late tick, as a busy process would.
        if (slot.tickQueued) return;
        slot.tickQueued = true;
      }
      slot.inbox.push({ input, tag });
      return;
    }
    this.step(slot, input, tag);
    this.drainInbox(slot);
  }

  private step(slot: NodeSlot, input: NodeInput<unknown>, tag: string): void {
    const node = slot.node;
    assert(node !== null && !slot.blocked, 'step of a down or blocked node');
    this.counts.steps++;
    const effects = this.callNode(slot.id, `step(${input.kind})`, () => node.step(input));
    this.observe(slot, tag);
    this.execute(slot, effects, 0);
  }

  private drainInbox(slot: NodeSlot): void {
    while (!slot.blocked && slot.node !== null && slot.inboxHead < slot.inbox.length) {
      const next = slot.inbox[slot.inboxHead++] as QueuedInput;
      if (next.input.kind === 'tick') slot.tickQueued = false;
      this.step(slot, next.input, next.tag);
    }
    if (slot.inboxHead >= slot.inbox.length) {
      slot.inbox = [];
      slot.inboxHead = 0;
    }
  }

  private execute(slot: NodeSlot, effects: NodeEffect<unknown>[], from: number): void {
    for (let index = from; index < effects.length; index++) {
      const effect = effects[index] as NodeEffect<unknown>;
      switch (effect.kind) {
        case 'append':
          slot.disk.append(effect.file, effect.bytes);
          break;
        case 'write':
          slot.disk.write(effect.file, effect.bytes);
          break;
        case 'fsync': {
          if (!slot.disk.exists(effect.file)) throw new NodeFault(slot.id, `n${slot.id} fsyncs missing file ${effect.file}`);
          const mix = this.plan.config.faults;
          const duration = this.diskRandom.range(mix.fsyncMinMs, mix.fsyncMaxMs);
          slot.blocked = true;
          slot.pending = effects;
          slot.pendingIndex = index;
          this.queue.push(this.now + duration, { kind: 'fsync-done', node: slot.id, incarnation: slot.incarnation });
          if (slot.crashArmed) {
            // Strictly before the completion, which was queued first at now + duration.
            slot.crashArmed = false;
            this.queue.push(this.now + this.diskRandom.int(duration), { kind: 'crash', node: slot.id, incarnation: slot.incarnation });
          }
          return;
        }
        case 'rename':
          if (!slot.disk.exists(effect.from)) throw new NodeFault(slot.id, `n${slot.id} renames missing file ${effect.from}`);
          if (effect.from === effect.to) throw new NodeFault(slot.id, `n${slot.id} renames ${effect.from} onto itself`);
          slot.disk.rename(effect.from, effect.to);
          break;
        case 'delete':
          slot.disk.delete(effect.file);
          break;
        case 'send':
          this.sendMessage(slot.id, effect.to, effect.message);
          break;
        case 'reply':
          this.sendReply(slot.id, effect.to, effect.response);
          break;
        default:
          unreachable(effect);
      }
    }
    slot.pending = null;
  }

  private completeFsync(slot: NodeSlot): void {
    const effects = slot.pending;
    assert(slot.blocked && effects !== null, 'fsync completion without an fsync in flight');
    const fsync = effects[slot.pendingIndex];
    assert(fsync !== undefined && fsync.kind === 'fsync', 'pending effect is not the fsync');
    slot.disk.sync(fsync.file);
    slot.blocked = false;
    this.execute(slot, effects, slot.pendingIndex + 1);
    this.drainInbox(slot);
  }

  /** Reads the node's view, runs the invariants, and traces role/commit/snapshot changes. */
  private observe(slot: NodeSlot, tag: string): void {
    const view = this.view(slot);
    this.invariants.afterStep(slot.id, view);
    if (view.role !== slot.role || view.term !== slot.term) {
      if (view.role === 'leader') this.counts.elections++;
      // Term changes are traced even without a role change, so a report can show every node's term.
      const previousRole = slot.role;
      this.trace.record(this.now, 'role', slot.id, -1, view.role, () => `${previousRole} -> ${view.role} in term ${view.term}`);
      slot.role = view.role;
      slot.term = view.term;
    }
    if (view.commitIndex !== slot.commitIndex) {
      this.trace.record(this.now, 'commit', slot.id, -1, String(view.commitIndex), () => `commit ${slot.commitIndex} -> ${view.commitIndex}`);
      slot.commitIndex = view.commitIndex;
    }
    if (view.snapshotIndex !== slot.snapshotIndex) {
      const installed = /snapshot/i.test(tag) && view.snapshotIndex > slot.snapshotIndex;
      if (installed) {
        this.counts.snapshotsInstalled++;
        mark('sim.snapshot-installed');
      } else {
        this.counts.snapshotsTaken++;
      }
      this.trace.record(this.now, 'snapshot', slot.id, -1, installed ? 'installed' : 'taken', () =>
        `${installed ? 'installed' : 'took'} snapshot at ${view.snapshotIndex} (was ${slot.snapshotIndex})`,
      );
      slot.snapshotIndex = view.snapshotIndex;
    }
  }

  private view(slot: NodeSlot): NodeView {
    const node = slot.node;
    assert(node !== null, 'view of a down node');
    return this.callNode(slot.id, 'view', () => node.view());
  }

  private callNode<T>(id: NodeId, what: string, call: () => T): T {
    try {
      return call();
    } catch (error) {
      if (error instanceof InvariantViolation) throw error;
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new NodeFault(id, `n${id} ${what} threw ${text}`);
    }
  }

  // ---- network -------------------------------------------------------------

  private sendMessage(from: NodeId, to: NodeId, message: unknown): void {
    if (!this.slots.has(to) || to === from) throw new NodeFault(from, `n${from} sends to invalid node ${to}`);
    const factory = this.system.factory;
    const tag = factory.messageKind(message);
    this.counts.sent++;
    // node = sender, peer = receiver (the reverse of deliver), so a report can pair each send with its fate.
    this.trace.record(this.now, 'send', from, to, tag, () => `n${from}->n${to} ${factory.describeMessage(message)}`);
    const delays = this.network.peerDelays();
    if (delays.length === 0) {
      this.counts.dropped++;
      this.trace.record(this.now, 'drop', to, from, tag, () => `n${from}->n${to} ${factory.describeMessage(message)}`);
      return;
    }
    if (delays.length > 1) {
      this.counts.duplicated++;
      mark('sim.message-duplicated');
      this.trace.record(this.now, 'duplicate', to, from, tag, () => `n${from}->n${to} ${factory.describeMessage(message)}`);
    }
    for (const delay of delays) this.queue.push(this.now + delay, { kind: 'message', from, to, message, tag });
  }

  private deliverMessage(from: NodeId, to: NodeId, message: unknown, tag: string): void {
    const slot = this.slot(to);
    const describe = (): string => `n${from}->n${to} ${this.system.factory.describeMessage(message)}`;
    if (this.network.isCut(from, to)) {
      this.counts.cut++;
      this.trace.record(this.now, 'drop', to, from, `${tag} (partition)`, describe);
      return;
    }
    if (slot.node === null) {
      this.trace.record(this.now, 'drop', to, from, `${tag} (down)`, describe);
      return;
    }
    this.counts.delivered++;
    this.trace.record(this.now, 'deliver', to, from, tag, describe);
    this.input(slot, { kind: 'message', from, message }, tag);
  }

  private sendRequest(node: NodeId, request: ClientRequest): void {
    this.counts.clientSent++;
    const delay = this.network.clientDelay();
    if (delay === null) {
      this.counts.clientDropped++;
      return;
    }
    this.queue.push(this.now + delay, { kind: 'request', node, request });
  }

  private sendReply(from: NodeId, processId: number, response: ClientResponse): void {
    if (!Number.isSafeInteger(processId) || processId < 0) throw new NodeFault(from, `n${from} replies to invalid client ${processId}`);
    this.counts.clientSent++;
    const delay = this.network.clientDelay();
    if (delay === null) {
      this.counts.clientDropped++;
      return;
    }
    this.queue.push(this.now + delay, { kind: 'reply', from, processId, response });
  }

  // ---- faults and phases ---------------------------------------------------

  private applyFault(fault: FaultEvent): void {
    switch (fault.kind) {
      case 'crash': {
        const slot = this.slot(fault.node);
        if (!fault.duringFsync || slot.blocked || slot.node === null) {
          this.crash(slot);
          return;
        }
        slot.crashArmed = true;
        this.queue.push(this.now + DURING_FSYNC_WAIT_MS, { kind: 'crash', node: slot.id, incarnation: slot.incarnation });
        return;
      }
      case 'restart':
        this.restart(this.slot(fault.node));
        return;
      case 'partition':
        this.network.setPartition(fault.partition);
        this.counts.partitions++;
        mark(`sim.partition-${fault.partition.kind}`);
        this.trace.record(this.now, 'partition', -1, -1, fault.partition.kind, () => describePartition(fault.partition));
        return;
      case 'heal':
        this.network.setPartition(null);
        this.trace.record(this.now, 'heal', -1, -1, 'heal');
        return;
      case 'burst':
        this.burstToken++;
        this.counts.bursts++;
        this.network.setBurst({ drop: fault.drop, duplicate: fault.duplicate });
        this.queue.push(this.now + fault.durationMs, { kind: 'burst-end', token: this.burstToken });
        this.trace.record(this.now, 'burst', -1, -1, 'burst', () => describeFault(fault));
        return;
      default:
        unreachable(fault);
    }
  }

  private crash(slot: NodeSlot): void {
    if (slot.node === null) return; // already down (an edited plan may say so)
    this.counts.crashes++;
    if (slot.blocked) mark('sim.crash-during-fsync');
    if (slot.role === 'leader') mark('sim.crash-of-leader');
    slot.node = null;
    slot.incarnation++;
    slot.blocked = false;
    slot.pending = null;
    slot.inbox = [];
    slot.inboxHead = 0;
    slot.tickQueued = false;
    slot.crashArmed = false;
    const losses = slot.disk.crash(this.diskRandom, this.plan.config.faults.tornWriteRate);
    const torn = losses.filter((loss) => loss.keptBytes > 0);
    this.counts.tornWrites += torn.length;
    slot.tornOnDisk = torn.length > 0;
    if (torn.length > 0) mark('sim.torn-write');
    this.trace.record(this.now, 'crash', slot.id, -1, 'crash', () => {
      const lost = losses.map((loss) => `${loss.file}: lost ${loss.lostBytes}B${loss.keptBytes > 0 ? `, torn ${loss.keptBytes}B kept` : ''}`);
      return `crash (${slot.role}, term ${slot.term})${lost.length > 0 ? `; ${lost.join('; ')}` : '; nothing unsynced'}`;
    });
  }

  private restart(slot: NodeSlot): void {
    if (slot.node !== null) return; // running (an edited plan may say so)
    this.counts.restarts++;
    if (slot.tornOnDisk) {
      this.counts.tornRestarts++;
      mark('sim.torn-restart');
    }
    slot.tornOnDisk = false;
    this.startNode(slot);
    this.trace.record(this.now, 'restart', slot.id, -1, 'restart', () => `restart as ${slot.role} in term ${slot.term}, commit ${slot.commitIndex}, snapshot ${slot.snapshotIndex}`);
  }

  private enterLiveness(): void {
    this.phase = 'liveness';
    this.livenessStart = this.now;
    this.trace.record(this.now, 'phase', -1, -1, 'liveness', () => 'liveness phase: heal partitions, stop loss, restart crashed nodes');
    this.network.setPartition(null);
    this.network.stopLoss();
    this.burstToken++;
    for (const slot of this.slots.values()) {
      slot.crashArmed = false;
      this.restart(slot);
    }
    for (const client of this.clients) client.enterLiveness();
  }

  /** Healthy: a leader at least as new as every running node's term, and no client operation in progress. */
  private healthy(): boolean {
    let maxTerm = 0;
    let leaderTerm = -1;
    for (const slot of this.slots.values()) {
      if (slot.node === null) return false;
      maxTerm = Math.max(maxTerm, slot.term);
      if (slot.role === 'leader') leaderTerm = Math.max(leaderTerm, slot.term);
    }
    if (leaderTerm < maxTerm) return false;
    return !this.clients.some((client) => client.pending);
  }

  private livenessTimeout(): void {
    const pending = this.clients.map((client) => client.describePending()).filter((text): text is string => text !== null);
    const leaders = [...this.slots.values()].filter((slot) => slot.role === 'leader').map((slot) => `n${slot.id} (term ${slot.term})`);
    const terms = [...this.slots.values()].map((slot) => `n${slot.id}:${slot.node === null ? 'down' : slot.role}/t${slot.term}`).join(' ');
    const problem = [
      leaders.length === 0 ? 'no leader' : `leaders ${leaders.join(', ')}`,
      pending.length > 0 ? `${pending.length} operation(s) still pending: ${pending.join('; ')}` : 'no operation pending',
    ].join('; ');
    this.fail('liveness', 'Liveness', `cluster not healthy ${this.plan.config.livenessMs}ms after healing: ${problem} [${terms}]`, null);
  }

  private finalChecks(): void {
    const views = new Map<NodeId, NodeView>();
    for (const slot of this.slots.values()) if (slot.node !== null) views.set(slot.id, this.view(slot));
    this.undecidedAcks = this.invariants.finish(views).undecidedAcks;
  }

  private stats(): Omit<RunStats, 'marks'> {
    const c = this.counts;
    return {
      simulatedMs: this.now,
      events: c.events,
      steps: c.steps,
      traceEvents: this.trace.count,
      ops: {
        ok: this.operations.filter((op) => op.return !== null).length,
        gaveUp: this.clients.reduce((sum, client) => sum + client.gaveUp, 0),
        pending: this.clients.filter((client) => client.pending).length,
        unstarted: this.clients.reduce((sum, client) => sum + client.unstarted, 0),
      },
      crashes: c.crashes,
      restarts: c.restarts,
      tornRestarts: c.tornRestarts,
      tornWrites: c.tornWrites,
      elections: c.elections,
      snapshotsTaken: c.snapshotsTaken,
      snapshotsInstalled: c.snapshotsInstalled,
      messages: { sent: c.sent, delivered: c.delivered, dropped: c.dropped, duplicated: c.duplicated, cut: c.cut },
      clientMessages: { sent: c.clientSent, dropped: c.clientDropped },
      partitions: c.partitions,
      bursts: c.bursts,
      committed: this.invariants.committedLength,
      stateComparisons: this.invariants.stateComparisons,
      undecidedAcks: this.undecidedAcks,
      recoveryMs: this.recoveryMs,
    };
  }
}
