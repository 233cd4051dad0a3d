/**
 * Baagoe's Alea generator, computing exactly what seedrandom's `alea(seed)`
 * (lib/alea.js, 3.0.5) computes: the same Mash seeding over the seed string
 * and the same multiply-with-carry step, operation for operation, so every
 * stream draws the very numbers it drew through seedrandom (and an exec node
 * that rebuilds its generator with seedrandom draws what ours does;
 * test/sim/alea.test.ts compares the two).
 *
 * Why not seedrandom itself: a run makes a generator per stream, per node
 * start and per ghost recovery, and seedrandom's builds five closures and a
 * Mash closure each time and hashes three one-space strings first (the same
 * every time); and each draw goes through a closure reading its state from
 * another object. Here the state is four fields of one object, and the
 * one-space prefix of the seeding is computed once.
 */

/** 2^-32. */
const TWO_TO_MINUS_32 = 2.3283064365386963e-10;

/** Mash's state before any input, as seedrandom starts it. */
const MASH_START = 0xefc8249d;

/** Feeds `data` into Mash state `n`; returns the new state (its value is `mashValue(state)`). */
function mashState(n: number, data: string): number {
  for (let i = 0; i < data.length; i++) {
    n += data.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * 0x100000000; // 2^32
  }
  return n;
}

function mashValue(n: number): number {
  return (n >>> 0) * TWO_TO_MINUS_32;
}

/** seedrandom mashes ' ' three times before the seed, whatever the seed: that prefix once, here. */
const SPACE_1 = mashState(MASH_START, ' ');
const SPACE_2 = mashState(SPACE_1, ' ');
const SPACE_3 = mashState(SPACE_2, ' ');
const S0_START = mashValue(SPACE_1);
const S1_START = mashValue(SPACE_2);
const S2_START = mashValue(SPACE_3);

export class Alea {
  private s0: number;
  private s1: number;
  private s2: number;
  private c = 1;

  constructor(seed: string) {
    // The Mash state runs on through the three mashes of the seed, as in seedrandom.
    let n = mashState(SPACE_3, seed);
    let s0 = S0_START - mashValue(n);
    if (s0 < 0) s0 += 1;
    n = mashState(n, seed);
    let s1 = S1_START - mashValue(n);
    if (s1 < 0) s1 += 1;
    n = mashState(n, seed);
    let s2 = S2_START - mashValue(n);
    if (s2 < 0) s2 += 1;
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
  }

  /** A float in [0, 1): seedrandom's `prng()`. */
  next(): number {
    const t = 2091639 * this.s0 + this.c * TWO_TO_MINUS_32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    return (this.s2 = t - this.c);
  }
}
