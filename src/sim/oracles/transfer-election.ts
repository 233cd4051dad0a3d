/**
 * TransferStandsOnHandover (dissertation section 3.10), for systems whose
 * RequestVote promises say when a candidacy is a leadership transfer
 * (`MessagePromises.leadershipTransfer`): such a candidacy, which leader
 * stickiness lets through (section 4.2.3) and which voids the old leader's
 * lease (src/raft/lease.ts), stands only on the handover of the leader of the
 * term it leaves. A node that obeys a TimeoutNow of an older term (delayed,
 * or duplicated past a term change: tikv/raft-rs PR #369, camunda PR #58339)
 * deposes a leader that never asked it to, whose lease still holds.
 *
 * The promises do not name TimeoutNow, so the rule is read off the step that
 * starts the candidacy (its term rose) and sends the transfer's RequestVote:
 * if that step handled a message, the candidacy's term must be that message's
 * term + 1 (the handover of term T starts the election of T + 1, whether the
 * target was in T already or adopted it from the message). A candidacy a
 * system starts on a later tick, and a RequestVote sent again in a later step
 * of the same term, are not judged: that step's input says nothing about the
 * handover. Allocation-free: one number per node.
 */

import type { MessagePromises, NodeId, NodeInput } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

/** No message handled by the node's last step (a tick, a client request, an admin input, or a message without promises). */
const NO_MESSAGE = -1;

export class TransferElectionOracle {
  /** Per node id: the term the message its last step handled promised, if that step raised its term; else NO_MESSAGE. */
  private readonly handledTerm: number[] = [];

  constructor(private readonly promisesOf: (message: unknown) => MessagePromises | null) {}

  /** After a step of `node` that handled `input` and took its term from `termBefore` to `termAfter` (before its effects run). */
  afterStep(node: NodeId, input: NodeInput<unknown>, termBefore: number, termAfter: number): void {
    this.handledTerm[node] = input.kind === 'message' && termAfter > termBefore ? (this.promisesOf(input.message)?.term ?? NO_MESSAGE) : NO_MESSAGE;
  }

  /** `from` sent a message (an effect of its last step, after afterStep). */
  sent(from: NodeId, message: unknown): void {
    const promise = this.promisesOf(message);
    if (promise === null || promise.leadershipTransfer !== true) return;
    const handled = this.handledTerm[from] ?? NO_MESSAGE;
    if (handled === NO_MESSAGE || promise.term === handled + 1) return;
    throw new InvariantViolation(
      'TransferStandsOnHandover',
      from,
      `n${from} stood for term ${promise.term} as a leadership transfer on a message of term ${handled}: a transfer election follows the handover of the leader of the term it leaves (term ${promise.term - 1}), never a stale one`,
    );
  }
}
