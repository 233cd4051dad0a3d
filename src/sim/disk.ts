/**
 * One node's simulated disk: named files, a page cache, and crash semantics.
 *
 * Per the node contract (src/harness/api.ts):
 * - `append` and `write` change the page cache at once (the node's own view);
 *   they are not durable.
 * - `sync` (the completion of an fsync) makes a file's current content durable.
 * - `rename` and `delete` are directory operations, durable at once. A rename
 *   moves the file with its durable bytes and its unsynced tail.
 * - `crash` throws away unsynced bytes: usually all of them, sometimes a torn
 *   prefix (cut at any byte) of the unsynced tail survives.
 *
 * A file is kept as durable chunks plus an unsynced tail of chunks, so that
 * appending and syncing cost O(bytes written), never O(file size).
 *
 * Storage faults beyond crashes (issue 14, storage-faults.ts) break the
 * contract on purpose, and only when the plan says so:
 * - `damage` changes durable bytes at rest (bit rot, a garbage block, a block
 *   written to the wrong place);
 * - `loseNextSync` makes the next fsync of a file report success while the
 *   appended bytes stay volatile: the next crash turns them into zeros;
 * - `failReadsAtNextStart` makes a region read as zeros at the next restart
 *   only (a latent sector error), the bytes at rest staying intact.
 */

import { allocateBytes } from '../storage/byte-slab.js';
import { assert } from '../util/assert.js';
import type { RandomStream } from './random.js';

interface SimFile {
  /** Durable content, as chunks; undefined when the file does not durably exist. */
  durable: Uint8Array[] | undefined;
  /** True when a `write` replaced the content since the last sync: the tail then stands alone. */
  replaced: boolean;
  /** Unsynced bytes: appended after the durable content, or (if `replaced`) the whole new content. */
  tail: Uint8Array[];
  /** Byte ranges of the durable content whose fsync was a lost write: zeros after the next crash. */
  lost?: { from: number; to: number }[];
}

/** A byte range of one file. */
export interface FileRegion {
  file: string;
  from: number;
  to: number;
}

/** What a crash did to one file, for the trace and statistics. */
export interface CrashLoss {
  file: string;
  lostBytes: number;
  /** Bytes of the unsynced tail that survived (a torn write), 0 when all were lost. */
  keptBytes: number;
}

export class Disk {
  private readonly files = new Map<string, SimFile>();
  /** Files whose next fsync is a lost write. */
  private readonly loseNext = new Set<string>();
  /** Regions that read as zeros at the next restart (durableFiles). */
  private readErrors: FileRegion[] = [];
  /**
   * Whether the latest crash zeroed the bytes of a lost write. A lost write may
   * be armed in one incarnation (or while the node is down) and fsynced in a
   * later one, so the simulator learns here, not when it armed the fault, which
   * crash actually took durable data away.
   */
  lastCrashZeroedLostWrite = false;

  append(name: string, bytes: Uint8Array): void {
    const file = this.files.get(name) ?? this.create(name);
    // Copy: like write(2), the disk keeps the bytes as they were at the call. Into a shared slab
    // (byte-slab.ts): an append comes with nearly every step, and a buffer of its own per copy is an off-heap allocation.
    const copy = allocateBytes(bytes.length);
    copy.set(bytes);
    file.tail.push(copy);
  }

  write(name: string, bytes: Uint8Array): void {
    const file = this.files.get(name) ?? this.create(name);
    file.replaced = true;
    const copy = allocateBytes(bytes.length);
    copy.set(bytes);
    file.tail = [copy];
  }

  /** Completes an fsync: everything written to the file so far becomes durable. */
  sync(name: string): void {
    const file = this.files.get(name);
    // fsync of a file that does not exist is a node bug (it would be EBADF/ENOENT).
    if (file === undefined) assert(false, `fsync of missing file ${name}`);
    if (this.loseNext.delete(name) && !file.replaced && file.durable !== undefined && file.tail.length > 0) {
      const from = byteLength(file.durable);
      (file.lost ??= []).push({ from, to: from + byteLength(file.tail) });
    }
    if (file.replaced || file.durable === undefined) {
      file.durable = file.tail;
      delete file.lost;
    } else for (const chunk of file.tail) file.durable.push(chunk);
    file.replaced = false;
    file.tail = [];
  }

  rename(from: string, to: string): void {
    const file = this.files.get(from);
    assert(file !== undefined, () => `rename of missing file ${from}`);
    assert(from !== to, () => `rename of ${from} onto itself`);
    this.files.delete(from);
    this.files.set(to, file);
  }

  delete(name: string): void {
    // Deleting a missing file is tolerated (rm -f), it changes nothing.
    this.files.delete(name);
  }

  exists(name: string): boolean {
    return this.files.has(name);
  }

  /** The page-cache content (what the node believes it wrote); for tests and reports. */
  content(name: string): Uint8Array | undefined {
    const file = this.files.get(name);
    if (file === undefined) return undefined;
    return concat(file.replaced ? file.tail : [...(file.durable ?? []), ...file.tail]);
  }

