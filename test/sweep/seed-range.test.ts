import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSeedRange, parseShard, shardOf, rangeSize, SeedRangeError } from '../../src/sweep/seed-range.js';

const noRandom = (): number => {
  throw new Error('not expected');
};

describe('seed ranges', () => {
  it('parses inclusive ranges', () => {
    expect(parseSeedRange('1..10000', noRandom)).toEqual({ first: 1, last: 10000 });
    expect(parseSeedRange('7..7', noRandom)).toEqual({ first: 7, last: 7 });
  });

  it('parses a count from a random start', () => {
    expect(parseSeedRange('5', () => 100)).toEqual({ first: 100, last: 104 });
  });

  it.each(['5..1', 'x', '1..', '-3..4', '0', '1.5', ''])('rejects %j with a usage error', (text) => {
    expect(() => parseSeedRange(text, () => 1)).toThrow(SeedRangeError);
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
});
