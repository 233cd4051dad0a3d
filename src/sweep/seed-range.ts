/**
 * Seed ranges and CI shards. A sweep is an inclusive range of seeds
 * `first..last`; `--shard K/N` keeps the K-th of N contiguous slices, so N
 * machines each run one slice and together run every seed exactly once.
 * Seeds are produced one at a time (`seedsOf`): a range of 10^12 seeds costs
 * no more memory than a range of ten.
 */

export class SeedRangeError extends Error {
  override readonly name = 'SeedRangeError';
}

export interface SeedRange {
  readonly first: number;
  readonly last: number;
}

export interface Shard {
  /** 1-based slice number. */
  readonly index: number;
  readonly count: number;
}

export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** A whole number >= 0, written plainly or as 1e12 (exact: no fractions, nothing beyond 2^53). */
function parseSeed(text: string, what: string): number {
  if (/^-\s*\d/.test(text)) throw new SeedRangeError(`${what} must be a whole number >= 0, got ${text}`);
  if (!/^\d+(?:e\d+)?$/i.test(text)) throw new SeedRangeError(`${what} must be a whole number >= 0, got "${text}"`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new SeedRangeError(`${what} is too large: ${text} (the largest seed is ${MAX_SEED})`);
  return value;
}

/**
 * "A..B" is the inclusive range; a bare "N" means N seeds starting at
 * `startOf(N)` (which the caller chooses and prints, so the sweep can be rerun).
 */
export function parseSeedRange(text: string, startOf: (count: number) => number): SeedRange {
  const trimmed = text.trim();
  const match = /^(-?\s*[^.\s]+)\s*\.\.\s*(-?\s*[^.\s]+)$/.exec(trimmed);
  if (match) {
    const first = parseSeed(match[1]!, 'the first seed');
    const last = parseSeed(match[2]!, 'the last seed');
    if (last < first) throw new SeedRangeError(`empty seed range ${trimmed}: the last seed is below the first (write ${last}..${first}?)`);
    return { first, last };
  }
  const dashed = /^(\d+)\s*(?:-|:|\u2013|\u2026)\s*(\d+)$/.exec(trimmed);
  if (dashed) throw new SeedRangeError(`--seeds writes a range with two dots: ${dashed[1]}..${dashed[2]}, not "${trimmed}"`);
  if (/^\d/.test(trimmed) && !trimmed.includes('.')) {
    const count = parseSeed(trimmed, 'the seed count');
    if (count === 0) throw new SeedRangeError('--seeds 0 runs nothing; give a count >= 1 or a range A..B');
    const first = startOf(count);
    if (first + count - 1 > MAX_SEED) throw new SeedRangeError(`--seeds ${trimmed} is too many seeds (the largest seed is ${MAX_SEED})`);
    return { first, last: first + count - 1 };
  }
  throw new SeedRangeError(`--seeds takes a range A..B (e.g. 1..10000) or a count N, got "${text}"`);
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new SeedRangeError(`--shard takes K/N (e.g. 2/8), got "${text}"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || !Number.isSafeInteger(count)) throw new SeedRangeError(`--shard ${text}: N must be at least 1`);
  if (index < 1 || index > count) throw new SeedRangeError(`--shard ${text}: K must be between 1 and N`);
  return { index, count };
}

export function rangeSize(range: SeedRange): number {
  return range.last - range.first + 1;
}

/**
 * The K-th of N contiguous slices (null when empty: N exceeds the range size).
 * Computed in BigInt: (K-1) * size overflows doubles for ranges near 2^53.
 */
export function shardOf(range: SeedRange, shard: Shard): SeedRange | null {
  const size = BigInt(rangeSize(range));
  const start = Number((BigInt(shard.index - 1) * size) / BigInt(shard.count));
  const end = Number((BigInt(shard.index) * size) / BigInt(shard.count));
  if (end <= start) return null;
  return { first: range.first + start, last: range.first + end - 1 };
}

/** The seeds of a range in order, one at a time. */
export function* seedsOf(range: SeedRange): Generator<number> {
  for (let seed = range.first; seed <= range.last; seed++) yield seed;
}

export function formatRange(range: SeedRange): string {
  return `${range.first}..${range.last}`;
}
