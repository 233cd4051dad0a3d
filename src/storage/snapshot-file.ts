/** The snapshot file: one framed record holding the last included position and the state machine. */

import type { NodeId } from '../harness/api.js';
import { snapshotJson, type KvSnapshot } from '../kv/kv-store.js';
import { assert } from '../util/assert.js';
import { DecodedRecords } from './decoded-records.js';
import { frameChecksum, frameRecords, unframeRecords } from './record-framing.js';

export interface StoredSnapshot {
  readonly lastIncludedIndex: number;
  readonly lastIncludedTerm: number;
  readonly state: KvSnapshot;
  /** The voters in force at lastIncludedIndex (section 4.1); absent in files written before membership changes. */
  readonly configuration?: readonly NodeId[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** A few dozen distinct snapshots live in a run at most; a sweep's next seed starts over. */
const MAX_DECODED_SNAPSHOTS = 64;

export function encodeSnapshotFile(snapshot: StoredSnapshot): Uint8Array {
  // Spelled out so that the state's JSON, usually already made for the state digest, is reused.
  const configuration = snapshot.configuration === undefined ? '' : `,${JSON.stringify(snapshot.configuration)}`;
  const payload = encoder.encode(`[${JSON.stringify(snapshot.lastIncludedIndex)},${JSON.stringify(snapshot.lastIncludedTerm)},${snapshotJson(snapshot.state)}${configuration}]`);
  return frameRecords([payload]);
}

/**
 * The snapshot file only ever appears by renaming a fully synced temp file,
 * so any damage here is a bug (or a disk that broke its contract): assert.
 */
export function decodeSnapshotFile(bytes: Uint8Array): StoredSnapshot {
  const { payloads, damage } = unframeRecords(bytes);
  assert(damage === null, () => `snapshot file damaged (${damage})`);
  return decodeSnapshotRecords(bytes, payloads);
}

/** Snapshots decoded before (decoded-records.ts): a restart and every ghost recovery read the same file again. Few: they are large. */
const decodedSnapshots = new DecodedRecords<StoredSnapshot>(MAX_DECODED_SNAPSHOTS);

/**
 * The snapshot in `bytes`, whose checksum-valid records (unframeRecords) are `payloads`: one record,
 * decoded once per distinct content and handed out again (snapshots are immutable).
 */
export function decodeSnapshotRecords(bytes: Uint8Array, payloads: readonly Uint8Array[]): StoredSnapshot {
  // The message is built only on failure (a closure per call otherwise).
  if (payloads.length !== 1) assert(false, `snapshot file holds ${payloads.length} records`);
  const payload = payloads[0]!;
  const checksum = frameChecksum(bytes);
  const known = decodedSnapshots.find(checksum, payload);
  if (known !== undefined) return known;
  const [lastIncludedIndex, lastIncludedTerm, state, configuration] = JSON.parse(decoder.decode(payload)) as [number, number, KvSnapshot, NodeId[]?];
  assert(lastIncludedIndex >= 1 && lastIncludedTerm >= 1, 'snapshot of an empty log');
  const snapshot: StoredSnapshot = configuration === undefined ? { lastIncludedIndex, lastIncludedTerm, state } : { lastIncludedIndex, lastIncludedTerm, state, configuration };
  // A copy: the payload is a view of the file read, which the cache would otherwise keep whole.
  decodedSnapshots.remember(checksum, payload.slice(), snapshot);
  return snapshot;
}
