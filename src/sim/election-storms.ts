/**
 * Election storms: old messages delivered around an election. The election
 * bugs that random reordering reaches last need a message of one round to
 * arrive in the next: a vote grant of an earlier candidacy counted in a newer
 * one, a RequestVote of the same term delivered again after the voter heard
 * the winner, a reply to a deposed leader's AppendEntries or InstallSnapshot
 * arriving after its successor moved the follower on. Real networks do this
 * when a flapping link or a reconnecting transport retransmits what it had
 * buffered; it matters only while an election runs, and a storm at a random
 * time seldom overlaps one.
 *
 * So a storm waits (up to ELECTION_STORM_WAIT_MS from `at`) for the next node
 * to stand for election, then for `durationMs` duplicates a share of the peer
 * messages and holds a share back by up to `maxMs`, a few election timeouts
 * (drawn in the seed's own timeouts, so that copies outlive a round). The
 * events are plain plan data, drawn from their own stream; the per-message
 * draws are the network's, as in a drop/duplicate burst or a reorder storm.
 */

import { assert } from '../util/assert.js';
import type { RunConfig } from './config.js';
import type { RandomStream } from './random.js';

export interface ElectionStorm {
  at: number;
  kind: 'election-storm';
  durationMs: number;
  /** Probability that a peer message is delivered twice meanwhile. */
  duplicate: number;
  /** Probability that a copy is held back, by up to maxMs. */
  rate: number;
  maxMs: number;
}

/** How long a storm waits for a node to stand before it lapses. */
export const ELECTION_STORM_WAIT_MS = 1500;

/**
 * Storms come with the seeds that have network faults (as reorder storms do),
 * at exponential gaps; most elections of such a seed meet one.
 */
export function drawElectionStorms(config: RunConfig, random: RandomStream): ElectionStorm[] {
  const mix = config.faults;
  const on = mix.burstGapMs > 0 || (mix.selection === undefined && mix.partitionGapMs > 0);
  const storms: ElectionStorm[] = [];
  const timeoutMs = config.tuning.electionTimeoutMaxTicks * config.tickMs;
  const gapMs = random.range(300, 1500);
  for (let at = 1 + random.exponential(gapMs); on && at < config.safetyMs; at += 1 + random.exponential(gapMs)) {
    const durationMs = random.range(1, 3) * timeoutMs + random.exponential(timeoutMs);
    const duplicate = Math.round(random.uniform(0.1, 0.5) * 1000) / 1000;
    const rate = Math.round(random.uniform(0.2, 0.6) * 1000) / 1000;
    storms.push({ at, kind: 'election-storm', durationMs, duplicate, rate, maxMs: random.range(timeoutMs, 3 * timeoutMs) });
    at += durationMs;
  }
  return storms;
}

export function validateElectionStorm(storm: ElectionStorm): void {
  const where = `election-storm at ${storm.at}`;
  assert(Number.isSafeInteger(storm.durationMs) && storm.durationMs > 0, () => `${where}: durationMs must be a positive integer`);
  assert(storm.duplicate >= 0 && storm.duplicate <= 1 && storm.rate >= 0 && storm.rate <= 1, () => `${where}: duplicate and rate must be in [0, 1]`);
  assert(Number.isSafeInteger(storm.maxMs) && storm.maxMs >= 0, () => `${where}: maxMs must be an integer >= 0`);
}

export function describeElectionStorm(storm: ElectionStorm): string {
  const percent = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;
  return `t=${storm.at} at the next candidacy, for ${storm.durationMs}ms: ${percent(storm.duplicate)} of peer messages duplicated, ${percent(storm.rate)} held back up to ${storm.maxMs}ms`;
}
