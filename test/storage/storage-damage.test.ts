/**
 * Storage damage beyond crashes (issue 14): recovery tells a torn tail from
 * corruption of synced data, keeps term and vote through either copy of the
 * hard state, remembers the damage across restarts, and a leader's append
 * repairs the node only under CTRL's rules (storage/repair.ts).
 */

import { describe, expect, it } from 'vitest';
import type { Entry, HardState } from '../../src/raft/types.js';
import { SNAPSHOT_FILE, WAL_FILE } from '../../src/storage/files.js';
import { encodeHardStateCopy, HARD_STATE_SLOTS, readHardStateSlot, type StorageTrust } from '../../src/storage/hard-state-copies.js';
import { frameRecords, RECORD_HEADER_BYTES } from '../../src/storage/record-framing.js';
import { recover } from '../../src/storage/recovery.js';
import { repairComplete } from '../../src/storage/repair.js';
import { encodeSnapshotFile } from '../../src/storage/snapshot-file.js';
import { encodeEntryRecord, encodeHardStateRecord } from '../../src/storage/wal-record.js';
import { scanWal } from '../../src/storage/wal-scan.js';
import { markCounts, resetMarks } from '../../src/util/marks.js';
import { durableFiles } from './helpers/durable-files.js';
import { MemoryDisk, type DiskEffect } from '../raft/helpers/memory-disk.js';

const entry = (term: number, seq: number): Entry => ({
  term,
  command: { kind: 'client', request: { client: 1, seq, op: { op: 'put', key: 'k', value: String(seq) } } },
});

/** The issue's WAL: hard state (1, n1), entry 1, hard state (2, voted n3), entry 2, each step synced. */
function issueFiles(): Map<string, Uint8Array> {
  return durableFiles((writer, effects) => {
    writer.recordHardState({ term: 1, votedFor: 1 });
    writer.sync(effects);
    writer.recordEntry(1, entry(1, 1));
    writer.sync(effects);
    writer.recordHardState({ term: 2, votedFor: 3 });
    writer.sync(effects);
    writer.recordEntry(2, entry(2, 2));
    writer.sync(effects);
  });
}

/** Byte offset of the payload of WAL record `r` (0-based) in a WAL of the given payloads. */
function payloadOffset(payloads: readonly Uint8Array[], r: number): number {
  let offset = 0;
  for (let k = 0; k < r; k++) offset += RECORD_HEADER_BYTES + payloads[k]!.length;
  return offset + RECORD_HEADER_BYTES;
}

/** Where record r's whole frame (header and payload) lies in the WAL: [start, end). */
function frameOf(payloads: readonly Uint8Array[], r: number): [number, number] {
  return [payloadOffset(payloads, r) - RECORD_HEADER_BYTES, payloadOffset(payloads, r) + payloads[r]!.length];
}

const ISSUE_PAYLOADS = [encodeHardStateRecord({ term: 1, votedFor: 1 }), encodeEntryRecord(1, entry(1, 1)), encodeHardStateRecord({ term: 2, votedFor: 3 }), encodeEntryRecord(2, entry(2, 2))];

