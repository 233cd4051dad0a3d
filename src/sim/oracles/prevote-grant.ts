/**
 * PreVoteRespectsLeader (dissertation section 9.6), for systems that
 * implement PreVote, run with it on, and describe their messages: a voter
 * grants a pre-vote only if "the voters have not received heartbeats from a
 * valid leader for at least a baseline election timeout". A node that heard
 * from the leader of its term fewer than electionTimeoutMinTicks of its ticks
 * ago and still grants (`MessagePromises.preVoteGranted` in that term) helps
 * a node with a flaky link depose a healthy leader, the disruption PreVote
 * exists to prevent.
 *
 * The simulator counts each node's ticks (a late tick with the ones it stands
 * for, so never fewer than the node counts) since the last message that
 * promises to come from the leader of the node's term (`fromLeader`), within
 * the node's incarnation: a restarted node has heard no leader yet. A grant
 * sent in another term than that leader's is not judged.
 */

import type { MessagePromises, NodeId } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';
import type { LastLeader } from './election-timer.js';

export class PreVoteGrantOracle {
  constructor(
    private readonly promisesOf: (message: unknown) => MessagePromises | null,
    private readonly minTicks: number,
    /** The leader a node last heard from and the ticks since (ElectionTimerOracle counts them for both judges). */
    private readonly lastLeaderOf: (node: NodeId) => LastLeader | null,
  ) {}

  /** `from` sends `message` (after the step that made it). */
  sent(from: NodeId, message: unknown): void {
    const last = this.lastLeaderOf(from);
    if (last === null || last.ticks >= this.minTicks) return;
    const promise = this.promisesOf(message);
    if (promise?.preVoteGranted !== true || promise.term !== last.term) return;
    throw new InvariantViolation(
      'PreVoteRespectsLeader',
      from,
      `n${from} granted a pre-vote for term ${promise.preVoteTerm} only ${last.ticks} ticks after it last heard from the leader of its term ${last.term}: a voter grants a pre-vote only after ${this.minTicks} ticks without a valid leader`,
    );
  }
}
