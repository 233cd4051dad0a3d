/**
 * The judges of a run: the invariants and every oracle the simulator holds a
 * node to, built for the run's system and features. They judge from outside
 * the node (views, messages, durable files), so a node with no assertions of
 * its own is held to the same standard.
 */

import type { MessagePromises, NodeFeatures, NodeTuning } from '../harness/api.js';
import { InvariantChecker } from './invariants.js';
import { AvailabilityOracle, availabilityBounds, type ClusterProbe } from './oracles/availability.js';
import { AdminOkOracle } from './oracles/admin-ok.js';
import { CheckQuorumOracle, checkQuorumBoundMs, checkQuorumBoundTicks } from './oracles/check-quorum.js';
import { CheckQuorumHeardOracle } from './oracles/check-quorum-heard.js';
import { ConfigChangeOracle } from './oracles/config-one-at-a-time.js';
import { ConfigurationOracle } from './oracles/configuration-log.js';
import { ElectionTimerOracle } from './oracles/election-timer.js';
import { heartbeatBoundTicks, LeaderHeartbeatOracle } from './oracles/leader-heartbeat.js';
import { LeaderVoteMajorityOracle } from './oracles/leader-vote-majority.js';
import { FollowerCatchUpOracle } from './oracles/follower-catch-up.js';
import { GhostRecoveryOracle } from './oracles/ghost-recovery.js';
import { PreVoteGrantOracle } from './oracles/prevote-grant.js';
import { PreVoteMajorityOracle } from './oracles/prevote-majority.js';
import { PromiseOracle } from './oracles/promises.js';
import { ProvenVoters } from './oracles/proven-voters.js';
import { ReadAfterArrivalOracle } from './oracles/read-after-arrival.js';
import { ReadConfirmationOracle } from './oracles/read-confirmation.js';
import { TransferElectionOracle } from './oracles/transfer-election.js';
import { TransferProposalOracle } from './oracles/transfer-proposals.js';
import { TRANSFER_TIMEOUTS, TransferTimeoutOracle } from './oracles/transfer-timeout.js';
import { stickinessBoundTicks, VoteGrantOracle } from './oracles/vote-grant.js';
import type { Simulation } from './simulation.js';

export class RunJudges {
  readonly invariants = new InvariantChecker();
  readonly availability: AvailabilityOracle;
  readonly promises: PromiseOracle;
  /** Only when the system implements PreVote and runs with it: a timer tick never raises a term. */
  readonly judgePreVote: boolean;
  /** Only when PreVote is judged and the system describes its messages: a pre-candidate stands on a majority of grants for its term. */
  readonly preVoteMajority: PreVoteMajorityOracle | null;
  /** With preVoteMajority: a voter grants no pre-vote within the minimum election timeout of hearing its leader. */
  readonly preVoteGrant: PreVoteGrantOracle | null;
  /** Only when the system implements CheckQuorum and runs with it: a leader cut off from a majority steps down. */
  readonly checkQuorum: CheckQuorumOracle | null;
  /** With checkQuorum and promises: a leader that heard from a majority within the minimum election timeout keeps leading. */
  readonly checkQuorumHeard: CheckQuorumHeardOracle | null;
  /** An operator's add-node or remove-node is answered ok only once its configuration is committed. */
  readonly adminOk: AdminOkOracle;
  /** Null unless the system implements leadership transfer and the plan asks for one. */
  readonly transferProposals: TransferProposalOracle | null;
  readonly transferTimeout: TransferTimeoutOracle | null;
  /** With planned transfers and promises: a transfer election stands only on the handover of the leader of the term it leaves. */
  readonly transferElection: TransferElectionOracle | null;
  readonly configChanges = new ConfigChangeOracle();
  /** Only for a system that describes its messages (NodeFactory.promises). */
  readonly readConfirmation: ReadConfirmationOracle | null;
  /** Only for a system that honours the read mode, in a mode that reads without a clock: a read is confirmed by a majority heard after it arrived. */
  readonly readAfterArrival: ReadAfterArrivalOracle | null;
  /** Only for a system that describes its messages (NodeFactory.promises). */
  readonly electionTimer: ElectionTimerOracle | null;
  /** A node uses the latest configuration in its log (src/sim/oracles/configuration-log.ts). */
  readonly configurations: ConfigurationOracle;
  readonly provenVoters: ProvenVoters;
  /** Only for a system that describes its messages, as the election timer it protects: a leader keeps every voter from timing out. */
  readonly leaderHeartbeat: LeaderHeartbeatOracle | null;
  /** With leaderHeartbeat: a follower the leader reaches keeps moving towards its commit index. */
  readonly followerCatchUp: FollowerCatchUpOracle | null;
  /** Only for a system that describes its messages: a voter grants a RequestVote Raft requires it to grant. */
  readonly voteGrant: VoteGrantOracle | null;
  /** Only for a system that describes its messages: a leader won the grants of a majority of its voters. */
  readonly leaderVoteMajority: LeaderVoteMajorityOracle | null;

