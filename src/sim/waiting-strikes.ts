/**
 * Faults that wait for a moment of the protocol and strike inside the step
 * that brings it: the next election winner, a leader whose term committed or
 * whose lease renewed, the next voter, the next candidacy, a membership or
 * leadership transition, an out-of-date node rejoining; and an operator's
 * transfer that waits for a leader. Each waits for at most its own time
 * (waiting-fault.ts); none strikes once the liveness phase has begun.
 */

import type { NodeId, NodeView } from '../harness/api.js';
import { mark } from '../util/marks.js';
import { AIMED_CRASH_WAIT_MS, type CrashAim } from './crash-points.js';
import { ELECTION_STORM_WAIT_MS, type ElectionStorm } from './election-storms.js';
import { NEXT_WINNER_WAIT_MS, type IsolateLeaderFault, type WinnerFault } from './leader-faults.js';
import { ESTABLISHED_WAIT_MS, RENEWAL_WAIT_MS } from './leader-depositions.js';
import type { NodeHost } from './node-host.js';
import { describeFault } from './plan.js';
import { leaderFaultOf, REJOIN_WAIT_MS, type RejoinFault } from './rejoin-faults.js';
import type { Simulation } from './simulation.js';
import { partnersOf } from './transition-faults.js';
import { transitionDetail } from './trace-details.js';
import { TransitionWatch } from './transition-watch.js';
import { WaitingFault } from './waiting-fault.js';

export class WaitingStrikes {
  /** A leader fault waiting for the next election winner. */
  readonly winnerFault = new WaitingFault<WinnerFault>(NEXT_WINNER_WAIT_MS);
  /** A deposition waiting for a leader whose term has committed (IsolateLeaderFault.established). */
  readonly establishedFault = new WaitingFault<IsolateLeaderFault>(ESTABLISHED_WAIT_MS);
  /** A deposition of an established leader waiting for the leader to hear back from a follower (leader-depositions.ts). */
  readonly renewalFault = new WaitingFault<IsolateLeaderFault>(RENEWAL_WAIT_MS);
  /** A pause (its length in ms) waiting for the next node to answer a vote request. */
  readonly voterPause = new WaitingFault<number>(NEXT_WINNER_WAIT_MS);
  /**
   * An operator's leadership transfer that found no leader waits for the next election winner (its target),
   * as an operator's tool (etcdctl move-leader) retries until some node leads.
   */
  readonly waitingTransfer = new WaitingFault<NodeId>(NEXT_WINNER_WAIT_MS);
  /** A fault waiting for a protocol transition (src/sim/transition-faults.ts). */
  readonly transitions = new TransitionWatch();
  /** A storm of old messages waiting for the next candidacy (src/sim/election-storms.ts). */
  readonly electionStorms = new WaitingFault<ElectionStorm>(ELECTION_STORM_WAIT_MS);
  /** A leader fault waiting for an out-of-date node to rejoin (src/sim/rejoin-faults.ts). */
  readonly rejoins = new WaitingFault<RejoinFault>(REJOIN_WAIT_MS);

  constructor(private readonly sim: Simulation) {}

  /** A plan's fault aimed at the leader: at the leader now, or waiting for the moment it needs. */
  leaderFault(fault: WinnerFault): void {
    const sim = this.sim;
    const now = sim.now;
    if (fault.nextWinner === true) {
      this.winnerFault.arm(fault, now);
      return;
    }
    const leader = sim.currentLeader();
    if (fault.kind === 'isolate-leader' && fault.established === true && (leader === null || !termCommitted(leader.view()))) {
      if (!this.establishedFault.waiting(now)) this.establishedFault.arm(fault, now);
      sim.trace.record(now, 'log', -1, -1, 'log', () => `${describeFault(fault)}: no leader has committed in its term, waits for one`);
      return;
    }
    if (leader === null) {
      // Mid-election: the fault waits for the winner rather than doing nothing (unless another waits already).
      if (!this.winnerFault.waiting(now)) this.winnerFault.arm(fault, now);
      sim.trace.record(now, 'log', -1, -1, 'log', () => `${describeFault(fault)}: no node leads, waits for the next winner`);
      return;
    }
    if (fault.kind === 'isolate-leader' && fault.established === true) this.renewalFault.arm(fault, now);
    else if (fault.kind === 'isolate-leader') sim.faults.isolate(leader, fault);
    else if (fault.kind === 'pause-leader') sim.faults.pauseLeader(leader, fault.durationMs);
    else sim.faults.crashLeader(leader, fault);
  }

