/**
 * TransferAborted (dissertation section 3.10), for systems that say they
 * implement leadership transfer: "if the transfer does not complete after
 * about an election timeout, the prior leader aborts the transfer and
 * resumes accepting client requests". A leader that took an operator's
 * transfer must answer it (handed over, aborted, refused) or stop leading
 * that term within TRANSFER_TIMEOUTS of the longest election timeouts,
 * counted in the ticks it takes itself: its own clock, so clock drift, a
 * pause or ticks held behind an fsync never count against it. A leader that
 * never gives up a transfer to a target that never stands refuses every
 * client from then on (openraft #1747: writes failed with ForwardToLeader
 * for hours).
 *
 * Judged from the node's inputs, views and admin replies; it draws nothing
 * and schedules nothing. Reported as an availability failure.
 */

import type { NodeId, NodeInput, NodeView } from '../../harness/api.js';
import { AvailabilityViolation } from './availability.js';

/** How many of the longest election timeouts a leader may keep a transfer open (about one is the rule; room for the tick grid). */
export const TRANSFER_TIMEOUTS = 3;

interface OpenTransfer {
  readonly node: NodeId;
  readonly term: number;
  /** Ticks the leader has taken since it took the transfer. */
  ticks: number;
}

export class TransferTimeoutOracle {
  /** Transfer admin id -> the leader that took it, until answered or the leader stops leading that term. */
  private readonly open = new Map<number, OpenTransfer>();

  constructor(private readonly boundTicks: number) {}

  /** After each step of `node`: a transfer opens when a leader takes it, and each tick it takes as that term's leader counts. */
  afterStep(node: NodeId, view: NodeView, input: NodeInput<unknown>, unanswered: ReadonlyMap<number, NodeId>): void {
    if (input.kind === 'admin' && input.request.kind === 'transfer-leadership' && unanswered.has(input.id) && view.role === 'leader') {
      this.open.set(input.id, { node, term: view.term, ticks: 0 });
      return;
    }
    // Almost every step finds no transfer open.
    if (this.open.size === 0) return;
    for (const [id, transfer] of this.open) {
      if (transfer.node !== node) continue;
      if (view.role !== 'leader' || view.term !== transfer.term) {
        this.open.delete(id);
        continue;
      }
      if (input.kind !== 'tick') continue;
      transfer.ticks++;
      if (transfer.ticks <= this.boundTicks) continue;
      throw new AvailabilityViolation(
        node,
        `n${node} has led term ${transfer.term} for ${transfer.ticks} of its ticks since it took leadership transfer #${id}, unanswered: a transfer that does not complete within about an election timeout must be aborted (at most ${this.boundTicks} ticks)`,
      );
    }
  }

  transferAnswered(id: number): void {
    this.open.delete(id);
  }
}
