/**
 * Small byte arrays carved out of shared 64 KiB buffers. A typed array with
 * a buffer of its own costs an off-heap allocation (a WAL record, its frame
 * and the step's append are each one, several per step); a view into a
 * shared buffer costs only the view object. A slab is never reused: its
 * bytes live as long as any view into it, and views start zeroed, like
 * `new Uint8Array(length)`. Users must honour `byteOffset` (as every typed
 * array user should).
 */

const SLAB_BYTES = 64 * 1024;
/** Larger arrays get a buffer of their own. */
export const MAX_SLAB_BYTES = 4 * 1024;

let slab = new Uint8Array(SLAB_BYTES);
let used = 0;

/** A zeroed array of `length` bytes. */
export function allocateBytes(length: number): Uint8Array {
  if (length > MAX_SLAB_BYTES) return new Uint8Array(length);
  const start = reserve(length);
  used = start + length;
  return slab.subarray(start, used);
}

/**
 * For writers that learn the length only by writing (TextEncoder.encodeInto):
 * `room(max)` returns the free bytes (at least `max` <= MAX_SLAB_BYTES) without
 * taking them, `take(length)` then takes the first `length` of them.
 */
export function room(max: number): Uint8Array {
  const start = reserve(max);
  return slab.subarray(start, start + max);
}

export function take(length: number): Uint8Array {
  const bytes = slab.subarray(used, used + length);
  used += length;
  return bytes;
}

/** Where `length` bytes fit: the current slab, or a fresh one. */
function reserve(length: number): number {
  if (used + length > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES);
    used = 0;
  }
  return used;
}
