/** The snapshot file: one framed record holding the last included position and the state machine. */

import type { NodeId } from '../harness/api.js';
import { snapshotJson, type KvSnapshot } from '../kv/kv-store.js';
import { assert } from '../util/assert.js';
import { frameRecords, unframeRecords } from './record-framing.js';

export interface StoredSnapshot {
  readonly lastIncludedIndex: number;
  readonly lastIncludedTerm: number;
  readonly state: KvSnapshot;
  /** The voters in force at lastIncludedIndex (section 4.1); absent in files written before membership changes. */
  readonly configuration?: readonly NodeId[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

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
  assert(payloads.length === 1, () => `snapshot file holds ${payloads.length} records`);
  const [lastIncludedIndex, lastIncludedTerm, state, configuration] = JSON.parse(decoder.decode(payloads[0]!)) as [number, number, KvSnapshot, NodeId[]?];
  assert(lastIncludedIndex >= 1 && lastIncludedTerm >= 1, 'snapshot of an empty log');
  return configuration === undefined ? { lastIncludedIndex, lastIncludedTerm, state } : { lastIncludedIndex, lastIncludedTerm, state, configuration };
}
