/** A whole, compacted WAL: base position, hard state, then every entry after the base. */

import type { Entry, HardState } from '../raft/types.js';
import { joinFrames } from './record-framing.js';
import { framedBaseRecord, framedEntryRecord, framedHardStateRecord } from './wal-record.js';

export function encodeWalImage(baseIndex: number, baseTerm: number, hardState: HardState, entries: readonly Entry[]): Uint8Array {
  const frames: Uint8Array[] = [framedBaseRecord(baseIndex, baseTerm), framedHardStateRecord(hardState)];
  for (let k = 0; k < entries.length; k++) frames.push(framedEntryRecord(baseIndex + 1 + k, entries[k]!));
  return joinFrames(frames);
}
