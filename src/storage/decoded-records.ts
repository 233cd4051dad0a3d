/**
 * WAL records already decoded, found again by their bytes.
 *
 * A node reads its whole WAL (and its snapshot and hard-state copies) at every
 * restart, and the simulator's ghost recoveries (src/sim/oracles/ghost-recovery.ts)
 * read them again and again: mostly the same records, each decoded by
 * JSON.parse into new objects, whose commands then have their digests
 * computed again (raft/types.ts). Decoded
 * records are immutable (Raft shares entries between logs and messages), so a
 * record read before is handed out again: same bytes, same record. The frame's
 * checksum, verified already by the reader, picks the candidates; the payload
 * bytes decide. What is decoded is exactly what JSON.parse of those bytes
 * gives, so nothing a node does can tell the difference.
 */

interface Decoded<T> {
  readonly payload: Uint8Array;
  readonly value: T;
}

/** Beyond this many, the memory starts over: a sweep runs thousands of seeds in one process, each with its own records. */
const MAX_RECORDS = 20_000;

export class DecodedRecords<T> {
  /** Keyed by the checksum as a signed 32-bit integer: a small integer key, where half the unsigned ones would be heap numbers hashed on every lookup. */
  private readonly byChecksum = new Map<number, Decoded<T>[]>();
  private size = 0;

  /** `maxRecords`: how many it holds before it starts over (fewer for large records such as snapshots). */
  constructor(private readonly maxRecords = MAX_RECORDS) {}

  /** The value decoded before from bytes equal to `payload` (whose CRC-32 is `checksum`), if any. */
  find(checksum: number, payload: Uint8Array): T | undefined {
    const candidates = this.byChecksum.get(checksum | 0);
    if (candidates === undefined) return undefined;
    for (const candidate of candidates) if (sameBytes(candidate.payload, payload)) return candidate.value;
    return undefined;
  }

  /** `payload` is kept, not copied: it must never change (and should not be a view into a whole file, which it would keep alive). */
  remember(checksum: number, payload: Uint8Array, value: T): void {
    if (this.size >= this.maxRecords) {
      this.byChecksum.clear();
      this.size = 0;
    }
    const candidates = this.byChecksum.get(checksum | 0);
    if (candidates === undefined) this.byChecksum.set(checksum | 0, [{ payload, value }]);
    else candidates.push({ payload, value });
    this.size++;
  }
}

/**
 * Equal bytes. A plain loop, not Buffer.compare: the storage core imports
 * nothing from Node (test/raft/determinism.test.ts), so it runs anywhere.
 * Candidates share the checksum and length already, so a loop rarely runs to
 * the end on bytes that differ.
 */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
