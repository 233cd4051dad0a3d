/** A whole, compacted WAL: base position, hard state, then every entry after the base. */

import type { Entry, HardState } from '../raft/types.js';
import { frameRecords } from './record-framing.js';
import { encodeBaseRecord, encodeEntryRecord, encodeHardStateRecord } from './wal-record.js';

export function encodeWalImage(baseIndex: number, baseTerm: number, hardState: HardState, entries: readonly Entry[]): Uint8Array {
  const payloads: Uint8Array[] = [encodeBaseRecord(baseIndex, baseTerm), encodeHardStateRecord(hardState)];
  for (let k = 0; k < entries.length; k++) payloads.push(encodeEntryRecord(baseIndex + 1 + k, entries[k]!));
  return frameRecords(payloads);
}
