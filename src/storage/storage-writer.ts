/**
 * Turns persistence requests into disk effects, in the order the driver must
 * run them. WAL records are buffered during a step and written as one append;
 * `sync` appends them and fsyncs, and the node calls it before emitting any
 * send or reply, so that nothing leaves the node before the state it depends
 * on is durable (Figure 2: "updated on stable storage before responding to RPCs").
 *
 * Snapshot then WAL compaction, each step safe to crash after:
 *   1. sync the WAL                (snapshot never gets ahead of the durable hard state)
 *   2. write snapshot.tmp, fsync   (a crash leaves garbage in a temp file only)
 *   3. rename -> snapshot          (atomic; old WAL + new snapshot is a valid state)
 *   4. write wal.tmp, fsync        (the compacted WAL: base, hard state, remaining entries)
 *   5. rename -> wal               (atomic)
 * Recovery (recovery.ts) reads any of these intermediate states correctly.
 */

import type { NodeEffect } from '../harness/api.js';
import type { Entry, HardState } from '../raft/types.js';
import { assert } from '../util/assert.js';
import { SNAPSHOT_FILE, SNAPSHOT_TEMP_FILE, WAL_FILE, WAL_TEMP_FILE } from './files.js';
import { HardStateSlots } from './hard-state-copies.js';
import { joinFrames } from './record-framing.js';
import { encodeSnapshotFile, type StoredSnapshot } from './snapshot-file.js';
import { encodeWalImage } from './wal-image.js';
import { framedEntryRecord, framedHardStateRecord } from './wal-record.js';

export class StorageWriter {
  /**
   * Framed records (frames of entries are shared, see framedEntryRecord): the first `bufferedCount` slots, filled
   * by index and emptied slot by slot (`length = 0` would drop the backing store, allocated again at every step
   * that writes).
   */
  private readonly buffered: (Uint8Array | undefined)[] = [];
  private bufferedCount = 0;
  /** Bytes have been appended to the WAL since its last fsync. */
  private walDirty = false;
  /** The second copy of the hard state (hard-state-copies.ts), written after the WAL's. */
  readonly slots = new HardStateSlots();

  recordHardState(hardState: HardState): void {
    this.buffered[this.bufferedCount++] = framedHardStateRecord(hardState);
    this.slots.record(hardState);
  }

  recordEntry(index: number, entry: Entry): void {
    if (index < 1) assert(false, `entry index ${index}`);
    this.buffered[this.bufferedCount++] = framedEntryRecord(index, entry);
  }

  hasUnsyncedChanges(): boolean {
    return this.walDirty || this.bufferedCount > 0 || this.slots.isDirty();
  }

  /** Append buffered records and fsync the WAL if anything is not yet durable. */
  sync<M>(effects: NodeEffect<M>[]): void {
    if (this.bufferedCount > 0) {
      effects.push({ kind: 'append', file: WAL_FILE, bytes: joinFrames(this.buffered as Uint8Array[], this.bufferedCount) });
      for (let k = 0; k < this.bufferedCount; k++) this.buffered[k] = undefined;
      this.bufferedCount = 0;
      this.walDirty = true;
    }
    if (this.walDirty) {
      effects.push({ kind: 'fsync', file: WAL_FILE });
      this.walDirty = false;
    }
    this.slots.flush(effects);
  }

  /**
   * Persist a snapshot and compact the WAL down to the entries after it.
   * `remaining` are the log entries after the snapshot's last included index.
   */
  saveSnapshot<M>(effects: NodeEffect<M>[], snapshot: StoredSnapshot, hardState: HardState, remaining: readonly Entry[], walFirst = false): void {
    assert(hardState.term >= snapshot.lastIncludedTerm, 'snapshot term above current term');
    this.sync(effects);
    if (walFirst) {
      // Injected bug `wal-compacted-before-snapshot` (redisraft #43): the WAL drops the prefix before the
      // snapshot that covers it is durable; a crash in between leaves a gap that recovery cannot fill.
      this.rewriteWal(effects, snapshot.lastIncludedIndex, snapshot.lastIncludedTerm, hardState, remaining);
      effects.push({ kind: 'write', file: SNAPSHOT_TEMP_FILE, bytes: encodeSnapshotFile(snapshot) });
      effects.push({ kind: 'fsync', file: SNAPSHOT_TEMP_FILE });
      effects.push({ kind: 'rename', from: SNAPSHOT_TEMP_FILE, to: SNAPSHOT_FILE });
      return;
    }
    effects.push({ kind: 'write', file: SNAPSHOT_TEMP_FILE, bytes: encodeSnapshotFile(snapshot) });
    effects.push({ kind: 'fsync', file: SNAPSHOT_TEMP_FILE });
    effects.push({ kind: 'rename', from: SNAPSHOT_TEMP_FILE, to: SNAPSHOT_FILE });
    this.rewriteWal(effects, snapshot.lastIncludedIndex, snapshot.lastIncludedTerm, hardState, remaining);
  }

  /** Replace the WAL, durably, with a clean image (compaction, and repair after recovery). */
  rewriteWal<M>(effects: NodeEffect<M>[], baseIndex: number, baseTerm: number, hardState: HardState, entries: readonly Entry[]): void {
    assert(this.bufferedCount === 0, 'buffered WAL records would be lost by a rewrite');
    effects.push({ kind: 'write', file: WAL_TEMP_FILE, bytes: encodeWalImage(baseIndex, baseTerm, hardState, entries) });
    effects.push({ kind: 'fsync', file: WAL_TEMP_FILE });
    effects.push({ kind: 'rename', from: WAL_TEMP_FILE, to: WAL_FILE });
    this.walDirty = false;
  }
}
