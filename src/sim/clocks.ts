/**
 * Node clocks. Each node's clock runs at its own rate against true simulated
 * time, from its own offset; a drift burst makes it run fast or slow for a
 * while. Every rate, bursts included, stays within `1 +- maxDrift`, the bound
 * the nodes are told (NodeOptions.maxClockDrift), which a correct lease
 * allows for (src/raft/lease.ts).
 *
 * Ticks and timeouts run on the node's clock: the node ticks every `tickMs`
 * of its own time. Messages and fsyncs run on true time (network.ts, disk.ts).
 */

import { assert } from '../util/assert.js';
import type { RunConfig } from './config.js';
import type { FaultEvent } from './plan.js';
import type { RandomStream } from './random.js';

/** A run's clocks, drawn per seed from the 'clocks' stream. */
export interface ClockConfig {
  /** The most any clock's rate differs from 1 (0.05: +-5%); the nodes are told it. */
  maxDrift: number;
  /** Per node (index id - 1): its steady rate, node ms per true ms. */
  rates: number[];
  /** Per node: its clock's reading at true time 0 (display only: the node counts ticks). */
  offsetsMs: number[];
  /** Mean time between drift bursts (0: none) and their mean length. */
  burstGapMs: number;
  burstMeanMs: number;
}

/** Perfect clocks: what runs without drawn clocks (older plans) use. */
export function perfectClocks(nodes: number): ClockConfig {
  return { maxDrift: 0, rates: Array.from({ length: nodes }, () => 1), offsetsMs: Array.from({ length: nodes }, () => 0), burstGapMs: 0, burstMeanMs: 0 };
}

/** Draws the clocks. Steady rates use half the bound, so that a burst can push a clock further in either direction. */
export function drawClocks(random: RandomStream, nodes: number): ClockConfig {
  const maxDrift = random.weighted({ '0': 1, '0.02': 2, '0.05': 4, '0.1': 2, '0.2': 1 });
  const drift = Number(maxDrift);
  const rates = Array.from({ length: nodes }, () => round4(1 + random.uniform(-drift / 2, drift / 2)));
  const offsetsMs = Array.from({ length: nodes }, () => random.range(-5000, 5000));
  const burstGapMs = random.range(300, 2000);
  const burstMeanMs = random.range(100, 1000);
  return { maxDrift: drift, rates, offsetsMs, burstGapMs: drift > 0 ? burstGapMs : 0, burstMeanMs };
}

/**
 * Drift bursts over the safety phase, one at a time: a node's clock runs as
 * fast or as slow as the bound allows, then returns to its own rate.
 */
export function drawClockBursts(config: RunConfig, random: RandomStream): FaultEvent[] {
  const clocks = config.clocks;
  const bursts: FaultEvent[] = [];
  // Bursts come with a faulty profile; a --faults choice has no kind for them yet, so it gets none.
  if (config.faults.profile === 'calm' || config.faults.selection !== undefined) return bursts;
  for (let at = 1 + random.exponential(clocks.burstGapMs); clocks.burstGapMs > 0 && at < config.safetyMs; at += 1 + random.exponential(clocks.burstGapMs)) {
    const node = 1 + random.int(config.nodes);
    const rate = round4(random.chance(0.5) ? 1 + clocks.maxDrift : 1 - clocks.maxDrift);
    const durationMs = 1 + random.exponential(clocks.burstMeanMs);
    bursts.push({ at, kind: 'clock-drift', node, rate, durationMs });
    at += durationMs;
  }
  return bursts;
}

export function validateClocks(clocks: ClockConfig, nodes: number): void {
  assert(typeof clocks === 'object' && clocks !== null, 'config.clocks is missing');
  assert(clocks.maxDrift >= 0 && clocks.maxDrift < 0.5, () => `clocks.maxDrift must be in [0, 0.5), got ${clocks.maxDrift}`);
  assert(clocks.rates.length === nodes && clocks.offsetsMs.length === nodes, () => `clocks need a rate and an offset for each of ${nodes} nodes`);
  for (const rate of clocks.rates) assert(withinDrift(rate, clocks.maxDrift), () => `clock rate ${rate} outside 1 +- ${clocks.maxDrift}`);
  for (const offset of clocks.offsetsMs) assert(Number.isSafeInteger(offset), 'clock offsets must be integer ms');
  assert(clocks.burstGapMs >= 0 && clocks.burstMeanMs >= 0, 'clock burst times out of range');
}

export function withinDrift(rate: number, maxDrift: number): boolean {
  return rate > 0 && Math.abs(rate - 1) <= maxDrift + 1e-9;
}

/** One node's clock: piecewise linear in true time. */
export class NodeClock {
  private anchorTrueMs = 0;
  private anchorNodeMs: number;
  private rate: number;
  /** The exact true time of the latest tick; ticks are scheduled at the next whole ms, without accumulating the rounding. */
  private tickExactMs = 0;

  constructor(
    readonly baseRate: number,
    offsetMs: number,
  ) {
    this.rate = baseRate;
    this.anchorNodeMs = offsetMs;
  }

  /** The clock's reading at true time `trueMs`. */
  read(trueMs: number): number {
    return this.anchorNodeMs + (trueMs - this.anchorTrueMs) * this.rate;
  }

  /** From `trueMs` on, the clock runs at `rate` (a burst, or back to its base rate). It applies from the next tick interval. */
  setRate(trueMs: number, rate: number): void {
    this.anchorNodeMs = this.read(trueMs);
    this.anchorTrueMs = trueMs;
    this.rate = rate;
  }

  /** A tick happens now (the first of an incarnation is placed by the host). */
  firstTick(trueMs: number): void {
    this.tickExactMs = trueMs;
  }

  /** The true time of the tick after the current one: `tickMs` of this clock later. */
  nextTick(tickMs: number): number {
    this.tickExactMs += tickMs / this.rate;
    // Less a float rounding error, so that whole-ms ticks stay where they are.
    return Math.ceil(this.tickExactMs - 1e-9);
  }
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
