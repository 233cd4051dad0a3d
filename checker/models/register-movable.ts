/**
 * Which unanswered operations on one register can go last in every
 * linearization (Model.movableToEnd), for the two register models
 * (cas-register, knossos-cas-register). It is kv's rule (kv-movable.ts) for a
 * value that has no appends, where "contains" becomes "equals".
 *
 * An unanswered read has no effect and accepts any value: it can always go
 * last. An unanswered write w that may write v (a write of v; a cas to v,
 * which writes v if it swaps and nothing otherwise) can go last when every
 * other operation q that may be linearized after w (q never returned, or
 * returned no earlier than w's call) is
 *   - a read that was not answered, that saw a value other than v, or that
 *     matches any value (Knossos's read of nil);
 *   - a write (answered or not);
 *   - a cas answered ok, or never answered, whose `from` is not v;
 *   - a cas that failed, whose `from` the register never holds (it is not the
 *     initial value, nor written by any write or by a cas that may swap).
 * Any other failed cas keeps w in the search: it observes that the register
 * is not `from`, and with w moved it may be.
 *
 * Why. Take a legal linearization L with w at i. A cas w that does not swap
 * changed nothing, and moving it changes no state. Otherwise the register
 * holds v from i up to j, the first write or swapping cas after i (or the
 * end). Between i and j: no read with an answer that names a value (it
 * would be v), no answered cas (one answered ok would swap, so be j; a failed
 * one whose `from` is never held fails everywhere); only unanswered reads
 * and cas, reads of any value and cas that fail everywhere, all legal in
 * every state they can meet. j is not a cas (swapping needs `from` = v).
 * Move w to the end: before i nothing changes; between i and j each stays
 * legal (an unanswered cas may now swap, but j's write sets the register
 * anyway); from j on every state is as in L; w last is legal as it was never
 * answered. A linearization of the rest with w appended is one of the whole
 * history, so leaving w out of the search keeps the verdict.
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
  const held = [initial];
  for (const each of accesses) {
    if (each.kind === 'write') held.push(each.value);
    else if (each.kind === 'cas' && each.answer !== 'failed') held.push(each.to);
  }
  const everHeld = (value: Value): boolean => held.some((other) => same(other, value));
  return operations.map((operation, index) => {
    if (operation.return !== null) return false;
    const own = accesses[index]!;
    if (own.kind === 'read') return true;
    const written = own.kind === 'write' ? own.value : own.to;
    return operations.every(
      (other, otherIndex) =>
        otherIndex === index ||
        (other.return !== null && other.return < operation.call) ||
        harmlessAfterWrite(accesses[otherIndex]!, written, same, everHeld),
    );
  });
}

function harmlessAfterWrite<Value>(
  other: RegisterAccess<Value>,
  written: Value,
  same: (a: Value, b: Value) => boolean,
  everHeld: (value: Value) => boolean,
): boolean {
  switch (other.kind) {
    case 'read':
      return other.seen === 'any' || !same(other.seen.value, written);
    case 'write':
      return true;
    case 'cas':
      return other.answer === 'failed' ? !everHeld(other.from) : !same(other.from, written);
  }
}
