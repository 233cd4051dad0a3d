/**
 * One node as the driver hosts it: the running instance (or none while
 * crashed), its disk, and the contract of src/harness/api.ts.
 *
 * - Effects are performed in order. An `fsync` takes simulated time: the
 *   effects after it wait (`pending`), and inputs that arrive meanwhile wait
 *   in the inbox, in arrival order. Ticks are not queued twice: a node
 *   blocked for long sees one late tick, as a busy process would, and that
 *   tick says how many it stands for (`missed`), as a monotonic clock would
 *   (a lease depends on it).
 * - Ticks come on the node's own clock (clocks.ts).
 * - A pause freezes the process: inputs queue, a finishing fsync's follow-up
 *   effects wait, and everything continues in order at resume.
 * - A crash drops the instance, the inbox and the pending effects, and lets
 *   the disk lose its unsynced bytes. Every start and crash bumps the
 *   incarnation, so events scheduled for an older incarnation are ignored.
 */

import type { AdminOutcome, ClientResponse, NodeEffect, NodeFactory, NodeFeatures, NodeId, NodeInput, NodeOptions, NodeTuning, NodeView, Role, SimNode } from '../harness/api.js';
import { SystemError } from '../harness/system-error.js';
import { assert } from '../util/assert.js';
import { withoutMarks } from '../util/marks.js';
import { stepIs, type CrashAim } from './crash-points.js';
import { NodeClock } from './clocks.js';
import { Disk, type CrashLoss } from './disk.js';
import { nodeRandomSeed, seededRandomInt } from './node-seed.js';
import type { LastLog } from './oracles/vote-chance.js';
import type { RandomStream } from './random.js';

/** Events a host asks the simulation to schedule for it. */
export type HostEvent =
  | { kind: 'tick'; node: NodeId; incarnation: number }
  | { kind: 'fsync-done'; node: NodeId; incarnation: number }
  /** A crash decided earlier (inside an fsync, or when a during-fsync or aimed crash stops waiting). */
  | { kind: 'crash'; node: NodeId; incarnation: number; aim?: CrashAim }
  /** The end of a pause. */
  | { kind: 'resume'; node: NodeId; incarnation: number; token: number };

export interface HostEnvironment {
  now(): number;
  schedule(at: number, event: HostEvent): void;
  sendMessage(from: NodeId, to: NodeId, message: unknown): void;
  sendReply(from: NodeId, processId: number, response: ClientResponse): void;
  /** A `log` effect: a line for the trace. */
  log(node: NodeId, text: string): void;
  /** An `admin-reply` effect: the answer to an operator's request from the plan. */
  adminReply(from: NodeId, id: number, outcome: AdminOutcome, leaderHint: NodeId | null): void;
  /** Called after every step, before its effects run: invariants and trace. `tag` names the input. */
  afterStep(host: NodeHost, tag: string, input: NodeInput<unknown>): void;
  /**
   * A `rename` or `delete` effect was performed (`what` describes it) and more durable changes follow
   * in the same step: the durable files are half-way through a change of several files.
   */
  filesMoved(host: NodeHost, what: string): void;
  /** An aimed crash point was reached: crash the node now (the host stops performing effects). */
  aimedCrash(host: NodeHost, aim: CrashAim): void;
}

/** An exception thrown by the node itself (or an effect it returned that cannot be performed). */
export class NodeFault extends Error {
  constructor(
    readonly node: NodeId,
    message: string,
  ) {
    super(message);
  }
}

interface QueuedInput {
  input: NodeInput<unknown>;
  tag: string;
}

export interface StartOptions {
  factory: NodeFactory<unknown>;
  cluster: readonly NodeId[];
  snapshotEvery: number;
  bugs: ReadonlySet<string>;
  tuning: NodeTuning;
  selfChecks: boolean;
  features: NodeFeatures;
  maxClockDrift: number;
}

