/**
 * Recovery from snapshot + WAL: a torn tail at every byte offset of the last
 * record, corrupt checksums, a crash between any two effects of the
 * snapshot-then-compaction sequence, and real gaps (asserted).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodeEffect } from '../../src/harness/api.js';
import type { Entry, HardState } from '../../src/raft/types.js';
import { SNAPSHOT_FILE, SNAPSHOT_TEMP_FILE, WAL_FILE, WAL_TEMP_FILE } from '../../src/storage/files.js';
import { frameRecords } from '../../src/storage/record-framing.js';
import { recover, type RecoveredState } from '../../src/storage/recovery.js';
import { encodeSnapshotFile, type StoredSnapshot } from '../../src/storage/snapshot-file.js';
import { StorageWriter } from '../../src/storage/storage-writer.js';
import { encodeWalImage } from '../../src/storage/wal-image.js';
import { encodeEntryRecord, encodeHardStateRecord } from '../../src/storage/wal-record.js';
import { AssertionFailure } from '../../src/util/assert.js';
import { markCounts, resetMarks } from '../../src/util/marks.js';
import { MemoryDisk, type DiskEffect } from '../raft/helpers/memory-disk.js';

const entry = (term: number, seq: number): Entry => ({
  term,
  command: { kind: 'client', request: { client: 1, seq, op: { op: 'append', key: 'k', value: String(seq) } } },
});

function run(disk: MemoryDisk, effects: NodeEffect<never>[]): void {
  for (const effect of effects) disk.apply(effect as DiskEffect);
}

function describeDiskEffect(effect: NodeEffect<never>): string {
  if (effect.kind === 'rename') return `rename ${effect.from}->${effect.to}`;
  return 'file' in effect ? `${effect.kind} ${effect.file}` : effect.kind;
}

/** A disk holding exactly `files`, all durable (what a restarted node starts from). */
function durableDisk(files: ReadonlyMap<string, Uint8Array>): MemoryDisk {
  const disk = new MemoryDisk();
  for (const [name, bytes] of files) run(disk, [{ kind: 'write', file: name, bytes }, { kind: 'fsync', file: name }]);
  return disk;
}

/** The log as absolute (index, term) pairs above the base, plus the base. */
function logOf(state: RecoveredState): { base: [number, number]; entries: [number, number][] } {
  return { base: [state.baseIndex, state.baseTerm], entries: state.entries.map((e, k) => [state.baseIndex + 1 + k, e.term]) };
}

const SNAPSHOT_STATE = { data: [['k', '1234'] as const], sessions: [[1, 4, {}] as const] };

describe('torn WAL tail', () => {
  it('recovers every whole record for a crash at each byte offset of the last record', () => {
    const writer = new StorageWriter();
    const durable = new MemoryDisk();
    const setup: NodeEffect<never>[] = [];
    writer.recordHardState({ term: 1, votedFor: 2 });
    for (let i = 1; i <= 3; i++) writer.recordEntry(i, entry(1, i));
    writer.sync(setup);
    run(durable, setup);
    const last: NodeEffect<never>[] = [];
    writer.recordEntry(4, entry(1, 4));
    writer.sync(last);
    const appended = last[0];
    if (appended?.kind !== 'append') throw new Error('expected an append');
    const length = appended.bytes.length;

    for (let keep = 0; keep <= length; keep++) {
      const disk = new MemoryDisk();
      run(disk, setup);
      disk.apply(appended);
      resetMarks();
      const files = disk.crash(() => keep);
      const state = recover(files);
      expect(state.hardState).toEqual({ term: 1, votedFor: 2 });
      expect(state.entries.length).toBe(keep === length ? 4 : 3);
      expect(markCounts()['wal-torn-tail-truncated']).toBe(keep > 0 && keep < length ? 1 : 0);
      // The repair rewrites a clean WAL; recovering from it gives the same state with no damage.
      const repaired = durableDisk(files);
      run(repaired, state.repair);
      resetMarks();
      const again = recover(repaired.crash());
      expect(logOf(again)).toEqual(logOf(state));
      expect(markCounts()['wal-torn-tail-truncated']).toBe(0);
    }
  });

  it('keeps the log up to a corrupt record, but reports corruption, not a torn tail (storage-damage.test.ts)', () => {
    const payloads = [encodeHardStateRecord({ term: 2, votedFor: null }), encodeEntryRecord(1, entry(1, 1)), encodeEntryRecord(2, entry(2, 2)), encodeEntryRecord(3, entry(2, 3))];
    const bytes = frameRecords(payloads);
    const thirdRecordPayload = 8 * 3 + payloads[0]!.length + payloads[1]!.length;
    bytes[thirdRecordPayload + 3]! ^= 1;
    resetMarks();
    const state = recover(new Map([[WAL_FILE, bytes]]));
    expect(logOf(state).entries).toEqual([[1, 1]]);
    expect(markCounts()['wal-torn-tail-truncated']).toBe(0);
    expect(markCounts()['wal-corrupt-record-detected']).toBe(1);
    // No hard-state slot to vouch for the term: the damaged record might have been a newer vote.
    expect(state.trust).toBe('term-unknown');
  });
});