  /** `host` just won an election in `term` (inside that step): whatever waits for a winner strikes or goes to it. */
  electionWon(host: NodeHost, term: number): void {
    const sim = this.sim;
    if (this.winnerFault.armed) this.strikeWinner(host);
    if (this.waitingTransfer.armed) this.transferFromWinner();
    if (sim.membership.takeLeaderRemoval(sim.now) && sim.phase === 'safety') {
      // A removal of the leader that waited for a winner names it, as a plan event of this ms after the step.
      sim.queue.push(sim.now, { kind: 'fault', fault: { at: sim.now, kind: 'remove-node', node: host.id } });
    }
    this.transitions.leaderWon(host.id, term, host.lastIndex, sim.now);
  }

  /** A node just won an election (inside that step): a waiting transfer goes to it as a plan event of this ms, after the step. */
  private transferFromWinner(): void {
    const sim = this.sim;
    const to = this.waitingTransfer.take(sim.now);
    if (to === null || sim.phase !== 'safety') return;
    sim.queue.push(sim.now, { kind: 'waited-transfer', to });
  }

  /** `host` just committed an entry of its term (inside that step): a deposition waiting for an established leader cuts it off. */
  strikeEstablished(host: NodeHost): void {
    const sim = this.sim;
    const fault = this.establishedFault.take(sim.now);
    if (fault === null || sim.phase !== 'safety' || host !== sim.currentLeader()) return;
    sim.faults.isolate(host, fault);
  }

  /** The leader just heard back from a follower (its lease renewed, leader-depositions.ts): cut it off now. */
  strikeAtRenewal(host: NodeHost): void {
    const fault = this.renewalFault.take(this.sim.now);
    if (fault !== null && this.sim.phase === 'safety') this.sim.faults.isolate(host, fault);
  }

  /** `host` just won an election (inside that step): cut it off, freeze it, or crash it. */
  private strikeWinner(host: NodeHost): void {
    const sim = this.sim;
    const fault = this.winnerFault.take(sim.now);
    if (fault === null || sim.phase !== 'safety') return;
    if (fault.kind === 'isolate-leader') {
      mark('sim.winner-isolated');
      sim.faults.isolate(host, fault);
      return;
    }
    if (fault.kind === 'pause-leader') {
      // Frozen inside its winning step: effects behind the step's fsync (its first AppendEntries) wait for the resume.
      mark('sim.winner-paused');
      sim.faults.pauseLeader(host, fault.durationMs);
      return;
    }
    if (!sim.nodes.mayCrashAnother()) return;
    // An aimed crash at the winning step itself (checked right after this observation), with the usual fallback.
    const aim: CrashAim = { after: 'write', restartAfterMs: fault.restartAfterMs };
    if (fault.cut !== undefined) aim.cut = fault.cut;
    host.aim = aim;
    sim.counts.leaderCrashes++;
    mark('sim.winner-crashed');
    sim.queue.push(sim.now + AIMED_CRASH_WAIT_MS, { kind: 'crash', node: host.id, incarnation: host.incarnation, aim });
  }

