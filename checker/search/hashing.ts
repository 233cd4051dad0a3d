/**
 * 32-bit hashing for the memo cache. JavaScript has no fast 64-bit multiply,
 * so everything stays in 32 bits with Math.imul.
 *
 * The linearized set is hashed Zobrist-style: every operation gets a fixed
 * pseudo-random code and a set hashes to the XOR of its members' codes. Adding
 * or removing one operation is then a single XOR instead of a pass over the
 * whole bitset.
 */

/** MurmurHash3's 32-bit finalizer: spreads every input bit over the output. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Deterministic per-operation codes for Zobrist hashing of a set of `count` operations. */
export function zobristCodes(count: number): Int32Array {
  const codes = new Int32Array(count);
  for (let operation = 0; operation < count; operation++) {
    // Distinct inputs (golden-ratio stride) through a bijective mixer give distinct codes.
    codes[operation] = mix32(Math.imul(operation + 1, 0x9e3779b9));
  }
  return codes;
}
