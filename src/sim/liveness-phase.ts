/**
 * The liveness phase: at `safetyMs` everything heals (partitions, loss,
 * paused and crashed nodes) and within `livenessMs` some node must lead at
 * the highest term and every operation in progress must complete.
 *
 * The catch-up of members left behind is judged by progress, not by the
 * clock alone: how long a far-behind follower takes depends on the lag and
 * on the design (one entry per AppendEntries and two in flight over a slow
 * disk took more than 6 s for 169 entries, seed 66 with `--ops 200 --nodes
 * 5`), so when the phase runs out with a settled leader, nothing pending and
 * laggards of which some commit index rose within the last
 * `CATCH_UP_PROGRESS_MS`, it goes on by that much, up to `CATCH_UP_MAX_PHASES`
 * phases in all. Some, not every one: members may be brought forward one after
 * another (a leader catches up one new server at a time, and may give up on
 * one that cannot keep up and take it on again later: seed 66 of `--ops 200`
 * once round 14's client routing shifted it, n5's catch-up aborted at 270 of
 * 380 while n4's went on). A cluster where no member behind moves (a
 * heartbeat without its commit index, a follower the leader stopped serving,
 * a new server that refuses what it is sent) fails when the phase first runs
 * out, as before; one where some keep moving and one never does fails at the
 * cap.
 *
 * The same holds for a new leader elected over a long log of earlier terms:
 * it commits nothing, and so answers no client, until a majority holds an
 * entry of its own term (Figure 8), and bringing a follower over hundreds of
 * entries at one per AppendEntries can take most of the phase, leaving the
 * operations that waited on it pending when it runs out (seed 2386 with
 * `--ops 200`: a leader of term 12 over 304 entries of term 4 brought its
 * follower from index 76 at one entry per round trip for 4.5 s). So the phase
 * also goes on, within the same bound, while operations wait on a settled
 * leader that holds entries above its commit index and either raised that
 * index within the last `CATCH_UP_PROGRESS_MS` or has committed nothing of its
 * term while a follower's log grew within that time. A leader that stalls
 * fails when the phase first runs out, one that commits and never answers at
 * most ten phases after healing.
 */

import type { NodeId } from '../harness/api.js';
import { describeLaggards, lagsBehind, membersCaughtUp } from './convergence.js';
import type { NodeHost } from './node-host.js';
import { behind } from './oracles/vote-chance.js';
import type { Simulation } from './simulation.js';

/** A laggard whose commit index rose this recently is still being caught up (over four of the longest election timeouts). */
const CATCH_UP_PROGRESS_MS = 1000;
/** The phase goes on for laggards that progress at most until this many phases' time has passed since healing. */
const CATCH_UP_MAX_PHASES = 10;

export class LivenessPhase {
  constructor(private readonly sim: Simulation) {}

  enter(): void {
    const sim = this.sim;
    sim.phase = 'liveness';
    sim.livenessStart = sim.now;
    sim.trace.record(sim.now, 'phase', -1, -1, 'liveness', () => 'liveness phase: heal partitions, stop loss, resume paused and restart crashed nodes');
    sim.strikes.clear();
    sim.faults.endAll();
    for (const host of sim.hosts.values()) {
      host.disarmCrashes();
      if (host.paused) sim.nodes.resume(host);
      sim.nodes.restart(host);
    }
    for (const client of sim.clients) client.enterLiveness();
  }

  /**
   * Healthy: a leader at least as new as every running member's term, and no
   * client operation in progress. A member is a voter of the configuration
   * that leader has committed, when the configuration oracle knows it: a node
   * whose removal committed but whose operator never heard so (the answer
   * lost, the request given up) is never retired, and, holding a stale
   * configuration that still names it, campaigns at ever higher terms that
   * the members rightly ignore (leader stickiness, dissertation section
   * 4.2.3; seed 23990). Without a known configuration every running node
   * counts, as before. And every running member has caught up with that
   * leader's commit index (convergence.ts): a cluster at rest holds what it
   * committed everywhere.
   */
  healthy(): boolean {
    // Asked after every event of the phase: the cheap test first, the leader's configuration only once no operation waits.
    if (this.sim.clients.some((client) => client.pending)) return false;
    const leader = this.topLeader();
    const members = this.committedMembers(leader);
    return leader !== null && this.leaderSettled(members) && membersCaughtUp(this.sim.hosts.values(), members, leader);
  }

  /** Every member runs, and a leader stands at a term at least every member's. */
  private leaderSettled(members: readonly NodeId[] | null): boolean {
    let maxTerm = 0;
    let leaderTerm = -1;
    for (const host of this.sim.hosts.values()) {
      if (host.retired || (members !== null && !members.includes(host.id))) continue;
      if (host.node === null) return false;
      maxTerm = Math.max(maxTerm, host.term);
      if (host.role === 'leader') leaderTerm = Math.max(leaderTerm, host.term);
    }
    return leaderTerm >= maxTerm;
  }

  /** Unhealthy only because members are still catching up, some of them lately brought forward (see the header). */
  private stillCatchingUp(): boolean {
    const sim = this.sim;
    if (sim.now - sim.livenessStart >= CATCH_UP_MAX_PHASES * sim.plan.config.livenessMs) return false;
    const leader = this.topLeader();
    if (leader === null) return false;
    const members = this.committedMembers(leader);
    if (!this.leaderSettled(members)) return false;
    if (sim.clients.some((client) => client.pending)) return this.bringingLogForward(leader, members);
    const laggards = [...sim.hosts.values()].filter((host) => lagsBehind(host, members, leader));
    return laggards.length > 0 && laggards.some((host) => sim.now - host.commitRaisedAt <= CATCH_UP_PROGRESS_MS);
  }

