/**
 * Which nodes the availability oracles may count on to vote.
 *
 * A node that restarted on a disk a storage fault struck may have lost what
 * it voted (CTRL, FAST 2018): a careful implementation then withholds its
 * vote until a leader repairs it, and one that lost every copy of its term
 * may never vote again (ours recovers "term-unknown"). Catching up under a
 * leader ends the first, never the second, and the simulator cannot tell the
 * two apart from outside. So such a node counts toward a calm majority only
 * once it has shown it votes: a message of its own that grants a vote or asks
 * for one (MessagePromises.voteGranted, .campaign). A system that does not
 * describe its messages cannot show that, and its damaged nodes stay out of
 * calm majorities for the rest of the run: fewer windows judged, never a
 * false alarm (seed 6027: a node that lost both hard-state copies left a
 * bare majority that could elect no one, and was counted calm).
 */

import type { MessagePromises, NodeId } from '../../harness/api.js';

export class ProvenVoters {
  private readonly unproven = new Set<NodeId>();

  constructor(private readonly promisesOf: ((message: unknown) => MessagePromises | null) | null) {}

  /** `node` restarted on struck storage: it must show again that it votes. */
  damagedRestart(node: NodeId): void {
    this.unproven.add(node);
  }

  /** Whether a calm majority may count `node` as a voter. */
  counts(node: NodeId): boolean {
    return this.unproven.size === 0 || !this.unproven.has(node);
  }

  /** A message `from` sent; true when it proved `from` votes again (the calm set may grow). */
  sent(from: NodeId, message: unknown): boolean {
    if (this.unproven.size === 0 || !this.unproven.has(from)) return false;
    const promise = this.promisesOf?.(message) ?? null;
    if (promise === null || (promise.voteGranted !== true && promise.campaign !== true)) return false;
    this.unproven.delete(from);
    return true;
  }
}
