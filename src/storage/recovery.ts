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
 *
 * Storage faults (issue 14; Alagappan et al., FAST 2018, "CTRL"): a disk may
 * also return damaged synced bytes. wal-scan.ts tells a torn tail (cut) from
 * corruption (never silently cut); a snapshot that fails its checksum is
 * dropped. Either way the node keeps what it can prove (the undamaged prefix
 * of its log, the newest hard state of its two copies, hard-state-copies.ts),
 * and recovers with trust 'repairing': it does not vote or campaign until a
 * leader has repaired its log (repair.ts). With both copies of the hard state
 * lost it recovers 'term-unknown', and never votes again. The damage is
 * recorded in the hard-state slot first, so a further crash cannot forget it.
 */

import type { NodeEffect } from '../harness/api.js';
import type { Entry, HardState } from '../raft/types.js';
import { assert } from '../util/assert.js';
import { declareMarks, mark } from '../util/marks.js';
import { SNAPSHOT_FILE, SNAPSHOT_TEMP_FILE, WAL_FILE, WAL_TEMP_FILE } from './files.js';
import { encodeHardStateCopy, HARD_STATE_SLOTS, readHardStateSlot, type HardStateCopy, type StorageTrust } from './hard-state-copies.js';
import { unframeRecords } from './record-framing.js';
import { decodeSnapshotRecords, type StoredSnapshot } from './snapshot-file.js';
import { StorageWriter } from './storage-writer.js';
import { decodeWalRecord, type WalRecord } from './wal-record.js';
import { scanWal } from './wal-scan.js';

