/**
 * Which unanswered operations on one register can go last in every
 * linearization (Model.movableToEnd), for the two register models
 * (cas-register, knossos-cas-register). It is kv's rule (kv-movable.ts) for a
 * value that has no appends, where "shows" becomes "equals".
 *
 * The flagged set F: every unanswered read (it changes nothing), and the
 * largest set of unanswered writes (a write of v; a cas to v, which writes v
 * if it swaps and nothing otherwise) such that every operation q that may be
 * linearized after a write w in F (q never returned, or returned no earlier
 * than w's call) is
 *   - a read that was not answered, that saw a value other than w's, or that
 *     matches any value (Knossos's read of nil);
 *   - a write (answered or not);
 *   - a cas answered ok whose `from` is not w's value;
 *   - a cas never answered that is in F too, or whose `from` is not w's value;
 *   - a cas that failed, whose `from` the register never holds without F
 *     (it is not the initial value, nor written by a write or by a cas that
 *     may swap outside F).
 * It is found from all unanswered writes by dropping, until none is dropped,
 * each that breaks a condition: an unanswered cas outside F whose `from` is
 * its value may follow it, or a failed cas whose `from` some write outside F
 * writes (that cas observed that the register is not `from`, and the write
 * may be why). Both break more often as F shrinks, so the result is the
 * largest set that meets them.
 *
 * Why. Take a legal linearization L; L' is L without F, then F. The two
 * states agree until a write of F takes effect; from then on L's register
 * holds that write's value until a write outside F sets both alike (another
 * write of F that takes effect takes its place; one that does not changes
 * nothing). Every
 * operation outside F that comes meanwhile was linearized after that write,
 * so it meets the conditions above: it is not an answered read that names a
 * value nor a cas answered ok (either would have to see the write's value in
 * L), an unanswered read or cas is legal in every state (a cas that now
 * swaps in L' is erased by the write that ends the stretch: no cas outside F
 * swaps in L meanwhile, as its `from` would be the value), a failed cas
 * fails in L' because L''s register only ever holds values from outside F,
 * and a write is legal anywhere. F last is legal: never answered, it accepts
 * every state and has no return to respect. Conversely, a linearization of
 * the rest followed by F is one of the whole history, so leaving F out of
 * the search keeps the verdict.
 */

import type { Operation } from '../history.js';

/** What one operation does to a register, as the rule needs to know it. */
export type RegisterAccess<Value> =
  | { kind: 'read'; seen: { value: Value } | 'any' }
  | { kind: 'write'; value: Value }
  | { kind: 'cas'; from: Value; to: Value; answer: 'ok' | 'failed' | 'unanswered' };

export function registerMovableToEnd<Value, Input, Output>(
  operations: readonly Operation<Input, Output>[],
  access: (input: Input, output: Output | null) => RegisterAccess<Value>,
  same: (a: Value, b: Value) => boolean,
  initial: Value,
): boolean[] {
  const accesses = operations.map((operation) => access(operation.input, operation.output));
  // Per unanswered write: null when an answered read or cas may see it, else the unanswered cas that may (it goes last only if they do).
  const watchers = operations.map((operation, index): number[] | null => {
    if (operation.return !== null) return null;
    const written = writtenValue(accesses[index]!);
    if (written === null) return [];
    const unanswered: number[] = [];
    for (let otherIndex = 0; otherIndex < operations.length; otherIndex++) {
      const other = operations[otherIndex]!;
      if (otherIndex === index || (other.return !== null && other.return < operation.call) || !maySee(accesses[otherIndex]!, written, same)) continue;
      if (other.return !== null) return null;
      unanswered.push(otherIndex);
    }
    return unanswered;
  });
  const flags = watchers.map((watching) => watching !== null);
  // The failed cas that no value the register holds outside F can have fooled yet.
  const unseeing = accesses.flatMap((each, index) => (each.kind === 'cas' && each.answer === 'failed' ? [{ from: each.from, returned: operations[index]!.return! }] : []));
  // Each round checks them against the values that writes left in the search (newly) can put in the register.
  let held: Value[] = [initial];
  const heldBy = (indices: readonly number[]): Value[] =>
    indices.flatMap((index) => {
      const each = accesses[index]!;
      return each.kind === 'write' ? [each.value] : each.kind === 'cas' && each.answer !== 'failed' ? [each.to] : [];
    });
  held.push(...heldBy(operations.flatMap((_, index) => (flags[index] ? [] : [index]))));
  let latestSeeing = -Infinity;
  for (;;) {
    for (let position = unseeing.length - 1; position >= 0; position--) {
      const cas = unseeing[position]!;
      if (held.some((value) => same(value, cas.from))) {
        latestSeeing = Math.max(latestSeeing, cas.returned);
        unseeing.splice(position, 1);
      }
    }
    const dropped: number[] = [];
    operations.forEach((operation, index) => {
      if (flags[index] && writtenValue(accesses[index]!) !== null && (operation.call <= latestSeeing || watchers[index]!.some((watcher) => !flags[watcher]))) {
        dropped.push(index);
      }
    });
    if (dropped.length === 0) return flags;
    for (const index of dropped) flags[index] = false;
    held = heldBy(dropped);
  }
}

/** The value a write may leave (a cas: if it swaps); null for a read. */
function writtenValue<Value>(access: RegisterAccess<Value>): { value: Value } | null {
  if (access.kind === 'read') return null;
  return { value: access.kind === 'write' ? access.value : access.to };
}

/**
 * Whether `other`, placed after an unanswered write, may see it: a read
 * answered with its value, or a cas answered ok or never answered whose
 * `from` is its value. A failed cas is judged apart; writes see nothing.
 */
function maySee<Value>(other: RegisterAccess<Value>, written: { value: Value }, same: (a: Value, b: Value) => boolean): boolean {
  switch (other.kind) {
    case 'read':
      return other.seen !== 'any' && same(other.seen.value, written.value);
    case 'write':
      return false;
    case 'cas':
      return other.answer !== 'failed' && same(other.from, written.value);
  }
}
