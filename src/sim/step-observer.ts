/**
 * After every step of a node, before its effects run: read its view, trace
 * role, commit and snapshot changes, hand the step to the judges, and let the
 * faults that wait for a moment of the protocol (a winner, a candidacy, a vote
 * answered, a commit) see it. Traced first, so that a failing run's trace ends
 * with the state that broke the invariant.
 */

import type { NodeId, NodeInput, NodeView } from '../harness/api.js';
import { mark } from '../util/marks.js';
import { isVoteRequest } from './crash-points.js';
import { JudgedInput } from './judged-input.js';
import { isReplayedReply, replayLeaderReplies } from './leader-reply-replays.js';
import type { NodeHost } from './node-host.js';
import { checkCommitQuorum } from './oracles/commit-quorum.js';
import { checkCommitSurvivesElection } from './oracles/commit-safety.js';
import { checkPreVoteKeepsTerm } from './oracles/prevote-term.js';
import { checkRemovedLeaderStepsDown } from './oracles/removed-leader.js';
import type { Simulation } from './simulation.js';
import { commitDetail, configurationDetail, roleDetail, snapshotDetail } from './trace-details.js';
import { termCommitted } from './waiting-strikes.js';

export class StepObserver {
  private readonly viewScratch = new Map<NodeId, NodeView>();
  /** Each step's input in one shape for the judges (judged-input.ts). */
  private readonly judgedInput = new JudgedInput();
  /** Inside `observe`: a step observed meanwhile must not refill the input the outer observation still reads. */
  private observing = false;

  constructor(private readonly sim: Simulation) {}

  /** A node just started (or restarted): the judges learn its first view, the simulator its role and indexes. */
  started(host: NodeHost): void {
    const sim = this.sim;
    const judges = sim.judges;
    const damage = sim.damage;
    judges.invariants.nodeStarted(host.id);
    judges.electionTimer?.started(host.id);
    judges.configurations.started(host.id);
    const view = host.view();
    this.noteConfiguration(host, view);
    const struck = damage.struckSinceStart.delete(host.id);
    if (struck) damage.recovering.set(host.id, sim.highestCommit());
    if (struck) judges.provenVoters.damagedRestart(host.id);
    if (struck) judges.readConfirmation?.restartedDamaged(host.id);
    judges.voteGrant?.started(host.id, view);
    judges.promises.started(host.id, view, struck);
    judges.invariants.afterStep(host.id, view);
    judges.configurations.afterStep(host.id, view);
    host.role = view.role;
    host.term = view.term;
    host.commitIndex = view.commitIndex;
    host.snapshotIndex = view.snapshotIndex;
  }

