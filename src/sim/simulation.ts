/**
 * The simulated world of one run: nodes on disks, a network, clients, the
 * plan's faults, and the judges, all driven by one event queue. This file
 * holds the shared state and the event loop; each role lives in a file of
 * its own: node lives (node-lifecycle.ts), traffic (message-routing.ts),
 * what a step shows (step-observer.ts), faults (fault-application.ts,
 * waiting-strikes.ts, storage-damage.ts), the judges (run-judges.ts), the
 * liveness phase (liveness-phase.ts) and the counts (run-counts.ts).
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
import type { NodeId, NodeView } from '../harness/api.js';
import { assert, unreachable } from '../util/assert.js';
import { declareMarks, mark } from '../util/marks.js';
import { SimClient, type ClientEnvironment, type RunClient } from './client.js';
import { PipelinedClient } from './pipelined-client.js';
import { drawPollMs, StickyReader } from './sticky-reader.js';
import { drawWinnerReader, WINNER_READER_PROCESS, WinnerReader } from './winner-reader.js';
import { isDeposition } from './leader-depositions.js';
import { EventQueue } from './event-queue.js';
import { InvariantViolation } from './invariants.js';
import { Network } from './network.js';
import { STEP_KINDS } from './crash-points.js';
import { clusterIds, type Plan } from './plan.js';
import { NodeFault, type HostEnvironment, type NodeHost } from './node-host.js';
import { AvailabilityViolation } from './oracles/availability.js';
import { ClusterMembership } from './cluster-membership.js';
import { RandomStreams } from './random.js';
import { AVAILABILITY_INVARIANT, type RunFailure, type RunStats } from './result.js';
import type { System } from './system.js';
import { Trace, type TraceEvent } from './trace.js';
import { changesTopology, TICK_INPUT, type EventOf, type SimEvent } from './sim-events.js';
import { newRunCounts, runStats } from './run-counts.js';
import { RunJudges } from './run-judges.js';
import { StorageDamage } from './storage-damage.js';
import { NodeLifecycle } from './node-lifecycle.js';
import { StepObserver } from './step-observer.js';
import { MessageRouting } from './message-routing.js';
import { FaultApplication } from './fault-application.js';
import { WaitingStrikes } from './waiting-strikes.js';
import { LeaderReplyReplays } from './leader-reply-replays.js';
import { LivenessPhase } from './liveness-phase.js';

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
  'sim.pause': 'a node was paused (frozen, then resumed)',
  'sim.clock-drift-burst': 'a node\'s clock ran as fast or as slow as the drift bound allows for a while',
  'sim.deposed-leader-clock-slow': 'a leader was cut off with its clock as slow as the drift bound allows and every other as fast',
  'sim.pause-of-leader': 'a node was paused while it was leader',
  'sim.crash-of-leader-with-uncommitted-entries': 'a leader crashed while its log held entries it had not committed',
  'sim.crash-after-snapshot-install': 'a node crashed after installing a snapshot from a peer (same incarnation)',
  'sim.election-during-asymmetric-partition': 'a node became leader while a one-way or bridge partition was in force',
  'sim.crash-during-membership-change': 'a node crashed while a membership change was asked for and not yet answered ok',
  'sim.storage-fault-skipped': 'a storage fault was skipped: the struck nodes would have been no minority of a configuration (the fault budget)',
  'sim.leader-isolated': 'the node leading was cut off from every peer (src/sim/leader-faults.ts)',
  'sim.leader-outage-outlived-partition': 'a plan\'s partition or heal came and went while a leader outage kept the leader cut off (src/sim/leader-faults.ts)',
  'sim.transition-config-pending': 'a transition fault struck while a leader made a membership change: a learner catching up, or its entry uncommitted (src/sim/transition-faults.ts)',
  'sim.transition-new-term': 'a transition fault struck while a new leader had not committed an entry of its term',
  'sim.transition-transfer': 'a transition fault struck while a leadership transfer was in flight',
  'sim.rejoin-fault': 'the leader was struck as a node lacking committed entries rejoined (src/sim/rejoin-faults.ts)',
  'sim.election-storm': 'a storm of duplicated and held-back peer messages started as a node stood for election (src/sim/election-storms.ts)',
  'sim.vote-reply-replayed': 'a vote reply of an earlier candidacy was delivered again as its receiver stood during an election storm (src/sim/vote-replays.ts)',
  'sim.leader-isolated-with-uncommitted-entries': 'the node leading was cut off while its log held entries it had not committed',
  'sim.winner-isolated': 'a node was cut off from every peer in the step it won an election',
  'sim.winner-crashed': 'a crash was aimed at the step in which a node won an election',
  'sim.winner-paused': 'a node was paused in the step it won an election',
  'sim.voter-paused': 'a node was paused in the step it answered a vote request',
  ...Object.fromEntries(STEP_KINDS.map((kind) => [`sim.aimed-crash-after-${kind}`, `an aimed crash struck in or right after a ${kind} step (src/sim/crash-points.ts)`])),
});

/** Hard bound on queue events, so a livelock in the system under test cannot hang a sweep. */
export const MAX_EVENTS = 5_000_000;
/** Re-send delay after a not-leader answer without a new hint. */
const REDIRECT_BACKOFF_MS = 20;

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

