/**
 * The liveness phase: at `safetyMs` everything heals (partitions, loss,
 * paused and crashed nodes) and within `livenessMs` some node must lead at
 * the highest term and every operation in progress must complete.
 */

import type { NodeId } from '../harness/api.js';
import { describeLaggards, membersCaughtUp } from './convergence.js';
import type { NodeHost } from './node-host.js';
import type { Simulation } from './simulation.js';

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
    let maxTerm = 0;
    let leaderTerm = -1;
    for (const host of this.sim.hosts.values()) {
      if (host.retired || (members !== null && !members.includes(host.id))) continue;
      if (host.node === null) return false;
      maxTerm = Math.max(maxTerm, host.term);
      if (host.role === 'leader') leaderTerm = Math.max(leaderTerm, host.term);
    }
    return leaderTerm >= maxTerm && leader !== null && membersCaughtUp(this.sim.hosts.values(), members, leader);
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

  /** The phase ran out: the run fails, with what kept the cluster from health. */
  timedOut(): void {
    const sim = this.sim;
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
    sim.fail('liveness', 'Liveness', `cluster not healthy ${sim.plan.config.livenessMs}ms after healing: ${problem} [${terms}]`, null);
  }
}
