/**
 * An in-memory disk with the crash semantics of src/harness/api.ts: writes go
 * to a page cache, fsync makes a file durable, rename and delete are durable
 * at once, and a crash keeps only durable bytes (optionally plus a torn
 * prefix of bytes appended since the last fsync).
 */

import type { NodeEffect } from '../../../src/harness/api.js';

interface FileState {
  durable: Uint8Array;
  cache: Uint8Array;
}

export type DiskEffect = Extract<NodeEffect<unknown>, { kind: 'append' | 'write' | 'fsync' | 'rename' | 'delete' }>;

export class MemoryDisk {
  private readonly files = new Map<string, FileState>();
  fsyncCount = 0;

  apply(effect: DiskEffect): void {
    switch (effect.kind) {
      case 'append': {
        const file = this.files.get(effect.file) ?? { durable: new Uint8Array(0), cache: new Uint8Array(0) };
        // Grow geometrically so that a long run of appends stays linear overall. Bytes are only
        // ever written past the cached length, so a durable view sharing the buffer is unaffected.
        const length = file.cache.length + effect.bytes.length;
        let buffer = new Uint8Array(file.cache.buffer, 0, file.cache.buffer.byteLength);
        if (buffer.length < length || file.cache.byteOffset !== 0) {
          buffer = new Uint8Array(Math.max(length, 2 * file.cache.length, 256));
          buffer.set(file.cache);
        }
        buffer.set(effect.bytes, file.cache.length);
        this.files.set(effect.file, { durable: file.durable, cache: buffer.subarray(0, length) });
        return;
      }
      case 'write': {
        const file = this.files.get(effect.file);
        this.files.set(effect.file, { durable: file?.durable ?? new Uint8Array(0), cache: effect.bytes.slice() });
        return;
      }
      case 'fsync': {
        const file = this.files.get(effect.file);
        if (file !== undefined) file.durable = file.cache;
        this.fsyncCount++;
        return;
      }
      case 'rename': {
        const file = this.files.get(effect.from);
        if (file === undefined) throw new Error(`rename of missing ${effect.from}`);
        this.files.delete(effect.from);
        this.files.set(effect.to, file);
        return;
      }
      case 'delete':
        this.files.delete(effect.file);
        return;
    }
  }

  /** What a node sees in the page cache (durable or not). */
  contents(name: string): Uint8Array | undefined {
    return this.files.get(name)?.cache;
  }

  names(): string[] {
    return [...this.files.keys()].sort();
  }

  /**
   * Crash: every file falls back to its durable bytes. `keepUnsynced(file,
   * unsyncedLength)` may keep a prefix of bytes appended after the last fsync
   * (a torn write). Returns the surviving files, as a restarted node gets them.
   */
  crash(keepUnsynced: (file: string, unsyncedLength: number) => number = () => 0): Map<string, Uint8Array> {
    for (const [name, file] of this.files) {
      let survived = file.durable;
      if (isPrefix(file.durable, file.cache) && file.cache.length > file.durable.length) {
        const extra = Math.min(keepUnsynced(name, file.cache.length - file.durable.length), file.cache.length - file.durable.length);
        survived = file.cache.slice(0, file.durable.length + extra);
      }
      this.files.set(name, { durable: survived, cache: survived });
    }
    return this.snapshotFiles();
  }

  snapshotFiles(): Map<string, Uint8Array> {
    const result = new Map<string, Uint8Array>();
    for (const [name, file] of this.files) result.set(name, file.durable);
    return result;
  }
}

function isPrefix(prefix: Uint8Array, whole: Uint8Array): boolean {
  if (prefix.length > whole.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== whole[i]) return false;
  return true;
}