/** The world's shared state and its event loop; the roles (above) read and change it through this object. */
export class Simulation {
  readonly queue = new EventQueue<SimEvent>();
  readonly streams: RandomStreams;
  readonly network: Network;
  /** Every host ever made, in the order they were made (iteration order decides the order of some faults' effects). */
  readonly hosts = new Map<NodeId, NodeHost>();
  /** The same hosts indexed by node id. */
  private readonly hostsById: (NodeHost | undefined)[] = [];
  readonly clients: RunClient[];
  /** Polls a deposed leader while a deposition lasts (sticky-reader.ts); only in runs whose plan holds depositions. */
  readonly stickyReader: StickyReader | null = null;
  /** The winner readers (winner-reader.ts), in seeds that draw them: one per moment. */
  readonly winnerReaders: WinnerReader[] = [];
  readonly operations: Operation<KvInput, KvOutput>[] = [];
  readonly trace: Trace;
  /** The initial configuration (NodeOptions.cluster of every node, new ones included). */
  readonly cluster: NodeId[];
  /** Every host not retired (initial and added nodes), in id order: what the availability oracle looks at. */
  readonly liveIds: NodeId[];
  readonly counts = newRunCounts();
  readonly damage = new StorageDamage(this);
  readonly nodes: NodeLifecycle;
  readonly observer = new StepObserver(this);
  readonly routing = new MessageRouting(this);
  /** Replication replies a retransmitting transport hands to a node that leads again (leader-reply-replays.ts). */
  readonly leaderReplies: LeaderReplyReplays;
  readonly faults = new FaultApplication(this);
  readonly strikes = new WaitingStrikes(this);
  readonly judges: RunJudges;
  readonly membership: ClusterMembership;
  private readonly liveness = new LivenessPhase(this);
  now = 0;
  phase: 'safety' | 'liveness' = 'safety';
  livenessStart = 0;
  recoveryMs: number | null = null;
  private stopped = false;
  private failure: RunFailure | null = null;
  private undecidedAcks = 0;
  /** The highest commit index any node ever reported (highestCommit). */
  private committedEver = 0;