describe('WAL replay', () => {
  it('a later entry record at index i supersedes everything >= i', () => {
    const payloads = [
      encodeHardStateRecord({ term: 1, votedFor: 1 }),
      encodeEntryRecord(1, entry(1, 1)),
      encodeEntryRecord(2, entry(1, 2)),
      encodeEntryRecord(3, entry(1, 3)),
      encodeHardStateRecord({ term: 3, votedFor: null }),
      encodeEntryRecord(2, entry(3, 9)),
    ];
    const state = recover(new Map([[WAL_FILE, frameRecords(payloads)]]));
    expect(state.hardState).toEqual({ term: 3, votedFor: null });
    expect(logOf(state).entries).toEqual([[1, 1], [2, 3]]);
  });

  it('matches a naive model for random record sequences cut at a random byte', () => {
    type Step = { kind: 'hard'; bump: boolean } | { kind: 'entry'; back: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('hard' as const), bump: fc.boolean() }),
      fc.record({ kind: fc.constant('entry' as const), back: fc.nat(3) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), fc.nat(), (steps, cutSeed) => {
        let term = 1;
        const payloads: Uint8Array[] = [encodeHardStateRecord({ term, votedFor: null })];
        // Model state after each record.
        const models: { hard: HardState; terms: number[] }[] = [{ hard: { term, votedFor: null }, terms: [] }];
        let terms: number[] = [];
        for (const s of steps) {
          if (s.kind === 'hard') {
            if (s.bump) term++;
            payloads.push(encodeHardStateRecord({ term, votedFor: 7 }));
          } else {
            const index = Math.max(1, terms.length + 1 - s.back);
            payloads.push(encodeEntryRecord(index, entry(term, index)));
            terms = [...terms.slice(0, index - 1), term];
          }
          const hard: HardState = s.kind === 'hard' ? { term, votedFor: 7 } : models[models.length - 1]!.hard;
          models.push({ hard, terms });
        }
        const bytes = frameRecords(payloads);
        const cut = cutSeed % (bytes.length + 1);
        let boundary = 0;
        let whole = 0;
        while (whole < payloads.length && boundary + 8 + payloads[whole]!.length <= cut) boundary += 8 + payloads[whole++]!.length;
        const state = recover(new Map([[WAL_FILE, bytes.subarray(0, cut)]]));
        const expected = whole === 0 ? { hard: { term: 0, votedFor: null }, terms: [] } : models[whole - 1]!;
        expect(state.hardState).toEqual(expected.hard);
        expect(state.entries.map((e) => e.term)).toEqual(expected.terms);
      }),
    );
  });
});

