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
import type { AdminOutcome, AdminRequest, ClientRequest, ClientResponse, NodeFeatures, NodeId, NodeInput, NodeTuning, NodeView } from '../harness/api.js';
import { assert, unreachable } from '../util/assert.js';
import { declareMarks, mark } from '../util/marks.js';
import { SimClient, type ClientEnvironment, type RunClient } from './client.js';
import { PipelinedClient } from './pipelined-client.js';
import { drawPollMs, STICKY_PROCESS_BASE, StickyReader } from './sticky-reader.js';
import { depositionRoomMs, isDeposition, RENEWAL_WAIT_MS } from './leader-depositions.js';
import { endsDeposition } from './deposition-guard.js';
import { EventQueue } from './event-queue.js';
import { InvariantChecker, InvariantViolation } from './invariants.js';
import { Network, describePartition, type Partition } from './network.js';
import { AIMED_CRASH_WAIT_MS, isVoteRequest, STEP_KINDS, type CrashAim } from './crash-points.js';
import { clusterIds, describeFault, DURING_FSYNC_WAIT_MS, type FaultEvent, type Plan } from './plan.js';
import { NodeClock } from './clocks.js';
import { partnersOf } from './transition-faults.js';
import { TransitionWatch } from './transition-watch.js';
import { ELECTION_STORM_WAIT_MS, type ElectionStorm } from './election-storms.js';
import { leaderFaultOf, REJOIN_WAIT_MS, type RejoinFault } from './rejoin-faults.js';
import { WaitingFault } from './waiting-fault.js';
import { isolationOf, LEADER_ISOLATION_TAG, NEXT_WINNER_WAIT_MS, type CrashLeaderFault, type IsolateLeaderFault, type WinnerFault } from './leader-faults.js';
import { NodeFault, NodeHost, type HostEnvironment, type HostEvent, type StartOptions } from './node-host.js';
import { majorityOf } from './oracles/calm-majority.js';
import { AvailabilityOracle, AvailabilityViolation, availabilityBounds, type ClusterProbe } from './oracles/availability.js';
import { CheckQuorumOracle, checkQuorumBoundMs } from './oracles/check-quorum.js';
import { CheckQuorumHeardOracle } from './oracles/check-quorum-heard.js';
import { AdminOkOracle } from './oracles/admin-ok.js';
import { checkCommitQuorum } from './oracles/commit-quorum.js';
import { ProvenVoters } from './oracles/proven-voters.js';
import { ConfigChangeOracle } from './oracles/config-one-at-a-time.js';
import { TRANSFER_TIMEOUTS, TransferTimeoutOracle } from './oracles/transfer-timeout.js';
import { ReadConfirmationOracle } from './oracles/read-confirmation.js';
import { TransferProposalOracle } from './oracles/transfer-proposals.js';
import { checkPreVoteKeepsTerm } from './oracles/prevote-term.js';
import { PreVoteMajorityOracle } from './oracles/prevote-majority.js';
import { PreVoteGrantOracle } from './oracles/prevote-grant.js';
import { ElectionTimerOracle } from './oracles/election-timer.js';
import { ConfigurationOracle } from './oracles/configuration-log.js';
import { GhostRecoveryOracle } from './oracles/ghost-recovery.js';
import { PromiseOracle } from './oracles/promises.js';
import { applyStorageFault, type StorageFaultKind } from './storage-faults.js';
import { checkCommitSurvivesElection } from './oracles/commit-safety.js';
import { ClusterMembership } from './cluster-membership.js';
import { RandomStreams } from './random.js';
import { AVAILABILITY_INVARIANT, type RunFailure, type RunStats } from './result.js';
import type { System } from './system.js';
import { Trace, type TraceEvent } from './trace.js';
import { commitDetail, configurationDetail, messageDetail, roleDetail, snapshotDetail } from './trace-details.js';

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
  'sim.transition-config-pending': 'a transition fault struck while a leader made a membership change: a learner catching up, or its entry uncommitted (src/sim/transition-faults.ts)',
  'sim.transition-new-term': 'a transition fault struck while a new leader had not committed an entry of its term',
  'sim.transition-transfer': 'a transition fault struck while a leadership transfer was in flight',
  'sim.rejoin-fault': 'the leader was struck as a node lacking committed entries rejoined (src/sim/rejoin-faults.ts)',
  'sim.election-storm': 'a storm of duplicated and held-back peer messages started as a node stood for election (src/sim/election-storms.ts)',
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

