/**
 * The one place that decides whether a broken promise was legitimately
 * voided, so that the node is not blamed for it.
 *
 * Today one thing voids a promise: a leader of a newer term may cut entries
 * a follower acknowledged in an older term (Figure 2, AppendEntries step 3;
 * Figure 13 step 7), since they were never committed. A restart voids
 * nothing: what a node promised it must recover. Storage faults (issue 14)
 * will add a cause here: a loss the fault budget made unpreventable.
 */

import type { MessagePromises } from '../../harness/api.js';

/** A promise the simulator holds a node to (promises.ts). */
export type HeldPromise =
  /** Its term never goes below one it sent. */
  | { readonly kind: 'term'; readonly term: number }
  /** An entry it acknowledged, (index, term), in an acknowledgement of term `ackTerm`, stays in its log. */
  | { readonly kind: 'acked-entry'; readonly index: number; readonly term: number; readonly ackTerm: number }
  /** It keeps the state up to a snapshot it reported installed. */
  | { readonly kind: 'snapshot'; readonly index: number };

export type VoidingCause =
  /** The promise stopped holding in a step; `input` is what that step handled (null: not a message, or no promises). */
  | { readonly kind: 'step'; readonly input: MessagePromises | null }
  /** The node restarted without it. */
  | { readonly kind: 'restart' };

export function legitimatelyVoided(promise: HeldPromise, cause: VoidingCause): boolean {
  switch (cause.kind) {
    case 'step':
      return promise.kind === 'acked-entry' && cause.input?.fromLeader === true && cause.input.term > promise.ackTerm;
    case 'restart':
      return false;
  }
}
