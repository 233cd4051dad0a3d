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
 * The highest index replicated on a majority, given one match index per
 * cluster member (the leader's own included). Sorts `matchIndexes` in place
 * (callers pass a scratch array).
 */
export function quorumMatchIndex(matchIndexes: number[]): number {
  assert(matchIndexes.length >= 1, 'no match indexes');
  matchIndexes.sort((a, b) => b - a);
  return matchIndexes[majority(matchIndexes.length) - 1]!;
}
