/**
 * Reorder storms: for a while, a share of the peer messages is held back by
 * up to a few hundred ms more, longer than an election timeout, so that
 * answers of an older round (vote grants of an earlier candidacy, replies to
 * an AppendEntries of a deposed leader, a RequestVote of a past term) arrive
 * in a newer one. The long-reordering phase of MIT 6.824's Figure 8
 * (unreliable) test does the same; the network's steady delay tail is too
 * thin for it. Storms come with the seeds whose fault mix has network faults
 * (loss bursts or partitions), from their own stream; the availability
 * oracle does not count a storm's stretch as calm.
 */

import { assert } from '../util/assert.js';
import type { RunConfig } from './config.js';
import type { RandomStream } from './random.js';

export interface ReorderFault {
  at: number;
  kind: 'reorder';
  durationMs: number;
  /** Probability that a peer message is held back. */
  rate: number;
  /** A held-back message waits up to this much longer. */
  maxMs: number;
}

export function drawReorderStorms(config: RunConfig, random: RandomStream): ReorderFault[] {
  const faults: ReorderFault[] = [];
  // `--faults` names them with `burst` (bursts of reordering); a drawn profile has them with either.
  const mix = config.faults;
  const on = mix.burstGapMs > 0 || (mix.selection === undefined && mix.partitionGapMs > 0);
  const gapMs = random.range(500, 2500);
  for (let at = 1 + random.exponential(gapMs); on && at < config.safetyMs; at += 1 + random.exponential(gapMs)) {
    const durationMs = 100 + random.exponential(600);
    const rate = Math.round(random.uniform(0.2, 0.7) * 1000) / 1000;
    faults.push({ at, kind: 'reorder', durationMs, rate, maxMs: random.range(100, 800) });
    at += durationMs;
  }
  return faults;
}

export function validateReorder(fault: ReorderFault): void {
  assert(Number.isSafeInteger(fault.durationMs) && fault.durationMs > 0, () => `reorder at ${fault.at}: durationMs must be a positive integer`);
  assert(fault.rate >= 0 && fault.rate <= 1, () => `reorder at ${fault.at}: rate must be in [0, 1]`);
  assert(Number.isSafeInteger(fault.maxMs) && fault.maxMs >= 0, () => `reorder at ${fault.at}: maxMs must be an integer >= 0`);
}

export function describeReorder(fault: ReorderFault): string {
  return `t=${fault.at} reorder storm ${fault.durationMs}ms: ${Math.round(fault.rate * 1000) / 10}% of peer messages held back up to ${fault.maxMs}ms`;
}
