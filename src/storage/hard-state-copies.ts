/**
 * The redundant copy of the hard state (term, vote), as CTRL keeps it
 * (Alagappan et al., FAST 2018, section 4.1: metadata is small, so it is
 * stored twice and a corrupted copy never decides a vote alone).
 *
 * The WAL holds one copy (its hard-state records); these two slot files hold
 * the other, written alternately (slot seq % 2), each one whole frame, after
 * the WAL fsync of the same step and before any message leaves. A crash while
 * writing a slot tears that slot only: the other still holds the previous
 * copy, and the WAL the newest one. The slot also records whether the node
 * trusts its storage (`trust`), so that a node that found damage stays
 * damaged across further restarts until a leader has repaired it.
 */

import type { NodeEffect } from '../harness/api.js';
import type { NodeId } from '../harness/api.js';
import type { HardState } from '../raft/types.js';
import { DecodedRecords } from './decoded-records.js';
import { frameChecksum, frameText, looksTornFrame, readU32, RECORD_HEADER_BYTES, unframeRecords } from './record-framing.js';

export const HARD_STATE_SLOTS = ['raft.hard.0', 'raft.hard.1'] as const;

/**
 * - ok: the durable state is whole.
 * - repairing: entries (or a snapshot) were lost to damage; the hard state is known.
 *   The node neither votes nor campaigns until a leader has repaired its log.
 * - term-unknown: both copies of the hard state are lost; the node may have
 *   voted in a term it cannot name, so it never votes or campaigns again.
 */
export type StorageTrust = 'ok' | 'repairing' | 'term-unknown';

export interface HardStateCopy {
  readonly seq: number;
  readonly hardState: HardState;
  readonly trust: StorageTrust;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Every slot payload is a JSON array. */
const SLOT_OPENINGS = [encoder.encode('[')];

/** One framed record: `[seq, term, votedFor, trust]` as JSON, encoded straight into its frame (written at every term or vote change). */
export function encodeHardStateCopy(copy: HardStateCopy): Uint8Array {
  return frameText(JSON.stringify([copy.seq, copy.hardState.term, copy.hardState.votedFor, copy.trust]));
}

/** What a slot file holds: a copy, nothing usable because a crash tore its write, or damage. */
export type SlotReading = { kind: 'copy'; copy: HardStateCopy } | { kind: 'torn' } | { kind: 'corrupt' };

/** Copies decoded before (decoded-records.ts): every restart and ghost recovery reads both slots again. */
const decodedCopies = new DecodedRecords<HardStateCopy>();

export function readHardStateSlot(bytes: Uint8Array): SlotReading {
  const { payloads, damage } = unframeRecords(bytes);
  if (damage === 'torn' && payloads.length === 0 && looksTorn(bytes)) return { kind: 'torn' };
  if (damage !== null || payloads.length !== 1) return { kind: 'corrupt' };
  const payload = payloads[0]!;
  const checksum = frameChecksum(bytes);
  const known = decodedCopies.find(checksum, payload);
  if (known !== undefined) return { kind: 'copy', copy: known };
  try {
    const [seq, term, votedFor, trust] = JSON.parse(decoder.decode(payload)) as [number, number, NodeId | null, StorageTrust];
    if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(term) || !['ok', 'repairing', 'term-unknown'].includes(trust)) return { kind: 'corrupt' };
    const copy: HardStateCopy = { seq, hardState: { term, votedFor }, trust };
    // A copy of the payload: a view would keep the whole file read alive.
    decodedCopies.remember(checksum, payload.slice(), copy);
    return { kind: 'copy', copy };
  } catch {
    // A checksum that passes over bytes that do not parse: damage the checksum missed.
    return { kind: 'corrupt' };
  }
}

/** A slot record is a few dozen bytes; a longer declared length is damage. */
const MAX_SLOT_BYTES = 4096;

/**
 * Whether a slot whose frame runs past its end is what a crash leaves in the
 * middle of writing it (record-framing.ts, looksTornFrame). A bit flipped in
 * the length field also makes the frame run past the end, with the whole
 * record still there: read as torn, the other (older) slot would decide, and
 * the node could forget the damage this one recorded (seed 1266 with storage
 * faults at twice the default rate: a flipped length bit made a node that was
 * still repairing trust itself and vote).
 */
function looksTorn(bytes: Uint8Array): boolean {
  if (bytes.length <= RECORD_HEADER_BYTES) return true;
  return readU32(bytes, 0) <= MAX_SLOT_BYTES && looksTornFrame(bytes, RECORD_HEADER_BYTES, readU32(bytes, 4), SLOT_OPENINGS);
}

/** Keeps the slot copy in step with the node's hard state and trust; flushed with each WAL sync. */
export class HardStateSlots {
  private seq = 0;
  private hardState: HardState = { term: 0, votedFor: null };
  private trust: StorageTrust = 'ok';
  private dirty = false;

  /** Continue from what recovery found (the next write goes to the other slot). */
  resume(seq: number, hardState: HardState, trust: StorageTrust): void {
    this.seq = seq;
    this.hardState = hardState;
    this.trust = trust;
  }

  record(hardState: HardState): void {
    this.hardState = hardState;
    this.dirty = true;
  }

  setTrust(trust: StorageTrust): void {
    if (trust === this.trust) return;
    this.trust = trust;
    this.dirty = true;
  }

  isDirty(): boolean {
    return this.dirty;
  }

  currentTrust(): StorageTrust {
    return this.trust;
  }

  /** Write the next slot and fsync it, if anything changed since the last flush. */
  flush<M>(effects: NodeEffect<M>[]): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.seq += 1;
    const file = HARD_STATE_SLOTS[this.seq % 2]!;
    effects.push({ kind: 'write', file, bytes: encodeHardStateCopy({ seq: this.seq, hardState: this.hardState, trust: this.trust }) });
    effects.push({ kind: 'fsync', file });
  }
}