  /** Reads the node's view after a step, traces what changed, then runs the judges. */
  observe(host: NodeHost, tag: string, stepInput: NodeInput<unknown>): void {
    // No step runs inside another's observation today (what one sets off runs after it, as plan events of the
    // same ms), but one that did gets a copy of its own. A judge's throw leaves `observing` set: copies from then on.
    const nested = this.observing;
    const input = (nested ? new JudgedInput() : this.judgedInput).of(stepInput);
    this.observing = true;
    const sim = this.sim;
    const judges = sim.judges;
    const strikes = sim.strikes;
    const now = sim.now;
    const view = host.view();
    const roleOrTermChanged = view.role !== host.role || view.term !== host.term;
    if (input.kind === 'tick' && input.missed !== undefined && input.missed > 0) judges.availability.lateTick(now, input.missed);
    judges.electionTimer?.afterStep(host.id, input, host.term, view.term);
    judges.preVoteMajority?.afterStep(host.id, input, host.term, view);
    judges.checkQuorumHeard?.afterStep(host.id, input, host.role, host.term, view);
    judges.voteGrant?.afterStep(host.id, input, host.role, host.term, view, host.configuration);
    // Grants arrive in messages, and only a role or term change can make a leader: ticks that do neither are skipped.
    if (input.kind === 'message' || roleOrTermChanged) judges.leaderVoteMajority?.afterStep(host.id, input, host.role, host.term, host.configuration, view);
    judges.transferElection?.afterStep(host.id, input, host.term, view.term);
    if (roleOrTermChanged) {
      if (judges.judgePreVote) checkPreVoteKeepsTerm(host.id, input, host.term, view.term, view.configuration?.());
      if (view.role !== 'follower') judges.promises.stood(host.id, view.term);
      if (view.role === 'leader') {
        sim.counts.elections++;
        judges.availability.electionWon(now, host.id);
        const partitionKind = sim.faults.partitionKind;
        if (host.role !== 'leader' && (partitionKind === 'one-way' || partitionKind === 'bridge')) mark('sim.election-during-asymmetric-partition');
      }
      // Term changes are traced even without a role change, so a report can show every node's term.
      const previousRole = host.role;
      sim.trace.record(now, 'role', host.id, -1, view.role, roleDetail(previousRole, view.role, view.term));
      host.role = view.role;
      host.term = view.term;
      if (view.role === 'leader') strikes.electionWon(host, view.term);
      if (view.role === 'leader') for (const reader of sim.winnerReaders) reader.electionWon(now, host.id);
      if (view.role === 'candidate' && strikes.electionStorms.armed) strikes.startElectionStorm(host.id);
      if (view.role === 'candidate') sim.routing.replayVoteReplies(host.id);
      if (view.role === 'leader' && previousRole !== 'leader') replayLeaderReplies(sim, host.id);
    }
    // Replication progress (a commit, or a follower's log growing) restarts the availability oracle's answer clock.
    const followerLogGrew = view.lastIndex > host.lastIndex && view.role !== 'leader';
    if (followerLogGrew) host.logGrewAt = now;
    if (view.commitIndex > host.commitIndex || followerLogGrew) judges.availability.progressed(now, host.id);
    host.lastIndex = view.lastIndex;
    const leaderCommitted = view.role === 'leader' && view.commitIndex > host.commitIndex;
    if (view.commitIndex !== host.commitIndex) {
      sim.trace.record(now, 'commit', host.id, -1, String(view.commitIndex), commitDetail(host.commitIndex, view.commitIndex));
      if (view.commitIndex > host.commitIndex) host.commitRaisedAt = now;
      host.commitIndex = view.commitIndex;
      sim.noteCommit(view.commitIndex);
    }
    if (view.snapshotIndex !== host.snapshotIndex) this.snapshotChanged(host, tag, view.snapshotIndex);
    if (strikes.voterPause.armed && input.kind === 'message' && isVoteRequest(tag)) strikes.pauseVoter(host);
    const configurationBefore = host.configuration;
    const configurationChanged = this.noteConfiguration(host, view);
    if (configurationChanged && view.role === 'leader' && !roleOrTermChanged && view.configuration !== undefined) judges.configChanges.changed(host.id, view);
    if (configurationChanged && view.role === 'leader') strikes.transitions.leaderReconfigured(host.id, view.term, view.lastIndex, now);
    else if (view.role === 'leader' && input.kind === 'admin' && input.request.kind === 'add-node') strikes.transitions.leaderAdding(host.id, view.term, now);
    if (strikes.transitions.armed) strikes.strikeTransition();
    // Only a role, term or configuration change can change which leader a majority follows.
    if (configurationChanged) sim.topologyChanged();
    else if (roleOrTermChanged) judges.rolesChanged(now);
    const transfers = sim.faults.transfers;
    if (judges.transferProposals !== null) judges.transferProposals.afterStep(host.id, view, input, transfers);
    if (judges.transferTimeout !== null) judges.transferTimeout.afterStep(host.id, view, input, transfers);
    judges.promises.afterStep(host.id, view, input);
    judges.invariants.afterStep(host.id, view);
    judges.configurations.afterStep(host.id, view);
    if (view.role === 'leader') checkRemovedLeaderStepsDown(host.id, view, judges.configurations.committedConfiguration(host.id, view));
    judges.leaderHeartbeat?.afterStep(host.id, input, view, host.configuration);
    judges.followerCatchUp?.afterStep(now, host.id, view, host.configuration);
    // Most runs have no node recovering from a struck disk: skip the lookup on every step then.
    const recovering = sim.damage.recovering;
    const mustReach = recovering.size === 0 ? undefined : recovering.get(host.id);
    if (mustReach !== undefined && (view.role === 'leader' || (view.role === 'follower' && view.commitIndex >= mustReach && view.termAt(view.commitIndex) === view.term && this.fromLeaderOf(input, view.term)))) {
      // Caught up under a leader, or leading itself (it won a majority's votes, so its log holds every
      // committed entry even before its commit index shows it): it counts again, with a fresh window.
      // Under a leader: only a leader repairs a damaged node, so a commit index already high enough
      // (nothing was committed when the disk was struck) does not end the recovery (seed 2766). And only
      // once that leader's commit index holds an entry of its term: before that the node cannot tell
      // the index it was told is final (a leader that falls before its first commit, seed 516).
      recovering.delete(host.id);
      sim.topologyChanged();
    }
    // After the checks of causes (a matchIndex above the truth, a lost acknowledgement): this one sees their effect.
    if (leaderCommitted) judges.promises.leaderCommitted(host.id, view.term, view.commitIndex);
    if (leaderCommitted) judges.promises.leaderCounted(host.id, view, host.configuration);
    if (leaderCommitted && !roleOrTermChanged) checkCommitQuorum(host.id, view, host.configuration, configurationBefore);
    if (leaderCommitted && strikes.establishedFault.armed && termCommitted(view)) strikes.strikeEstablished(host);
    if (leaderCommitted && sim.faults.outageWaits && termCommitted(view)) sim.faults.strikeOutage(host);
    if (sim.winnerReaders.length > 0 && input.kind === 'message' && view.role === 'leader' && !/vote/i.test(tag) && !isReplayedReply(tag)) {
      for (const reader of sim.winnerReaders) reader.leaderAnswered(now, host.id, termCommitted(view));
    }
    if (strikes.renewalFault.armed && input.kind === 'message' && view.role === 'leader' && host === sim.currentLeader() && !isReplayedReply(tag)) strikes.strikeAtRenewal(host);
    if (leaderCommitted) checkCommitSurvivesElection(host.id, view.commitIndex, judges.promises.withoutAbstainers(this.runningViews(host.id, view)), sim.cluster);
    this.observing = nested;
  }