describe('a bit flipped in a synced middle record (the issue\'s case)', () => {
  it('is corruption: the vote of term 2 survives, the node distrusts its log, nothing is silently cut', () => {
    const files = issueFiles();
    const wal = files.get(WAL_FILE)!;
    expect(wal).toEqual(frameRecords(ISSUE_PAYLOADS));
    wal[payloadOffset(ISSUE_PAYLOADS, 1) + 4]! ^= 0x10;
    resetMarks();
    const state = recover(files);
    // Not (1, n1) with no entries: the later vote is known, from the WAL record after the damage and from its copy.
    expect(state.hardState).toEqual({ term: 2, votedFor: 3 });
    expect(state.trust).toBe('repairing');
    expect(state.entries).toEqual([]);
    expect(markCounts()['wal-corrupt-record-detected']).toBe(1);
    expect(markCounts()['wal-torn-tail-truncated']).toBe(0);
    // The damage is recorded in a hard-state slot before the WAL is rewritten.
    const firstWrite = state.repair.findIndex((effect) => effect.kind === 'write');
    expect(state.repair[firstWrite]).toMatchObject({ kind: 'write', file: expect.stringMatching(/^raft\.hard\./) });
  });

  it('stays damaged after the repair effects run and the node crashes again before a leader repairs it', () => {
    const files = issueFiles();
    files.get(WAL_FILE)![payloadOffset(ISSUE_PAYLOADS, 1) + 4]! ^= 0x10;
    const state = recover(files);
    const disk = new MemoryDisk();
    for (const [name, bytes] of files) for (const effect of [{ kind: 'write', file: name, bytes }, { kind: 'fsync', file: name }] as DiskEffect[]) disk.apply(effect);
    for (const effect of state.repair) disk.apply(effect as DiskEffect);
    const survived = disk.crash();
    expect(recover(survived)).toMatchObject({ hardState: { term: 2, votedFor: 3 }, trust: 'repairing', entries: [] });
    // Bug `hard-state-copy-never-read`: only the slot remembers the damage, and the WAL it rewrote looks whole.
    expect(recover(survived, new Set(['hard-state-copy-never-read'])).trust).toBe('ok');
  });

  it('with the WAL record of the vote damaged too, the slot copy still holds the vote', () => {
    const files = issueFiles();
    const wal = files.get(WAL_FILE)!;
    wal[payloadOffset(ISSUE_PAYLOADS, 1) + 4]! ^= 1;
    wal[payloadOffset(ISSUE_PAYLOADS, 2) + 4]! ^= 1;
    const state = recover(files);
    expect(state.hardState).toEqual({ term: 2, votedFor: 3 });
    expect(state.trust).toBe('repairing');
    // Bug `hard-state-copy-never-read`: the WAL's copy alone decides, and the vote of term 2 is forgotten.
    expect(recover(files, new Set(['hard-state-copy-never-read'])).hardState).toEqual({ term: 1, votedFor: 1 });
  });

  it('with both copies of the hard state lost, the node recovers term-unknown', () => {
    const files = issueFiles();
    files.get(WAL_FILE)![payloadOffset(ISSUE_PAYLOADS, 2) + 4]! ^= 1;
    for (const slot of HARD_STATE_SLOTS) files.get(slot)![RECORD_HEADER_BYTES + 1]! ^= 1;
    resetMarks();
    expect(recover(files).trust).toBe('term-unknown');
    expect(markCounts()['hard-state-lost']).toBe(1);
  });
});