  constructor(
    readonly plan: Plan,
    readonly system: System,
    options: SimulationOptions,
  ) {
    const config = plan.config;
    this.streams = new RandomStreams(config.seed);
    this.cluster = clusterIds(config.nodes);
    this.trace = new Trace(options.keepTrace, options.onTraceEvent);
    this.network = new Network(
      this.cluster,
      config.faults.delay,
      { drop: config.faults.dropRate, duplicate: config.faults.duplicateRate },
      this.streams.get('network'),
    );
    this.leaderReplies = new LeaderReplyReplays(config, () => this.streams.get('leader-reply-replays'));
    const routing = this.routing;
    const environment: HostEnvironment = {
      now: () => this.now,
      schedule: (at, event) => this.queue.push(at, event),
      sendMessage: (from, to, message) => routing.sendMessage(from, to, message),
      sendReply: (from, processId, response) => routing.sendReply(from, processId, response),
      log: (node, text) => this.trace.record(this.now, 'log', node, -1, 'log', () => text),
      // A transfer's answer is the simulation's own bookkeeping; every other one travels back to the operator.
      adminReply: (node, id, outcome, leaderHint) => (this.faults.transfers.has(id) ? this.faults.transferAnswered(node, id, outcome) : routing.sendAdminReply(node, id, outcome, leaderHint)),
      afterStep: (host, tag, input) => this.observer.observe(host, tag, input),
      filesMoved: (host, what) => this.judges.promises.filesMoved(host.id, what),
      aimedCrash: (host, aim) => {
        mark(`sim.aimed-crash-after-${aim.after}`);
        this.nodes.strike(host, aim);
        // It lands inside another node event: the availability oracle hears of the topology at once.
        this.topologyChanged();
      },
    };
    this.nodes = new NodeLifecycle(this, environment);
    // Node events show the node's own clock beside true time.
    this.trace.clockOf = (node, time) => this.host(node).clock.read(time);
    this.liveIds = [...this.cluster];
    for (const id of this.cluster) this.nodes.addHost(id);
    this.judges = new RunJudges(this, config.tuning, config.features);
    const timing = { requestTimeoutMs: config.requestTimeoutMs, opDeadlineMs: config.opDeadlineMs, redirectBackoffMs: REDIRECT_BACKOFF_MS };
    this.membership = new ClusterMembership(
      this.cluster,
      timing,
      {
        send: (node, id, request) => routing.sendAdminRequest(node, id, request),
        wakeAt: (at, token) => this.queue.push(at, { kind: 'admin-wake', token }),
        note: (detail, target) => this.trace.record(this.now, 'log', target, -1, 'admin', detail),
        newId: () => this.faults.newAdminId(),
      },
      {
        startNode: (node) => this.nodes.startAdded(node),
        retireNode: (node) => this.nodes.retire(node),
        leader: () => this.seenLeader(),
        isLeader: (node) => this.hosts.get(node)?.role === 'leader',
        trace: (detail) => this.trace.record(this.now, 'log', -1, -1, 'admin', detail),
        keepsStorageBudget: (voters) => this.damage.keepsBudget(voters),
      },
    );
    const firstPipelined = config.clients - config.pipelinedClients;
    this.clients = plan.clients.map((ops, index) => {
      const Client = index >= firstPipelined ? PipelinedClient : SimClient;
      return new Client(index, ops, [...this.cluster], config.clients, timing, this.operations, this.clientEnvironment(index));
    });
    if (plan.faults.some(isDeposition)) {
      this.stickyReader = new StickyReader([...this.cluster], config.keys, drawPollMs(config.seed), timing, this.operations, this.clientEnvironment(this.clients.length));
      this.clients.push(this.stickyReader);
    }
    if (drawWinnerReader(config.seed)) {
      for (const moment of ['won', 'first-answer'] as const) {
        const reader = new WinnerReader(WINNER_READER_PROCESS + this.winnerReaders.length, moment, [...this.cluster], config.keys, timing, this.operations, this.clientEnvironment(this.clients.length));
        this.winnerReaders.push(reader);
        this.clients.push(reader);
      }
    }
  }

  private clientEnvironment(index: number): ClientEnvironment {
    return {
      send: (node, request) => this.routing.sendRequest(node, request),
      wakeAt: (at, token) => this.queue.push(at, { kind: 'client-wake', client: index, token }),
      note: (kind, detail, target, processId) => {
        if (kind === 'give-up') mark('sim.client-gave-up');
        this.trace.record(this.now, kind, processId ?? this.clients[index]?.processId ?? index, target, kind, detail);
      },
    };
  }

  run(): SimulationOutcome {
    try {
      return this.runToEnd();
    } finally {
      // Nodes in subprocesses end with the run, whatever ended it.
      for (const host of this.hosts.values()) host.stop();
    }
  }