  /**
   * `leader` is still bringing its log forward (see the header): it holds entries above its commit index,
   * and that index rose lately, or it has committed nothing of its own term and a member behind its log
   * grew lately.
   */
  private bringingLogForward(leader: NodeHost, members: readonly NodeId[] | null): boolean {
    const sim = this.sim;
    const view = leader.view();
    if (view.commitIndex >= view.lastIndex) return false;
    if (sim.now - leader.commitRaisedAt <= CATCH_UP_PROGRESS_MS) return true;
    if (view.termAt(view.commitIndex) === leader.term) return false;
    for (const host of sim.hosts.values()) {
      if (host === leader || host.retired || host.node === null || (members !== null && !members.includes(host.id))) continue;
      if (host.lastIndex < view.lastIndex && sim.now - host.logGrewAt <= CATCH_UP_PROGRESS_MS) return true;
    }
    return false;
  }

  /** The running leader of the highest term, or null. */
  private topLeader(): NodeHost | null {
    let leader: NodeHost | null = null;
    for (const host of this.sim.hosts.values()) {
      if (host.retired || host.node === null || host.role !== 'leader') continue;
      if (leader === null || host.term > leader.term) leader = host;
    }
    return leader;
  }

  /** The voters of the configuration committed by `leader` (the running leader of the highest term), or null if unknown. */
  private committedMembers(leader: NodeHost | null): readonly NodeId[] | null {
    return leader === null ? null : this.sim.judges.configurations.committedConfiguration(leader.id, leader.view());
  }

  /**
   * Servers being removed that still stand, shut down now (returns whether there were any). Once a leader
   * appends the configuration without a server, it stops sending to it; that server times out and stands,
   * at ever higher terms, and without PreVote (or a stickiness rule, both optional) every RequestVote deposes
   * the leader before it can commit the change (dissertation section 4.2.3, "disruptive servers"). The
   * operator, who asked for the removal, never hears it completed: the answer needs a leader that lasts.
   * Seed 25267 of `--nodes 5 --profile brutal` (PreVote and CheckQuorum off): n3, being removed, deposed
   * every leader of {n1,n2,n4,n5} for 6 s. An operator stops a server it is removing when it sees the server
   * keep the cluster from electing, as it would once the removal commits; the phase then goes on. Such a
   * server is one the operator is removing, that stands (a candidate, or at a term no member has passed),
   * whose log is behind the log of a running node whose configuration leaves it out (as the availability
   * oracle's stale stander, oracles/availability.ts). With PreVote a stale log wins no pre-vote, so a
   * design that has it is judged as before.
   */
  private retireRemovedStanders(): boolean {
    const sim = this.sim;
    if (sim.judges.judgePreVote) return false;
    const sets = sim.membership.reachableVoterSets();
    const allRemovalsDone = sets[sets.length - 1] ?? [];
    const removing = (sets[0] ?? []).filter((id) => !allRemovalsDone.includes(id));
    const running = [...sim.hosts.values()].filter((host) => !host.retired && host.node !== null);
    const standers = removing.filter((id) => {
      const host = sim.hosts.get(id);
      if (host === undefined || host.retired || host.node === null) return false;
      const others = running.filter((other) => other.id !== id);
      const stands = host.role === 'candidate' || others.every((other) => other.term <= host.term);
      const mine = host.lastLog();
      return stands && others.some((other) => !other.configuration.includes(id) && behind(mine, other.lastLog()));
    });
    for (const id of standers) sim.nodes.retire(id);
    return standers.length > 0;
  }

  /** The phase ran out: the run fails, with what kept the cluster from health. */
  timedOut(): void {
    const sim = this.sim;
    if (this.stillCatchingUp()) {
      sim.trace.record(sim.now, 'phase', -1, -1, 'liveness-extended', () => `liveness phase goes on ${CATCH_UP_PROGRESS_MS}ms: the leader is still bringing its log forward`);
      sim.queue.push(sim.now + CATCH_UP_PROGRESS_MS, { kind: 'end' });
      return;
    }
    if (this.retireRemovedStanders()) {
      const phaseMs = sim.plan.config.livenessMs;
      sim.trace.record(sim.now, 'phase', -1, -1, 'liveness-extended', () => `liveness phase goes on ${phaseMs}ms: the operator shut down removed servers that kept standing`);
      sim.queue.push(sim.now + phaseMs, { kind: 'end' });
      return;
    }
    const hosts = [...sim.hosts.values()];
    const pending = sim.clients.map((client) => client.describePending()).filter((text): text is string => text !== null);
    const leaders = hosts.filter((host) => host.role === 'leader').map((host) => `n${host.id} (term ${host.term})`);
    const terms = hosts.map((host) => `n${host.id}:${host.retired ? 'removed' : host.node === null ? 'down' : host.role}/t${host.term}`).join(' ');
    const leader = this.topLeader();
    const laggards = describeLaggards(sim.hosts.values(), this.committedMembers(leader), leader);
    const problem = [
      leaders.length === 0 ? 'no leader' : `leaders ${leaders.join(', ')}`,
      pending.length > 0 ? `${pending.length} operation(s) still pending: ${pending.join('; ')}` : 'no operation pending',
      ...(laggards === '' ? [] : [laggards]),
    ].join('; ');
    sim.fail('liveness', 'Liveness', `cluster not healthy ${sim.now - sim.livenessStart}ms after healing: ${problem} [${terms}]`, null);
  }
}
