/**
 * Reading the WAL's frames (record-framing.ts) when the disk may lie.
 *
 * A crash can only leave a torn tail: a prefix of the last append, which was
 * never synced, so nothing the node sent depended on it and it may be cut.
 * Anything else that fails to read is corruption of synced data (bit rot, a
 * misdirected or lost write) and must never be silently cut: the records it
 * hid may hold an acknowledged entry or a vote (Alagappan et al., FAST 2018,
 * section 3: treating such corruption as a crash loses data).
 *
 * How the two are told apart, frame by frame:
 * - a frame whose checksum fails although its length fits the file is corrupt;
 *   reading skips it (the length is trusted only to try the next frame) and
 *   goes on, so that the records after it still count as evidence;
 * - a zero-length frame is corrupt (a lost write reads as zeros; no writer
 *   frames an empty payload);
 * - a frame that runs past the end of the file is torn only if it looks like
 *   the prefix of a real record: its payload bytes are a prefix of a record's
 *   opening, and no prefix of them checksums as a whole record (which would
 *   mean the length, not the data, was damaged). Otherwise it is corrupt.
 */

import { crc32 } from './crc32.js';
import { looksTornFrame, readU32, RECORD_HEADER_BYTES } from './record-framing.js';

export interface WalScan {
  /** The checksum-valid payloads in file order, each with whether a damaged frame came before it. */
  readonly records: { readonly payload: Uint8Array; readonly frame: Uint8Array; readonly afterDamage: boolean }[];
  /** A torn tail (an unsynced append cut by a crash) was found at the end. */
  readonly torn: boolean;
  /** Frames that failed for a reason a crash cannot explain. */
  readonly corruptFrames: number;
  /** Reading lost its footing after a corrupt frame: what followed could not be framed at all. */
  readonly unreadableRest: boolean;
}

/** How every WAL record payload opens (wal-record.ts: compact JSON with a one-letter key). */
const RECORD_OPENINGS = ['{"b":[', '{"h":[', '{"e":['].map((text) => new TextEncoder().encode(text));

/** The largest frame a writer produces is far below this; a longer declared length is damage. */
const MAX_RECORD_BYTES = 1 << 24;

/** Injected bugs (src/bugs/catalog.ts) in telling a torn tail from damage. */
export interface WalScanBugs {
  /**
   * `zeroed-record-read-as-log-end` (etcd's WAL reads a zero-filled
   * preallocated region as the end of the log): a zero-length frame ends the
   * log like a torn tail, so a lost write in the middle silently cuts it.
   */
  readonly zerosEndTheLog?: boolean;
  /**
   * `damaged-tail-read-as-torn`: a frame that fails to read with no readable
   * record after it is taken for a torn tail, whatever its shape, as if the
   * last append could never have been synced (FAST 2018, section 3: without
   * knowing the synced length, corruption of the last records looks like a
   * crash); a lost or damaged acknowledged append is silently cut.
   */
  readonly damagedTailIsTorn?: boolean;
}

export function scanWal(bytes: Uint8Array, bugs: WalScanBugs = {}): WalScan {
  const records: { payload: Uint8Array; frame: Uint8Array; afterDamage: boolean }[] = [];
  let corruptFrames = 0;
  let offset = 0;
  while (offset < bytes.length) {
    const remaining = bytes.length - offset;
    const damaged = corruptFrames > 0;
    if (remaining < RECORD_HEADER_BYTES) {
      // A header cut short is what a torn append leaves, unless damage came before it (then
      // the offset itself is not to be trusted).
      if (damaged) return { records, torn: false, corruptFrames: corruptFrames + 1, unreadableRest: true };
      return { records, torn: true, corruptFrames, unreadableRest: false };
    }
    const length = readU32(bytes, offset);
    const checksum = readU32(bytes, offset + 4);
    const start = offset + RECORD_HEADER_BYTES;
    if (length > remaining - RECORD_HEADER_BYTES) {
      if (!damaged && (bugs.damagedTailIsTorn === true || (length <= MAX_RECORD_BYTES && looksTornFrame(bytes, start, checksum, RECORD_OPENINGS)))) return { records, torn: true, corruptFrames, unreadableRest: false };
      return { records, torn: false, corruptFrames: corruptFrames + 1, unreadableRest: true };
    }
    if (length === 0 && bugs.zerosEndTheLog === true) return { records, torn: true, corruptFrames, unreadableRest: false };
    if (length === 0 || crc32(bytes, start, start + length) !== checksum) {
      if (!damaged && bugs.damagedTailIsTorn === true && scanWal(bytes.subarray(start + length)).records.length === 0) return { records, torn: true, corruptFrames, unreadableRest: false };
      corruptFrames++;
      offset = start + length;
      continue;
    }
    records.push({ payload: bytes.subarray(start, start + length), frame: bytes.subarray(offset, start + length), afterDamage: damaged });
    offset = start + length;
  }
  return { records, torn: false, corruptFrames, unreadableRest: false };
}
