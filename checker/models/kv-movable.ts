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
 * Every state of the key is B + a1 + ... + ak, B being "" or the value of a
 * put or of a cas that may swap, the a's values of appends (kv-append-chains.ts).
 * An unanswered write w of v leaves a state that *shows* v: one that starts
 * with v (a put; a delete, v = ""; a cas that swaps) or holds v anywhere (an
 * append), followed in both cases by nothing but append values.
 *
 * The flagged set F: every unanswered get and append of "" (they change
 * nothing), and the largest set of other unanswered writes such that every
 * operation q that may be linearized after a write w in F (q never returned,
 * or returned no earlier than w's call: intervals are closed) is
 *   - a get that was not answered, or whose answer does not show w's value;
 *   - a put, append or delete (answered or not);
 *   - a cas answered ok whose `expect` does not show it;
 *   - a cas never answered that is in F too, or whose `expect` does not show it;
 *   - a cas that failed, whose `expect` the operations outside F can never
 *     make the state.
 * It is found from all unanswered writes by dropping, until none is dropped,
 * each that breaks a condition: an unanswered cas outside F whose expect
 * shows it, or a failed cas whose `expect` some write outside F may leave
 * (put "b"; open put "v"; cas b -> c failed is linearizable only with the
 * open put: the cas saw that the state differs). Only these two depend on F,
 * and they only break more often as F shrinks, so the result is the largest
 * set that meets them.
 *
 * Why. Take a legal linearization L; L' is L without F, then F. Walk along L
 * and compare its state with L''s. They are equal until an operation of F
 * takes effect; from then on L's state shows that operation's value (until
 * a put or delete outside F sets both states alike; an append extends it,
 * a cas that does not swap or a get keeps it; another write of F with an
 * effect takes its place, and one without effect changes nothing). While it
 * does, every operation outside F that comes next in L was linearized after
 * that write, so it meets the conditions above, and it is legal in L':
 *   - an answered get, or a cas answered ok, would have to see a state
 *     showing the value in L, which its answer or expect does not: there is
 *     none;
 *   - an unanswered get or cas is legal in every state (a cas may now swap
 *     where it did not: L''s state differs, and stays different until a put
 *     or delete sets both alike, as a later cas that swaps would need a
 *     state showing the value in L);
 *   - a failed cas: L''s state is made by operations outside F alone, so it
 *     is never its `expect`;
 *   - a put, append or delete is legal anywhere.
 * Operations of F last are legal: never answered, they accept every state,
 * and they must precede nothing (they have no return). Conversely, a
 * linearization of the other operations followed by F is one of the whole
 * history for the same two reasons, so leaving F out of the search keeps
 * the verdict.
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
  // Per unanswered write: null when an answered get or cas may see it (it stays in the search whatever else goes last),
  // else the unanswered cas that may see it (it can go last only if they do).
  const watchers = operations.map((operation, index): number[] | null => {
    if (operation.return !== null) return null;
    const effect = writeEffect(operation.input);
    if (effect === null) return [];
    const shows = (text: string): boolean => showsWrite(text, effect, chains);
    const unanswered: number[] = [];
    for (let otherIndex = 0; otherIndex < operations.length; otherIndex++) {
      const other = operations[otherIndex]!;
      if (otherIndex === index || (other.return !== null && other.return < operation.call) || !maySee(other, shows)) continue;
      if (other.return !== null) return null;
      unanswered.push(otherIndex);
    }
    return unanswered;
  });
  const flags = watchers.map((watching) => watching !== null);
  // The failed cas, each with the bases its expect could be built on (null: any).
  const unseeing = operations.flatMap((operation) =>
    operation.input.op === 'cas' && operation.output?.ok === false ? [{ bases: chains.basesOf(operation.input.expect), returned: operation.return! }] : [],
  );
  // The bases the operations outside F write; it only grows as F shrinks.
  const written = new Set<string>(['']);
  const noteBases = (dropped: readonly number[]): void => {
    for (const index of dropped) {
      const { input, output } = operations[index]!;
      if (input.op === 'put' || (input.op === 'cas' && output?.ok !== false)) written.add(input.value);
    }
  };
  noteBases(operations.flatMap((_, index) => (flags[index] ? [] : [index])));
  let latestSeeing = -Infinity;
  for (;;) {
    // A failed cas whose expect the writes left in the search could make keeps every write it may follow.
    for (let position = unseeing.length - 1; position >= 0; position--) {
      const cas = unseeing[position]!;
      if (cas.bases === null || cas.bases.some((base) => written.has(base))) {
        latestSeeing = Math.max(latestSeeing, cas.returned);
        unseeing.splice(position, 1);
      }
    }
    const dropped: number[] = [];
    operations.forEach((operation, index) => {
      if (flags[index] && writeEffect(operation.input) !== null && (operation.call <= latestSeeing || watchers[index]!.some((watcher) => !flags[watcher]))) {
        dropped.push(index);
      }
    });
    if (dropped.length === 0) return flags;
    for (const index of dropped) flags[index] = false;
    noteBases(dropped);
  }
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

/**
 * Whether `other`, placed after an unanswered write, may see it: a get answered
 * or a cas answered ok or never answered whose value or expect shows it. A
 * failed cas is judged apart, and puts, appends and deletes see nothing.
 */
function maySee(other: Operation<KvInput, KvOutput>, shows: (text: string) => boolean): boolean {
  switch (other.input.op) {
    case 'get':
      return other.output !== null && shows(other.output.value ?? '');
    case 'put':
    case 'append':
    case 'delete':
      return false;
    case 'cas':
      return other.output?.ok !== false && shows(other.input.expect);
  }
}
