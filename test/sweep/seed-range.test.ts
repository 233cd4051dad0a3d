import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_SEED, parseSeedRange, parseShard, seedsOf, shardOf, rangeSize, SeedRangeError } from '../../src/sweep/seed-range.js';

const noStart = (): number => {
  throw new Error('not expected');
};

describe('seed ranges', () => {
  it('parses inclusive ranges', () => {
    expect(parseSeedRange('1..10000', noStart)).toEqual({ first: 1, last: 10000 });
    expect(parseSeedRange('7..7', noStart)).toEqual({ first: 7, last: 7 });
  });

  it('reads 1e12 as the exact whole number it is', () => {
    expect(parseSeedRange('1..1e12', noStart)).toEqual({ first: 1, last: 1_000_000_000_000 });
    expect(() => parseSeedRange('1..1e16', noStart)).toThrow(/too large/);
  });

  it('parses a count from the start the caller chooses', () => {
    expect(parseSeedRange('5', (count) => 100 + count)).toEqual({ first: 105, last: 109 });
  });

  it.each(['5..1', 'x', '1..', '-3..4', '0', '1.5', '', '1.5..3', '2^3'])('rejects %j with a usage error', (text) => {
    expect(() => parseSeedRange(text, () => 1)).toThrow(SeedRangeError);
  });

  it('names a negative seed instead of mistaking it for a flag', () => {
    expect(() => parseSeedRange('-5..3', noStart)).toThrow(/the first seed must be a whole number >= 0, got -5/);
  });

  it('gives seeds one at a time: the range up to 2^53 costs nothing to start', () => {
    const seeds = seedsOf({ first: 1, last: MAX_SEED });
    expect([seeds.next().value, seeds.next().value, seeds.next().value]).toEqual([1, 2, 3]);
  });
});

describe('shards', () => {
  it.each(['3/2', '0/2', '1/0', 'a/b', '1', '2/'])('rejects %j', (text) => {
    expect(() => parseShard(text)).toThrow(SeedRangeError);
  });

  it('slices a range so that every seed runs exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 40 }), (first, size, count) => {
        const range = { first, last: first + size - 1 };
        const seen: number[] = [];
        for (let index = 1; index <= count; index++) {
          const slice = shardOf(range, { index, count });
          if (slice === null) continue;
          for (let seed = slice.first; seed <= slice.last; seed++) seen.push(seed);
        }
        expect(seen.length).toBe(rangeSize(range));
        seen.forEach((seed, i) => expect(seed).toBe(first + i));
      }),
    );
  });

  it('slices huge ranges exactly: the slices meet with no gap near 2^53', () => {
    const range = { first: 0, last: MAX_SEED - 1 };
    const count = 7;
    let next = range.first;
    for (let index = 1; index <= count; index++) {
      const slice = shardOf(range, { index, count })!;
      expect(slice.first).toBe(next);
      next = slice.last + 1;
    }
    expect(next).toBe(range.last + 1);
  });
});
