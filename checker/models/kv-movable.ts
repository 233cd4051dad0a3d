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
 * An unanswered get has no effect and accepts any value, and an append of ""
 * changes nothing: either can always go last.
 *
 * Every state of the key is B + a1 + ... + ak, B being "" or the value of a
 * put or of a cas that may swap, the a's values of appends (kv-append-chains.ts).
 * An unanswered write w of v leaves a state that *shows* v: one that starts
 * with v (a put; a delete, v = ""; a cas that swaps) or holds v anywhere (an
 * append), followed in both cases by nothing but append values. It can go last
 * when every other operation q that may be linearized after w (q never
 * returned, or returned no earlier than w's call: intervals are closed) is
 *   - a get that was not answered, or whose answer does not show v;
 *   - a put, append or delete (answered or not);
 *   - a cas answered ok, or never answered, whose `expect` does not show v;
 *   - a cas that failed, whose `expect` could never be the state at all.
 * A failed cas that could see its `expect` keeps w in the search: it observes
 * that the state differs, and moving w can make it equal.
 *
 * Why. Take a legal linearization L with w at position i. If w is a cas that
 * does not swap in L it changed nothing, and moving it to the end changes no
 * state. Otherwise let j be the first position after i holding a put, a delete
 * or a cas that swaps in L (or the end). Every state strictly between i and j
 * shows v: w leaves v or s + v, and in between only appends (each adding its
 * value on the right, each once), gets and cas that do not swap run. Hence:
 *   - no answered get lies between i and j (its answer would be that state);
 *   - no cas answered ok lies between i and j (it would swap, so be at j);
 *   - the operation at j is not a cas: swapping needs the state to equal
 *     `expect`, which would then show v (no cas that may follow w has one);
 *   - a failed cas that may follow w fails in every state of every
 *     linearization, as its `expect` is never a state.
 * So between i and j there are only appends, unanswered gets, unanswered cas
 * and failed cas that fail everywhere, each legal in every state it can meet.
 * Now move w to the end. Operations before i see the same states. Those
 * between i and j stay legal (an unanswered cas there may now swap: its effect
 * is gone by j). At j a put or a delete sets the state regardless of what it
 * was, so from j on every state is as in L. And w last is legal: it was never
 * answered, so it accepts every state, and it must precede nothing (it has no
 * return). Conversely, a linearization of the other operations with w
 * appended is one of the whole history for the same two reasons, so leaving w
 * out of the search keeps the verdict. Several flagged operations go last
 * together: the condition reads only the history, so moving one flagged
 * operation after another keeps each legal.
 *
 * A value "" (a delete, a put or a cas of "") shows in any state made of
 * appends alone; such a write goes last only when no answer may be one.
 */

import type { Operation } from '../history.js';
import { AppendChains } from './kv-append-chains.js';
import type { KvInput, KvOutput } from './kv-types.js';

/** What a write may leave: `value` at the start of the state (`sets`), or appended to it. */
interface WriteEffect {
  value: string;
  sets: boolean;
}

export function kvMovableToEnd(operations: readonly Operation<KvInput, KvOutput>[]): boolean[] {
  const chains = new AppendChains(operations);
  return operations.map((operation, index) => {
    if (operation.return !== null) return false;
    const effect = writeEffect(operation.input);
    if (effect === null) return true;
    const shows = (text: string): boolean => showsWrite(text, effect, chains);
    return operations.every(
      (other, otherIndex) =>
        otherIndex === index || (other.return !== null && other.return < operation.call) || harmlessAfterWrite(other, shows, chains),
    );
  });
}

/** The effect of a write; null for a get or an append of "", which change nothing. */
function writeEffect(input: KvInput): WriteEffect | null {
  switch (input.op) {
    case 'get':
      return null;
    case 'delete':
      return { value: '', sets: true };
    case 'put':
    case 'cas':
      return { value: input.value, sets: true };
    case 'append':
      return input.value === '' ? null : { value: input.value, sets: false };
  }
}

/** Whether `text` could be a state that the write left, followed only by appends. */
function showsWrite(text: string, effect: WriteEffect, chains: AppendChains): boolean {
  const { value } = effect;
  if (effect.sets) return text.startsWith(value) && chains.chainFrom(text, value.length);
  for (let position = text.indexOf(value); position !== -1; position = text.indexOf(value, position + 1)) {
    if (chains.chainFrom(text, position + value.length)) return true;
  }
  return false;
}

/** Whether `other`, placed after an unanswered write, satisfies the conditions above. */
function harmlessAfterWrite(other: Operation<KvInput, KvOutput>, shows: (text: string) => boolean, chains: AppendChains): boolean {
  switch (other.input.op) {
    case 'get':
      return other.output === null || !shows(other.output.value ?? '');
    case 'put':
    case 'append':
    case 'delete':
      return true;
    case 'cas':
      return other.output?.ok === false ? !chains.couldBeState(other.input.expect) : !shows(other.input.expect);
  }
}
