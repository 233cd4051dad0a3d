/**
 * Which unanswered kv operations of one key can go last in every linearization
 * (Model.movableToEnd), so the search need not place them at all.
 *
 * Clients that give up on a key while the cluster is unavailable leave tens of
 * unanswered writes behind. Each may have taken effect at any point after its
 * call, and appends in different orders make different values, so refuting a
 * wrong branch meant trying every subset and order of them: past 10M steps on
 * 26 operations of which 20 were given up (raft-check seeds 4050, 8501).
 *
 * An unanswered get has no effect and accepts any value: it can always go last.
 *
 * An unanswered write w that writes v (put(v); append(v); delete, which is
 * put("")) can go last when every other operation q that may be linearized
 * after w (q never returned, or returned no earlier than w's call: intervals
 * are closed) is
 *   - a get that was not answered, or whose answer does not contain v;
 *   - a put, append or delete (answered or not);
 *   - a cas answered ok whose `expect` does not contain v.
 * (So no cas that failed or was never answered may follow w.)
 *
 * Why. Take a legal linearization L with w at position i, and let j be the
 * first position after i holding a put, a delete or a cas that swaps in L (or
 * the end). Every state strictly between i and j contains v: w leaves v or
 * s + v, and in between only appends (which extend on the right), gets and
 * cas that do not swap run. Hence:
 *   - no answered get lies between i and j (its answer would be that state,
 *     so it would contain v);
 *   - no cas lies between i and j: a failed or unanswered one may not follow
 *     w at all, and one answered ok would swap, so it would be at j;
 *   - the operation at j is not a cas: swapping needs the state to equal
 *     `expect`, which would then contain v (an answered one's `expect` does
 *     not; an unanswered one may not follow w).
 * Now move w to the end. Operations before i see the same states. Between i
 * and j there are only appends and unanswered gets, which are legal in every
 * state. At j a put or a delete sets the state regardless of what it was, so
 * from j on every state is as in L. And w last is legal: it was never
 * answered, so it accepts every state and must precede nothing.
 */

import type { Operation } from '../history.js';
import type { KvInput, KvOutput } from './kv-types.js';

export function kvMovableToEnd(operations: readonly Operation<KvInput, KvOutput>[]): boolean[] {
  return operations.map((operation, index) => {
    if (operation.return !== null) return false;
    const input = operation.input;
    if (input.op === 'get') return true;
    if (input.op === 'cas') return false;
    const written = input.op === 'delete' ? '' : input.value;
    return operations.every(
      (other, otherIndex) =>
        otherIndex === index || (other.return !== null && other.return < operation.call) || harmlessAfterWrite(other, written),
    );
  });
}

/** Whether `other`, placed after an unanswered write of `written`, satisfies the conditions above. */
function harmlessAfterWrite(other: Operation<KvInput, KvOutput>, written: string): boolean {
  switch (other.input.op) {
    case 'get':
      return other.output === null || !(other.output.value ?? '').includes(written);
    case 'put':
    case 'append':
    case 'delete':
      return true;
    case 'cas':
      return other.output !== null && other.output.ok === true && !other.input.expect.includes(written);
  }
}