type SimEvent =
  | HostEvent
  | { kind: 'message'; from: NodeId; to: NodeId; message: unknown; tag: string }
  | { kind: 'request'; node: NodeId; request: ClientRequest }
  | { kind: 'reply'; from: NodeId; processId: number; response: ClientResponse }
  | { kind: 'client-wake'; client: number; token: number }
  | { kind: 'admin-request'; node: NodeId; id: number; request: AdminRequest }
  | { kind: 'admin-reply'; from: NodeId; id: number; outcome: AdminOutcome; leaderHint: NodeId | null }
  | { kind: 'admin-wake'; token: number }
  | { kind: 'fault'; fault: FaultEvent }
  /** A leadership transfer that waited for an election winner (it waits no more). */
  | { kind: 'waited-transfer'; to: NodeId }
  | { kind: 'burst-end'; token: number }
  | { kind: 'clock-drift-end'; node: NodeId; token: number }
  | { kind: 'isolation-end'; partition: Partition }
  | { kind: 'reorder-end'; token: number }
  | { kind: 'liveness' }
  | { kind: 'end' };

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
  private readonly hosts = new Map<NodeId, NodeHost>();
  private readonly clients: RunClient[];
  /** Polls a deposed leader while a deposition lasts (sticky-reader.ts); only in runs whose plan holds depositions. */
  private stickyReader: StickyReader | null = null;
  private readonly invariants = new InvariantChecker();
  private readonly operations: Operation<KvInput, KvOutput>[] = [];
  private readonly trace: Trace;
  /** The initial configuration (NodeOptions.cluster of every node, new ones included). */
  private readonly cluster: NodeId[];
  /** Every host not retired (initial and added nodes), in id order: what the availability oracle looks at. */
  private readonly liveIds: NodeId[];
  private readonly membership: ClusterMembership;
  private readonly hostEnvironment: HostEnvironment;
  private readonly fsyncMs: { min: number; max: number };
  private readonly bugs: ReadonlySet<string>;
  /** The run's implementation knobs: read here once, so that nodes and oracles see the same ones. */
  private readonly tuning: NodeTuning;
  private readonly availability: AvailabilityOracle;
  private readonly promises: PromiseOracle;
  /** The run's protocol features, as the nodes get them. */
  private readonly features: NodeFeatures;
  /** Only when the system implements PreVote and runs with it: a timer tick never raises a term. */
  private readonly judgePreVote: boolean;
  private readonly preVoteMajority: PreVoteMajorityOracle | null;
  private readonly preVoteGrant: PreVoteGrantOracle | null;
  /** Only when the system implements CheckQuorum and runs with it: a leader cut off from a majority steps down. */
  private readonly checkQuorum: CheckQuorumOracle | null;
  private readonly checkQuorumHeard: CheckQuorumHeardOracle | null;
  private readonly adminOk: AdminOkOracle;
  /** Null unless the system implements leadership transfer and the plan asks for one. */
  private readonly transferProposals: TransferProposalOracle | null;
  private readonly transferTimeout: TransferTimeoutOracle | null;
  private readonly configChanges = new ConfigChangeOracle();
  /** Only for a system that describes its messages (NodeFactory.promises). */
  private readonly readConfirmation: ReadConfirmationOracle | null;
  /** Only for a system that describes its messages (NodeFactory.promises). */
  private readonly electionTimer: ElectionTimerOracle | null;
  /** A node uses the latest configuration in its log (src/sim/oracles/configuration-log.ts). */
  private readonly configurations: ConfigurationOracle;
  /** Admin request id -> target of each leadership transfer sent, until answered. */
  private readonly transfers = new Map<number, NodeId>();
  private nextAdminId = 1;
  /** Nodes whose disk a storage fault struck since they last started: their restart may lose promises (promise-voiding.ts). */
  private readonly storageStruck = new Set<NodeId>();
  /**
   * Every node a storage fault struck in this run: the seed's damaged set as it
   * came to be. The fault budget (storage-faults.ts) keeps it a minority of the
   * cluster, but the plan draws it against the initial cluster, and a
   * membership change can shrink a configuration under it: {n1,n2,n3} with n1
   * struck, then n2 removed, leaves n1 half of {n1,n3}. A node that lost data
   * must not vote or campaign until a leader repairs it, and with the intact
   * nodes no majority no leader can be elected: no protocol could both stay
   * safe and elect one there (the lost acknowledgements may be the only ones).
   * So the simulator keeps the budget for every configuration: it skips a
   * strike, or a planned removal, that would break it (keepsStorageBudget).
   */
  private readonly everStruck = new Set<NodeId>();
  private readonly provenVoters: ProvenVoters;
  /**
   * Nodes restarted from a struck disk, with the highest commit index any node held then. Until they
   * hold it again they may not trust their storage (issue 14: no vote, no campaign), so the
   * availability oracle does not count them as calm: a majority that needs one of them to elect a
   * leader may have to wait for a healed peer, which is the storage fault's doing.
   */
  private readonly recovering = new Map<NodeId, number>();
  /** Each client process's latest request seq: only the latest one is owed an answer. */
  private readonly latestRequest = new Map<number, number>();
  /** The kind of the partition in force (null: none), for the asymmetric-election mark. */
  private partitionKind: Partition['kind'] | null = null;
  /** Nodes that installed a peer's snapshot since they last started, for the crash-after-install mark. */
  private readonly installedSinceStart = new Set<NodeId>();
  /** The leader isolation in force (null: none, or a plan's partition replaced it). */
  private isolation: Partition | null = null;
  /** The leader a deposition in force cut off, and until when the faults that would end it are skipped (deposition-guard.ts). */
  private deposed: { node: NodeId; until: number } | null = null;
  /** A leader fault waiting for the next election winner. */
  private readonly winnerFault = new WaitingFault<WinnerFault>(NEXT_WINNER_WAIT_MS);
  /** A deposition waiting for a leader whose term has committed (IsolateLeaderFault.established). */
  private readonly establishedFault = new WaitingFault<IsolateLeaderFault>(NEXT_WINNER_WAIT_MS);
  /** A deposition of an established leader waiting for the leader to hear back from a follower (leader-depositions.ts). */
  private readonly renewalFault = new WaitingFault<IsolateLeaderFault>(RENEWAL_WAIT_MS);
  /** A pause (its length in ms) waiting for the next node to answer a vote request. */
  private readonly voterPause = new WaitingFault<number>(NEXT_WINNER_WAIT_MS);
  /**
   * An operator's leadership transfer that found no leader waits for the next election winner (its target),
   * as an operator's tool (etcdctl move-leader) retries until some node leads.
   */
  private readonly waitingTransfer = new WaitingFault<NodeId>(NEXT_WINNER_WAIT_MS);
  /** A fault waiting for a protocol transition (src/sim/transition-faults.ts). */
  private readonly transitions = new TransitionWatch();
  /** A storm of old messages waiting for the next candidacy (src/sim/election-storms.ts). */
  private readonly electionStorms = new WaitingFault<ElectionStorm>(ELECTION_STORM_WAIT_MS);
  /** A leader fault waiting for an out-of-date node to rejoin (src/sim/rejoin-faults.ts). */
  private readonly rejoins = new WaitingFault<RejoinFault>(REJOIN_WAIT_MS);
  /** Aimed crashes that have landed (an aim at any node strikes only once). */
  private readonly struckAims = new Set<CrashAim>();
  private now = 0;
  private phase: 'safety' | 'liveness' = 'safety';
  private livenessStart = 0;
  private recoveryMs: number | null = null;
  private stopped = false;
  private failure: RunFailure | null = null;
  private burstToken = 0;
  /** Per node, the latest drift burst: only its own end restores the clock's rate. */
  private readonly driftTokens = new Map<NodeId, number>();
  private reorderToken = 0;
  private undecidedAcks = 0;
  private readonly counts = {
    events: 0,
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
    pauses: 0,
    transfersRequested: 0,
    transfersCompleted: 0,
    transfersSkipped: 0,
    storageFaults: { 'bit-flip': 0, garbage: 0, misdirected: 0, 'lost-write': 0, 'read-error': 0 } as Record<StorageFaultKind, number>,
    clockDrifts: 0,
    leaderIsolations: 0,
    leaderCrashes: 0,
    leaderPauses: 0,
    reorderStorms: 0,
    transitionFaults: 0,
    electionStorms: 0,
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
    this.tuning = config.tuning;
    this.features = config.features;
    this.trace = new Trace(options.keepTrace, options.onTraceEvent);
    this.network = new Network(
      this.cluster,
      config.faults.delay,
      { drop: config.faults.dropRate, duplicate: config.faults.duplicateRate },
      this.streams.get('network'),
    );
    this.fsyncMs = { min: config.faults.fsyncMinMs, max: config.faults.fsyncMaxMs };
    const environment: HostEnvironment = {
      now: () => this.now,
      schedule: (at, event) => this.queue.push(at, event),
      sendMessage: (from, to, message) => this.sendMessage(from, to, message),
      sendReply: (from, processId, response) => this.sendReply(from, processId, response),
      log: (node, text) => this.trace.record(this.now, 'log', node, -1, 'log', () => text),
      // A transfer's answer is the simulation's own bookkeeping; every other one travels back to the operator.
      adminReply: (node, id, outcome, leaderHint) => (this.transfers.has(id) ? this.adminReplied(node, id, outcome) : this.sendAdminReply(node, id, outcome, leaderHint)),
      afterStep: (host, tag, input) => this.observe(host, tag, input),
      filesMoved: (host, what) => this.promises.filesMoved(host.id, what),
      aimedCrash: (host, aim) => {
        mark(`sim.aimed-crash-after-${aim.after}`);
        this.strike(host, aim);
        // It lands inside another node event: the availability oracle hears of the topology at once.
        this.topologyChanged();
      },
    };
    this.hostEnvironment = environment;
    // Node events show the node's own clock beside true time.
    this.trace.clockOf = (node, time) => this.host(node).clock.read(time);
    this.liveIds = [...this.cluster];
    for (const id of this.cluster) this.addHost(id);
    const network = this.network;
    const liveIds = this.liveIds;
    const probe: ClusterProbe = {
      get nodes() {
        return liveIds;
      },
      configuration: (node) => this.host(node).configuration,
      isUp: (node) => this.host(node).node !== null && !this.host(node).paused && !this.recovering.has(node) && this.provenVoters.counts(node),
      isRunning: (node) => this.host(node).node !== null && !this.host(node).paused,
      isCut: (from, to) => network.isCut(from, to),
      bursting: () => network.bursting,
      dropRate: () => network.dropRate,
      role: (node) => this.host(node).role,
      term: (node) => this.host(node).term,
    };
    // Timeouts run on the nodes' clocks: the slowest allowed one stretches a tick to tickMs / (1 - maxDrift) of true time.
    const bounds = availabilityBounds(this.tuning, config.tickMs / (1 - config.clocks.maxDrift));
    const factory = system.factory;
    const implemented = factory.implementsFeatures ?? [];
    this.judgePreVote = this.features.preVote && implemented.includes('preVote');
    this.availability = new AvailabilityOracle(probe, bounds, this.judgePreVote);
    this.configurations = new ConfigurationOracle(this.cluster);
    this.adminOk = new AdminOkOracle((node, view) => this.configurations.committedConfiguration(node, view));
    this.electionTimer = factory.promises === undefined ? null : new ElectionTimerOracle((message) => factory.promises?.(message) ?? null, this.tuning.electionTimeoutMinTicks);
    const electionTimer = this.electionTimer;
    this.preVoteMajority = this.judgePreVote && electionTimer !== null ? new PreVoteMajorityOracle((message) => factory.promises?.(message) ?? null, this.cluster, (node) => electionTimer.ticksSinceLeaderOf(node), this.tuning.electionTimeoutMinTicks) : null;
    this.preVoteGrant = this.preVoteMajority === null ? null : new PreVoteGrantOracle((message) => factory.promises?.(message) ?? null, this.tuning.electionTimeoutMinTicks);
    this.checkQuorum = this.features.checkQuorum && implemented.includes('checkQuorum') ? new CheckQuorumOracle(probe, checkQuorumBoundMs(this.tuning, config.tickMs)) : null;
    this.checkQuorumHeard = this.checkQuorum !== null && factory.promises !== undefined ? new CheckQuorumHeardOracle((message) => factory.promises?.(message) ?? null, this.cluster, this.tuning.electionTimeoutMinTicks) : null;
    const transfersPlanned = plan.faults.some((fault) => fault.kind === 'transfer-leadership');
    this.transferProposals = transfersPlanned && implemented.includes('leadershipTransfer') ? new TransferProposalOracle() : null;
    this.transferTimeout = transfersPlanned && implemented.includes('leadershipTransfer') ? new TransferTimeoutOracle(TRANSFER_TIMEOUTS * this.tuning.electionTimeoutMaxTicks) : null;
    const ghost =
      factory.promises === undefined
        ? null
        : new GhostRecoveryOracle({
            recover: (node, judge) => this.recoverGhost(node, judge),
            messageKind: (message) => factory.messageKind(message),
            describe: (message) => factory.describeMessage(message),
          });
    this.promises = new PromiseOracle(
      factory.promises === undefined ? null : (message) => factory.promises?.(message) ?? null,
      (node) => {
        const host = this.host(node);
        return host.node === null ? null : host.view();
      },
      ghost,
    );
    this.readConfirmation = factory.promises === undefined ? null : new ReadConfirmationOracle(this.everStruck);
    this.provenVoters = new ProvenVoters(factory.promises === undefined ? null : (message) => factory.promises?.(message) ?? null);
    const timing = { requestTimeoutMs: config.requestTimeoutMs, opDeadlineMs: config.opDeadlineMs, redirectBackoffMs: REDIRECT_BACKOFF_MS };
    this.membership = new ClusterMembership(
      this.cluster,
      timing,
      {
        send: (node, id, request) => this.sendAdminRequest(node, id, request),
        wakeAt: (at, token) => this.queue.push(at, { kind: 'admin-wake', token }),
        note: (detail, target) => this.trace.record(this.now, 'log', target, -1, 'admin', detail),
        newId: () => this.nextAdminId++,
      },
      {
        startNode: (node) => this.startAddedNode(node),
        retireNode: (node) => this.retire(node),
        leader: () => this.seenLeader(),
        isLeader: (node) => this.hosts.get(node)?.role === 'leader',
        trace: (detail) => this.trace.record(this.now, 'log', -1, -1, 'admin', detail),
        keepsStorageBudget: (voters) => this.keepsStorageBudget(voters, this.everStruck),
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
  }

  private clientEnvironment(index: number): ClientEnvironment {
    return {
      send: (node, request) => this.sendRequest(node, request),
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
      for (const host of this.hosts.values()) this.startNode(host);
      for (const client of this.clients) client.begin(0);
      this.topologyChanged();
    });
    for (const fault of this.plan.faults) this.queue.push(fault.at, { kind: 'fault', fault });
    this.queue.push(config.safetyMs, { kind: 'liveness' });
    this.queue.push(config.safetyMs + config.livenessMs, { kind: 'end' });

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
        this.availability.check(this.now);
        this.checkQuorum?.check(this.now);
        this.handle(next);
        if (changesTopology(next)) {
          this.topologyChanged();
        }
      } catch (error) {
        this.failOn(error);
      }
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

  private fail(kind: RunFailure['kind'], invariant: string, message: string, node: NodeId | null): void {
    this.failure = { kind, invariant, message, time: this.now, node };
    this.trace.record(this.now, 'violation', node ?? -1, -1, invariant, () => message);
    this.stopped = true;
  }

  private handle(event: SimEvent): void {
    switch (event.kind) {
      case 'tick': {
        const host = this.host(event.node);
        if (host.incarnation !== event.incarnation || host.node === null) return;
        this.queue.push(host.nextTickAt(this.plan.config.tickMs), event);
        host.input(TICK_INPUT, 'tick');
        return;
      }
      case 'fsync-done': {
        const host = this.host(event.node);
        if (host.incarnation !== event.incarnation || host.node === null) return;
        host.completeFsync();
        return;
      }
      case 'message':
        this.deliverMessage(event.from, event.to, event.message, event.tag);
        return;
      case 'request': {
        const host = this.host(event.node);
        if (host.node === null) return; // lost: the client will time out
        const { client, seq } = event.request;
        this.availability.requestDelivered(this.now, host.id, client, seq, this.latestRequest.get(client) === seq);
        host.input({ kind: 'client-request', request: event.request }, 'request');
        return;
      }
      case 'reply': {
        const client = (event.processId >= STICKY_PROCESS_BASE ? this.stickyReader : this.clients[event.processId % this.plan.config.clients]) as RunClient;
        const problem = client.replyProblem(event.processId, event.response);
        if (problem !== null) {
          throw new InvariantViolation('MalformedReply', event.from, `n${event.from} answered client c${event.processId}: ${problem}`);
        }
        const ack = client.onReply(this.now, event.processId, event.response);
        if (ack !== null) this.invariants.acknowledged(ack.client, ack.seq, event.from);
        return;
      }
      case 'client-wake':
        (this.clients[event.client] as RunClient).onWake(this.now, event.token);
        return;
      case 'admin-request': {
        const host = this.host(event.node);
        if (host.node === null) return; // lost: the operator will time out
        host.input({ kind: 'admin', id: event.id, request: event.request }, 'admin');
        return;
      }
      case 'admin-reply':
        this.membership.operator.onReply(this.now, event.id, event.outcome, event.leaderHint);
        return;
      case 'admin-wake':
        this.membership.operator.onWake(this.now, event.token);
        return;
      case 'fault':
        this.applyFault(event.fault);
        return;
      case 'waited-transfer':
        this.requestTransfer(event.to, false);
        return;
      case 'burst-end':
        if (event.token === this.burstToken) this.network.setBurst(null);
        return;
      case 'clock-drift-end':
        if (event.token === this.driftTokens.get(event.node)) this.host(event.node).clock.setRate(this.now, this.host(event.node).clock.baseRate);
        return;
      case 'reorder-end':
        if (event.token === this.reorderToken) this.network.setReorder(null);
        return;
      case 'isolation-end':
        if (event.partition !== this.isolation) return;
        this.setPartition(null);
        this.trace.record(this.now, 'heal', -1, -1, 'heal');
        if (this.rejoins.armed) this.strikeRejoin();
        return;
      case 'crash': {
        // Faults belong to the safety phase: a late one must not undo the liveness phase's restarts.
        const host = this.host(event.node);
        if (host.incarnation !== event.incarnation || this.phase !== 'safety') return;
        if (event.aim === undefined) this.crash(host);
        else if (!this.struckAims.has(event.aim)) this.strike(host, event.aim);
        return;
      }
      case 'resume': {
        const host = this.host(event.node);
        if (host.incarnation !== event.incarnation || host.pauseToken !== event.token || !host.paused) return;
        this.resume(host);
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

  private readonly viewScratch = new Map<NodeId, NodeView>();

  /** The views of every node that is up (paused ones included: they keep their logs), `self` as just observed. */
  /** The struck nodes (`struck`) leave a majority of `voters` intact (an empty configuration constrains nothing). */
  private keepsStorageBudget(voters: readonly NodeId[], struck: ReadonlySet<NodeId>): boolean {
    if (voters.length === 0) return true;
    const intact = voters.filter((id) => !struck.has(id)).length;
    return intact >= majorityOf(voters.length);
  }

  /**
   * Whether striking `node`'s disk keeps the fault budget (everStruck): for
   * every configuration the operator's pending requests can leave and every
   * one a node uses.
   */
  private storageBudgetAllows(node: NodeId): boolean {
    const struck = new Set(this.everStruck).add(node);
    if (!this.membership.reachableVoterSets().every((voters) => this.keepsStorageBudget(voters, struck))) return false;
    for (const host of this.hosts.values()) if (!host.retired && !this.keepsStorageBudget(host.configuration, struck)) return false;
    return true;
  }

  /** Who is up, paused, cut off or in which configuration changed: both oracles that judge the topology re-read it. */
  private topologyChanged(): void {
    this.availability.topologyChanged(this.now);
    this.checkQuorum?.update(this.now);
  }

  /** The highest commit index any running node reports. */
  private highestCommit(): number {
    let commit = 0;
    for (const host of this.hosts.values()) if (host.node !== null) commit = Math.max(commit, host.commitIndex);
    return commit;
  }

  private runningViews(self: NodeId, selfView: NodeView): Map<NodeId, NodeView> {
    const views = this.viewScratch;
    views.clear();
    for (const [id, host] of this.hosts) {
      if (id === self) views.set(id, selfView);
      else if (host.node !== null) views.set(id, host.view());
    }
    return views;
  }

  /** A host for node `id`, not started. */
  private addHost(id: NodeId): NodeHost {
    // A node added later (an id beyond the drawn clocks) gets a true clock.
    const clocks = this.plan.config.clocks;
    const clock = new NodeClock(clocks.rates[id - 1] ?? 1, clocks.offsetsMs[id - 1] ?? 0);
    const host = new NodeHost(id, this.streams.get(`timers/n${id}`), this.streams.get('disk'), this.fsyncMs, this.hostEnvironment, clock);
    host.configuration = this.cluster;
    this.hosts.set(id, host);
    return host;
  }

  /** An add-node event: a new node starts empty, outside the configuration, and learns it from the leader. */
  private startAddedNode(id: NodeId): void {
    if (this.hosts.has(id)) return;
    const host = this.addHost(id);
    this.liveIds.push(id);
    this.network.addNode(id);
    this.startNode(host);
    this.trace.record(this.now, 'restart', id, -1, 'start', () => `new node n${id} started (empty, not yet a member)`);
    this.topologyChanged();
  }

  /** A removed node's removal committed: stop it for good. */
  private retire(id: NodeId): void {
    const host = this.hosts.get(id);
    if (host === undefined || host.retired) return;
    if (host.node !== null) host.crash(0);
    host.retired = true;
    this.liveIds.splice(this.liveIds.indexOf(id), 1);
    this.trace.record(this.now, 'crash', id, -1, 'removed', () => `n${id} removed from the cluster and stopped`);
    this.topologyChanged();
  }

  /** The running node the simulator sees leading the highest term, if any. */
  private seenLeader(): NodeId | null {
    let leader: NodeHost | null = null;
    for (const host of this.hosts.values()) if (host.node !== null && host.role === 'leader' && (leader === null || host.term > leader.term)) leader = host;
    return leader?.id ?? null;
  }

  /** The step handled a message from the node that leads `term` (the simulator's own record of roles). */
  private fromLeaderOf(input: NodeInput<unknown>, term: number): boolean {
    if (input.kind !== 'message') return false;
    const sender = this.hosts.get(input.from);
    return sender !== undefined && sender.role === 'leader' && sender.term === term;
  }

  private host(id: NodeId): NodeHost {
    const host = this.hosts.get(id);
    assert(host !== undefined, () => `unknown node n${id}`);
    return host;
  }

  private startOptions(): StartOptions {
    const config = this.plan.config;
    return {
      factory: this.system.factory,
      cluster: this.cluster,
      snapshotEvery: config.snapshotEvery,
      bugs: this.bugs,
      tuning: this.tuning,
      selfChecks: config.selfChecks !== false,
      features: this.features,
      maxClockDrift: config.clocks.maxDrift,
    };
  }

  /** A ghost recovery of `node` (oracles/ghost-recovery.ts), unless a storage fault decides what a crash now would leave. */
  private recoverGhost(node: NodeId, judge: (view: NodeView) => void): boolean {
    if (this.storageStruck.has(node)) return false;
    const host = this.host(node);
    const image = host.disk.crashImage();
    if (image === null) return false;
    host.ghost(this.startOptions(), image, judge);
    return true;
  }

  private startNode(host: NodeHost): void {
    const config = this.plan.config;
    host.start(this.startOptions());
    this.invariants.nodeStarted(host.id);
    this.electionTimer?.started(host.id);
    this.preVoteGrant?.started(host.id);
    this.configurations.started(host.id);
    const view = host.view();
    this.noteConfiguration(host, view);
    const struck = this.storageStruck.delete(host.id);
    if (struck) this.recovering.set(host.id, this.highestCommit());
    if (struck) this.provenVoters.damagedRestart(host.id);
    this.promises.started(host.id, view, struck);
    this.invariants.afterStep(host.id, view);
    this.configurations.afterStep(host.id, view);
    host.role = view.role;
    host.term = view.term;
    host.commitIndex = view.commitIndex;
    host.snapshotIndex = view.snapshotIndex;
    host.scheduleFirstTick(config.tickMs);
  }

  /**
   * Reads the node's view, traces role/commit/snapshot changes, then runs the
   * invariants: traced first, so that a failing run's trace ends with the state
   * that broke the invariant.
   */
  private observe(host: NodeHost, tag: string, input: NodeInput<unknown>): void {
    const view = host.view();
    const roleOrTermChanged = view.role !== host.role || view.term !== host.term;
    this.electionTimer?.afterStep(host.id, input, host.term, view.term);
    this.preVoteMajority?.afterStep(host.id, input, host.term, view);
    this.preVoteGrant?.afterStep(host.id, input, view);
    this.checkQuorumHeard?.afterStep(host.id, input, host.role, host.term, view);
    if (roleOrTermChanged) {
      if (this.judgePreVote) checkPreVoteKeepsTerm(host.id, input, host.term, view.term, view.configuration?.());
      if (view.role !== 'follower') this.promises.stood(host.id, view.term);
      if (view.role === 'leader') {
        this.counts.elections++;
        this.availability.electionWon(this.now, host.id);
        if (host.role !== 'leader' && (this.partitionKind === 'one-way' || this.partitionKind === 'bridge')) mark('sim.election-during-asymmetric-partition');
      }
      // Term changes are traced even without a role change, so a report can show every node's term.
      const previousRole = host.role;
      this.trace.record(this.now, 'role', host.id, -1, view.role, roleDetail(previousRole, view.role, view.term));
      host.role = view.role;
      host.term = view.term;
      if (view.role === 'leader' && this.winnerFault.armed) this.strikeWinner(host);
      if (view.role === 'leader' && this.waitingTransfer.armed) this.transferFromWinner();
      if (view.role === 'leader' && this.membership.takeLeaderRemoval(this.now) && this.phase === 'safety') {
        // A removal of the leader that waited for a winner names it, as a plan event of this ms after the step.
        this.queue.push(this.now, { kind: 'fault', fault: { at: this.now, kind: 'remove-node', node: host.id } });
      }
      if (view.role === 'leader') this.transitions.leaderWon(host.id, view.term, host.lastIndex, this.now);
      if (view.role === 'candidate' && this.electionStorms.armed) this.startElectionStorm(host.id);
    }
    // Replication progress (a commit, or a follower's log growing) restarts the availability oracle's answer clock.
    if (view.commitIndex > host.commitIndex || (view.lastIndex > host.lastIndex && view.role !== 'leader')) this.availability.progressed(this.now, host.id);
    host.lastIndex = view.lastIndex;
    const leaderCommitted = view.role === 'leader' && view.commitIndex > host.commitIndex;
    if (view.commitIndex !== host.commitIndex) {
      this.trace.record(this.now, 'commit', host.id, -1, String(view.commitIndex), commitDetail(host.commitIndex, view.commitIndex));
      host.commitIndex = view.commitIndex;
    }
    if (view.snapshotIndex !== host.snapshotIndex) {
      const installed = /snapshot/i.test(tag) && view.snapshotIndex > host.snapshotIndex;
      if (installed) {
        this.counts.snapshotsInstalled++;
        mark('sim.snapshot-installed');
        this.installedSinceStart.add(host.id);
      } else {
        this.counts.snapshotsTaken++;
      }
      this.trace.record(this.now, 'snapshot', host.id, -1, installed ? 'installed' : 'taken', snapshotDetail(installed, view.snapshotIndex, host.snapshotIndex));
      host.snapshotIndex = view.snapshotIndex;
    }
    if (this.voterPause.armed && input.kind === 'message' && isVoteRequest(tag)) this.pauseVoter(host);
    const configurationBefore = host.configuration;
    const configurationChanged = this.noteConfiguration(host, view);
    if (configurationChanged && view.role === 'leader' && !roleOrTermChanged && view.configuration !== undefined) this.configChanges.changed(host.id, view);
    if (configurationChanged && view.role === 'leader') this.transitions.leaderReconfigured(host.id, view.term, view.lastIndex, this.now);
    else if (view.role === 'leader' && input.kind === 'admin' && input.request.kind === 'add-node') this.transitions.leaderAdding(host.id, view.term, this.now);
    if (this.transitions.armed) this.strikeTransition();
    // Only a role, term or configuration change can change which leader a majority follows.
    if (configurationChanged) this.topologyChanged();
    else if (roleOrTermChanged) {
      this.availability.rolesChanged(this.now);
      this.checkQuorum?.update(this.now);
    }
    if (this.transferProposals !== null) this.transferProposals.afterStep(host.id, view, input, this.transfers);
    if (this.transferTimeout !== null) this.transferTimeout.afterStep(host.id, view, input, this.transfers);
    this.promises.afterStep(host.id, view, input);
    this.invariants.afterStep(host.id, view);
    this.configurations.afterStep(host.id, view);
    // Most runs have no node recovering from a struck disk: skip the lookup on every step then.
    const mustReach = this.recovering.size === 0 ? undefined : this.recovering.get(host.id);
    if (mustReach !== undefined && (view.role === 'leader' || (view.role === 'follower' && view.commitIndex >= mustReach && view.termAt(view.commitIndex) === view.term && this.fromLeaderOf(input, view.term)))) {
      // Caught up under a leader, or leading itself (it won a majority's votes, so its log holds every
      // committed entry even before its commit index shows it): it counts again, with a fresh window.
      // Under a leader: only a leader repairs a damaged node, so a commit index already high enough
      // (nothing was committed when the disk was struck) does not end the recovery (seed 2766). And only
      // once that leader's commit index holds an entry of its term: before that the node cannot tell
      // the index it was told is final (a leader that falls before its first commit, seed 516).
      this.recovering.delete(host.id);
      this.topologyChanged();
    }
    // After the checks of causes (a matchIndex above the truth, a lost acknowledgement): this one sees their effect.
    if (leaderCommitted) this.promises.leaderCommitted(host.id, view.term, view.commitIndex);
    if (leaderCommitted) this.promises.leaderCounted(host.id, view, host.configuration);
    if (leaderCommitted && !roleOrTermChanged) checkCommitQuorum(host.id, view, host.configuration, configurationBefore);
    if (leaderCommitted && this.establishedFault.armed && termCommitted(view)) this.strikeEstablished(host);
    if (this.renewalFault.armed && input.kind === 'message' && view.role === 'leader' && host === this.currentLeader()) this.strikeAtRenewal(host);
    if (leaderCommitted) checkCommitSurvivesElection(host.id, view.commitIndex, this.promises.withoutAbstainers(this.runningViews(host.id, view)), this.cluster);
  }

  /** Records the node's configuration (a plugged-in system without NodeView.configuration keeps the initial one); true if it changed. */
  private noteConfiguration(host: NodeHost, view: NodeView): boolean {
    const configuration = view.configuration?.() ?? this.cluster;
    if (configuration === host.configuration) return false;
    const changed = differentIds(configuration, host.configuration);
    host.configuration = configuration;
    if (changed) this.trace.record(this.now, 'log', host.id, -1, 'configuration', configurationDetail(configuration));
    return changed;
  }

  // ---- network -------------------------------------------------------------

  private sendMessage(from: NodeId, to: NodeId, message: unknown): void {
    if (!this.hosts.has(to) || to === from) throw new NodeFault(from, `n${from} sends to invalid node ${to}`);
    this.promises.sent(from, to, message);
    this.electionTimer?.sent(from, message);
    this.preVoteGrant?.sent(from, message);
    if (this.provenVoters.sent(from, message)) this.topologyChanged();
    this.readConfirmation?.termSent(from, this.promises.sentTermOf(from), this.now);
    const factory = this.system.factory;
    const tag = factory.messageKind(message);
    this.counts.sent++;
    // node = sender, peer = receiver (the reverse of deliver), so a report can pair each send with its fate.
    // The hottest trace events: no detail closure per message unless details are kept.
    if (this.trace.describes) this.trace.record(this.now, 'send', from, to, tag, messageDetail(factory, from, to, message));
    else this.trace.record(this.now, 'send', from, to, tag);
    const delays = this.network.peerDelays();
    if (delays.length === 0) {
      this.counts.dropped++;
      this.trace.record(this.now, 'drop', to, from, tag, messageDetail(factory, from, to, message));
      return;
    }
    if (delays.length > 1) {
      this.counts.duplicated++;
      mark('sim.message-duplicated');
      this.trace.record(this.now, 'duplicate', to, from, tag, messageDetail(factory, from, to, message));
    }
    for (const delay of delays) this.queue.push(this.now + delay, { kind: 'message', from, to, message, tag });
  }

  private deliverMessage(from: NodeId, to: NodeId, message: unknown, tag: string): void {
    const host = this.host(to);
    const describe = this.trace.describes ? messageDetail(this.system.factory, from, to, message) : undefined;
    if (this.network.isCut(from, to)) {
      this.counts.cut++;
      this.trace.record(this.now, 'drop', to, from, `${tag} (partition)`, describe);
      return;
    }
    if (host.node === null) {
      this.trace.record(this.now, 'drop', to, from, `${tag} (down)`, describe);
      return;
    }
    this.counts.delivered++;
    this.trace.record(this.now, 'deliver', to, from, tag, describe);
    host.input({ kind: 'message', from, message }, tag);
  }

  private sendRequest(node: NodeId, request: ClientRequest): void {
    this.counts.clientSent++;
    this.latestRequest.set(request.client, request.seq);
    this.readConfirmation?.requestSent(this.now, request);
    const delay = this.network.clientDelay();
    if (delay === null) {
      this.counts.clientDropped++;
      return;
    }
    this.queue.push(this.now + delay, { kind: 'request', node, request });
  }

  /** Operator traffic travels like client traffic: delayed, maybe dropped, never partitioned. */
  private sendAdminRequest(node: NodeId, id: number, request: AdminRequest): void {
    this.adminOk.asked(id, request);
    const delay = this.network.clientDelay();
    if (delay !== null) this.queue.push(this.now + delay, { kind: 'admin-request', node, id, request });
  }

  private sendAdminReply(from: NodeId, id: number, outcome: AdminOutcome, leaderHint: NodeId | null): void {
    this.adminOk.replied(from, id, outcome, this.host(from).view());
    this.trace.record(this.now, 'log', from, -1, 'admin', () => `admin #${id}: ${outcome}${leaderHint === null ? '' : ` (leader n${leaderHint})`}`);
    const delay = this.network.clientDelay();
    if (delay !== null) this.queue.push(this.now + delay, { kind: 'admin-reply', from, id, outcome, leaderHint });
  }

  private sendReply(from: NodeId, processId: number, response: ClientResponse): void {
    if (!Number.isSafeInteger(processId) || processId < 0) throw new NodeFault(from, `n${from} replies to invalid client ${processId}`);
    if (response.kind === 'ok') {
      this.availability.answered(this.now, processId, response.seq);
      this.readConfirmation?.answered(this.now, from, processId, response.seq, this.answererState(from));
    }
    this.transferProposals?.replied(from, processId, response.seq, response.kind === 'ok');
    this.counts.clientSent++;
    const delay = this.network.clientDelay();
    if (delay === null) {
      this.counts.clientDropped++;
      return;
    }
    this.queue.push(this.now + delay, { kind: 'reply', from, processId, response });
  }

  /** Reads the answering node's term and voters when asked (a closure of its own: sendReply needs no context per call). */
  private answererState(from: NodeId): () => { term: number; voters: readonly NodeId[] } {
    return () => {
      const view = this.host(from).view();
      return { term: view.term, voters: view.configuration?.() ?? this.cluster };
    };
  }

  // ---- faults and phases ---------------------------------------------------

  private applyFault(fault: FaultEvent): void {
    if (this.deposed !== null && this.now < this.deposed.until && endsDeposition(fault, this.deposed.node)) return;
    switch (fault.kind) {
      case 'crash': {
        const host = this.host(fault.node);
        if (host.node === null) return;
        if (fault.aim !== undefined) {
          const aim = fault.aim;
          for (const armed of aim.anyNode === true ? this.hosts.values() : [host]) if (armed.node !== null) armed.aim = aim;
          this.queue.push(this.now + AIMED_CRASH_WAIT_MS, { kind: 'crash', node: host.id, incarnation: host.incarnation, aim });
          return;
        }
        if (!fault.duringFsync || host.blocked) {
          this.crash(host);
          return;
        }
        host.fsyncCrash = { skip: fault.skipFsyncs ?? 0 };
        this.queue.push(this.now + DURING_FSYNC_WAIT_MS, { kind: 'crash', node: host.id, incarnation: host.incarnation });
        return;
      }
      case 'restart':
        this.restart(this.host(fault.node));
        return;
      case 'partition':
        this.setPartition(fault.partition);
        this.counts.partitions++;
        mark(`sim.partition-${fault.partition.kind}`);
        this.trace.record(this.now, 'partition', -1, -1, fault.partition.kind, () => describePartition(fault.partition));
        return;
      case 'heal':
        this.setPartition(null);
        this.trace.record(this.now, 'heal', -1, -1, 'heal');
        if (this.rejoins.armed) this.strikeRejoin();
        return;
      case 'pause': {
        const host = this.host(fault.node);
        if (host.node === null) return; // a down node cannot pause
        this.pause(host, fault.durationMs);
        return;
      }
      case 'transfer-leadership':
        this.requestTransfer(fault.to, true);
        return;
      case 'burst':
        this.burstToken++;
        this.counts.bursts++;
        this.network.setBurst({ drop: fault.drop, duplicate: fault.duplicate });
        this.queue.push(this.now + fault.durationMs, { kind: 'burst-end', token: this.burstToken });
        this.trace.record(this.now, 'burst', -1, -1, 'burst', () => describeFault(fault));
        return;
      case 'add-node':
      case 'remove-node':
        this.membership.onPlanEvent(this.now, fault);
        return;
      case 'storage': {
        if (!this.storageBudgetAllows(fault.node)) {
          mark('sim.storage-fault-skipped');
          this.trace.record(this.now, 'log', fault.node, -1, 'log', () => `storage fault skipped: the struck nodes would be no minority of a configuration`);
          return;
        }
        const done = applyStorageFault(this.host(fault.node).disk, fault.fault);
        if (done === null) return;
        this.storageStruck.add(fault.node);
        this.everStruck.add(fault.node);
        this.counts.storageFaults[fault.fault.kind]++;
        this.trace.record(this.now, 'storage', fault.node, -1, fault.fault.kind, () => done);
        return;
      }
      case 'clock-drift': {
        // A clock runs whether or not its node is up.
        const token = (this.driftTokens.get(fault.node) ?? 0) + 1;
        this.driftTokens.set(fault.node, token);
        this.counts.clockDrifts++;
        mark('sim.clock-drift-burst');
        this.host(fault.node).clock.setRate(this.now, fault.rate);
        this.queue.push(this.now + fault.durationMs, { kind: 'clock-drift-end', node: fault.node, token });
        this.trace.record(this.now, 'clock-drift', fault.node, -1, 'clock-drift', () => describeFault(fault));
        return;
      }
      case 'reorder':
        this.reorderToken++;
        this.counts.reorderStorms++;
        this.network.setReorder({ rate: fault.rate, maxMs: fault.maxMs });
        this.queue.push(this.now + fault.durationMs, { kind: 'reorder-end', token: this.reorderToken });
        this.trace.record(this.now, 'burst', -1, -1, 'reorder', () => describeFault(fault));
        return;
      case 'transition-fault':
        this.transitions.arm(fault, this.now);
        return;
      case 'election-storm':
        this.electionStorms.arm(fault, this.now);
        return;
      case 'rejoin-fault':
        this.rejoins.arm(fault, this.now);
        return;
      case 'pause-voter':
        this.voterPause.arm(fault.durationMs, this.now);
        return;
      case 'isolate-leader':
      case 'crash-leader':
      case 'pause-leader': {
        if (fault.nextWinner === true) {
          this.winnerFault.arm(fault, this.now);
          return;
        }
        const leader = this.currentLeader();
        if (fault.kind === 'isolate-leader' && fault.established === true && (leader === null || !termCommitted(leader.view()))) {
          if (!this.establishedFault.waiting(this.now)) this.establishedFault.arm(fault, this.now);
          this.trace.record(this.now, 'log', -1, -1, 'log', () => `${describeFault(fault)}: no leader has committed in its term, waits for one`);
          return;
        }
        if (leader === null) {
          // Mid-election: the fault waits for the winner rather than doing nothing (unless another waits already).
          if (!this.winnerFault.waiting(this.now)) this.winnerFault.arm(fault, this.now);
          this.trace.record(this.now, 'log', -1, -1, 'log', () => `${describeFault(fault)}: no node leads, waits for the next winner`);
          return;
        }
        if (fault.kind === 'isolate-leader' && fault.established === true) this.renewalFault.arm(fault, this.now);
        else if (fault.kind === 'isolate-leader') this.isolate(leader, fault);
        else if (fault.kind === 'pause-leader') this.pauseLeader(leader, fault.durationMs);
        else this.crashLeader(leader, fault);
        return;
      }
      default:
        unreachable(fault);
    }
  }

  /** An operator's leadership transfer goes to the node the simulator sees leading (the newest term's), if any. */
  private requestTransfer(to: NodeId, mayWait: boolean): void {
    let leader: NodeHost | null = null;
    for (const host of this.hosts.values()) {
      if (host.node !== null && !host.paused && host.role === 'leader' && (leader === null || host.term > leader.term)) leader = host;
    }
    if (leader === null) {
      if (mayWait && !this.waitingTransfer.waiting(this.now)) {
        this.waitingTransfer.arm(to, this.now);
        this.trace.record(this.now, 'log', -1, -1, 'transfer', () => `transfer leadership to n${to}: no node leads, waits for the next winner`);
        return;
      }
      this.counts.transfersSkipped++;
      this.trace.record(this.now, 'log', -1, -1, 'transfer', () => `transfer leadership to n${to} skipped: no node leads`);
      return;
    }
    const id = this.nextAdminId++;
    this.transfers.set(id, to);
    this.counts.transfersRequested++;
    this.availability.transferRequested(this.now, to);
    this.trace.record(this.now, 'log', leader.id, -1, 'transfer', () => `admin #${id}: transfer leadership from n${(leader as NodeHost).id} to n${to}`);
    this.transitions.transferRequested(leader.id, leader.term, to, this.now);
    leader.input({ kind: 'admin', id, request: { kind: 'transfer-leadership', to } }, 'admin');
  }

  private adminReplied(node: NodeId, id: number, outcome: AdminOutcome): void {
    const to = this.transfers.get(id);
    if (to !== undefined) {
      this.transfers.delete(id);
      this.transferProposals?.transferAnswered(id);
      this.transferTimeout?.transferAnswered(id);
      if (this.transfers.size === 0) this.transitions.transferEnded();
      // 'ok' from the target itself: it already led, and no election follows.
      const handedOver = outcome === 'ok' && node !== to;
      if (handedOver) this.counts.transfersCompleted++;
      else this.availability.transferEnded();
    }
    this.trace.record(this.now, 'log', node, -1, 'log', () => `admin #${id}: ${outcome}`);
  }

  /** A plan's partition (or heal) replaces whatever is in force, a leader isolation too. */
  private setPartition(partition: Partition | null): void {
    this.network.setPartition(partition);
    this.partitionKind = partition?.kind ?? null;
    this.isolation = null;
    this.deposed = null;
  }

  /** The running, unpaused leader of the highest term (the one a client would find), or null. */
  private currentLeader(): NodeHost | null {
    let leader: NodeHost | null = null;
    for (const host of this.hosts.values()) {
      if (host.node === null || host.paused || host.role !== 'leader') continue;
      if (leader === null || host.term > leader.term) leader = host;
    }
    return leader;
  }

  /** A node just won an election (inside that step): a waiting transfer goes to it as a plan event of this ms, after the step. */
  private transferFromWinner(): void {
    const to = this.waitingTransfer.take(this.now);
    if (to === null || this.phase !== 'safety') return;
    this.queue.push(this.now, { kind: 'waited-transfer', to });
  }

  /** `host` just won an election (inside that step): cut it off, or crash it, if a fault waits for the next winner. */
  private strikeEstablished(host: NodeHost): void {
    const fault = this.establishedFault.take(this.now);
    if (fault === null || this.phase !== 'safety' || host !== this.currentLeader()) return;
    this.isolate(host, fault);
  }

  /** The leader just heard back from a follower (its lease renewed, leader-depositions.ts): cut it off now. */
  private strikeAtRenewal(host: NodeHost): void {
    const fault = this.renewalFault.take(this.now);
    if (fault !== null && this.phase === 'safety') this.isolate(host, fault);
  }

  private strikeWinner(host: NodeHost): void {
    const fault = this.winnerFault.take(this.now);
    if (fault === null || this.phase !== 'safety') return;
    if (fault.kind === 'isolate-leader') {
      mark('sim.winner-isolated');
      this.isolate(host, fault);
      return;
    }
    if (fault.kind === 'pause-leader') {
      // Frozen inside its winning step: effects behind the step's fsync (its first AppendEntries) wait for the resume.
      mark('sim.winner-paused');
      this.pauseLeader(host, fault.durationMs);
      return;
    }
    if (!this.mayCrashAnother()) return;
    // An aimed crash at the winning step itself (checked right after this observation), with the usual fallback.
    const aim: CrashAim = { after: 'write', restartAfterMs: fault.restartAfterMs };
    if (fault.cut !== undefined) aim.cut = fault.cut;
    host.aim = aim;
    this.counts.leaderCrashes++;
    mark('sim.winner-crashed');
    this.queue.push(this.now + AIMED_CRASH_WAIT_MS, { kind: 'crash', node: host.id, incarnation: host.incarnation, aim });
  }

  /**
   * Strikes a transition fault whose moment is due (inside some node's step):
   * an isolation at once, as for a winner; a crash or pause as a plan event
   * of this ms, after the step.
   */
  private strikeTransition(): void {
    const strike = this.transitions.due(this.now, this.hosts);
    if (strike === null || this.phase !== 'safety') return;
    const { fault, node } = strike;
    this.counts.transitionFaults++;
    mark(`sim.transition-${fault.moment}`);
    this.trace.record(this.now, 'log', node, -1, 'transition', () => `${describeFault(fault)}: strikes n${node} (leader n${strike.leader})`);
    if (fault.action === 'isolate') {
      const partners = fault.withPartners === true ? partnersOf(node, this.liveIds, fault.pick) : [];
      this.isolate(this.host(node), { at: this.now, kind: 'isolate-leader', durationMs: fault.durationMs }, partners);
      return;
    }
    if (fault.action === 'pause') {
      this.queue.push(this.now, { kind: 'fault', fault: { at: this.now, kind: 'pause', node, durationMs: fault.durationMs } });
      return;
    }
    if (!this.mayCrashAnother()) return;
    this.queue.push(this.now, { kind: 'fault', fault: { at: this.now, kind: 'crash', node, duringFsync: false } });
    this.restartLater(node, fault.durationMs);
  }

  /**
   * `candidate` just stood for election (inside that step): a waiting storm
   * starts, as a duplicate burst (at the seed's own drop rate) and a reorder
   * storm at once, each ended by its own token like a planned one.
   */
  private startElectionStorm(candidate: NodeId): void {
    const storm = this.electionStorms.take(this.now);
    if (storm === null || this.phase !== 'safety') return;
    mark('sim.election-storm');
    this.counts.electionStorms++;
    this.trace.record(this.now, 'log', candidate, -1, 'election-storm', () => `${describeFault(storm)}: n${candidate} stands`);
    this.burstToken++;
    this.network.setBurst({ drop: this.plan.config.faults.dropRate, duplicate: storm.duplicate });
    this.queue.push(this.now + storm.durationMs, { kind: 'burst-end', token: this.burstToken });
    this.reorderToken++;
    this.network.setReorder({ rate: storm.rate, maxMs: storm.maxMs });
    this.queue.push(this.now + storm.durationMs, { kind: 'reorder-end', token: this.reorderToken });
    this.topologyChanged();
  }

  /**
   * A node restarted or a partition healed: if a rejoin fault waits and some
   * running node lacks entries the leader has committed, the leader is struck
   * (a leader fault of the plan's kind, `delayMs` from now).
   */
  private strikeRejoin(): void {
    const leader = this.currentLeader();
    if (leader === null || this.phase !== 'safety') return;
    let stale: NodeHost | null = null;
    for (const host of this.hosts.values()) {
      if (host !== leader && host.node !== null && !host.paused && host.view().lastIndex < leader.commitIndex) stale = host;
    }
    if (stale === null) return;
    const fault = this.rejoins.take(this.now);
    // A strike that would land in the liveness phase is dropped: it would undo that phase's restarts.
    if (fault === null || this.now + fault.delayMs >= this.plan.config.safetyMs) return;
    mark('sim.rejoin-fault');
    const lagging = stale.id;
    this.trace.record(this.now, 'log', lagging, -1, 'rejoin', () => `${describeFault(fault)}: n${lagging} lacks entries n${leader.id} committed`);
    const at = this.now + fault.delayMs;
    this.queue.push(at, { kind: 'fault', fault: leaderFaultOf(fault, at) });
  }

  /** A crash that brings its own restart: `afterMs` from now, unless that is past the safety phase (which restarts every node). */
  private restartLater(node: NodeId, afterMs: number): void {
    const restartAt = this.now + afterMs;
    if (restartAt < this.plan.config.safetyMs) this.queue.push(restartAt, { kind: 'fault', fault: { at: restartAt, kind: 'restart', node } });
  }

  /** `host` just answered a vote request (inside that step): freeze it if a pause waits for the next voter. */
  private pauseVoter(host: NodeHost): void {
    const durationMs = this.voterPause.take(this.now);
    if (durationMs === null || this.phase !== 'safety' || host.paused) return;
    mark('sim.voter-paused');
    this.pause(host, durationMs);
  }

  private pauseLeader(host: NodeHost, durationMs: number): void {
    this.counts.leaderPauses++;
    this.pause(host, durationMs);
  }

  /** Freezes `host` (a GC pause, SIGSTOP) for `durationMs`. */
  private pause(host: NodeHost, durationMs: number): void {
    this.counts.pauses++;
    mark('sim.pause');
    if (host.role === 'leader') mark('sim.pause-of-leader');
    const token = host.pause();
    this.queue.push(this.now + durationMs, { kind: 'resume', node: host.id, incarnation: host.incarnation, token });
    this.trace.record(this.now, 'pause', host.id, -1, 'pause', () => `pause for ${durationMs}ms (${host.role}, term ${host.term})`);
    // Inside a step too (a winner's): the availability oracle hears of the frozen node at once.
    this.topologyChanged();
  }

  /** The fault mix's maxDown bounds leader crashes too. */
  private mayCrashAnother(): boolean {
    let down = 0;
    for (const host of this.hosts.values()) if (host.node === null) down++;
    return down < this.plan.config.faults.maxDown;
  }

  private crashLeader(leader: NodeHost, fault: CrashLeaderFault): void {
    if (!this.mayCrashAnother()) return;
    this.counts.leaderCrashes++;
    this.crash(leader);
    this.restartLater(leader.id, fault.restartAfterMs);
  }

  /**
   * Cuts `host` off from every peer for the fault's duration. Called inside a
   * step too (the winner's): its messages of that step are judged at delivery,
   * so none arrive. The availability oracle hears of the new topology at once.
   */
  private isolate(host: NodeHost, fault: IsolateLeaderFault, partners: readonly NodeId[] = []): void {
    const partition = isolationOf(host.id, this.liveIds, partners);
    this.setPartition(partition);
    this.isolation = partition;
    this.counts.leaderIsolations++;
    mark('sim.leader-isolated');
    if (host.lastIndex > host.commitIndex) mark('sim.leader-isolated-with-uncommitted-entries');
    this.queue.push(this.now + fault.durationMs, { kind: 'isolation-end', partition });
    if (fault.clockSkew !== undefined) this.skewClocks(host.id, fault.clockSkew, fault.durationMs);
    if (fault.established === true) {
      this.deposed = { node: host.id, until: this.now + depositionRoomMs(this.plan.config) };
      this.stickyReader?.watch(this.now, host.id, this.now + fault.durationMs);
    }
    this.trace.record(this.now, 'partition', -1, -1, LEADER_ISOLATION_TAG, () => `isolate leader n${host.id} (term ${host.term}) for ${fault.durationMs}ms: ${describePartition(partition)}`);
    // Half the clients reconnect to the majority side (and follow its redirects to the new leader); the
    // others stay with the old leader, so that reads it should no longer serve meet writes it missed.
    const majority = this.liveIds.filter((id) => id !== host.id && !partners.includes(id));
    this.clients.forEach((client, index) => {
      if (index % 2 === 1 && majority.length > 0) client.steerTo?.(majority[index % majority.length] as NodeId);
    });
    this.topologyChanged();
  }

  /** A deposition's clocks (leader-depositions.ts): the cut-off node's runs slow, every other fast, for `durationMs`. */
  private skewClocks(slow: NodeId, skew: number, durationMs: number): void {
    mark('sim.deposed-leader-clock-slow');
    for (const host of this.hosts.values()) {
      const token = (this.driftTokens.get(host.id) ?? 0) + 1;
      this.driftTokens.set(host.id, token);
      host.clock.setRate(this.now, host.id === slow ? 1 - skew : 1 + skew);
      this.queue.push(this.now + durationMs, { kind: 'clock-drift-end', node: host.id, token });
    }
  }

  private crash(host: NodeHost): void {
    if (host.node === null) return; // already down (an edited plan may say so)
    this.counts.crashes++;
    if (host.blocked) mark('sim.crash-during-fsync');
    if (host.role === 'leader') {
      mark('sim.crash-of-leader');
      const view = host.view();
      if (view.lastIndex > view.commitIndex) mark('sim.crash-of-leader-with-uncommitted-entries');
    }
    if (this.installedSinceStart.delete(host.id)) mark('sim.crash-after-snapshot-install');
    if (this.membership.operator.pending > 0) mark('sim.crash-during-membership-change');
    const losses = host.crash(this.plan.config.faults.tornWriteRate);
    // A lost write armed while the node was down fires in its next incarnation: the crash that zeroes its
    // bytes is the one whose restart may lose promises, whenever the fault was armed (promise-voiding.ts).
    if (host.disk.lastCrashZeroedLostWrite) this.storageStruck.add(host.id);
    const torn = losses.filter((loss) => loss.keptBytes > 0);
    this.counts.tornWrites += torn.length;
    if (torn.length > 0) mark('sim.torn-write');
    this.trace.record(this.now, 'crash', host.id, -1, 'crash', () => {
      const lost = losses.map((loss) => `${loss.file}: lost ${loss.lostBytes}B${loss.keptBytes > 0 ? `, torn ${loss.keptBytes}B kept` : ''}`);
      return `crash (${host.role}, term ${host.term})${lost.length > 0 ? `; ${lost.join('; ')}` : '; nothing unsynced'}`;
    });
  }

  /**
   * An aimed crash lands (at its step, or when it stops waiting): once, on one
   * node, and brings its own restart, timed from the moment it landed.
   */
  private strike(host: NodeHost, aim: CrashAim): void {
    this.struckAims.add(aim);
    for (const armed of this.hosts.values()) if (armed.aim === aim) armed.aim = null;
    this.crash(host);
    if (aim.restartAfterMs !== undefined) this.restartLater(host.id, aim.restartAfterMs);
  }

  private resume(host: NodeHost): void {
    this.trace.record(this.now, 'resume', host.id, -1, 'resume');
    // The oracles see the node running before it answers what queued up: a fault aimed at one of those
    // steps may freeze it again in the same ms, yet the leader did hear its answers (seed 6638).
    host.resume(() => this.topologyChanged());
  }

  private restart(host: NodeHost): void {
    if (host.node !== null || host.retired) return; // running (an edited plan may say so), or removed for good
    this.counts.restarts++;
    if (host.tornOnDisk) {
      this.counts.tornRestarts++;
      mark('sim.torn-restart');
    }
    host.tornOnDisk = false;
    this.startNode(host);
    this.trace.record(this.now, 'restart', host.id, -1, 'restart', () => `restart as ${host.role} in term ${host.term}, commit ${host.commitIndex}, snapshot ${host.snapshotIndex}`);
    if (this.rejoins.armed) this.strikeRejoin();
  }

  private enterLiveness(): void {
    this.phase = 'liveness';
    this.livenessStart = this.now;
    this.trace.record(this.now, 'phase', -1, -1, 'liveness', () => 'liveness phase: heal partitions, stop loss, resume paused and restart crashed nodes');
    this.setPartition(null);
    this.winnerFault.clear();
    this.establishedFault.clear();
    this.renewalFault.clear();
    this.voterPause.clear();
    this.transitions.clear();
    this.electionStorms.clear();
    this.rejoins.clear();
    this.network.stopLoss();
    this.topologyChanged();
    this.burstToken++;
    for (const host of this.hosts.values()) {
      host.disarmCrashes();
      if (host.paused) this.resume(host);
      this.restart(host);
    }
    for (const client of this.clients) client.enterLiveness();
  }

  /** Healthy: a leader at least as new as every running node's term, and no client operation in progress. */
  private healthy(): boolean {
    let maxTerm = 0;
    let leaderTerm = -1;
    for (const host of this.hosts.values()) {
      if (host.retired) continue;
      if (host.node === null) return false;
      maxTerm = Math.max(maxTerm, host.term);
      if (host.role === 'leader') leaderTerm = Math.max(leaderTerm, host.term);
    }
    if (leaderTerm < maxTerm) return false;
    return !this.clients.some((client) => client.pending);
  }

  private livenessTimeout(): void {
    const pending = this.clients.map((client) => client.describePending()).filter((text): text is string => text !== null);
    const leaders = [...this.hosts.values()].filter((host) => host.role === 'leader').map((host) => `n${host.id} (term ${host.term})`);
    const terms = [...this.hosts.values()].map((host) => `n${host.id}:${host.retired ? 'removed' : host.node === null ? 'down' : host.role}/t${host.term}`).join(' ');
    const problem = [
      leaders.length === 0 ? 'no leader' : `leaders ${leaders.join(', ')}`,
      pending.length > 0 ? `${pending.length} operation(s) still pending: ${pending.join('; ')}` : 'no operation pending',
    ].join('; ');
    this.fail('liveness', 'Liveness', `cluster not healthy ${this.plan.config.livenessMs}ms after healing: ${problem} [${terms}]`, null);
  }

  private finalChecks(): void {
    const views = new Map<NodeId, NodeView>();
    for (const host of this.hosts.values()) if (host.node !== null) views.set(host.id, host.view());
    this.undecidedAcks = this.invariants.finish(views).undecidedAcks;
  }

  private stats(): Omit<RunStats, 'marks'> {
    const c = this.counts;
    return {
      simulatedMs: this.now,
      events: c.events,
      steps: [...this.hosts.values()].reduce((sum, host) => sum + host.steps, 0),
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
      pauses: c.pauses,
      transfers: { requested: c.transfersRequested, completed: c.transfersCompleted, skipped: c.transfersSkipped },
      reconfigurations: { ...this.membership.counts },
      storageFaults: { ...c.storageFaults },
      clockDrifts: c.clockDrifts,
      leaderIsolations: c.leaderIsolations,
      leaderCrashes: c.leaderCrashes,
      leaderPauses: c.leaderPauses,
      transitionFaults: c.transitionFaults,
      electionStorms: c.electionStorms,
      reorderStorms: c.reorderStorms,
      committed: this.invariants.committedLength,
      stateComparisons: this.invariants.stateComparisons,
      undecidedAcks: this.undecidedAcks,
      recoveryMs: this.recoveryMs,
      availability: this.availability.finish(this.now, this.operations, this.clients.reduce((sum, client) => sum + client.gaveUp, 0)),
    };
  }
}

/** Every tick fed to a node now is the same input (nodes only read their inputs): one object, not one per tick. */
const TICK_INPUT: NodeInput<unknown> = Object.freeze({ kind: 'tick' });

/**
 * Events after which the calm majority may have changed (nodes up or down, paused, network cut or lossy).
 * Not 'resume': resume() tells the oracles itself, before the node answers what queued up.
 */
function changesTopology(event: SimEvent): boolean {
  return event.kind === 'fault' || event.kind === 'burst-end' || event.kind === 'isolation-end' || event.kind === 'reorder-end' || event.kind === 'crash' || event.kind === 'liveness';
}

/** Whether two id lists differ (a plain loop: a callback capturing one list would cost a context per step). */
function differentIds(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  if (a.length !== b.length) return true;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return true;
  return false;
}

/** Whether a leader's view shows an entry of its own term committed. */
function termCommitted(view: NodeView): boolean {
  return view.commitIndex > 0 && view.termAt(view.commitIndex) === view.term;
}
