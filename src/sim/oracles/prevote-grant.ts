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

import type { MessagePromises, NodeId, NodeInput, NodeView } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

interface LastLeader {
  readonly term: number;
  /** Ticks the node got since that leader's last message reached it. */
  ticks: number;
}

export class PreVoteGrantOracle {
  private readonly lastLeader = new Map<NodeId, LastLeader>();

  constructor(
    private readonly promisesOf: (message: unknown) => MessagePromises | null,
    private readonly minTicks: number,
  ) {}

  started(node: NodeId): void {
    this.lastLeader.delete(node);
  }

  /** After a step of `node` that handled `input`, with its view after the step. */
  afterStep(node: NodeId, input: NodeInput<unknown>, view: NodeView): void {
    if (input.kind === 'tick') {
      const last = this.lastLeader.get(node);
      if (last !== undefined) last.ticks += 1 + (input.missed ?? 0);
      return;
    }
    if (input.kind !== 'message') return;
    const promise = this.promisesOf(input.message);
    if (promise?.fromLeader === true && promise.term === view.term) this.lastLeader.set(node, { term: view.term, ticks: 0 });
  }

  /** `from` sends `message` (after the step that made it). */
  sent(from: NodeId, message: unknown): void {
    const last = this.lastLeader.get(from);
    if (last === undefined || last.ticks >= this.minTicks) return;
    const promise = this.promisesOf(message);
    if (promise?.preVoteGranted !== true || promise.term !== last.term) return;
    throw new InvariantViolation(
      'PreVoteRespectsLeader',
      from,
      `n${from} granted a pre-vote for term ${promise.preVoteTerm} only ${last.ticks} ticks after it last heard from the leader of its term ${last.term}: a voter grants a pre-vote only after ${this.minTicks} ticks without a valid leader`,
    );
  }
}