describe('torn tail or corruption', () => {
  const payloads = [encodeHardStateRecord({ term: 1, votedFor: null }), encodeEntryRecord(1, entry(1, 1)), encodeEntryRecord(2, entry(1, 2))];
  const bytes = frameRecords(payloads);

  it('every prefix of the file is a torn tail, never corruption', () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const scan = scanWal(bytes.subarray(0, cut));
      expect(scan.corruptFrames).toBe(0);
    }
  });

  it('every single bit flip in the last record is corruption, never a tear (length, checksum or payload)', () => {
    const lastStart = payloadOffset(payloads, 2) - RECORD_HEADER_BYTES;
    for (let at = lastStart; at < bytes.length; at++) {
      for (let bit = 0; bit < 8; bit++) {
        const damaged = bytes.slice();
        damaged[at]! ^= 1 << bit;
        const scan = scanWal(damaged);
        expect({ at, bit, torn: scan.torn, corrupt: scan.corruptFrames > 0 }).toEqual({ at, bit, torn: false, corrupt: true });
      }
    }
  });

  it('every single bit flip in a middle record is corruption, never a tear: a length run past the end keeps its whole payload', () => {
    // Seed 43: bit 7 of a length byte in the middle of the WAL made the frame run past the end; its payload
    // opened like a record and the rest of the file did not checksum as one, so it read as a torn tail and
    // recovery silently cut eleven synced entries.
    for (let at = 0; at < payloadOffset(payloads, 2) - RECORD_HEADER_BYTES; at++) {
      for (let bit = 0; bit < 8; bit++) {
        const damaged = bytes.slice();
        damaged[at]! ^= 1 << bit;
        const scan = scanWal(damaged);
        expect({ at, bit, torn: scan.torn, corrupt: scan.corruptFrames > 0 }).toEqual({ at, bit, torn: false, corrupt: true });
      }
    }
  });

  it('a lost write (zeros where a synced append was) is corruption', () => {
    const damaged = bytes.slice();
    damaged.fill(0, payloadOffset(payloads, 1) - RECORD_HEADER_BYTES, payloadOffset(payloads, 2) - RECORD_HEADER_BYTES);
    expect(scanWal(damaged).corruptFrames).toBeGreaterThan(0);
    // Bug `zeroed-record-read-as-log-end`: the zeros end the log like a torn tail, and the record after them is cut.
    expect(scanWal(damaged, { zerosEndTheLog: true })).toMatchObject({ torn: true, corruptFrames: 0, records: [expect.anything()] });
  });

  it('damage in the last record is corruption, not a tear, though nothing readable follows it', () => {
    const last = payloadOffset(payloads, payloads.length - 1);
    for (const at of [last - RECORD_HEADER_BYTES, last - 4, last + 2]) {
      const damaged = bytes.slice();
      damaged[at]! ^= 0x40;
      const scan = scanWal(damaged);
      expect({ torn: scan.torn, corrupt: scan.corruptFrames > 0, records: scan.records.length }).toEqual({ torn: false, corrupt: true, records: payloads.length - 1 });
      // Bug `damaged-tail-read-as-torn`: with nothing valid after it, the damaged record reads as a torn append and is cut.
      expect(scanWal(damaged, { damagedTailIsTorn: true })).toMatchObject({ torn: true, corruptFrames: 0, records: { length: payloads.length - 1 } });
    }
  });
});

