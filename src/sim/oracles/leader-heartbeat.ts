/**
 * LeaderHeartbeat (section 5.2: "leaders send periodic heartbeats ... to all
 * followers in order to maintain their authority"): while a node leads a
 * term, every other voter of its configuration hears from it often enough
 * that no follower's election timer can run out. A leader that goes quiet
 * towards one follower (a full pipelining window, a snapshot it waits to
 * resend) lets that follower stand and depose it; the election timer oracle
 * finds that candidacy legal, and the availability oracle sees it only
 * where elections pile up in a calm window.
 *
 * Counted in the leader's own tick inputs (the clock its heartbeat timer runs
 * on; a tick that reports missed ones is one input, as our heartbeat counts
 * it), against the longest silence that keeps every follower safe: fewer
 * than `electionTimeoutMinTicks - 1` of a follower's tick intervals, with the
 * clocks within `maxDrift` of true time (the same arithmetic as the lease,
 * src/raft/lease.ts). A configuration whose heartbeat interval is longer than
 * that is judged by the interval instead: a node is not failed for the timers
 * it was given. Messages count by send, whatever becomes of them: a heartbeat
 * the network drops was still sent.
 */

import type { NodeId, NodeInput, NodeTuning, NodeView } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

/** The longest silence, in the leader's ticks, towards any follower. */
export function heartbeatBoundTicks(tuning: NodeTuning, maxDrift: number): number {
  const safe = Math.floor(((tuning.electionTimeoutMinTicks - 1) * (1 - maxDrift)) / (1 + maxDrift));
  return Math.max(safe, tuning.heartbeatTicks);
}

interface Leadership {
  readonly term: number;
  /** The configuration judged at the last tick: a voter that left it is forgotten, one that joins starts afresh. */
  voters: readonly NodeId[];
  /** Per voter (by node id), the leader's tick inputs since it last sent that voter anything; undefined: none counted. */
  readonly silentTicks: (number | undefined)[];
}

export class LeaderHeartbeatOracle {
  /** By node id (small integers), like silentTicks: read on every step and every send, where an array slot is cheaper than a Map. */
  private readonly leaders: (Leadership | undefined)[] = [];

  constructor(private readonly boundTicks: number) {}

  /** After a step of `node` (before its effects run), `voters` being its configuration. */
  afterStep(node: NodeId, input: NodeInput<unknown>, view: NodeView, voters: readonly NodeId[]): void {
    if (view.role !== 'leader') {
      this.leaders[node] = undefined;
      return;
    }
    let leadership = this.leaders[node];
    if (leadership === undefined || leadership.term !== view.term) {
      leadership = { term: view.term, voters, silentTicks: [] };
      this.leaders[node] = leadership;
    }
    if (input.kind !== 'tick') return;
    const silent = leadership.silentTicks;
    if (voters !== leadership.voters) {
      for (let peer = 0; peer < silent.length; peer++) if (silent[peer] !== undefined && !voters.includes(peer)) silent[peer] = undefined;
      leadership.voters = voters;
    }
    for (const peer of voters) {
      if (peer === node) continue;
      const ticks = (silent[peer] ?? 0) + 1;
      if (ticks > this.boundTicks) {
        throw new InvariantViolation(
          'LeaderHeartbeat',
          node,
          `n${node} (leader of term ${view.term}) sent nothing to n${peer}, a voter of its configuration, for ${ticks} of its ticks: a follower's election timer may run out after ${this.boundTicks}`,
        );
      }
      silent[peer] = ticks;
    }
  }

  /** `from` sent `to` a message (the effects of its last step, after afterStep). */
  sent(from: NodeId, to: NodeId): void {
    const leadership = this.leaders[from];
    if (leadership !== undefined) leadership.silentTicks[to] = 0;
  }
}
