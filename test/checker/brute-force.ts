/**
 * An independent, deliberately naive linearizability checker for small kv
 * histories, used only as the oracle of the property test. It shares no code
 * with the checker: it tries every order of the operations that respects
 * real time (A before B whenever A returned strictly before B was called),
 * on one map for all keys (no partitioning), and lets an unanswered operation
 * either take effect at some point after its call or never. The search itself
 * (`bruteForceOrders`) knows no model: the Knossos models' properties use it.
 */

import type { KvInput, KvOutput, Operation } from '@raft-check/checker';

type KvOperation = Operation<KvInput, KvOutput>;

export function bruteForceLinearizable(operations: readonly KvOperation[]): boolean {
  return bruteForceOrders(operations, new Map<string, string>(), apply);
}

/**
 * The same search for any sequential object: `apply` gives the state after
 * an operation, or null when it cannot happen in that state (for an
 * unanswered operation: cannot take effect there; it may still never take
 * effect at all). Used by the Knossos models' property tests too.
 */
export function bruteForceOrders<State, Op extends { call: number; return: number | null }>(
  operations: readonly Op[],
  initial: State,
  apply: (state: State, operation: Op) => State | null,
): boolean {
  const count = operations.length;
  const placed = new Array<boolean>(count).fill(false);
  const mustPrecede = (a: Op, b: Op): boolean => a.return !== null && a.return < b.call;

  const search = (state: State): boolean => {
    const answeredLeft = operations.some((operation, index) => !placed[index] && operation.return !== null);
    if (!answeredLeft) return true; // every unanswered operation left over simply never took effect
    for (let index = 0; index < count; index++) {
      if (placed[index]) continue;
      const candidate = operations[index]!;
      const blocked = operations.some((other, otherIndex) => !placed[otherIndex] && otherIndex !== index && mustPrecede(other, candidate));
      if (blocked) continue;
      const after = apply(state, candidate);
      if (after === null) continue;
      placed[index] = true;
      const found = search(after);
      placed[index] = false;
      if (found) return true;
    }
    return false;
  };
  return search(initial);
}

/** The store after the operation, or null when its output is impossible. */
function apply(store: Map<string, string>, operation: KvOperation): Map<string, string> | null {
  const { input, output } = operation;
  const current = store.get(input.key) ?? '';
  const next = new Map(store);
  switch (input.op) {
    case 'get':
      return output === null || output.value === current ? store : null;
    case 'put':
      next.set(input.key, input.value);
      return next;
    case 'append':
      next.set(input.key, current + input.value);
      return next;
    case 'delete':
      next.delete(input.key);
      return next;
    case 'cas': {
      const matches = current === input.expect;
      if (output !== null && output.ok !== matches) return null;
      if (matches) next.set(input.key, input.value);
      return next;
    }
  }
}
