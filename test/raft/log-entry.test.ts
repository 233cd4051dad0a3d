/**
 * LogEntry (raft/types.ts) keeps its WAL frame and command digest in private
 * fields: an entry must still read as the plain `{ term, command }` it
 * replaced, and what it keeps must be what an uncached entry computes.
 */

import { describe, expect, it } from 'vitest';
import { commandDigest, LogEntry, type Command, type Entry } from '../../src/raft/types.js';
import { framedEntryRecord } from '../../src/storage/wal-record.js';

const command: Command = { kind: 'client', request: { client: 3, seq: 8, op: { op: 'put', key: 'k', value: 'v' } } };

describe('LogEntry', () => {
  it('reads as { term, command }: same JSON, keys and equality as the literal', () => {
    const entry = new LogEntry(2, command);
    const literal: Entry = { term: 2, command };
    framedEntryRecord(5, entry);
    LogEntry.digestOf(entry);
    expect(JSON.stringify(entry)).toBe(JSON.stringify(literal));
    expect(Object.keys(entry)).toEqual(['term', 'command']);
    expect({ ...entry }).toEqual(literal);
    expect(entry).toEqual(literal);
  });

  it('keeps the frame of its index and its digest, equal to what a plain entry computes each time', () => {
    const entry = new LogEntry(2, command);
    const literal: Entry = { term: 2, command };
    const frame = framedEntryRecord(5, entry);
    expect(framedEntryRecord(5, entry)).toBe(frame);
    expect([...frame]).toEqual([...framedEntryRecord(5, literal)]);
    // Another index is another record.
    expect([...framedEntryRecord(6, entry)]).toEqual([...framedEntryRecord(6, literal)]);
    expect(LogEntry.digestOf(entry)).toBe(commandDigest(command));
    expect(LogEntry.digestOf(literal)).toBe(commandDigest(command));
  });
});