  /**
   * Strikes a transition fault whose moment is due (inside some node's step, after every step while
   * one waits: so its trace detail is built by a function of its own, trace-details.ts):
   * an isolation at once, as for a winner; a crash or pause as a plan event
   * of this ms, after the step.
   */
  strikeTransition(): void {
    const sim = this.sim;
    const now = sim.now;
    const strike = this.transitions.due(now, sim.hosts);
    if (strike === null || sim.phase !== 'safety') return;
    const { fault, node } = strike;
    sim.counts.transitionFaults++;
    mark(`sim.transition-${fault.moment}`);
    sim.trace.record(now, 'log', node, -1, 'transition', transitionDetail(fault, node, strike.leader));
    if (fault.action === 'isolate') {
      const partners = fault.withPartners === true ? partnersOf(node, sim.liveIds, fault.pick) : [];
      sim.faults.isolate(sim.host(node), { at: now, kind: 'isolate-leader', durationMs: fault.durationMs }, partners);
      return;
    }
    if (fault.action === 'pause') {
      sim.queue.push(now, { kind: 'fault', fault: { at: now, kind: 'pause', node, durationMs: fault.durationMs } });
      return;
    }
    if (!sim.nodes.mayCrashAnother()) return;
    sim.queue.push(now, { kind: 'fault', fault: { at: now, kind: 'crash', node, duringFsync: false } });
    sim.faults.restartLater(node, fault.durationMs);
  }

  /**
   * `candidate` just stood for election (inside that step): a waiting storm
   * starts, as a duplicate burst (at the seed's own drop rate) and a reorder
   * storm at once, each ended by its own token like a planned one.
   */
  startElectionStorm(candidate: NodeId): void {
    const sim = this.sim;
    const storm = this.electionStorms.take(sim.now);
    if (storm === null || sim.phase !== 'safety') return;
    mark('sim.election-storm');
    sim.counts.electionStorms++;
    sim.trace.record(sim.now, 'log', candidate, -1, 'election-storm', () => `${describeFault(storm)}: n${candidate} stands`);
    sim.faults.startBurst({ drop: sim.plan.config.faults.dropRate, duplicate: storm.duplicate }, storm.durationMs);
    sim.faults.startReorder({ rate: storm.rate, maxMs: storm.maxMs }, storm.durationMs);
    sim.routing.voteReplays.open(sim.now + storm.durationMs);
    sim.topologyChanged();
  }

  /** A node restarted or a partition healed: a rejoin fault may be due. */
  nodeRejoined(): void {
    if (this.rejoins.armed) this.strikeRejoin();
  }

  /**
   * If a rejoin fault waits and some running node lacks entries the leader
   * has committed, the leader is struck (a leader fault of the plan's kind,
   * `delayMs` from now).
   */
  private strikeRejoin(): void {
    const sim = this.sim;
    const leader = sim.currentLeader();
    if (leader === null || sim.phase !== 'safety') return;
    let stale: NodeHost | null = null;
    for (const host of sim.hosts.values()) {
      if (host !== leader && host.node !== null && !host.paused && host.view().lastIndex < leader.commitIndex) stale = host;
    }
    if (stale === null) return;
    const fault = this.rejoins.take(sim.now);
    // A strike that would land in the liveness phase is dropped: it would undo that phase's restarts.
    if (fault === null || sim.now + fault.delayMs >= sim.plan.config.safetyMs) return;
    mark('sim.rejoin-fault');
    const lagging = stale.id;
    sim.trace.record(sim.now, 'log', lagging, -1, 'rejoin', () => `${describeFault(fault)}: n${lagging} lacks entries n${leader.id} committed`);
    const at = sim.now + fault.delayMs;
    sim.queue.push(at, { kind: 'fault', fault: leaderFaultOf(fault, at) });
  }

  /** `host` just answered a vote request (inside that step): freeze it if a pause waits for the next voter. */
  pauseVoter(host: NodeHost): void {
    const sim = this.sim;
    const durationMs = this.voterPause.take(sim.now);
    if (durationMs === null || sim.phase !== 'safety' || host.paused) return;
    mark('sim.voter-paused');
    sim.nodes.pause(host, durationMs);
  }

  /** The liveness phase: nothing waits any more. */
  clear(): void {
    this.winnerFault.clear();
    this.establishedFault.clear();
    this.renewalFault.clear();
    this.voterPause.clear();
    this.transitions.clear();
    this.electionStorms.clear();
    this.sim.routing.voteReplays.close();
    this.rejoins.clear();
  }
}

/** Whether a leader's view shows an entry of its own term committed. */
export function termCommitted(view: NodeView): boolean {
  return view.commitIndex > 0 && view.termAt(view.commitIndex) === view.term;
}