  private runToEnd(): SimulationOutcome {
    assert(this.counts.events === 0, 'a Simulation runs once');
    const config = this.plan.config;
    this.guard(() => {
      for (const host of this.hosts.values()) this.nodes.start(host);
      for (const client of this.clients) client.begin(0);
      this.topologyChanged();
    });
    for (const fault of this.plan.faults) this.queue.push(fault.at, { kind: 'fault', fault });
    this.queue.push(config.safetyMs, { kind: 'liveness' });
    this.queue.push(config.safetyMs + config.livenessMs, { kind: 'end' });

    const judges = this.judges;
    while (!this.stopped) {
      const next = this.queue.popItem();
      if (next === undefined) break;
      this.now = this.queue.lastTime;
      this.counts.events++;
      if (this.counts.events > MAX_EVENTS) {
        this.fail('liveness', 'EventBudget', `more than ${MAX_EVENTS} events: the system never settles`, null);
        break;
      }
      // guard()'s work without a closure per event (stopped is false here).
      try {
        judges.availability.check(this.now);
        judges.checkQuorum?.check(this.now);
        const kind = next.kind;
        this.handle(next, kind);
        if (changesTopology(kind)) this.topologyChanged();
      } catch (error) {
        this.failOn(error);
      }
      if (this.phase === 'liveness' && !this.stopped && this.liveness.healthy()) {
        this.recoveryMs = this.now - this.livenessStart;
        this.stopped = true;
      }
    }
    if (this.failure === null) this.guard(() => this.finalChecks());
    return { failure: this.failure, stats: runStats(this, this.undecidedAcks), operations: this.operations, trace: this.trace };
  }

  /** Runs `action`, turning invariant violations and node exceptions into the run's failure. */
  private guard(action: () => void): void {
    if (this.stopped) return;
    try {
      action();
    } catch (error) {
      this.failOn(error);
    }
  }

  /** Turns an invariant violation or node exception into the run's failure; rethrows anything else. */
  private failOn(error: unknown): void {
    if (error instanceof InvariantViolation) {
      this.fail('safety', error.invariant, error.message, error.node);
    } else if (error instanceof NodeFault) {
      this.fail('safety', 'NodeException', error.message, error.node);
    } else if (error instanceof AvailabilityViolation) {
      this.fail('liveness', AVAILABILITY_INVARIANT, error.message, error.node);
    } else {
      throw error;
    }
  }

  fail(kind: RunFailure['kind'], invariant: string, message: string, node: NodeId | null): void {
    this.failure = { kind, invariant, message, time: this.now, node };
    this.trace.record(this.now, 'violation', node ?? -1, -1, invariant, () => message);
    this.stopped = true;
  }

  /**
   * Dispatches `event`, whose kind the loop read already (passed on: events come in a score of
   * shapes, so each read of `kind` is a megamorphic lookup; a caller without it may leave it out).
   */
  private handle(event: SimEvent, kind: SimEvent['kind'] = event.kind): void {
    switch (kind) {
      case 'tick': {
        const e = event as EventOf<'tick'>;
        const host = this.host(e.node);
        if (host.incarnation !== e.incarnation || host.node === null) return;
        this.queue.push(host.nextTickAt(this.plan.config.tickMs), event);
        host.input(TICK_INPUT, 'tick');
        return;
      }
      case 'fsync-done': {
        const e = event as EventOf<'fsync-done'>;
        const host = this.host(e.node);
        if (host.incarnation !== e.incarnation || host.node === null) return;
        host.completeFsync();
        return;
      }
      case 'message': {
        const e = event as EventOf<'message'>;
        this.routing.deliverMessage(e.from, e.to, e.message, e.tag);
        return;
      }
      case 'request': {
        const e = event as EventOf<'request'>;
        this.routing.deliverRequest(e.node, e.request);
        return;
      }
      case 'reply': {
        const e = event as EventOf<'reply'>;
        this.routing.deliverReply(e.from, e.processId, e.response);
        return;
      }
      case 'client-wake': {
        const e = event as EventOf<'client-wake'>;
        (this.clients[e.client] as RunClient).onWake(this.now, e.token);
        return;
      }
      case 'admin-request': {
        const e = event as EventOf<'admin-request'>;
        this.routing.deliverAdminRequest(e.node, e.id, e.request);
        return;
      }
      case 'admin-reply': {
        const e = event as EventOf<'admin-reply'>;
        this.membership.operator.onReply(this.now, e.id, e.outcome, e.leaderHint);
        return;
      }
      case 'admin-wake': {
        const e = event as EventOf<'admin-wake'>;
        this.membership.operator.onWake(this.now, e.token);
        return;
      }
      case 'fault': {
        const e = event as EventOf<'fault'>;
        this.faults.apply(e.fault);
        return;
      }
      case 'waited-transfer': {
        const e = event as EventOf<'waited-transfer'>;
        this.faults.requestTransfer(e.to, false);
        return;
      }
      case 'burst-end': {
        const e = event as EventOf<'burst-end'>;
        this.faults.burstEnded(e.token);
        return;
      }
      case 'clock-drift-end': {
        const e = event as EventOf<'clock-drift-end'>;
        this.faults.driftEnded(e.node, e.token);
        return;
      }
      case 'reorder-end': {
        const e = event as EventOf<'reorder-end'>;
        this.faults.reorderEnded(e.token);
        return;
      }
      case 'isolation-end': {
        const e = event as EventOf<'isolation-end'>;
        this.faults.isolationEnded(e.partition, e.next);
        return;
      }
      case 'outage-end': {
        const e = event as EventOf<'outage-end'>;
        this.faults.outageEnded(e.node);
        return;
      }
      case 'crash': {
        const e = event as EventOf<'crash'>;
        // Faults belong to the safety phase: a late one must not undo the liveness phase's restarts.
        const host = this.host(e.node);
        if (host.incarnation !== e.incarnation || this.phase !== 'safety') return;
        if (e.aim === undefined) this.nodes.crash(host);
        else if (!this.nodes.struckAims.has(e.aim)) this.nodes.strike(host, e.aim);
        return;
      }
      case 'resume': {
        const e = event as EventOf<'resume'>;
        const host = this.host(e.node);
        if (host.incarnation !== e.incarnation || host.pauseToken !== e.token || !host.paused) return;
        this.nodes.resume(host);
        return;
      }
      case 'liveness':
        this.liveness.enter();
        return;
      case 'end':
        this.liveness.timedOut();
        return;
      default:
        unreachable(kind);
    }
  }