describe('crash between snapshot and compaction steps', () => {
  const hard: HardState = { term: 2, votedFor: 1 };
  const log = [entry(1, 1), entry(1, 2), entry(2, 3), entry(2, 4), entry(2, 5), entry(2, 6)];
  const snapshot: StoredSnapshot = { lastIncludedIndex: 4, lastIncludedTerm: 2, state: SNAPSHOT_STATE };

  function prepared(): { disk: MemoryDisk; writer: StorageWriter; snapshotEffects: NodeEffect<never>[] } {
    const disk = new MemoryDisk();
    const writer = new StorageWriter();
    const setup: NodeEffect<never>[] = [];
    writer.recordHardState(hard);
    log.forEach((e, k) => writer.recordEntry(k + 1, e));
    writer.sync(setup);
    run(disk, setup);
    const snapshotEffects: NodeEffect<never>[] = [];
    writer.saveSnapshot(snapshotEffects, snapshot, hard, log.slice(4));
    return { disk, writer, snapshotEffects };
  }

  it('writes tmp, fsync, rename for the snapshot, then the same for the WAL', () => {
    const { snapshotEffects } = prepared();
    expect(snapshotEffects.map(describeDiskEffect)).toEqual([
      `write ${SNAPSHOT_TEMP_FILE}`,
      `fsync ${SNAPSHOT_TEMP_FILE}`,
      `rename ${SNAPSHOT_TEMP_FILE}->${SNAPSHOT_FILE}`,
      `write ${WAL_TEMP_FILE}`,
      `fsync ${WAL_TEMP_FILE}`,
      `rename ${WAL_TEMP_FILE}->${WAL_FILE}`,
    ]);
  });

  it('recovers the same log and hard state after a crash following any number of those effects', () => {
    const count = prepared().snapshotEffects.length;
    for (let done = 0; done <= count; done++) {
      for (const keepUnsynced of [0, 5, 1_000_000]) {
        const { disk, snapshotEffects } = prepared();
        run(disk, snapshotEffects.slice(0, done));
        const state = recover(disk.crash(() => keepUnsynced));
        expect(state.hardState).toEqual(hard);
        const snapshotDurable = done >= 3;
        expect(state.snapshot === null).toBe(!snapshotDurable);
        expect(state.baseIndex).toBe(snapshotDurable ? 4 : 0);
        const all = logOf(state).entries;
        expect(all).toEqual(snapshotDurable ? [[5, 2], [6, 2]] : log.map((e, k) => [k + 1, e.term]));
        // Recovering again after the repair effects gives the same state.
        const repaired = durableDisk(disk.snapshotFiles());
        run(repaired, state.repair);
        const files = repaired.crash();
        expect(files.has(SNAPSHOT_TEMP_FILE) || files.has(WAL_TEMP_FILE)).toBe(false);
        expect(logOf(recover(files))).toEqual(logOf(state));
      }
    }
  });

  it('drops WAL entries that disagree with a newer snapshot (Figure 13 step 7 at recovery)', () => {
    const wal = encodeWalImage(0, 0, { term: 3, votedFor: null }, [entry(1, 1), entry(1, 2), entry(1, 3), entry(1, 4), entry(1, 5)]);
    const snap = encodeSnapshotFile({ lastIncludedIndex: 4, lastIncludedTerm: 3, state: SNAPSHOT_STATE });
    const state = recover(new Map([[WAL_FILE, wal], [SNAPSHOT_FILE, snap]]));
    expect(logOf(state)).toEqual({ base: [4, 3], entries: [] });
  });

  it('asserts on a real gap between snapshot and WAL', () => {
    const wal = encodeWalImage(6, 2, hard, [entry(2, 7)]);
    const snap = encodeSnapshotFile(snapshot);
    expect(() => recover(new Map([[WAL_FILE, wal], [SNAPSHOT_FILE, snap]]))).toThrow(AssertionFailure);
    expect(() => recover(new Map([[WAL_FILE, wal]]))).toThrow(AssertionFailure);
  });

  it('with self-checks off, recovers as best it can from the same gaps: entries it cannot attach are dropped', () => {
    const wal = encodeWalImage(6, 2, hard, [entry(2, 7)]);
    const snap = encodeSnapshotFile(snapshot);
    const behindSnapshot = recover(new Map([[WAL_FILE, wal], [SNAPSHOT_FILE, snap]]), undefined, false);
    expect(logOf(behindSnapshot)).toEqual({ base: [4, 2], entries: [] });
    expect(behindSnapshot.hardState).toEqual(hard);
    const noSnapshot = recover(new Map([[WAL_FILE, wal]]), undefined, false);
    expect(logOf(noSnapshot)).toEqual({ base: [0, 0], entries: [] });
    expect(noSnapshot.hardState).toEqual(hard);
  });

  it('boots empty from no files, with no repair effects', () => {
    const state = recover(new Map());
    expect(state).toMatchObject({ hardState: { term: 0, votedFor: null }, snapshot: null, baseIndex: 0, entries: [], repair: [] });
  });
});
