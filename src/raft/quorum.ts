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
 * The highest index replicated on `quorum` of the given match indexes: by
 * default a majority of them, one per voter (the leader's own included when
 * it is a voter). Sorts `matchIndexes` in place (callers pass a scratch array).
 */
export function quorumMatchIndex(matchIndexes: number[], quorum = majority(matchIndexes.length)): number {
  assert(matchIndexes.length >= quorum && quorum >= 1, () => `quorum ${quorum} of ${matchIndexes.length} match indexes`);
  matchIndexes.sort((a, b) => b - a);
  return matchIndexes[quorum - 1]!;
}
