/**
 * A node's own randomness: one seed string per node instance, handed over in
 * `NodeOptions.randomSeed`, and `randomInt` as the generator of that seed.
 *
 * The seed depends only on (run seed, node id, incarnation), so a restart
 * draws afresh, a node's draws never shift the simulator's streams (nor the
 * simulator's the node's), and a node in another process (the exec protocol)
 * can rebuild the very same generator from the string alone: Alea over the
 * seed, `floor(next() * bound)` per draw, as seedrandom computes it.
 */

import seedrandom from 'seedrandom';
import type { NodeId } from '../harness/api.js';
import { assert } from '../util/assert.js';

/** The seed of node `node` in its `incarnation`-th life of run `runSeed`. */
export function nodeRandomSeed(runSeed: number, node: NodeId, incarnation: number): string {
  return `raft-check:${runSeed}:node/n${node}/${incarnation}`;
}

/** `randomInt` over a seed: an integer in [0, bound) per call, the same sequence wherever it runs. */
export function seededRandomInt(seed: string): (bound: number) => number {
  const next = seedrandom.alea(seed);
  return (bound) => {
    // Built only on failure: no closure per draw.
    if (!Number.isSafeInteger(bound) || bound <= 0) assert(false, `randomInt bound must be a positive integer, got ${bound}`);
    return Math.floor(next() * bound);
  };
}