describe('the snapshot and the slots', () => {
  it('a damaged snapshot is dropped and deleted, and the node must get its state again from a leader', () => {
    const snapshot = encodeSnapshotFile({ lastIncludedIndex: 4, lastIncludedTerm: 2, state: { data: [['k', 'v']], sessions: [] } });
    snapshot[RECORD_HEADER_BYTES + 3]! ^= 1;
    const files = durableFiles((writer, effects) => {
      writer.rewriteWal(effects, 4, 2, { term: 2, votedFor: 1 }, [entry(2, 5)]);
    });
    files.set(SNAPSHOT_FILE, snapshot);
    resetMarks();
    const state = recover(files);
    expect(state).toMatchObject({ snapshot: null, baseIndex: 0, entries: [], trust: 'repairing', hardState: { term: 2, votedFor: 1 } });
    expect(state.repair).toContainEqual({ kind: 'delete', file: SNAPSHOT_FILE });
    expect(markCounts()['snapshot-corruption-detected']).toBe(1);
  });

  it('a node that deleted its damaged snapshot and crashes again before repair recovers still repairing, not with a gap', () => {
    const snapshot = encodeSnapshotFile({ lastIncludedIndex: 4, lastIncludedTerm: 2, state: { data: [['k', 'v']], sessions: [] } });
    snapshot[RECORD_HEADER_BYTES + 3]! ^= 1;
    const files = durableFiles((writer, effects) => {
      writer.rewriteWal(effects, 4, 2, { term: 2, votedFor: 1 }, [entry(2, 5)]);
    });
    files.set(SNAPSHOT_FILE, snapshot);
    const first = recover(files);
    const disk = new MemoryDisk();
    for (const [name, bytes] of files) for (const effect of [{ kind: 'write', file: name, bytes }, { kind: 'fsync', file: name }] as DiskEffect[]) disk.apply(effect);
    // A crash right after the delete (durable at once), before the WAL's rewrite is renamed into place.
    const deleteAt = first.repair.findIndex((effect) => effect.kind === 'delete' && effect.file === SNAPSHOT_FILE);
    expect(deleteAt).toBeGreaterThanOrEqual(0);
    for (const effect of first.repair.slice(0, deleteAt + 1)) disk.apply(effect as DiskEffect);
    const afterDelete = disk.crash();
    expect(afterDelete.has(SNAPSHOT_FILE)).toBe(false);
    // The WAL still starts after index 4 with no snapshot under it: the known damage, so no assertion.
    const again = recover(afterDelete);
    expect(again).toMatchObject({ snapshot: null, baseIndex: 0, entries: [], trust: 'repairing', hardState: { term: 2, votedFor: 1 } });
  });

  it('the newest readable slot decides the trust; a torn newest slot falls back to the other', () => {
    const slot = (seq: number, hardState: HardState, trust: StorageTrust): Uint8Array => encodeHardStateCopy({ seq, hardState, trust });
    const wal = frameRecords([encodeHardStateRecord({ term: 3, votedFor: 2 })]);
    const files = new Map([
      [WAL_FILE, wal],
      [HARD_STATE_SLOTS[1], slot(3, { term: 3, votedFor: 2 }, 'repairing')],
      [HARD_STATE_SLOTS[0], slot(4, { term: 3, votedFor: 2 }, 'ok').subarray(0, 5)],
    ]);
    // Seq 3 decides; the damaged restart then writes a fresh slot (seq 4), whose sequence names it (repair.ts).
    const recovered = recover(files);
    expect(recovered).toMatchObject({ trust: 'repairing', slotSeq: 4, hardState: { term: 3, votedFor: 2 } });
    expect(recovered.repair[0]).toEqual({ kind: 'write', file: HARD_STATE_SLOTS[0], bytes: slot(4, { term: 3, votedFor: 2 }, 'repairing') });
  });

  it('every prefix of a slot reads as torn; a flipped length bit that runs the frame past the end is corruption', () => {
    const whole = encodeHardStateCopy({ seq: 5, hardState: { term: 3, votedFor: 2 }, trust: 'repairing' });
    for (let cut = 1; cut < whole.length; cut++) expect({ cut, kind: readHardStateSlot(whole.subarray(0, cut)).kind }).toEqual({ cut, kind: 'torn' });
    // Seed 1266 (storage faults at twice the default rate): bit 6 of byte 3 of the newest slot, the one that recorded
    // the damage. Read as torn, the older slot (trust ok) decided and the node, still repairing, voted.
    for (let at = 0; at < 4; at++) {
      for (let bit = 0; bit < 8; bit++) {
        const damaged = whole.slice();
        damaged[at]! ^= 1 << bit;
        expect({ at, bit, kind: readHardStateSlot(damaged).kind }).toEqual({ at, bit, kind: 'corrupt' });
      }
    }
  });
});

