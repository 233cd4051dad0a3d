/**
 * Record framing shared by the WAL and the snapshot file:
 *   [payload length: u32 LE][CRC-32 of payload: u32 LE][payload]
 * A crash can leave a torn prefix of the last record; reading stops at the
 * first record that is incomplete or fails its checksum, and reports how many
 * bytes were good.
 */

import { assert } from '../util/assert.js';
import { allocateBytes, MAX_SLAB_BYTES, room, take } from './byte-slab.js';
import { crc32, somePrefixHasCrc } from './crc32.js';

export const RECORD_HEADER_BYTES = 8;

export function frameRecords(payloads: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const payload of payloads) total += RECORD_HEADER_BYTES + payload.length;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const payload of payloads) {
    view.setUint32(offset, payload.length, true);
    view.setUint32(offset + 4, crc32(payload), true);
    bytes.set(payload, offset + RECORD_HEADER_BYTES);
    offset += RECORD_HEADER_BYTES + payload.length;
  }
  assert(offset === total, 'framing size mismatch');
  return bytes;
}

/**
 * One framed record, payload included. A record written many times (an
 * entry goes to every follower's WAL and into every compacted WAL image) is
 * framed, and checksummed, once: see `joinFrames`.
 */
export function frameRecord(payload: Uint8Array): Uint8Array {
  const bytes = allocateBytes(RECORD_HEADER_BYTES + payload.length);
  writeHeader(bytes, payload.length, crc32(payload));
  bytes.set(payload, RECORD_HEADER_BYTES);
  return bytes;
}

const encoder = new TextEncoder();

/** `frameRecord` of the UTF-8 bytes of `text`, encoded straight into the frame (no payload array in between). */
export function frameText(text: string): Uint8Array {
  // UTF-8 needs at most 3 bytes per UTF-16 code unit.
  const most = RECORD_HEADER_BYTES + 3 * text.length;
  if (most > MAX_SLAB_BYTES) return frameRecord(encoder.encode(text));
  const target = room(most);
  const { written } = encoder.encodeInto(text, target.subarray(RECORD_HEADER_BYTES));
  const bytes = take(RECORD_HEADER_BYTES + written);
  writeHeader(bytes, written, crc32(bytes, RECORD_HEADER_BYTES, RECORD_HEADER_BYTES + written));
  return bytes;
}

/** Both u32 little-endian, stored byte by byte: a DataView per frame was garbage on the hottest write path. */
function writeHeader(frame: Uint8Array, length: number, checksum: number): void {
  frame[0] = length & 0xff;
  frame[1] = (length >>> 8) & 0xff;
  frame[2] = (length >>> 16) & 0xff;
  frame[3] = length >>> 24;
  frame[4] = checksum & 0xff;
  frame[5] = (checksum >>> 8) & 0xff;
  frame[6] = (checksum >>> 16) & 0xff;
  frame[7] = checksum >>> 24;
}

/** The CRC-32 a frame's header holds (written by writeHeader). */
export function frameChecksum(frame: Uint8Array): number {
  return readU32(frame, 4);
}

/** The u32 little-endian at `offset` (within bounds), read byte by byte: a DataView per read file was garbage at every restart. */
export function readU32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] as number) | ((bytes[offset + 1] as number) << 8) | ((bytes[offset + 2] as number) << 16) | ((bytes[offset + 3] as number) << 24)) >>> 0;
}

/**
 * The first `count` of `frames` (already framed records), back to back, in a new array (frames are shared):
 * the bytes `frameRecords` gives for their payloads.
 */
export function joinFrames(frames: readonly Uint8Array[], count = frames.length): Uint8Array {
  let total = 0;
  for (let k = 0; k < count; k++) total += frames[k]!.length;
  const bytes = allocateBytes(total);
  let offset = 0;
  for (let k = 0; k < count; k++) {
    const frame = frames[k]!;
    bytes.set(frame, offset);
    offset += frame.length;
  }
  return bytes;
}

export interface UnframedRecords {
  payloads: Uint8Array[];
  /** Bytes covered by whole, checksum-valid records. */
  validLength: number;
  /** Why reading stopped before the end, if it did. */
  damage: 'torn' | 'corrupt' | null;
}

export function unframeRecords(bytes: Uint8Array): UnframedRecords {
  const payloads: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < RECORD_HEADER_BYTES) return { payloads, validLength: offset, damage: 'torn' };
    const length = readU32(bytes, offset);
    const checksum = readU32(bytes, offset + 4);
    const start = offset + RECORD_HEADER_BYTES;
    if (length > bytes.length - start) return { payloads, validLength: offset, damage: 'torn' };
    if (crc32(bytes, start, start + length) !== checksum) return { payloads, validLength: offset, damage: 'corrupt' };
    payloads.push(bytes.subarray(start, start + length));
    offset = start + length;
  }
  return { payloads, validLength: offset, damage: null };
}

/**
 * Whether the bytes from `start` (after a header whose length runs past the
 * end, with checksum `checksum`) are what a crash leaves in the middle of an
 * append: the start of some record (a prefix of one of `openings`), and not a
 * whole one. A whole record is told by its checksum matching some prefix of
 * those bytes, not only all of them: a flipped high bit of a length field
 * makes the frame run past the end while its whole payload, and whatever
 * follows it, are still there. Reading that as torn would silently drop synced
 * data (the WAL's records after it, the newer hard-state copy).
 */
export function looksTornFrame(bytes: Uint8Array, start: number, checksum: number, openings: readonly Uint8Array[]): boolean {
  if (somePrefixHasCrc(bytes, start, bytes.length, checksum)) return false;
  const seen = bytes.length - start;
  return openings.some((opening) => {
    const n = Math.min(seen, opening.length);
    for (let k = 0; k < n; k++) if (bytes[start + k] !== opening[k]) return false;
    return true;
  });
}
