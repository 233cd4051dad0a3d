/**
 * Two faults in one synced WAL record can make it read as a torn tail: a flipped length bit runs the frame
 * past the end of the file, and a second flip in its payload leaves no prefix that checksums whole (the
 * proof that only the length was damaged). Seed 866 of the brutal profile: a restart found the first fault,
 * a crash cut the fsync of the slot that was to record it, the second fault came while the node was down,
 * and the next restart cut the record as torn and trusted its log. The hard-state slot is a witness: it is
 * written only after the WAL fsync that made its hard state durable, so a WAL that lacks it lost a synced
 * record.
 */

import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/raft/types.js';
import { WAL_FILE } from '../../src/storage/files.js';
import { recover } from '../../src/storage/recovery.js';
import { scanWal } from '../../src/storage/wal-scan.js';
import { markCounts, resetMarks } from '../../src/util/marks.js';
import { durableFiles } from './helpers/durable-files.js';

const noop: Entry = { term: 1, command: { kind: 'noop' } };

/** Seed 866's n2 before the faults: term 1 reached, then the vote for n1, then entry 1, each step synced. */
function votedThenAppended(): Map<string, Uint8Array> {
  return durableFiles((writer, effects) => {
    writer.recordHardState({ term: 1, votedFor: null });
    writer.sync(effects);
    writer.recordHardState({ term: 1, votedFor: 1 });
    writer.sync(effects);
    writer.recordEntry(1, noop);
    writer.sync(effects);
  });
}

/** The vote's frame is bytes 22..40: its length field starts at 22, its payload at 30. */
function withBothFaults(files: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const wal = files.get(WAL_FILE)!;
  wal[23]! ^= 1 << 5;
  wal[38]! ^= 1 << 5;
  return files;
}

describe('a WAL that lacks the hard state its slot recorded', () => {
  it('the two faults make the vote record read as a torn tail (what the WAL alone cannot tell)', () => {
    const scan = scanWal(withBothFaults(votedThenAppended()).get(WAL_FILE)!);
    expect(scan).toMatchObject({ torn: true, corruptFrames: 0 });
    expect(scan.records).toHaveLength(1);
  });

  it('is damage: the node recovers repairing, with the slot\'s vote', () => {
    resetMarks();
    const state = recover(withBothFaults(votedThenAppended()));
    expect(state.trust).toBe('repairing');
    expect(state.hardState).toEqual({ term: 1, votedFor: 1 });
    expect(state.entries).toEqual([]);
    expect(markCounts()['wal-behind-hard-state-slot']).toBe(1);
  });

  it('a whole WAL and a torn last append leave it trusted: the slot never gets ahead of the WAL', () => {
    const files = votedThenAppended();
    expect(recover(files).trust).toBe('ok');
    const wal = files.get(WAL_FILE)!;
    files.set(WAL_FILE, wal.subarray(0, wal.length - 5));
    expect(recover(files)).toMatchObject({ trust: 'ok', hardState: { term: 1, votedFor: 1 }, entries: [] });
  });
});
