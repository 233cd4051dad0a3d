/**
 * The per-seed pipelining window (NodeOptions.tuning.maxInflight): how many
 * AppendEntries a leader may keep unacknowledged to one follower. A third of
 * the seeds keep stop-and-wait (1), the rest pipeline with a window of 2 to 8,
 * so that both the one-batch-per-round-trip code and the window's edges
 * (a full window, a rejection or timeout in the middle of one) are tested.
 * Drawn from the 'inflight' stream alone, so that it shifts no other draw.
 */

import type { RandomStream } from './random.js';

export function drawMaxInflight(random: RandomStream): number {
  return random.chance(1 / 3) ? 1 : random.range(2, 8);
}
