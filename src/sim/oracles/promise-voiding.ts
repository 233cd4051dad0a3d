/**
 * The one place that decides whether a broken promise was legitimately
 * voided, so that the node is not blamed for it.
 *
 * Two things void a promise:
 * - a leader of a newer term may cut entries a follower acknowledged in an
 *   older term (Figure 2, AppendEntries step 3; Figure 13 step 7), since they
 *   were never committed;
 * - a storage fault the budget allows (src/sim/storage-faults.ts) struck the
 *   node's disk before a restart: then what it recovers may lack what it
 *   promised (an acknowledged entry, a snapshot, even its term), and that loss
 *   is the disk's, not the node's. What the node does next is not voided: from
 *   the moment it restarts without a promise, the storage oracle
 *   (storage-trust.ts) holds it to abstaining until it is repaired, and
 *   SingleVotePerTerm still holds it to every vote it ever granted.
 * A plain restart voids nothing: what a node promised it must recover.
 */

import type { MessagePromises } from '../../harness/api.js';

/** A promise the simulator holds a node to (promises.ts). */
export type HeldPromise =
  /** Its term never goes below one it sent. */
  | { readonly kind: 'term'; readonly term: number }
  /**
   * An entry it acknowledged, (index, term), in an acknowledgement of term `ackTerm`, stays in its log.
   * `counted`: no message, a leader's own copy that its commit counted (leader-self-count.ts).
   */
  | { readonly kind: 'acked-entry'; readonly index: number; readonly term: number; readonly ackTerm: number; readonly counted?: boolean }
  /** It keeps the state up to a snapshot it reported installed. */
  | { readonly kind: 'snapshot'; readonly index: number };

export type VoidingCause =
  /** The promise stopped holding in a step; `input` is what that step handled (null: not a message, or no promises). */
  | { readonly kind: 'step'; readonly input: MessagePromises | null }
  /** The node restarted without it; `storageFault`: a storage fault struck its disk since it last started. */
  | { readonly kind: 'restart'; readonly storageFault: boolean };

export function legitimatelyVoided(promise: HeldPromise, cause: VoidingCause): boolean {
  switch (cause.kind) {
    case 'step':
      return promise.kind === 'acked-entry' && cause.input?.fromLeader === true && cause.input.term > promise.ackTerm;
    case 'restart':
      return cause.storageFault;
  }
}