describe('repair (CTRL: committed entries, only from a leader of a newer or equal term)', () => {
  const progress = { trust: 'repairing' as const, recoveredTerm: 5, token: 7 };

  it('completes when the log matches the leader through its commit index, at an entry of its term', () => {
    expect(repairComplete(progress, { term: 5, leaderCommit: 9, repairFor: 7, commitIndex: 9, termAtCommit: 5 })).toBe(true);
    expect(repairComplete(progress, { term: 6, leaderCommit: 9, repairFor: 7, commitIndex: 9, termAtCommit: 6 })).toBe(true);
  });

  it('not before the leader has committed an entry of its own term, nor short of its commit index', () => {
    expect(repairComplete(progress, { term: 6, leaderCommit: 9, repairFor: 7, commitIndex: 9, termAtCommit: 5 })).toBe(false);
    expect(repairComplete(progress, { term: 6, leaderCommit: 9, repairFor: 7, commitIndex: 8, termAtCommit: 6 })).toBe(false);
  });

  it('only from an append that echoes this restart\'s token: one sent before the leader heard of the damage may miss commits since (seed 6575)', () => {
    expect(repairComplete(progress, { term: 5, leaderCommit: 9, repairFor: undefined, commitIndex: 9, termAtCommit: 5 })).toBe(false);
    expect(repairComplete(progress, { term: 5, leaderCommit: 9, repairFor: 6, commitIndex: 9, termAtCommit: 5 })).toBe(false);
  });

  it('never from a leader of an older term than the node recovered with', () => {
    expect(repairComplete(progress, { term: 4, leaderCommit: 9, repairFor: 7, commitIndex: 9, termAtCommit: 4 })).toBe(false);
  });

  it('with bug repair-done-before-commit, any append of a current leader counts', () => {
    expect(repairComplete(progress, { term: 6, leaderCommit: 9, repairFor: 7, commitIndex: 3, termAtCommit: 5 }, true)).toBe(true);
  });

  it('a term-unknown node is never repaired', () => {
    expect(repairComplete({ trust: 'term-unknown', recoveredTerm: 0, token: 7 }, { term: 9, leaderCommit: 9, repairFor: 7, commitIndex: 9, termAtCommit: 9 })).toBe(false);
  });
});

describe('a misdirected write of a WAL frame onto an earlier frame boundary', () => {
  it('is corruption, not a gap the recovery asserts on: entries of one size put frames at a fixed stride (seed 227)', () => {
    const payloads = [encodeHardStateRecord({ term: 1, votedFor: 1 }), encodeEntryRecord(1, entry(1, 1)), encodeEntryRecord(2, entry(1, 2)), encodeEntryRecord(3, entry(1, 3))];
    const files = durableFiles((writer, effects) => {
      writer.recordHardState({ term: 1, votedFor: 1 });
      for (const index of [1, 2, 3]) writer.recordEntry(index, entry(1, index));
      writer.sync(effects);
    });
    const wal = files.get(WAL_FILE)!;
    expect(wal).toEqual(frameRecords(payloads));
    const [from, to] = frameOf(payloads, 3);
    expect(to - from).toBe(frameOf(payloads, 1)[1] - frameOf(payloads, 1)[0]);
    // Entry 3's checksum-valid frame lands where entry 1's was: the log now reads entry 3 right after the hard state.
    wal.set(wal.slice(from, to), frameOf(payloads, 1)[0]);
    resetMarks();
    const state = recover(files);
    expect(state.hardState).toEqual({ term: 1, votedFor: 1 });
    expect(state.trust).toBe('repairing');
    expect(state.entries).toEqual([]);
    expect(markCounts()['wal-corrupt-record-detected']).toBe(1);
  });

  it('an older hard state copied over a newer one is damage too, not a term that goes back (seed 8018)', () => {
    const payloads = [encodeHardStateRecord({ term: 2, votedFor: 1 }), encodeHardStateRecord({ term: 3, votedFor: 2 }), encodeHardStateRecord({ term: 4, votedFor: 3 })];
    const files = durableFiles((writer, effects) => {
      for (const [term, votedFor] of [[2, 1], [3, 2], [4, 3]] as const) writer.recordHardState({ term, votedFor });
      writer.sync(effects);
    });
    const wal = files.get(WAL_FILE)!;
    expect(wal).toEqual(frameRecords(payloads));
    // The term-2 frame lands where the term-4 frame was: the log reads terms 2, 3, 2.
    wal.set(wal.slice(...frameOf(payloads, 0)), frameOf(payloads, 2)[0]);
    resetMarks();
    const state = recover(files);
    expect(state.trust).toBe('repairing');
    expect(state.hardState.term).toBeGreaterThanOrEqual(3);
    expect(markCounts()['wal-corrupt-record-detected']).toBe(1);
  });
});
