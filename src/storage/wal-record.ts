/**
 * WAL record payloads (compact JSON inside a checksummed frame).
 * - base:  the log position this WAL starts after (first record of a compacted WAL; absent means 0@0).
 * - hard:  a new (currentTerm, votedFor); the last one wins.
 * - entry: the entry at `index`. It supersedes every entry >= index recorded
 *          before it, so conflict truncation is just another append.
 */

import type { NodeId } from '../harness/api.js';
import { LogEntry, type Command, type Entry, type HardState } from '../raft/types.js';
import { assert } from '../util/assert.js';
import { allocateBytes } from './byte-slab.js';
import { DecodedRecords } from './decoded-records.js';
import { frameChecksum, frameText } from './record-framing.js';

export type WalRecord =
  | { readonly type: 'base'; readonly index: number; readonly term: number }
  | { readonly type: 'hard'; readonly term: number; readonly votedFor: NodeId | null }
  | { readonly type: 'entry'; readonly index: number; readonly entry: Entry };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeBaseRecord(index: number, term: number): Uint8Array {
  return encoder.encode(baseRecordText(index, term));
}

export function encodeHardStateRecord(hardState: HardState): Uint8Array {
  return encoder.encode(hardStateRecordText(hardState));
}

/** The framed records, encoded straight into their frames (the hot path: see frameText). */
export function framedBaseRecord(index: number, term: number): Uint8Array {
  return frameText(baseRecordText(index, term));
}

export function framedHardStateRecord(hardState: HardState): Uint8Array {
  return frameText(hardStateRecordText(hardState));
}

/*
 * The record texts are spelled out: exactly what JSON.stringify of the record
 * objects ({ b: [index, term] }, { h: [term, votedFor] }, { e: [index, term,
 * command] }) writes for integer positions and terms, without building those
 * objects on the hottest write path (an entry framed per proposal, a hard
 * state per term or vote).
 */

function baseRecordText(index: number, term: number): string {
  return '{"b":[' + integerText(index) + ',' + integerText(term) + ']}';
}

function hardStateRecordText(hardState: HardState): string {
  const votedFor = hardState.votedFor;
  return '{"h":[' + integerText(hardState.term) + ',' + (votedFor === null ? 'null' : integerText(votedFor)) + ']}';
}

/** An integer's JSON (its decimal digits); anything else as JSON.stringify writes it, so the text never differs. */
function integerText(value: number): string {
  return Number.isSafeInteger(value) ? String(value) : JSON.stringify(value);
}

export function encodeEntryRecord(index: number, entry: Entry): Uint8Array {
  return encoder.encode(entryRecordText(index, entry));
}

function entryRecordText(index: number, entry: Entry): string {
  return '{"e":[' + integerText(index) + ',' + integerText(entry.term) + ',' + JSON.stringify(entry.command) + ']}';
}

/**
 * `frameRecord(encodeEntryRecord(index, entry))`, computed once per entry (kept on it: raft/types.ts, LogEntry).
 * The result is shared: never modify it.
 */
export function framedEntryRecord(index: number, entry: Entry): Uint8Array {
  const cached = LogEntry.frameAt(entry, index);
  if (cached !== null) return cached;
  const frame = frameText(entryRecordText(index, entry));
  LogEntry.keepFrame(entry, index, frame);
  return frame;
}

/** Records decoded at earlier restarts and ghost recoveries (decoded-records.ts). */
const decodedRecords = new DecodedRecords<WalRecord>();

/**
 * Decode a payload whose checksum already passed: any malformation is a bug in the writer, not disk damage.
 * `frame`, the whole checksum-valid frame around the payload (recovery has it), becomes a decoded
 * entry's framed record: framing the entry again gives the same bytes (the writer's compact JSON is
 * what JSON.stringify writes back for what JSON.parse read), and a restart rewrites every entry.
 * With the frame, a record read before is handed out again rather than decoded anew.
 */
export function decodeWalRecord(payload: Uint8Array, frame?: Uint8Array): WalRecord {
  if (frame === undefined) return decodePayload(payload);
  const checksum = frameChecksum(frame);
  const known = decodedRecords.find(checksum, payload);
  if (known !== undefined) return known;
  const record = decodePayload(payload);
  // A copy of the frame: the cache keeps it for as long as the record, and a view would keep the whole WAL it was read from.
  const ownFrame = allocateBytes(frame.length);
  ownFrame.set(frame);
  if (record.type === 'entry') LogEntry.keepFrame(record.entry, record.index, ownFrame);
  decodedRecords.remember(checksum, ownFrame.subarray(frame.length - payload.length), record);
  return record;
}

function decodePayload(payload: Uint8Array): WalRecord {
  const value = JSON.parse(decoder.decode(payload)) as {
    b?: [number, number];
    h?: [number, NodeId | null];
    e?: [number, number, Command];
  };
  if (value.b !== undefined) return { type: 'base', index: value.b[0], term: value.b[1] };
  if (value.h !== undefined) return { type: 'hard', term: value.h[0], votedFor: value.h[1] };
  assert(value.e !== undefined, 'unknown WAL record');
  return { type: 'entry', index: value.e[0], entry: new LogEntry(value.e[1], value.e[2]) };
}