  /** The host of node `id` (one read of the array `hostsById` on the hottest paths: every event names a node). */
  host(id: NodeId): NodeHost {
    const host = this.hostsById[id];
    // The message is built only on failure: no closure per lookup.
    if (host === undefined) assert(false, `unknown node n${id}`);
    return host;
  }

  /** Whether node `id` has a host (one array read: every peer message asks). */
  hasHost(id: NodeId): boolean {
    // A number test first: a misbehaving node may name any value, and a string such as "1" would index the array.
    return typeof id === 'number' && this.hostsById[id] !== undefined;
  }

  /** A new host joins the world (NodeLifecycle.addHost): in `hosts` for the id order of iteration, in `hostsById` for lookups. */
  addHost(host: NodeHost): void {
    this.hosts.set(host.id, host);
    this.hostsById[host.id] = host;
  }

  /** Who is up, paused, cut off or in which configuration changed: both oracles that judge the topology re-read it. */
  topologyChanged(): void {
    this.judges.topologyChanged(this.now);
  }

  /**
   * The highest commit index any node ever reported. Not only the running nodes' current ones: a
   * restart sets a node's commit index back to what it recovers, so once every node restarted they
   * may all report 0 while entries were committed, and a node that lost data to a storage fault may
   * have helped commit any of them (seed 1256). A correct node's repair reaches this: it ends at a
   * leader's commit of an entry of the leader's own term (storage/repair.ts), above every earlier commit.
   */
  highestCommit(): number {
    for (const host of this.hosts.values()) if (host.node !== null) this.noteCommit(host.commitIndex);
    return this.committedEver;
  }

  /** A node reports commit index `commit` (highestCommit). */
  noteCommit(commit: number): void {
    if (commit > this.committedEver) this.committedEver = commit;
  }

  /** The running node the simulator sees leading the highest term, if any (paused or not). */
  private seenLeader(): NodeId | null {
    let leader: NodeHost | null = null;
    for (const host of this.hosts.values()) if (host.node !== null && host.role === 'leader' && (leader === null || host.term > leader.term)) leader = host;
    return leader?.id ?? null;
  }

  /** The running, unpaused leader of the highest term (the one a client would find), or null. */
  currentLeader(): NodeHost | null {
    let leader: NodeHost | null = null;
    for (const host of this.hosts.values()) {
      // A leader whose own links failed (leader-outages.ts) leads no one the faults aimed at "the leader" could reach.
      if (host.node === null || host.paused || host.role !== 'leader' || this.network.isSevered(host.id)) continue;
      if (leader === null || host.term > leader.term) leader = host;
    }
    return leader;
  }

  private finalChecks(): void {
    const views = new Map<NodeId, NodeView>();
    for (const host of this.hosts.values()) if (host.node !== null) views.set(host.id, host.view());
    this.undecidedAcks = this.judges.invariants.finish(views).undecidedAcks;
  }
}
