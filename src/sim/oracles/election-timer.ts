/**
 * ElectionTimerReset (raft-bugs.md #7, judged from outside): a follower resets
 * its election timer whenever it hears from the leader of its term, and stands
 * only when the timer, drawn from [electionTimeoutMinTicks, max), runs out. So
 * a node may raise its term on a timer tick only after at least
 * electionTimeoutMinTicks ticks in which no message from the leader of its
 * term reached it. One that stands sooner is not resetting its timer on the
 * leader's heartbeats, and deposes a healthy leader. With PreVote the timer
 * starts a pre-vote, which keeps the term: a campaign message
 * (`MessagePromises.campaign`: a RequestVote or PreVote) sent by the step of
 * such an early tick is the same early standing, judged the same way.
 *
 * The simulator counts the ticks each node's clock saw (a late tick with the
 * ones it stands for) since its start or since a message that promises to
 * come from the leader of the node's term
 * (`MessagePromises.fromLeader`): a system that does not describe its messages
 * is not judged. Ticks, not milliseconds, so a node's drifting clock changes
 * nothing.
 */

import type { MessagePromises, NodeId, NodeInput } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

export interface LastLeader {
  readonly term: number;
  /** Ticks the node got since that leader's last message reached it. */
  readonly ticks: number;
}

export class ElectionTimerOracle {
  // Both by node id (small integers): read and written on every step, where an array slot is cheaper than a Map or Set.
  /** Ticks each running node got since it last heard from the leader of its term (or started). */
  private readonly ticksSinceLeader: number[] = [];
  /** Whether the node's last step was a tick (its effects, sends included, run after afterStep). */
  private readonly lastStepTicked: boolean[] = [];
  /** The term of the leader the node last heard from in this incarnation, or undefined if none yet. */
  private readonly leaderTermHeard: (number | undefined)[] = [];

  constructor(
    private readonly promisesOf: (message: unknown) => MessagePromises | null,
    private readonly minTicks: number,
  ) {}

  started(node: NodeId): void {
    this.ticksSinceLeader[node] = 0;
    this.lastStepTicked[node] = false;
    this.leaderTermHeard[node] = undefined;
  }

  /** After a step of `node` that handled `input`, with its term before and after. */
  afterStep(node: NodeId, input: NodeInput<unknown>, termBefore: number, termAfter: number): void {
    this.lastStepTicked[node] = input.kind === 'tick';
    if (input.kind === 'message') {
      const promise = this.promisesOf(input.message);
      if (promise?.fromLeader === true && promise.term === termAfter) {
        this.ticksSinceLeader[node] = 0;
        this.leaderTermHeard[node] = termAfter;
      }
      return;
    }
    if (input.kind !== 'tick') return;
    // A late tick stands for the ticks the node missed while blocked or paused: its clock saw them pass,
    // so a node whose timer counts them (as api.ts lets a node in any language do) may stand on it.
    const ticks = (this.ticksSinceLeader[node] ?? 0) + 1 + (input.missed ?? 0);
    this.ticksSinceLeader[node] = ticks;
    if (termAfter > termBefore && ticks < this.minTicks) {
      throw new InvariantViolation(
        'ElectionTimerReset',
        node,
        `n${node} stood for term ${termAfter} on a timer tick only ${ticks} ticks after it last heard from the leader of term ${termBefore}: the election timeout is at least ${this.minTicks} ticks from the leader's last message`,
      );
    }
  }

  /** Ticks `node` got since it last heard from the leader of its term (or started). */
  ticksSinceLeaderOf(node: NodeId): number {
    return this.ticksSinceLeader[node] ?? 0;
  }

  /** The leader `node` last heard from in this incarnation (its term) and the ticks since, or null if it heard none. */
  lastLeaderOf(node: NodeId): LastLeader | null {
    const term = this.leaderTermHeard[node];
    return term === undefined ? null : { term, ticks: this.ticksSinceLeader[node] ?? 0 };
  }

  /** `node` sends `message` while executing its last step's effects. */
  sent(node: NodeId, message: unknown): void {
    if (this.lastStepTicked[node] !== true) return;
    const ticks = this.ticksSinceLeader[node] ?? 0;
    if (ticks >= this.minTicks || this.promisesOf(message)?.campaign !== true) return;
    throw new InvariantViolation(
      'ElectionTimerReset',
      node,
      `n${node} started a campaign on a timer tick only ${ticks} ticks after it last heard from the leader of its term: the election timeout is at least ${this.minTicks} ticks from the leader's last message`,
    );
  }
}
