/**
 * Seeded randomness, split into named streams.
 *
 * Every random decision of a run comes from one of these streams, and each
 * stream is seeded from (run seed, stream name) alone. So a new draw added in
 * one concern (say, a new disk fault) never shifts the draws of another (the
 * workload or the network): plans stay comparable across code changes, which
 * shrinking relies on.
 */

import seedrandom from 'seedrandom';
import { assert } from '../util/assert.js';

/** The stream names a run uses; one place so that two concerns never share one by accident. */
export type StreamName =
  | 'swarm'
  | 'workload'
  | 'faults'
  | 'network'
  | 'disk'
  | 'clients'
  | 'aims'
  | 'pipeline'
  | 'features'
  | 'transfers'
  | 'reconfig'
  | 'storage-faults'
  | 'clocks'
  | 'clock-bursts'
  | 'read-mode'
  | 'leader-faults'
  | 'quiet'
  | 'reorder'
  | 'readers'
  | 'reader-ops'
  | 'depositions'
  | 'deposition-clocks'
  | 'deposition-shapes'
  | 'inflight'
  | 'transitions'
  | 'storage-aftermath'
  | 'election-storms'
  | 'rejoins'
  | 'transition-shapes'
  | 'sticky-reader'
  | 'leader-outages'
  | 'snapshot-echoes'
  | 'winner-reader'
  | 'leader-reply-replays'
  | `timers/n${number}`;

export class RandomStream {
  private readonly next: () => number;

  constructor(
    readonly seed: number,
    readonly name: StreamName,
  ) {
    assert(Number.isSafeInteger(seed), () => `seed must be a safe integer, got ${seed}`);
    // Alea: fast, good enough statistically, and fully determined by the string seed.
    this.next = seedrandom.alea(`raft-check:${seed}:${name}`);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** An integer in [0, bound). */
  int(bound: number): number {
    // The draws' checks build their messages only on failure: a closure per draw was garbage on hot paths.
    if (!Number.isSafeInteger(bound) || bound <= 0) assert(false, `int bound must be a positive integer, got ${bound}`);
    return Math.floor(this.next() * bound);
  }

  /** An integer in [min, max], both inclusive. */
  range(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) assert(false, `bad range [${min}, ${max}]`);
    return min + this.int(max - min + 1);
  }

  /** True with probability p. Draws nothing when p is 0, so a disabled fault costs no draws. */
  chance(p: number): boolean {
    if (!(p >= 0 && p <= 1)) assert(false, `probability out of range: ${p}`);
    if (p === 0) return false;
    return this.next() < p;
  }

  /** A float in [min, max). */
  uniform(min: number, max: number): number {
    if (!(min <= max)) assert(false, `bad uniform range [${min}, ${max})`);
    return min + this.next() * (max - min);
  }

  /** An exponentially distributed integer >= 0 with the given mean (rounded down). */
  exponential(mean: number): number {
    if (!(mean >= 0)) assert(false, `negative mean ${mean}`);
    if (mean === 0) return 0;
    return Math.floor(-Math.log(1 - this.next()) * mean);
  }

  pick<T>(items: readonly T[]): T {
    assert(items.length > 0, 'pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    // for...in walks the keys in Object.entries order (weights are plain records: nothing inherited is
    // enumerable) without building an entries list per draw; a plan draws one per operation.
    let total = 0;
    for (const key in weights) total += weights[key];
    assert(total > 0, 'weighted pick with no positive weight');
    let point = this.next() * total;
    let last: K | undefined;
    for (const key in weights) {
      const weight = weights[key];
      if (point < weight) return key;
      point -= weight;
      last = key;
    }
    return last as K;
  }

  /** A random subset of `items` of exactly `size` elements, kept in the items' order. */
  subset<T>(items: readonly T[], size: number): T[] {
    assert(size >= 0 && size <= items.length, () => `subset size ${size} of ${items.length}`);
    const chosen = [...items];
    // Partial Fisher-Yates, then restore the original order for readable output.
    for (let i = 0; i < size; i++) {
      const j = i + this.int(chosen.length - i);
      [chosen[i], chosen[j]] = [chosen[j] as T, chosen[i] as T];
    }
    const picked = new Set(chosen.slice(0, size));
    return items.filter((item) => picked.has(item));
  }
}

/** A stream per name, created on first use. */
export class RandomStreams {
  private readonly streams = new Map<StreamName, RandomStream>();

  constructor(readonly seed: number) {}

  get(name: StreamName): RandomStream {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = new RandomStream(this.seed, name);
      this.streams.set(name, stream);
    }
    return stream;
  }
}
