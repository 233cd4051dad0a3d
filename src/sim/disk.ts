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
 */

import { assert } from '../util/assert.js';
import type { RandomStream } from './random.js';

interface SimFile {
  /** Durable content, as chunks; undefined when the file does not durably exist. */
  durable: Uint8Array[] | undefined;
  /** True when a `write` replaced the content since the last sync: the tail then stands alone. */
  replaced: boolean;
  /** Unsynced bytes: appended after the durable content, or (if `replaced`) the whole new content. */
  tail: Uint8Array[];
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

  append(name: string, bytes: Uint8Array): void {
    const file = this.files.get(name) ?? this.create(name);
    // Copy: like write(2), the disk keeps the bytes as they were at the call.
    file.tail.push(bytes.slice());
  }

  write(name: string, bytes: Uint8Array): void {
    const file = this.files.get(name) ?? this.create(name);
    file.replaced = true;
    file.tail = [bytes.slice()];
  }

  /** Completes an fsync: everything written to the file so far becomes durable. */
  sync(name: string): void {
    const file = this.files.get(name);
    // fsync of a file that does not exist is a node bug (it would be EBADF/ENOENT).
    assert(file !== undefined, () => `fsync of missing file ${name}`);
    if (file.replaced || file.durable === undefined) file.durable = file.tail;
    else for (const chunk of file.tail) file.durable.push(chunk);
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

  /** The durable files, each as one byte array, in name order (what a restarting node gets). */
  durableFiles(): Map<string, Uint8Array> {
    const result = new Map<string, Uint8Array>();
    for (const name of [...this.files.keys()].sort()) {
      const file = this.files.get(name) as SimFile;
      assert(!file.replaced && file.tail.length === 0, () => `durableFiles() with unsynced data in ${name}: crash first`);
      if (file.durable !== undefined) result.set(name, concat(file.durable));
    }
    return result;
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

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return (chunks[0] as Uint8Array).slice();
  const result = new Uint8Array(byteLength(chunks));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}
