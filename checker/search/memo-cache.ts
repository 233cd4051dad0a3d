/**
 * Lowe's memo: the set of (linearized operations, model state) configurations
 * the search has already entered. Reaching one again cannot lead anywhere new,
 * so the search skips it. This is what makes the backtracking search usable.
 *
 * Built for low allocation: an open-addressing table (linear probing) of
 * entry numbers; per entry a 32-bit hash, its bitset copied into one flat
 * Int32Array, and the state in a plain array. Entries are never removed; the
 * whole cache is dropped when its partition's search ends.
 *
 * Memory is bounded by a shared `CacheAllowance`: when it is used up, `add`
 * reports FULL and the search gives up with an unknown verdict.
 */

import { assert } from '../assert.js';

export const ADDED = 0;
export const ALREADY_SEEN = 1;
export const FULL = 2;
export type AddResult = typeof ADDED | typeof ALREADY_SEEN | typeof FULL;

/** How many more entries all caches of one check may hold together. */
export interface CacheAllowance {
  remaining: number;
}

const MIN_ENTRIES = 32;
/**
 * The first allocation of bitsets is at most this many words (16 MiB), and
 * all of them at most MAX_BITS_WORDS (1 GiB): each entry holds a bitset of
 * the partition's operations, so sizing a partition of n operations for 2n
 * entries asked for n * n / 16 words at once (a 50 MB history of 870,000
 * writes: 16.6 billion, a RangeError). Past the cap, `add` reports FULL and
 * the verdict is unknown, as when the allowance runs out.
 */
const INITIAL_BITS_WORDS = 1 << 22;
const MAX_BITS_WORDS = 1 << 28;

export class MemoCache<State> {
  private slots: Int32Array;
  private mask: number;
  private hashes: Int32Array;
  private bits: Int32Array;
  private states: State[] = [];
  private count = 0;

  /**
   * `expectedEntries` sizes the first allocation; a search usually enters
   * about as many configurations as its partition has operations, so sizing
   * for that avoids regrowing in the common case.
   */
  constructor(
    private readonly words: number,
    private readonly equal: (a: State, b: State) => boolean,
    private readonly allowance: CacheAllowance,
    expectedEntries = MIN_ENTRIES,
  ) {
    assert(words >= 1, 'a bitset has at least one word');
    let capacity = MIN_ENTRIES;
    while (capacity < expectedEntries && capacity * 2 * words <= INITIAL_BITS_WORDS) capacity *= 2;
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity * 2 - 1;
    this.hashes = new Int32Array(capacity);
    this.bits = new Int32Array(capacity * words);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the configuration unless an equal one is present. `hash` must cover both bitset and state. */
  add(hash: number, bitset: Int32Array, state: State): AddResult {
    assert(this.mask >= 0, 'add() on a released cache');
    const words = this.words;
    const slots = this.slots;
    const mask = this.mask;
    let slot = hash & mask;
    for (let stored = slots[slot]!; stored !== 0; stored = slots[slot]!) {
      const entry = stored - 1;
      if (this.hashes[entry] === hash && this.sameBits(entry, bitset, words) && this.equal(this.states[entry]!, state)) {
        return ALREADY_SEEN;
      }
      slot = (slot + 1) & mask;
    }
    if (this.allowance.remaining <= 0) return FULL;
    if (this.count === this.hashes.length && this.bits.length * 2 > MAX_BITS_WORDS) return FULL;
    this.allowance.remaining--;

    const entry = this.count++;
    if (entry === this.hashes.length) this.growEntries();
    this.hashes[entry] = hash;
    this.bits.set(bitset, entry * words);
    this.states.push(state);
    slots[slot] = entry + 1;
    if (this.count * 2 > slots.length) this.growSlots();
    return ADDED;
  }

  /** Frees the memory and hands the entries back to the shared allowance. The cache must not be used afterwards. */
  release(): void {
    this.allowance.remaining += this.count;
    this.count = 0;
    this.slots = new Int32Array(0);
    this.mask = -1;
    this.hashes = new Int32Array(0);
    this.bits = new Int32Array(0);
    this.states = [];
  }

  private sameBits(entry: number, bitset: Int32Array, words: number): boolean {
    const bits = this.bits;
    const offset = entry * words;
    for (let word = 0; word < words; word++) {
      if (bits[offset + word] !== bitset[word]) return false;
    }
    return true;
  }

  private growEntries(): void {
    const hashes = new Int32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const bits = new Int32Array(this.bits.length * 2);
    bits.set(this.bits);
    this.bits = bits;
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hashes[entry]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