  constructor(sim: Simulation, tuning: NodeTuning, features: NodeFeatures) {
    const { plan, network, liveIds, damage } = sim;
    const config = plan.config;
    const probe: ClusterProbe = {
      get nodes() {
        return liveIds;
      },
      configuration: (node) => sim.host(node).configuration,
      isUp: (node) => sim.host(node).node !== null && !sim.host(node).paused && !damage.recovering.has(node) && this.provenVoters.counts(node),
      isRunning: (node) => sim.host(node).node !== null && !sim.host(node).paused,
      ticksWaiting: (node) => sim.host(node).ticksWaiting,
      isCut: (from, to) => network.isCut(from, to),
      bursting: () => network.bursting,
      dropRate: () => network.dropRate,
      role: (node) => sim.host(node).role,
      term: (node) => sim.host(node).term,
      lastLog: (node) => {
        const host = sim.host(node);
        return host.node === null ? null : host.lastLog();
      },
    };
    // Timeouts run on the nodes' clocks: the slowest allowed one stretches a tick to tickMs / (1 - maxDrift) of true time.
    // A vote request's flight: the candidate's fsync, then a network delay (its floor and mean; the tail is rare).
    const flightMs = config.faults.fsyncMaxMs + config.faults.delay.minMs + config.faults.delay.meanMs;
    const bounds = availabilityBounds(tuning, config.tickMs / (1 - config.clocks.maxDrift), flightMs);
    const factory = sim.system.factory;
    // One message's promises are read by several judges in a row (each oracle of a step, of a send): the last one is kept.
    let lastMessage: unknown = undefined;
    let lastPromises: MessagePromises | null = null;
    const promisesOf = (message: unknown): MessagePromises | null => {
      if (message !== lastMessage) {
        lastMessage = message;
        lastPromises = factory.promises?.(message) ?? null;
      }
      return lastPromises;
    };
    const implemented = factory.implementsFeatures ?? [];
    this.judgePreVote = features.preVote && implemented.includes('preVote');
    this.availability = new AvailabilityOracle(probe, bounds, this.judgePreVote);
    this.configurations = new ConfigurationOracle(sim.cluster);
    this.adminOk = new AdminOkOracle((node, view) => this.configurations.committedConfiguration(node, view));
    this.electionTimer = factory.promises === undefined ? null : new ElectionTimerOracle(promisesOf, tuning.electionTimeoutMinTicks);
    const electionTimer = this.electionTimer;
    this.leaderHeartbeat = electionTimer === null ? null : new LeaderHeartbeatOracle(heartbeatBoundTicks(tuning, config.clocks.maxDrift));
    this.followerCatchUp = electionTimer === null ? null : new FollowerCatchUpOracle(probe, this.judgePreVote, bounds.windowMs);
    this.preVoteMajority = this.judgePreVote && electionTimer !== null ? new PreVoteMajorityOracle(promisesOf, sim.cluster, (node) => electionTimer.ticksSinceLeaderOf(node), tuning.electionTimeoutMinTicks) : null;
    this.preVoteGrant = this.preVoteMajority === null || electionTimer === null ? null : new PreVoteGrantOracle(promisesOf, tuning.electionTimeoutMinTicks, (node) => electionTimer.lastLeaderOf(node));
    this.voteGrant =
      factory.promises === undefined
        ? null
        : new VoteGrantOracle(
            promisesOf,
            stickinessBoundTicks(tuning),
            (node) => damage.recovering.has(node) || !this.provenVoters.counts(node),
            (node, term) => this.promises.voteOf(node, term),
          );
    this.leaderVoteMajority = factory.promises === undefined ? null : new LeaderVoteMajorityOracle(promisesOf, sim.cluster);
    this.checkQuorum = features.checkQuorum && implemented.includes('checkQuorum') ? new CheckQuorumOracle(probe, checkQuorumBoundMs(tuning, config.tickMs), (node) => sim.host(node).ticksStepped, checkQuorumBoundTicks(tuning)) : null;
    this.checkQuorumHeard = this.checkQuorum !== null && factory.promises !== undefined ? new CheckQuorumHeardOracle(promisesOf, sim.cluster, tuning.electionTimeoutMinTicks) : null;
    const transfersPlanned = plan.faults.some((fault) => fault.kind === 'transfer-leadership');
    this.transferProposals = transfersPlanned && implemented.includes('leadershipTransfer') ? new TransferProposalOracle() : null;
    this.transferTimeout = transfersPlanned && implemented.includes('leadershipTransfer') ? new TransferTimeoutOracle(TRANSFER_TIMEOUTS * tuning.electionTimeoutMaxTicks) : null;
    this.transferElection = this.transferProposals !== null && factory.promises !== undefined ? new TransferElectionOracle(promisesOf) : null;
    const ghost =
      factory.promises === undefined
        ? null
        : new GhostRecoveryOracle({
            recover: (node, judge) => sim.nodes.recoverGhost(node, judge),
            messageKind: (message) => factory.messageKind(message),
            describe: (message) => factory.describeMessage(message),
          });
    this.promises = new PromiseOracle(
      factory.promises === undefined ? null : promisesOf,
      (node) => {
        const host = sim.host(node);
        return host.node === null ? null : host.view();
      },
      ghost,
    );
    this.readConfirmation = factory.promises === undefined ? null : new ReadConfirmationOracle();
    this.readAfterArrival = implemented.includes('readMode') && features.readMode !== 'lease' ? new ReadAfterArrivalOracle((node) => sim.host(node).configuration) : null;
    this.provenVoters = new ProvenVoters(factory.promises === undefined ? null : promisesOf);
  }

  /** Who is up, paused, cut off or in which configuration changed: both oracles that judge the topology re-read it. */
  topologyChanged(now: number): void {
    this.availability.topologyChanged(now);
    this.checkQuorum?.update(now);
    this.followerCatchUp?.topologyChanged(now);
  }

  /** A node's role or term changed: only that can change which leader a majority follows (short of a new topology). */
  rolesChanged(now: number): void {
    this.availability.rolesChanged(now);
    this.checkQuorum?.update(now);
  }
}
