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
 * An unanswered write w that may write v (put(v); append(v); delete, which is
 * put(""); cas(e -> v), which writes v if it swaps and nothing otherwise) can
 * go last when every other operation q that may be linearized after w (q never
 * returned, or returned no earlier than w's call: intervals are closed) is
 *   - a get that was not answered, or whose answer does not contain v;
 *   - a put, append or delete (answered or not);
 *   - a cas answered ok, or never answered, whose `expect` does not contain v.
 * (So no cas that failed may follow w: a failed cas observes that the state
 * differs from its `expect`, and moving w can make it equal.)
 *
 * Why. Take a legal linearization L with w at position i. If w is a cas that
 * does not swap in L it changed nothing, and moving it to the end changes no
 * state. Otherwise w leaves v or s + v. Let j be the first position after i
 * holding a put, a delete or a cas that swaps in L (or the end). Every state
 * strictly between i and j contains v: in between only appends (which extend
 * on the right), gets and cas that do not swap run. Hence:
 *   - no answered get lies between i and j (its answer would be that state,
 *     so it would contain v);
 *   - no answered cas lies between i and j: a failed one may not follow w at
 *     all, and one answered ok would swap, so it would be at j;
 *   - the operation at j is not a cas: swapping needs the state to equal
 *     `expect`, which would then contain v (no cas that may follow w has one).
 * So between i and j there are only appends, unanswered gets and unanswered
 * cas, each legal in every state. Now move w to the end. Operations before i
 * see the same states. Those between i and j stay legal (an unanswered cas
 * there may now swap: its effect is gone by j). At j a put or a delete sets
 * the state regardless of what it was, so from j on every state is as in L.
 * And w last is legal: it was never answered, so it accepts every state, and
 * it must precede nothing (it has no return). Conversely, a linearization of
 * the other operations with w appended is one of the whole history for the
 * same two reasons, so leaving w out of the search keeps the verdict. Several
 * flagged operations go last together: the condition reads only the history,
 * so moving one flagged operation after another keeps each legal.
 *
 * A value "" (a delete, a put or a cas of "") is contained in every string, so
 * such a write goes last only when no answered get and no cas may follow it.
 */

import type { Operation } from '../history.js';
import type { KvInput, KvOutput } from './kv-types.js';

export function kvMovableToEnd(operations: readonly Operation<KvInput, KvOutput>[]): boolean[] {
  return operations.map((operation, index) => {
    if (operation.return !== null) return false;
    const written = writtenValue(operation.input);
    if (written === null) return true;
    return operations.every(
      (other, otherIndex) =>
        otherIndex === index || (other.return !== null && other.return < operation.call) || harmlessAfterWrite(other, written),
    );
  });
}

/** The value a write may leave (a cas: if it swaps), or null for a get, which writes nothing. */
function writtenValue(input: KvInput): string | null {
  switch (input.op) {
    case 'get':
      return null;
    case 'delete':
      return '';
    case 'put':
    case 'append':
    case 'cas':
      return input.value;
  }
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
      return (other.output === null || other.output.ok === true) && !other.input.expect.includes(written);
  }
}
