/**
 * The CheckQuorum oracle (dissertation section 6.2), for systems that
 * implement CheckQuorum and run with it on: a leader that cannot exchange
 * messages with a majority of the cluster (itself included: the others are
 * down, paused, or cut off from it in either direction) must stop leading.
 * A correct leader notices within two election timeouts (the check round in
 * which it was cut off may still have heard everyone; the next one acts); the
 * oracle allows three maximum election timeouts (1.5x that, room for clock
 * drift and the tick grid) and reports a leader that leads on past it as an
 * availability failure: its clients wait on a leader that can commit nothing.
 *
 * Time passes for a node only when it steps on a tick. A leader blocked on a
 * slow disk behind a deep inbox sees its ticks late, and a late tick stands
 * for many (`missed`) that a correct design may count as one check round.
 * So the bound is also counted in the tick inputs the leader stepped on:
 * two check rounds of at most a maximum election timeout each, plus the
 * tick that acts and one queued before a late acknowledgement. Without a
 * backlog the wall-clock bound is the later one and decides alone.
 *
 * Judged only from the simulator's own knowledge (who is up, which links are
 * cut, the roles in the views); it draws nothing and schedules nothing.
 */

import type { NodeId, NodeTuning } from '../../harness/api.js';
import { AvailabilityViolation, type ClusterProbe } from './availability.js';
import { majorityOf } from './calm-majority.js';

export const CHECK_QUORUM_TIMEOUTS = 3;

export function checkQuorumBoundMs(tuning: NodeTuning, tickMs: number): number {
  return CHECK_QUORUM_TIMEOUTS * tuning.electionTimeoutMaxTicks * tickMs;
}

/** Tick inputs a cut-off leader must have stepped on before it is judged (see the header). */
export function checkQuorumBoundTicks(tuning: NodeTuning): number {
  return 2 * tuning.electionTimeoutMaxTicks + 2;
}

interface CutOff {
  /** When the leader was cut off, or last heard a peer since. */
  since: number;
  /** Its tick inputs stepped on by then. */
  ticks: number;
}

export class CheckQuorumOracle {
  /** Leaders cut off from a majority, and since when. */
  private readonly cutOffSince = new Map<NodeId, CutOff>();
  /**
   * The earliest `since` in cutOffSince, or NaN when it changed since `check` last read it: `check` runs before
   * every event, and walking the Map's entries each time allocated a pair per leader per event while one was cut off.
   */
  private earliestSince = Number.NaN;

  constructor(
    private readonly probe: ClusterProbe,
    private readonly boundMs: number,
    /** Tick inputs a node has stepped on so far (src/sim/node-host.ts `ticksStepped`). */
    private readonly ticksStepped: (node: NodeId) => number,
    private readonly boundTicks: number,
  ) {}

  /** Roles, nodes or links changed: which leaders are cut off from a majority now? */
  update(now: number): void {
    const probe = this.probe;
    // A leader removed from the cluster for good leaves probe.nodes: forget it too, or its entry
    // outlives it and fails the run once the bound passes (seed 8442: a leader removed while cut off).
    this.earliestSince = Number.NaN;
    for (const node of this.cutOffSince.keys()) if (!probe.nodes.includes(node)) this.cutOffSince.delete(node);
    for (const node of probe.nodes) {
      if (!probe.isRunning(node) || probe.role(node) !== 'leader') {
        this.cutOffSince.delete(node);
        continue;
      }
      // A majority of the configuration the leader uses (membership changes), not of every node of the run.
      const voters = probe.configuration(node);
      const cutOff = this.reachable(node, voters) < majorityOf(voters.length);
      if (!cutOff) this.cutOffSince.delete(node);
      else if (!this.cutOffSince.has(node)) this.cutOffSince.set(node, { since: now, ticks: this.ticksStepped(node) });
    }
  }

  /**
   * A peer message reached `leader` at `now`. One sent before the cut and
   * held back (a reorder or election storm) is a sign of life the leader may
   * rightly count, so its bound starts again from the delivery (seed 879:
   * a follower's reply sent before it crashed arrived 354ms later, and the
   * leader's next check round came past the bound counted from the cut).
   */
  heard(leader: NodeId, now: number): void {
    const cutOff = this.cutOffSince.get(leader);
    if (cutOff !== undefined) {
      cutOff.since = now;
      cutOff.ticks = this.ticksStepped(leader);
      this.earliestSince = Number.NaN;
    }
  }

  /** Called before each event at `now`: throws when a cut-off leader has led on past the bound. */
  check(now: number): void {
    // Runs before every event and almost always finds no cut-off leader: skip the Map's iterator then.
    if (this.cutOffSince.size === 0) return;
    if (Number.isNaN(this.earliestSince)) this.earliestSince = earliest(this.cutOffSince);
    // No leader's bound has passed: the same answer as the walk below, without it.
    if (now - this.earliestSince <= this.boundMs) return;
    for (const [node, { since, ticks }] of this.cutOffSince) {
      if (now - since <= this.boundMs) continue;
      // Behind a backlog the leader has not yet seen the time pass: judge it once it has.
      const seen = this.ticksStepped(node) - ticks;
      if (seen < this.boundTicks) continue;
      throw new AvailabilityViolation(
        node,
        `n${node} has led term ${this.probe.term(node)} since t=${since} without being able to reach a majority of its configuration (it reaches ${this.reachable(node, this.probe.configuration(node))} of ${this.probe.configuration(node).length}, itself included if a member): with CheckQuorum on it must step down within ${this.boundMs}ms and ${this.boundTicks} ticks of its own (it stepped on ${seen})`,
      );
    }
  }

  /**
   * The voters `leader` can both send to and hear from, itself included when
   * it is one. A voter repairing its damaged storage counts: it answers the
   * leader's heartbeats, which is all CheckQuorum asks (seed 4231: a leader
   * kept by a follower under repair is right to stay).
   */
  private reachable(leader: NodeId, voters: readonly NodeId[]): number {
    const probe = this.probe;
    let count = 0;
    for (const other of voters) {
      if (other === leader || (probe.isRunning(other) && !probe.isCut(leader, other) && !probe.isCut(other, leader))) count++;
    }
    return count;
  }
}

function earliest(cutOffs: ReadonlyMap<NodeId, CutOff>): number {
  let min = Number.POSITIVE_INFINITY;
  for (const { since } of cutOffs.values()) if (since < min) min = since;
  return min;
}
