/**
 * Where a partition's history can be cut: a moment before which every
 * answered operation called has returned, and after which every operation is
 * called. Every answered operation before the cut returned before every
 * operation after it was called, so it precedes them in real time, and every
 * linearization orders the answered operations of the two sides: the search
 * can check the parts one after the other (cut-search.ts).
 *
 * An operation never answered may take effect at any moment after its call,
 * or never: in its own part, in any later one, or not at all. It stays in
 * the part it was called in (it must follow what returned before its call),
 * and the search carries it across later cuts as pending, with each state,
 * for as long as it has not taken effect (part-end-states.ts).
 */

/** The operations in parts: each part's indices in (call time, index) order; parts in time order. */
export function cutIntoParts(operations: readonly { call: number; return: number | null }[]): number[][] {
  const count = operations.length;
  const order: number[] = new Array<number>(count);
  let sorted = true;
  for (let index = 0; index < count; index++) {
    order[index] = index;
    if (index > 0 && operations[index]!.call < operations[index - 1]!.call) sorted = false;
  }
  // Histories are usually written in call order; only others pay for the sort.
  if (!sorted) order.sort((a, b) => operations[a]!.call - operations[b]!.call || a - b);
  const parts: number[][] = [];
  let current: number[] = [];
  let latestReturn = Number.NEGATIVE_INFINITY;
  for (const index of order) {
    const operation = operations[index]!;
    // Intervals are closed: an operation called at the very time another returns is concurrent with it.
    if (current.length > 0 && latestReturn < operation.call) {
      parts.push(current);
      current = [];
    }
    current.push(index);
    // One never answered does not hold the next cut: it is carried across as pending.
    if (operation.return !== null && operation.return > latestReturn) latestReturn = operation.return;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}