export class NodeHost {
  readonly disk = new Disk();
  node: SimNode<unknown> | null = null;
  incarnation = 0;
  steps = 0;
  /** Tick inputs this host's nodes have stepped on (a late tick once, whatever it stands for): how often a node could look at its clock. */
  ticksStepped = 0;
  /** An fsync is in flight: effects from `pendingIndex` of `pending` wait, inputs queue in `inbox`. */
  blocked = false;
  /** Ticks due that the node has not stepped on yet (a queued late tick and those it stands for): how far its clock lags behind a backlog. */
  get ticksWaiting(): number {
    return this.queuedTick === null ? 0 : this.queuedTick.missed + 1;
  }
  /** Paused (SIGSTOP): inputs queue and effects wait until `resume`. */
  paused = false;
  /** Identifies the latest pause, so that only its own resume event ends it. */
  pauseToken = 0;
  /** A during-fsync crash is waiting for this node's next fsync, after letting `skip` more fsyncs complete. */
  fsyncCrash: { skip: number } | null = null;
  /** An aimed crash is waiting for this node's next step of its kind. */
  aim: CrashAim | null = null;
  /** The last crash left a torn file on this disk. */
  tornOnDisk = false;
  /** Removed from the cluster and stopped for good (cluster-membership.ts): never restarted. */
  retired = false;
  /** The voters of the configuration the node last reported (NodeView.configuration, else the initial cluster). */
  configuration: readonly NodeId[] = [];
  /** The view fields last observed by the simulation (for role/commit/snapshot trace events). */
  role: Role = 'follower';
  term = 0;
  commitIndex = 0;
  /** When the observed commit index last rose (the liveness phase tells a member still catching up from one left behind). */
  commitRaisedAt = 0;
  snapshotIndex = 0;
  lastIndex = 0;
  /** When the observed last log index last rose while the node did not lead (a follower being brought forward). */
  logGrewAt = 0;
  private pending: NodeEffect<unknown>[] | null = null;
  private pendingIndex = 0;
  private inbox: QueuedInput[] = [];
  private inboxHead = 0;
  /** The tick waiting in the inbox, if any: later ticks only raise its `missed`. */
  private queuedTick: { kind: 'tick'; missed: number } | null = null;
  /** The in-flight fsync completed while paused: its waiting effects run at `resume`. */
  private fsyncDoneWhilePaused = false;
  /** The aimed crash strikes before effect `cutAt` of the running step's effects (its length: after the last). */
  private cutAt: number | null = null;
  private cutAim: CrashAim | null = null;
  private messageKind: ((message: unknown) => string) | null = null;

  constructor(
    readonly id: NodeId,
    private readonly timers: RandomStream,
    private readonly diskRandom: RandomStream,
    private readonly fsyncMs: { min: number; max: number },
    private readonly env: HostEnvironment,
    readonly clock: NodeClock = new NodeClock(1, 0),
  ) {}

  /** Starts an instance from the durable files; the caller observes its first view. */
  start(options: StartOptions): void {
    assert(this.node === null, () => `n${this.id} started while running`);
    // Its own seed per life (the incarnation it is about to start), so its draws shift no simulator stream.
    const nodeOptions = this.nodeOptions(options, this.incarnation + 1);
    this.messageKind = (message) => options.factory.messageKind(message);
    const files = this.disk.durableFiles();
    const now = this.env.now();
    this.node = this.call('start', () => options.factory.start(nodeOptions, files, now));
    this.incarnation++;
    this.blocked = false;
    this.pending = null;
  }

  /**
   * A ghost recovery (oracles/ghost-recovery.ts): starts a throwaway instance from `image` (what a
   * crash now would leave), hands its first view to `read` and stops it. It gets the seed the
   * restart after such a crash would get (the crash and the start each count an incarnation); this
   * host, its disk, clock and random streams stay untouched, and the marks it hits are not counted.
   */
  ghost<T>(options: StartOptions, image: ReadonlyMap<string, Uint8Array>, read: (view: NodeView) => T): T {
    const nodeOptions = this.nodeOptions(options, this.incarnation + 2);
    const now = this.env.now();
    return withoutMarks(() => {
      const ghost = this.call('ghost recovery (a restart from its synced files, as if it crashed now)', () => options.factory.start(nodeOptions, image, now));
      try {
        return read(this.call('ghost view', () => ghost.view()));
      } finally {
        this.call('ghost stop', () => ghost.stop?.());
      }
    });
  }

  private nodeOptions(options: StartOptions, incarnation: number): NodeOptions {
    const randomSeed = nodeRandomSeed(this.timers.seed, this.id, incarnation);
    return {
      id: this.id,
      cluster: options.cluster,
      randomSeed,
      randomInt: seededRandomInt(randomSeed),
      snapshotEvery: options.snapshotEvery,
      bugs: options.bugs,
      tuning: options.tuning,
      selfChecks: options.selfChecks,
      features: options.features,
      maxClockDrift: options.maxClockDrift,
    };
  }

  /** The first tick of an incarnation comes at a random phase, so that nodes do not tick in lockstep. */
  scheduleFirstTick(tickMs: number): void {
    const at = this.env.now() + 1 + this.timers.int(tickMs);
    this.clock.firstTick(at);
    this.env.schedule(at, { kind: 'tick', node: this.id, incarnation: this.incarnation });
  }

  /** A tick happens now: the true time of the next one, `tickMs` later on the node's clock. */
  nextTickAt(tickMs: number): number {
    return this.clock.nextTick(tickMs);
  }

