/** The snapshot file: one framed record holding the last included position and the state machine. */

import { snapshotJson, type KvSnapshot } from '../kv/kv-store.js';
import { assert } from '../util/assert.js';
import { frameRecords, unframeRecords } from './record-framing.js';

export interface StoredSnapshot {
  readonly lastIncludedIndex: number;
  readonly lastIncludedTerm: number;
  readonly state: KvSnapshot;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeSnapshotFile(snapshot: StoredSnapshot): Uint8Array {
  // Spelled out so that the state's JSON, usually already made for the state digest, is reused.
  const payload = encoder.encode(`[${JSON.stringify(snapshot.lastIncludedIndex)},${JSON.stringify(snapshot.lastIncludedTerm)},${snapshotJson(snapshot.state)}]`);
  return frameRecords([payload]);
}

/**
 * The snapshot file only ever appears by renaming a fully synced temp file,
 * so any damage here is a bug (or a disk that broke its contract): assert.
 */
export function decodeSnapshotFile(bytes: Uint8Array): StoredSnapshot {
  const { payloads, damage } = unframeRecords(bytes);
  assert(damage === null, () => `snapshot file damaged (${damage})`);
  assert(payloads.length === 1, () => `snapshot file holds ${payloads.length} records`);
  const [lastIncludedIndex, lastIncludedTerm, state] = JSON.parse(decoder.decode(payloads[0]!)) as [number, number, KvSnapshot];
  assert(lastIncludedIndex >= 1 && lastIncludedTerm >= 1, 'snapshot of an empty log');
  return { lastIncludedIndex, lastIncludedTerm, state };
}
