/**
 * Rebuild a node's durable state from what survived on its disk.
 *
 * Crash points and what recovery sees (see storage-writer.ts for the write order):
 * - mid WAL append / before its fsync: a torn or missing tail. Reading stops
 *   at the first incomplete or checksum-failing record; the rest is cut away.
 *   Nothing was sent that depended on those bytes.
 * - during snapshot.tmp write/fsync: a stale temp file, ignored and deleted;
 *   the old snapshot and the WAL are intact.
 * - after the snapshot rename, before the WAL rename: a snapshot newer than
 *   the WAL's base. The WAL is cut at the snapshot (Figure 13: keep the suffix
 *   if the entry at the snapshot's last index has its term, else drop the log).
 * - during wal.tmp write/fsync: a stale temp file; as the previous case.
 * - after the WAL rename: a clean compacted WAL.
 * A WAL whose base is above the snapshot (or a compacted WAL with no
 * snapshot) would be a real gap in the log: that is asserted, never papered over.
 * With self-checks off (NodeOptions.selfChecks false) every such assertion
 * becomes best effort instead: recovery drops what it cannot attach and goes
 * on, as an implementation without these checks would, and leaves the
 * judgement to the simulator's oracles.
 *
 * Recovery also returns repair effects that the node emits before anything
 * else: they delete stale temp files and rewrite the WAL cleanly (so later
 * appends never land behind a torn tail).
 */

import type { NodeEffect } from '../harness/api.js';
import type { Entry, HardState } from '../raft/types.js';
import { assert } from '../util/assert.js';
import { declareMarks, mark } from '../util/marks.js';
import { SNAPSHOT_FILE, SNAPSHOT_TEMP_FILE, WAL_FILE, WAL_TEMP_FILE } from './files.js';
import { unframeRecords } from './record-framing.js';
import { decodeSnapshotFile, type StoredSnapshot } from './snapshot-file.js';
import { StorageWriter } from './storage-writer.js';
import { decodeWalRecord } from './wal-record.js';

declareMarks({
  'wal-torn-tail-truncated': 'recovery cut a torn or checksum-failing tail off the WAL',
  'recovered-from-snapshot-and-wal': 'a node restarted from a snapshot plus a WAL suffix',
  'recovered-snapshot-ahead-of-wal': 'a crash landed between the snapshot rename and the WAL compaction',
  'stale-temp-file-discarded': 'a temp file left by a crash mid-snapshot or mid-compaction was ignored',
});

const NO_BUG_NAMES: ReadonlySet<string> = new Set();

export interface RecoveredState {
  readonly hardState: HardState;
  readonly snapshot: StoredSnapshot | null;
  /** Log base: the snapshot's last included position, or 0@0. */
  readonly baseIndex: number;
  readonly baseTerm: number;
  /** Entries baseIndex+1, baseIndex+2, ... */
  readonly entries: Entry[];
  /** Disk effects to run before anything else (empty on first boot). */
  readonly repair: NodeEffect<never>[];
}

interface ReplayedWal {
  baseIndex: number;
  baseTerm: number;
  hardState: HardState;
  entries: Entry[];
}

/**
 * `bugs`: injected bugs (src/bugs/catalog.ts); only `torn-tail-kept` concerns recovery.
 * `selfChecks`: false turns the assertions into best-effort repairs (see above).
 */