  /**
   * Power loss: each file with unsynced bytes loses them, except that with
   * probability `tornRate` a prefix of the unsynced tail (cut at a random
   * byte) reaches the disk. A never-synced file that keeps nothing vanishes.
   */
  crash(random: RandomStream, tornRate: number): CrashLoss[] {
    const losses: CrashLoss[] = [];
    this.lastCrashZeroedLostWrite = false;
    for (const file of this.files.values()) this.dropLostWrites(file);
    // A lost write armed for an fsync that never came is over: the fault belongs to this incarnation.
    this.loseNext.clear();
    for (const [name, file] of [...this.files]) {
      const tailBytes = byteLength(file.tail);
      if (!file.replaced && tailBytes === 0) {
        if (file.durable === undefined) this.files.delete(name); // created, never synced, empty
        continue;
      }
      const kept = tailBytes > 0 && random.chance(tornRate) ? random.int(tailBytes) : 0;
      const keptTail = kept > 0 ? [concat(file.tail).subarray(0, kept)] : [];
      losses.push({ file: name, lostBytes: tailBytes - kept, keptBytes: kept });
      if (file.replaced) {
        // A torn replacement: the truncation reached the disk and a prefix of the new bytes.
        if (kept > 0) file.durable = keptTail;
      } else if (kept > 0) {
        file.durable = [...(file.durable ?? []), ...keptTail];
      }
      file.replaced = false;
      file.tail = [];
      if (file.durable === undefined) this.files.delete(name);
    }
    return losses;
  }

  /** The durable files, each as one byte array, in name order (what a restarting node gets, read errors included). */
  durableFiles(): Map<string, Uint8Array> {
    const result = new Map<string, Uint8Array>();
    for (const name of [...this.files.keys()].sort()) {
      const file = this.files.get(name) as SimFile;
      assert(!file.replaced && file.tail.length === 0, () => `durableFiles() with unsynced data in ${name}: crash first`);
      if (file.durable !== undefined) result.set(name, concat(file.durable));
    }
    for (const region of this.readErrors) result.get(region.file)?.fill(0, region.from, region.to);
    this.readErrors = [];
    return result;
  }

  /**
   * What the most pessimistic crash now would leave, without crashing: each file's durable bytes
   * and none of its unsynced ones (a file replaced since its last sync keeps its old content, one
   * never synced is gone). Read-only, for the ghost recovery (oracles/ghost-recovery.ts). Null while
   * a lost write would zero durable bytes at that crash: what it would leave is then a storage
   * fault's doing, which voids the node's promises (oracles/promise-voiding.ts).
   */
  crashImage(): Map<string, Uint8Array> | null {
    const image = new Map<string, Uint8Array>();
    for (const name of [...this.files.keys()].sort()) {
      const file = this.files.get(name) as SimFile;
      if (file.lost !== undefined) return null;
      if (file.durable !== undefined) image.set(name, concat(file.durable));
    }
    return image;
  }

  /** The durable size of each durably existing file, in name order (where storage faults may land). */
  durableSizes(): { file: string; bytes: number }[] {
    const sizes: { file: string; bytes: number }[] = [];
    for (const name of [...this.files.keys()].sort()) {
      const durable = this.files.get(name)!.durable;
      if (durable !== undefined) sizes.push({ file: name, bytes: byteLength(durable) });
    }
    return sizes;
  }

  /** Durable bytes of a file at rest, for a storage fault to read (a misdirected block's source). */
  durableBytes(name: string): Uint8Array | undefined {
    const durable = this.files.get(name)?.durable;
    return durable === undefined ? undefined : concat(durable);
  }

  /** Replace durable bytes at `offset` (clipped to the file): bit rot, garbage, a misdirected block. */
  damage(name: string, offset: number, bytes: Uint8Array): void {
    const file = this.files.get(name);
    assert(file?.durable !== undefined, () => `damage of ${name}, which is not durable`);
    const content = concat(file.durable);
    content.set(bytes.subarray(0, Math.max(0, content.length - offset)), offset);
    file.durable = [content];
  }

  /** The next fsync of `name` reports success but its bytes are lost at the next crash. */
  loseNextSync(name: string): void {
    this.loseNext.add(name);
  }

  /** A region that reads as zeros at the next restart only. */
  failReadsAtNextStart(region: FileRegion): void {
    this.readErrors.push(region);
  }

  private dropLostWrites(file: SimFile): void {
    if (file.lost === undefined || file.durable === undefined) return;
    const content = concat(file.durable);
    for (const { from, to } of file.lost) content.fill(0, from, to);
    if (file.lost.some(({ from, to }) => to > from)) this.lastCrashZeroedLostWrite = true;
    file.durable = [content];
    delete file.lost;
  }

  private create(name: string): SimFile {
    const file: SimFile = { durable: undefined, replaced: false, tail: [] };
    this.files.set(name, file);
    return file;
  }
}

function byteLength(chunks: readonly Uint8Array[]): number {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  return total;
}

/**
 * The chunks' bytes in one new array of its own bytes (nobody else's view), carved out of a shared
 * slab (byte-slab.ts) when small: every node start and ghost recovery copies each file, and a
 * buffer of its own per copy is an off-heap allocation, about three times the cost of the copy.
 */
function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const result = allocateBytes(byteLength(chunks));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}