  view(): NodeView {
    const node = this.node;
    assert(node !== null, 'view of a down node');
    // Read several times per step: the try/catch of `call` without its closure.
    try {
      return node.view();
    } catch (error) {
      throw this.fault('view', error);
    }
  }

  /** The term and index of the running node's last log entry (what a vote compares). */
  lastLog(): LastLog {
    const view = this.view();
    return { term: view.termAt(view.lastIndex), index: view.lastIndex };
  }

  /** Feeds an input now, or queues it while an fsync blocks the node. */
  input(input: NodeInput<unknown>, tag: string): void {
    if (this.blocked || this.paused) {
      if (input.kind === 'tick') {
        if (this.queuedTick !== null) {
          this.queuedTick.missed++;
          return;
        }
        this.queuedTick = { kind: 'tick', missed: 0 };
        this.inbox.push({ input: this.queuedTick, tag });
        return;
      }
      this.inbox.push({ input, tag });
      return;
    }
    this.step(input, tag);
    this.drainInbox();
  }

  /** The in-flight fsync finished: the file is durable, the waiting effects and inputs proceed. */
  completeFsync(): void {
    const effects = this.pending;
    assert(this.blocked && effects !== null, 'fsync completion without an fsync in flight');
    const fsync = effects[this.pendingIndex];
    assert(fsync !== undefined && fsync.kind === 'fsync', 'pending effect is not the fsync');
    this.disk.sync(fsync.file);
    if (this.paused) {
      // The disk finished, but the process is frozen: it continues at resume.
      this.fsyncDoneWhilePaused = true;
      return;
    }
    this.blocked = false;
    this.execute(effects, this.pendingIndex + 1);
    this.drainInbox();
  }

  /** Freezes the process; returns the token its resume must carry. */
  pause(): number {
    assert(this.node !== null, () => `pause of n${this.id}, which is down`);
    this.paused = true;
    return ++this.pauseToken;
  }

  /**
   * Thaws the process: effects waiting behind a completed fsync run, then
   * queued inputs, in order. `running` is told first, once the node runs
   * again and before it takes in what arrived while it was frozen.
   */
  resume(running: () => void): void {
    assert(this.paused && this.node !== null, () => `resume of n${this.id}, which is not paused`);
    this.paused = false;
    running();
    if (this.fsyncDoneWhilePaused) {
      this.fsyncDoneWhilePaused = false;
      const effects = this.pending;
      assert(effects !== null, 'fsync finished during the pause without pending effects');
      this.blocked = false;
      this.execute(effects, this.pendingIndex + 1);
    }
    this.drainInbox();
  }

  /** Forgets every crash waiting for an fsync or a step (the liveness phase has no faults). */
  disarmCrashes(): void {
    this.fsyncCrash = null;
    this.aim = null;
    this.cutAt = null;
    this.cutAim = null;
  }

  /** Power loss: memory, inbox and pending effects are gone; the disk loses unsynced bytes. */
  crash(tornRate: number): CrashLoss[] {
    assert(this.node !== null, () => `crash of n${this.id}, which is down`);
    this.stop();
    this.incarnation++;
    this.blocked = false;
    this.pending = null;
    this.inbox = [];
    this.inboxHead = 0;
    this.queuedTick = null;
    this.disarmCrashes();
    this.paused = false;
    this.fsyncDoneWhilePaused = false;
    const losses = this.disk.crash(this.diskRandom, tornRate);
    this.tornOnDisk = losses.some((loss) => loss.keptBytes > 0);
    return losses;
  }

  /** Lets the instance go (a crash, or the end of the run). */
  stop(): void {
    const node = this.node;
    this.node = null;
    if (node !== null) this.call('stop', () => node.stop?.());
  }

  private step(input: NodeInput<unknown>, tag: string): void {
    const node = this.node;
    assert(node !== null && !this.blocked, 'step of a down or blocked node');
    this.steps++;
    if (input.kind === 'tick') this.ticksStepped++;
    // The hottest call into the node: the try/catch of `call`, without a closure and a name per step.
    let effects: NodeEffect<unknown>[];
    try {
      effects = node.step(input, this.env.now());
    } catch (error) {
      throw this.fault(`step(${input.kind})`, error);
    }
    if (!Array.isArray(effects)) throw new NodeFault(this.id, `n${this.id} step(${input.kind}) returned ${typeof effects}, not a list of effects`);
    this.env.afterStep(this, tag, input);
    const aim = this.aim;
    if (aim !== null && this.node !== null) {
      const inputKind = input.kind === 'message' ? this.messageKindOf(input.message) : null;
      if (stepIs(aim.after, input, inputKind, effects)) {
        this.aim = null;
        this.cutAim = aim;
        this.cutAt = Math.min(aim.cut ?? effects.length, effects.length);
      }
    }
    this.execute(effects, 0);
  }

