/**
 * Where a partition's history can be cut: a moment before which every
 * operation called has returned, and after which every operation is called.
 * Every answered operation before the cut returned before every operation
 * after it was called, so it precedes them in real time, and every
 * linearization orders the two sides: the search can check the parts one
 * after the other (cut-search.ts).
 *
 * An operation never answered returns at +Infinity, so no cut follows its
 * call: it may take effect in any later part, or never. Cutting there anyway
 * would need the search to carry, besides each state, which of the pending
 * operations have taken effect, and a given-up write may take effect
 * arbitrarily late (a read far in the future may show it), so those
 * (state, subset) pairs would only grow along the history. Cuts stop at the
 * first one instead, and the rest of the partition is one part. The
 * unanswered operations a model lets go last (Model.movableToEnd) are not
 * searched at all, so they block nothing.
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
    const returned = operation.return ?? Number.POSITIVE_INFINITY;
    if (returned > latestReturn) latestReturn = returned;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}