declareMarks({
  'wal-torn-tail-truncated': 'recovery cut a torn or checksum-failing tail off the WAL',
  'recovered-from-snapshot-and-wal': 'a node restarted from a snapshot plus a WAL suffix',
  'recovered-snapshot-ahead-of-wal': 'a crash landed between the snapshot rename and the WAL compaction',
  'stale-temp-file-discarded': 'a temp file left by a crash mid-snapshot or mid-compaction was ignored',
  'wal-corrupt-record-detected': 'recovery found a damaged synced WAL record (not a torn tail) and kept the node from trusting its log',
  'snapshot-corruption-detected': 'recovery found the snapshot file damaged and dropped it, to be fetched again from a leader',
  'hard-state-copy-corrupt': 'one copy of the hard state was damaged; the other decided',
  'wal-behind-hard-state-slot': 'the WAL lacked the hard state its slot copy recorded, so it lost a synced record: the node recovered repairing',
  'hard-state-lost': 'both copies of the hard state were lost: the node recovered term-unknown and never votes again',
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
  /** Whether the node may vote and campaign from this state (hard-state-copies.ts). */
  readonly trust: StorageTrust;
  /** The sequence number of the newest hard-state slot (the next write goes to the other one). */
  readonly slotSeq: number;
}

interface ReplayedWal {
  baseIndex: number;
  baseTerm: number;
  hardState: HardState;
  entries: Entry[];
  /** A synced record failed to read: entries after it are gone and a hard-state record may be. */
  damaged: boolean;
}

/**
 * `bugs`: injected bugs (src/bugs/catalog.ts); only `torn-tail-kept` concerns recovery.
 * `selfChecks`: false turns the assertions into best-effort repairs (see above).
 */
export function recover(files: ReadonlyMap<string, Uint8Array>, bugs: ReadonlySet<string> = NO_BUG_NAMES, selfChecks = true): RecoveredState {
  const broken = ruleChecker(selfChecks);
  const snapshotBytes = files.get(SNAPSHOT_FILE);
  const snapshot = snapshotBytes === undefined ? null : readSnapshot(snapshotBytes);
  const snapshotLost = snapshotBytes !== undefined && snapshot === null;
  const walBytes = files.get(WAL_FILE);
  const wal = replayWal(walBytes ?? new Uint8Array(0), bugs);
  // Bug `hard-state-copy-never-read`: the slots are written but recovery never reads them.
  const copies: SlotCopies = bugs.has('hard-state-copy-never-read') ? { hardState: wal.hardState, trust: 'ok', seq: 0, corruptSlots: [], spareSlots: [] } : readCopies(files, wal);
  let trust: StorageTrust = copies.trust;
  if ((wal.damaged || snapshotLost) && trust === 'ok') trust = 'repairing';
  // A node still repairing may have deleted its damaged snapshot before this restart: the gap under
  // the WAL's base is that known damage (the leader will send a snapshot again), not a broken rule.
  const snapshotGoneWhileRepairing = snapshotBytes === undefined && copies.trust !== 'ok';
  if ((snapshotLost || snapshotGoneWhileRepairing) && wal.baseIndex > 0) {
    // The snapshot covered the log before the WAL's base: without it the rest cannot be attached.
    wal.baseIndex = 0;
    wal.baseTerm = 0;
    wal.entries = [];
  }
  let baseIndex = wal.baseIndex;
  let baseTerm = wal.baseTerm;
  let entries = wal.entries;
  let hardState = copies.hardState;
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
    // With trust lost the hard state may be an older copy: the snapshot's term is then a floor, not a contradiction.
    const termBelowSnapshot = trust === 'ok' ? broken(hardState.term >= snapshot.lastIncludedTerm, () => 'snapshot term above the durable current term') : hardState.term < snapshot.lastIncludedTerm;
    if (termBelowSnapshot) {
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
  let slotSeq = copies.seq;
  if (trust !== 'ok') {
    // Record the damage before the WAL rewrite below makes it invisible. Written at every damaged
    // restart, even one that already knew of it: its fresh sequence number names this restart in the
    // node's lost-entries replies, so a repair meant for an earlier one cannot count (repair.ts).
    slotSeq += 1;
    // Never over a damaged slot when the other one can be spared: the damaged one may be the only trace of
    // the damage (the newest slot, recording it, struck by bit rot), and a crash that tears the write over
    // it leaves what reads as a torn write beside an older slot that trusts the disk. Seed 51648 of
    // `--nodes 5 --profile brutal`: n4's repairing slot flipped a bit, the write over it tore, and n4 came
    // back trusting itself and voted. The other slot can be spared when a tear of it loses nothing: it is
    // missing, torn, or it trusts the disk and its hard state is in an undamaged WAL (synced before any
    // slot). Otherwise it is the only copy of the newest hard state (seeds 29373 and 6751: over it, a tear
    // lost the term), and the damage stays visible elsewhere: the WAL is damaged or behind it until its
    // rewrite, after this write; or it records the damage itself, while the damaged one may be a latent
    // read error over an older copy that trusts the disk and reads whole again at the next restart (seed
    // 14634 of `--profile brutal`). The sequence number skips one to land there.
    if (copies.corruptSlots.includes(HARD_STATE_SLOTS[slotSeq % 2]!) && copies.spareSlots.includes(HARD_STATE_SLOTS[(slotSeq + 1) % 2]!)) slotSeq++;
    const file = HARD_STATE_SLOTS[slotSeq % 2]!;
    repair.push({ kind: 'write', file, bytes: encodeHardStateCopy({ seq: slotSeq, hardState, trust }) }, { kind: 'fsync', file });
  }
  if (snapshotLost) repair.push({ kind: 'delete', file: SNAPSHOT_FILE });
  if (files.has(WAL_TEMP_FILE) || files.has(SNAPSHOT_TEMP_FILE)) mark('stale-temp-file-discarded');
  if (files.has(SNAPSHOT_TEMP_FILE)) repair.push({ kind: 'delete', file: SNAPSHOT_TEMP_FILE });
  // Bug `torn-tail-kept` (redisraft #127): no repair, so new records are appended behind the torn one and lost at the next recovery.
  if (files.size > 0 && !bugs.has('torn-tail-kept')) new StorageWriter().rewriteWal(repair, baseIndex, baseTerm, hardState, entries);
  return { hardState, snapshot, baseIndex, baseTerm, entries, repair, trust, slotSeq };
}

/** The snapshot, or null when it is damaged (it can be fetched again from a leader). */
function readSnapshot(bytes: Uint8Array): StoredSnapshot | null {
  const { payloads, damage } = unframeRecords(bytes);
  if (damage !== null) {
    mark('snapshot-corruption-detected');
    return null;
  }
  try {
    return decodeSnapshotRecords(bytes, payloads);
  } catch {
    mark('snapshot-corruption-detected');
    return null;
  }
}

/**
 * The hard state from its two copies: the WAL's and the newest readable slot.
 * The newer (higher term) wins; a slot is written after the WAL record, so the
 * WAL alone may be ahead only by a state never acted on. When the WAL is
 * damaged its copy may miss the newest record: the slot then decides, and
 * with no readable slot the term is unknown.
 */
function readCopies(files: ReadonlyMap<string, Uint8Array>, wal: ReplayedWal): SlotCopies {
  let newest: HardStateCopy | null = null;
  const corruptSlots: string[] = [];
  const spareSlots: string[] = [];
  for (const name of HARD_STATE_SLOTS) {
    const bytes = files.get(name);
    if (bytes === undefined) {
      spareSlots.push(name);
      continue;
    }
    const reading = readHardStateSlot(bytes);
    if (reading.kind === 'corrupt') corruptSlots.push(name);
    else if (reading.kind === 'copy' && (newest === null || reading.copy.seq > newest.seq)) newest = reading.copy;
    if (reading.kind === 'torn' || (reading.kind === 'copy' && reading.copy.trust === 'ok' && !wal.damaged && walHolds(wal.hardState, reading.copy.hardState))) spareSlots.push(name);
  }
  const corrupt = corruptSlots.length > 0;
  if (corrupt) mark('hard-state-copy-corrupt');
  const seq = newest?.seq ?? 0;
  const slotState = newest?.hardState ?? null;
  let hardState = wal.hardState;
  if (slotState !== null && slotState.term > hardState.term) hardState = slotState;
  else if (slotState !== null && slotState.term === hardState.term && hardState.votedFor === null) hardState = slotState;
  let trust: StorageTrust = newest?.trust ?? 'ok';
  if (corrupt && trust === 'ok') trust = 'repairing';
  if (slotState !== null && trust === 'ok' && !walHolds(wal.hardState, slotState)) {
    // A slot is written only after the WAL fsync that made its hard state durable, so a WAL that
    // lacks it lost a synced record: damage, even where what is left reads as a torn tail (two
    // faults in one record can make it look like a cut append). Seed 866 of the brutal profile.
    mark('wal-behind-hard-state-slot');
    trust = 'repairing';
  }
  const slotsExist = files.has(HARD_STATE_SLOTS[0]) || files.has(HARD_STATE_SLOTS[1]);
  if (wal.damaged && newest === null && (slotsExist || hardState.term > 0)) {
    mark('hard-state-lost');
    trust = 'term-unknown';
  }
  return { hardState, trust, seq, corruptSlots, spareSlots };
}

interface SlotCopies {
  readonly hardState: HardState;
  readonly trust: StorageTrust;
  /** The newest readable slot's sequence number (0: none). */
  readonly seq: number;
  /** The slot files that read as damaged (not torn). */
  readonly corruptSlots: readonly string[];
  /** The slot files whose loss loses nothing: missing, torn, or trusting the disk with a hard state an undamaged WAL holds too. */
  readonly spareSlots: readonly string[];
}

/** Whether the WAL's hard state is the slot's or a later one: the slot's is always synced in the WAL first. */
function walHolds(walState: HardState, slotState: HardState): boolean {
  if (walState.term !== slotState.term) return walState.term > slotState.term;
  return slotState.votedFor === null || walState.votedFor === slotState.votedFor;
}

/** Returns true when a recovery rule does not hold; with self-checks on, throws instead. */
type RuleChecker = (holds: boolean, message: () => string) => boolean;

function ruleChecker(selfChecks: boolean): RuleChecker {
  return (holds, message) => {
    if (selfChecks) assert(holds, message);
    return !holds;
  };
}

/**
 * Replay the WAL: last hard state wins, an entry at i supersedes everything >= i.
 * Entries come only from the records before the first damaged frame (a hole
 * cannot be bridged); hard-state records after it still count, since they are
 * checksum-valid evidence of a term the node reached.
 * Bug `wal-corruption-treated-as-torn-tail` (today's behaviour before issue 14): any
 * damage ends the WAL there, like a torn tail, and the node goes on trusting it.
 */
function decodeIfWalRecord(payload: Uint8Array, frame: Uint8Array): WalRecord | null {
  try {
    return decodeWalRecord(payload, frame);
  } catch {
    return null;
  }
}

function replayWal(bytes: Uint8Array, bugs: ReadonlySet<string>): ReplayedWal {
  const scan = scanWal(bytes, { zerosEndTheLog: bugs.has('zeroed-record-read-as-log-end'), damagedTailIsTorn: bugs.has('damaged-tail-read-as-torn') });
  const damaged = scan.corruptFrames > 0;
  if (scan.torn || (damaged && bugs.has('wal-corruption-treated-as-torn-tail'))) mark('wal-torn-tail-truncated');
  if (damaged && !bugs.has('wal-corruption-treated-as-torn-tail')) mark('wal-corrupt-record-detected');
  const wal: ReplayedWal = { baseIndex: 0, baseTerm: 0, hardState: { term: 0, votedFor: null }, entries: [], damaged: damaged && !bugs.has('wal-corruption-treated-as-torn-tail') };
  // A checksum-valid frame can still be out of place: a misdirected write copies a whole frame of this WAL, of
  // an older one or of another file onto a frame boundary (records of one size sit at a fixed stride). Our writer
  // only appends records in order, so a frame that breaks the order (no WAL record at all, a base record not
  // first, a term that goes back, an entry at or below the base, past the log's end or above the recorded term)
  // is damage, found just as a frame failing its checksum is: the entries end before it, later hard states
  // still count as evidence of a term reached. (Bug wal-corruption-treated-as-torn-tail: it ends the WAL there.)
  let misplacedSeen = false;
  const misplaced = (): void => {
    const first = !misplacedSeen;
    misplacedSeen = true;
    // One damaged WAL is one detection, however many of its frames are out of place or fail their checksums.
    if (!first || bugs.has('wal-corruption-treated-as-torn-tail')) return;
    if (!wal.damaged) mark('wal-corrupt-record-detected');
    wal.damaged = true;
  };
  for (let r = 0; r < scan.records.length; r++) {
    const { payload, frame, afterDamage } = scan.records[r]!;
    const pastDamage = afterDamage || misplacedSeen;
    if (pastDamage && !wal.damaged) break;
    const record = decodeIfWalRecord(payload, frame);
    if (record === null) {
      misplaced();
      continue;
    }
    if (pastDamage) {
      if (record.type === 'hard' && record.term > wal.hardState.term) wal.hardState = { term: record.term, votedFor: record.votedFor };
      continue;
    }
    switch (record.type) {
      case 'base':
        if (r !== 0) misplaced();
        else {
          wal.baseIndex = record.index;
          wal.baseTerm = record.term;
        }
        break;
      case 'hard':
        if (record.term < wal.hardState.term) misplaced();
        else wal.hardState = { term: record.term, votedFor: record.votedFor };
        break;
      case 'entry': {
        const offset = record.index - wal.baseIndex - 1;
        if (offset < 0 || offset > wal.entries.length || record.entry.term > wal.hardState.term) {
          misplaced();
          break;
        }
        wal.entries.length = offset;
        wal.entries.push(record.entry);
        break;
      }
    }
  }
  return wal;
}