  /** The kind of a message this node received (a method of its own: a closure in `step` would cost a context per step). */
  private messageKindOf(message: unknown): string {
    // Asked after every step while an aimed crash waits: the try/catch of `call` without its closure.
    try {
      return (this.messageKind as (message: unknown) => string)(message);
    } catch (error) {
      throw this.fault('messageKind', error);
    }
  }

  private drainInbox(): void {
    while (!this.blocked && !this.paused && this.node !== null && this.inboxHead < this.inbox.length) {
      const next = this.inbox[this.inboxHead++] as QueuedInput;
      if (next.input === this.queuedTick) this.queuedTick = null;
      this.step(next.input, next.tag);
    }
    // Reset only an inbox that held something: most inputs never queue, and a new array per input is garbage.
    if (this.inboxHead > 0 && this.inboxHead >= this.inbox.length) {
      this.inbox = [];
      this.inboxHead = 0;
    }
  }

  private execute(effects: NodeEffect<unknown>[], from: number): void {
    const disk = this.disk;
    for (let index = from; index < effects.length; index++) {
      if (index === this.cutAt) {
        this.strikeAimedCrash();
        return;
      }
      const effect = effects[index] as NodeEffect<unknown>;
      switch (effect.kind) {
        case 'append':
          disk.append(effect.file, effect.bytes);
          break;
        case 'write':
          disk.write(effect.file, effect.bytes);
          break;
        case 'fsync':
          if (!disk.exists(effect.file)) throw new NodeFault(this.id, `n${this.id} fsyncs missing file ${effect.file}`);
          this.beginFsync(effects, index);
          return;
        case 'rename':
          if (!disk.exists(effect.from)) throw new NodeFault(this.id, `n${this.id} renames missing file ${effect.from}`);
          if (effect.from === effect.to) throw new NodeFault(this.id, `n${this.id} renames ${effect.from} onto itself`);
          disk.rename(effect.from, effect.to);
          if (changesDiskLater(effects, index)) this.env.filesMoved(this, `renaming ${effect.from} to ${effect.to}`);
          break;
        case 'delete':
          disk.delete(effect.file);
          if (changesDiskLater(effects, index)) this.env.filesMoved(this, `deleting ${effect.file}`);
          break;
        case 'send':
          this.env.sendMessage(this.id, effect.to, effect.message);
          break;
        case 'reply':
          this.env.sendReply(this.id, effect.to, effect.response);
          break;
        case 'log':
          this.env.log(this.id, effect.text);
          break;
        case 'admin-reply':
          this.env.adminReply(this.id, effect.id, effect.outcome, effect.leaderHint ?? null);
          break;
        default:
          // Unreachable for a well-typed node; a node in another language or with a cast could still do it.
          throw new NodeFault(this.id, `n${this.id} returned an unknown effect ${JSON.stringify(effect as unknown)}`);
      }
    }
    this.pending = null;
    if (this.cutAt === effects.length) this.strikeAimedCrash();
  }

  private strikeAimedCrash(): void {
    const aim = this.cutAim as CrashAim;
    this.cutAt = null;
    this.cutAim = null;
    this.env.aimedCrash(this, aim);
  }

  private beginFsync(effects: NodeEffect<unknown>[], index: number): void {
    const now = this.env.now();
    const duration = this.diskRandom.range(this.fsyncMs.min, this.fsyncMs.max);
    this.blocked = true;
    this.pending = effects;
    this.pendingIndex = index;
    this.env.schedule(now + duration, { kind: 'fsync-done', node: this.id, incarnation: this.incarnation });
    if (this.fsyncCrash !== null && this.fsyncCrash.skip-- === 0) {
      // Strictly before the completion, which was queued first at now + duration.
      this.fsyncCrash = null;
      this.env.schedule(now + this.diskRandom.int(duration), { kind: 'crash', node: this.id, incarnation: this.incarnation });
    }
  }

  /** Calls into the node; anything it throws becomes a NodeFault naming it. */
  private call<T>(what: string, action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw this.fault(what, error);
    }
  }

  /** What the node threw during `what`, as the error to raise: a NodeFault naming the node (system errors pass through). */
  private fault(what: string, error: unknown): unknown {
    if (error instanceof NodeFault || error instanceof SystemError) return error;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new NodeFault(this.id, `n${this.id} ${what} threw ${text}`);
  }
}

/** Whether an effect after `index` changes durable files (an fsync, a rename or a delete). */
function changesDiskLater(effects: readonly NodeEffect<unknown>[], index: number): boolean {
  for (let later = index + 1; later < effects.length; later++) {
    const kind = (effects[later] as NodeEffect<unknown>).kind;
    if (kind === 'fsync' || kind === 'rename' || kind === 'delete') return true;
  }
  return false;
}
