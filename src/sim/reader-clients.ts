/**
 * Reader clients: in some seeds one or two extra sequential clients only read
 * (a dashboard, a cache filler, a service that polls its configuration). They
 * are what a deposed leader meets in production: a writer whose write cannot
 * commit times out and finds the new leader, a reader that keeps getting
 * answers stays where it is. So when the leader is cut off (a deposition,
 * leader-depositions.ts), a reader that talks to it goes on asking it while
 * writes land on the other side, and a read that skips the leadership check
 * (ReadIndex without its round, raft-bugs.md #16) returns a stale value.
 *
 * Extra clients, drawn from a stream of their own: the other clients'
 * workload, and every other draw, stay what they were.
 */

import type { ConfigOverrides } from './config.js';
import { keyName, type PlanOp } from './plan.js';
import { RandomStream } from './random.js';

/** Share of seeds with reader clients. */
const READER_SEEDS = 0.4;

/** How many reader clients the seed adds (0 when the client count is overridden: the override names every client). */
export function readerClientCount(seed: number, overrides: ConfigOverrides): number {
  const random = new RandomStream(seed, 'readers');
  const count = random.chance(READER_SEEDS) ? random.range(1, 2) : 0;
  return overrides.clients === undefined ? count : 0;
}

/** The readers' plans: gets of random keys, spread over the safety phase like the other clients' operations. */
export function drawReaderWorkloads(seed: number, count: number, shape: { keys: number; opsPerClient: number; safetyMs: number }): PlanOp[][] {
  const random = new RandomStream(seed, 'reader-ops');
  const maxGapMs = Math.max(1, Math.floor((1.5 * shape.safetyMs) / Math.max(1, shape.opsPerClient)));
  return Array.from({ length: count }, () =>
    Array.from({ length: shape.opsPerClient }, () => ({ afterMs: random.int(maxGapMs), input: { op: 'get' as const, key: keyName(random.int(shape.keys)) } })),
  );
}