  /** A snapshot taken, or installed from a peer (a step whose input names a snapshot). */
  private snapshotChanged(host: NodeHost, tag: string, snapshotIndex: number): void {
    const sim = this.sim;
    const installed = /snapshot/i.test(tag) && snapshotIndex > host.snapshotIndex;
    if (installed) {
      sim.counts.snapshotsInstalled++;
      mark('sim.snapshot-installed');
      sim.nodes.installedSinceStart.add(host.id);
    } else {
      sim.counts.snapshotsTaken++;
    }
    sim.trace.record(sim.now, 'snapshot', host.id, -1, installed ? 'installed' : 'taken', snapshotDetail(installed, snapshotIndex, host.snapshotIndex));
    host.snapshotIndex = snapshotIndex;
  }

  /** Records the node's configuration (a plugged-in system without NodeView.configuration keeps the initial one); true if it changed. */
  private noteConfiguration(host: NodeHost, view: NodeView): boolean {
    const configuration = view.configuration?.() ?? this.sim.cluster;
    if (configuration === host.configuration) return false;
    const changed = differentIds(configuration, host.configuration);
    host.configuration = configuration;
    if (changed) this.sim.trace.record(this.sim.now, 'log', host.id, -1, 'configuration', configurationDetail(configuration));
    return changed;
  }

  /** The views of every node that is up (paused ones included: they keep their logs), `self` as just observed. */
  private runningViews(self: NodeId, selfView: NodeView): Map<NodeId, NodeView> {
    const views = this.viewScratch;
    views.clear();
    for (const [id, host] of this.sim.hosts) {
      if (id === self) views.set(id, selfView);
      else if (host.node !== null) views.set(id, host.view());
    }
    return views;
  }

  /** The step handled a message from the node that leads `term` (the simulator's own record of roles). */
  private fromLeaderOf(input: NodeInput<unknown>, term: number): boolean {
    if (input.kind !== 'message') return false;
    const sender = this.sim.hosts.get(input.from);
    return sender !== undefined && sender.role === 'leader' && sender.term === term;
  }
}

/** Whether two id lists differ (a plain loop: a callback capturing one list would cost a context per step). */
function differentIds(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  if (a.length !== b.length) return true;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return true;
  return false;
}
