/**
 * Goal: the memo cache remembers exactly the (bitset, state) pairs added, no
 * matter how hashes collide, and respects its shared cap. Method: add pairs
 * with deliberately equal hashes, grow past several resizes, and exhaust a
 * small allowance.
 */

import { describe, expect, it } from 'vitest';
import { ADDED, ALREADY_SEEN, FULL, MemoCache } from '../../checker/search/memo-cache.js';
import { mix32, zobristCodes } from '../../checker/search/hashing.js';

const sameNumber = (a: number, b: number): boolean => a === b;

describe('MemoCache', () => {
  it('tells new configurations from seen ones by bitset and state, not by hash alone', () => {
    const cache = new MemoCache<number>(2, sameNumber, { remaining: 100 });
    const bits = Int32Array.of(1, 0);
    expect(cache.add(7, bits, 10)).toBe(ADDED);
    expect(cache.add(7, bits, 10)).toBe(ALREADY_SEEN);
    expect(cache.add(7, bits, 11)).toBe(ADDED); // same hash and bits, other state
    expect(cache.add(7, Int32Array.of(1, 1), 10)).toBe(ADDED); // same hash and state, other bits
    expect(cache.add(8, bits, 10)).toBe(ADDED); // a different hash is a different key (callers hash consistently)
    expect(cache.size).toBe(4);
  });

  it('copies the bitset, so later changes by the search do not alter stored entries', () => {
    const cache = new MemoCache<number>(1, sameNumber, { remaining: 10 });
    const bits = Int32Array.of(5);
    cache.add(1, bits, 0);
    bits[0] = 6;
    expect(cache.add(1, Int32Array.of(5), 0)).toBe(ALREADY_SEEN);
    expect(cache.add(1, bits, 0)).toBe(ADDED);
  });

  it('keeps every entry across many resizes, with colliding and spread hashes', () => {
    const cache = new MemoCache<number>(3, sameNumber, { remaining: 1_000_000 });
    const count = 6_000;
    for (let index = 0; index < count; index++) {
      const hash = index % 50 === 0 ? 42 : mix32(index);
      expect(cache.add(hash, Int32Array.of(index, -index, index >> 3), index % 5)).toBe(ADDED);
    }
    for (let index = 0; index < count; index += 97) {
      const hash = index % 50 === 0 ? 42 : mix32(index);
      expect(cache.add(hash, Int32Array.of(index, -index, index >> 3), index % 5)).toBe(ALREADY_SEEN);
    }
    expect(cache.size).toBe(count);
  });

  it('reports FULL when the shared allowance is used up, and release gives entries back', () => {
    const allowance = { remaining: 3 };
    const first = new MemoCache<number>(1, sameNumber, allowance);
    const second = new MemoCache<number>(1, sameNumber, allowance);
    expect(first.add(1, Int32Array.of(1), 0)).toBe(ADDED);
    expect(first.add(2, Int32Array.of(2), 0)).toBe(ADDED);
    expect(second.add(3, Int32Array.of(3), 0)).toBe(ADDED);
    expect(second.add(4, Int32Array.of(4), 0)).toBe(FULL);
    expect(second.add(3, Int32Array.of(3), 0)).toBe(ALREADY_SEEN); // finding a known entry needs no room
    first.release();
    expect(allowance.remaining).toBe(2);
    expect(first.size).toBe(0);
    expect(() => first.add(1, Int32Array.of(1), 0)).toThrow(/released/);
    expect(second.add(4, Int32Array.of(4), 0)).toBe(ADDED);
  });
});

describe('Zobrist codes', () => {
  it('are deterministic and distinct', () => {
    const codes = zobristCodes(5000);
    expect(zobristCodes(5000)).toEqual(codes);
    expect(new Set(codes).size).toBe(5000);
  });

  it('sizes its first allocation within bounds for a partition of a million operations', () => {
    // Before: 2n entries of n/32 words each at once, 16.6 billion words for a 50 MB history of 870,000 writes: a RangeError (exit 255).
    const words = 27_200;
    const cache = new MemoCache<number>(words, sameNumber, { remaining: 2_000_000 }, 1_740_000);
    const bits = new Int32Array(words);
    let added = 0;
    for (let hash = 0; added < 100; hash++) if (cache.add(hash, bits, hash) === ADDED) added++;
    expect(cache.size).toBe(100);
    cache.release();
  }, 60_000);
});