export function recover(files: ReadonlyMap<string, Uint8Array>, bugs: ReadonlySet<string> = NO_BUG_NAMES, selfChecks = true): RecoveredState {
  const broken = ruleChecker(selfChecks);
  const snapshotBytes = files.get(SNAPSHOT_FILE);
  const snapshot = snapshotBytes === undefined ? null : decodeSnapshotFile(snapshotBytes);
  const walBytes = files.get(WAL_FILE);
  const wal = replayWal(walBytes ?? new Uint8Array(0), broken);

  let baseIndex = wal.baseIndex;
  let baseTerm = wal.baseTerm;
  let entries = wal.entries;
  let hardState = wal.hardState;
  if (snapshot === null) {
    if (broken(wal.baseIndex === 0, () => `WAL starts after ${wal.baseIndex} but there is no snapshot: entries are missing`)) {
      // Entries without the prefix they follow cannot be used.
      baseIndex = 0;
      baseTerm = 0;
      entries = [];
    }
  } else {
    const snapshotIndex = snapshot.lastIncludedIndex;
    if (broken(wal.baseIndex <= snapshotIndex, () => `gap: WAL starts after ${wal.baseIndex}, snapshot ends at ${snapshotIndex}`)) entries = [];
    if (broken(wal.hardState.term >= snapshot.lastIncludedTerm, () => 'snapshot term above the durable current term')) {
      hardState = { term: snapshot.lastIncludedTerm, votedFor: null };
    }
    if (walBytes !== undefined) mark('recovered-from-snapshot-and-wal');
    if (wal.baseIndex < snapshotIndex) {
      mark('recovered-snapshot-ahead-of-wal');
      const keep = snapshotIndex - wal.baseIndex;
      const termAtSnapshot = keep <= entries.length ? entries[keep - 1]!.term : undefined;
      if (termAtSnapshot === snapshot.lastIncludedTerm) {
        entries = entries.slice(keep);
      } else {
        // No coverage mark for a WAL that disagrees with the snapshot here: it takes a crash
        // between the two renames of an InstallSnapshot over a conflicting log (about 27
        // such installs per 1,000 seeds, none crashed in that window in 4,000 seeds).
        // recovery.test.ts pins the behaviour.
        entries = [];
      }
    } else if (wal.baseIndex === snapshotIndex && broken(wal.baseTerm === snapshot.lastIncludedTerm, () => 'WAL base and snapshot disagree on the term')) {
      entries = [];
    }
    baseIndex = snapshotIndex;
    baseTerm = snapshot.lastIncludedTerm;
  }

  const repair: NodeEffect<never>[] = [];
  if (files.has(WAL_TEMP_FILE) || files.has(SNAPSHOT_TEMP_FILE)) mark('stale-temp-file-discarded');
  if (files.has(SNAPSHOT_TEMP_FILE)) repair.push({ kind: 'delete', file: SNAPSHOT_TEMP_FILE });
  // Bug `torn-tail-kept` (redisraft #127): no repair, so new records are appended behind the torn one and lost at the next recovery.
  if (files.size > 0 && !bugs.has('torn-tail-kept')) new StorageWriter().rewriteWal(repair, baseIndex, baseTerm, hardState, entries);
  return { hardState, snapshot, baseIndex, baseTerm, entries, repair };
}

/** Returns true when a recovery rule does not hold; with self-checks on, throws instead. */
type RuleChecker = (holds: boolean, message: () => string) => boolean;

function ruleChecker(selfChecks: boolean): RuleChecker {
  return (holds, message) => {
    if (selfChecks) assert(holds, message);
    return !holds;
  };
}

/** Replay the WAL's valid prefix: last hard state wins, an entry at i supersedes everything >= i. */
function replayWal(bytes: Uint8Array, broken: RuleChecker): ReplayedWal {
  const { payloads, damage } = unframeRecords(bytes);
  if (damage !== null) mark('wal-torn-tail-truncated');
  const wal: ReplayedWal = { baseIndex: 0, baseTerm: 0, hardState: { term: 0, votedFor: null }, entries: [] };
  for (let r = 0; r < payloads.length; r++) {
    const record = decodeWalRecord(payloads[r]!);
    switch (record.type) {
      case 'base':
        if (broken(r === 0, () => 'base record not first in the WAL')) break;
        wal.baseIndex = record.index;
        wal.baseTerm = record.term;
        break;
      case 'hard':
        if (broken(record.term >= wal.hardState.term, () => `WAL term goes back from ${wal.hardState.term} to ${record.term}`)) break;
        wal.hardState = { term: record.term, votedFor: record.votedFor };
        break;
      case 'entry': {
        const offset = record.index - wal.baseIndex - 1;
        if (broken(offset >= 0, () => `WAL entry ${record.index} at or below its base ${wal.baseIndex}`)) break;
        if (broken(offset <= wal.entries.length, () => `WAL entry ${record.index} leaves a gap after ${wal.baseIndex + wal.entries.length}`)) break;
        broken(record.entry.term <= wal.hardState.term, () => 'WAL entry term above the recorded current term');
        wal.entries.length = offset;
        wal.entries.push(record.entry);
        break;
      }
    }
  }
  return wal;
}
