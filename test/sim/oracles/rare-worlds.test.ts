/**
 * The correct Raft where the usual sweeps rarely look (round 12): each run
 * below failed it on an oracle that was unsound for every correct design, and
 * passes now. Each names the class it stands for (docs/availability-and-promises.md,
 * "Round 12").
 */

import { describe, expect, it } from 'vitest';
import { defaultSystem } from '../../../src/sim/default-system.js';
import { runSeed } from '../../../src/sim/run.js';

describe('rare worlds of the correct Raft', () => {
  it.each([
    // A snapshot a follower acknowledged, then lost to an unreadable block, while its leader was paused.
    [2167, { faults: 'storage,pause,crash' }],
    // Whole again against a node's first storage loss, not its second.
    [5320, { faults: 'storage,pause,crash' }],
    // A leader starved of ticks behind a pipelining client: its followers time out.
    [440, { faults: 'torn' }],
    // A voter with a stale configuration stands in terms a candidate never hears (PreVote off).
    [43511, {}],
  ] as const)('seed %i %o passes', (seed, overrides) => {
    const result = runSeed(seed, overrides, defaultSystem);
    expect(result.failure?.message ?? null).toBeNull();
  });
});
