/**
 * A naive linearizability oracle for any single-object model (one state, no
 * partitions), used by the register property tests: it tries every order of
 * the operations that respects real time, stepping the model's own `step`,
 * and lets an unanswered operation take effect at some point after its call
 * or never. Only the model's step is shared with the checker; the search,
 * the movable-to-end rule and the memo are not.
 */

import { ILLEGAL, type Model, type Operation } from '@raft-check/checker';

export function bruteForceModelLinearizable<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
): boolean {
  const placed = new Array<boolean>(operations.length).fill(false);
  const mustPrecede = (a: Operation<Input, Output>, b: Operation<Input, Output>): boolean => a.return !== null && a.return < b.call;

  const search = (state: State): boolean => {
    if (!operations.some((operation, index) => !placed[index] && operation.return !== null)) return true;
    for (let index = 0; index < operations.length; index++) {
      if (placed[index]) continue;
      const candidate = operations[index]!;
      if (operations.some((other, otherIndex) => !placed[otherIndex] && otherIndex !== index && mustPrecede(other, candidate))) continue;
      const after = model.step(state, candidate.input, candidate.output);
      if (after === ILLEGAL) continue;
      placed[index] = true;
      const found = search(after as State);
      placed[index] = false;
      if (found) return true;
    }
    return false;
  };
  return search(model.init());
}
