/** Pure majority arithmetic: vote tallies by distinct voter, and the commit point of a set of match indexes. */

import type { NodeId } from '../harness/api.js';
import { assert } from '../util/assert.js';

export function majority(clusterSize: number): number {
  assert(Number.isInteger(clusterSize) && clusterSize >= 1, () => `bad cluster size ${clusterSize}`);
  return Math.floor(clusterSize / 2) + 1;
}

/** Votes are a set of voter ids, so a duplicated grant cannot count twice; ids outside the cluster never count. */
export function hasVoteQuorum(voters: ReadonlySet<NodeId>, cluster: readonly NodeId[]): boolean {
  let count = 0;
  for (const id of cluster) if (voters.has(id)) count++;
  return count >= majority(cluster.length);
}

/**
 * The highest index replicated on `quorum` of the first `count` match
 * indexes: by default a majority of them, one per voter (the leader's own
 * included when it is a voter). Sorts them in place (callers pass a scratch
 * array, filled by index: emptying one by `length = 0` drops its backing
 * store, which the next push allocates again).
 */
export function quorumMatchIndex(matchIndexes: number[], quorum = majority(matchIndexes.length), count = matchIndexes.length): number {
  if (!(count <= matchIndexes.length && count >= quorum && quorum >= 1)) assert(false, `quorum ${quorum} of ${count} match indexes`);
  sortDescending(matchIndexes, count);
  return matchIndexes[quorum - 1]!;
}

/**
 * Sorts a handful of numbers (one per voter), highest first, by insertion.
 * The leader asks for its quorum index twice a step: `Array.prototype.sort`
 * with a comparator allocates work space and calls back into JavaScript per
 * comparison, which cost more than the few comparisons themselves.
 */
function sortDescending(values: number[], count: number): void {
  for (let i = 1; i < count; i++) {
    const value = values[i] as number;
    let j = i - 1;
    while (j >= 0 && (values[j] as number) < value) {
      values[j + 1] = values[j] as number;
      j--;
    }
    values[j + 1] = value;
  }
}
