/**
 * The in-memory Raft log: a snapshot base (index and term of the last
 * compacted entry) plus the entries after it. Index i lives at
 * entries[i - snapshotIndex - 1]. Pure data structure; persistence is the
 * node's job.
 */

import { assert } from '../util/assert.js';
import type { Entry } from './types.js';

export class RaftLog {
  private base: number;
  private baseTerm: number;
  private entries: Entry[];

  constructor(snapshotIndex = 0, snapshotTerm = 0, entries: Entry[] = []) {
    assert(snapshotIndex >= 0 && snapshotTerm >= 0, 'negative snapshot base');
    assert(snapshotIndex > 0 || snapshotTerm === 0, 'index 0 has term 0');
    this.base = snapshotIndex;
    this.baseTerm = snapshotTerm;
    this.entries = [];
    for (const entry of entries) this.append(entry);
  }

  get snapshotIndex(): number {
    return this.base;
  }

  get snapshotTerm(): number {
    return this.baseTerm;
  }

  get lastIndex(): number {
    return this.base + this.entries.length;
  }

  get lastTerm(): number {
    // Test the length first: entries[-1] of an empty log (right after a snapshot) is a slow named-property lookup.
    const count = this.entries.length;
    return count === 0 ? this.baseTerm : (this.entries[count - 1] as Entry).term;
  }

  /** Term at `index` for snapshotIndex <= index <= lastIndex, else undefined (compacted or absent). */
  termAt(index: number): number | undefined {
    if (index === this.base) return this.baseTerm;
    if (index < this.base || index > this.lastIndex) return undefined;
    return this.entries[index - this.base - 1]!.term;
  }

  entryAt(index: number): Entry {
    const entry = this.entries[index - this.base - 1];
    // Hot: the message is built only on failure (a closure per call would be garbage).
    if (entry === undefined || index <= this.base) assert(false, `no entry ${index} (log ${this.base}..${this.lastIndex})`);
    return entry;
  }

  /** Copy of entries [from, toInclusive]; both must be inside the uncompacted range. */
  slice(from: number, toInclusive: number): Entry[] {
    if (from <= this.base || toInclusive > this.lastIndex) assert(false, `slice ${from}..${toInclusive} outside log`);
    return this.entries.slice(from - this.base - 1, toInclusive - this.base);
  }

  append(entry: Entry): number {
    if (entry.term < this.lastTerm) assert(false, `entry term ${entry.term} below last term ${this.lastTerm}`);
    this.entries.push(entry);
    return this.lastIndex;
  }

  /** Drop entries >= index. */
  truncateFrom(index: number): void {
    assert(index > this.base, () => `truncating compacted index ${index} (snapshot ${this.base})`);
    assert(index <= this.lastIndex, () => `truncating past the end: ${index} > ${this.lastIndex}`);
    this.entries.length = index - this.base - 1;
  }

  /**
   * Figure 2, AppendEntries receiver steps 3 and 4, for entries that follow
   * `prevIndex` (whose term the caller has already matched): "If an existing
   * entry conflicts with a new one (same index but different terms), delete
   * the existing entry and all that follow it. Append any new entries not
   * already in the log." Entries already present are kept, never rewritten,
   * so a stale shorter AppendEntries cannot take back acknowledged entries.
   * Entries at or below the snapshot are committed and skipped.
   * Returns the index of the first entry written (null if none) and whether a
   * conflicting suffix was dropped.
   */
  mergeFromLeader(prevIndex: number, incoming: readonly Entry[]): { firstWritten: number | null; truncated: boolean } {
    let firstWritten: number | null = null;
    let truncated = false;
    for (let k = 0; k < incoming.length; k++) {
      const index = prevIndex + 1 + k;
      if (index <= this.base) continue;
      const entry = incoming[k]!;
      if (firstWritten === null) {
        const existingTerm = this.termAt(index);
        if (existingTerm === entry.term) continue;
        if (existingTerm !== undefined) {
          this.truncateFrom(index);
          truncated = true;
        }
        firstWritten = index;
      }
      this.append(entry);
    }
    return { firstWritten, truncated };
  }

  /**
   * Only for the injected bug `truncate-on-matching-append`: the over-eager
   * merge that cuts everything after `prevIndex` and appends the incoming
   * entries, even when they all match (so a stale, shorter AppendEntries takes
   * back entries already acknowledged). Same result shape as mergeFromLeader.
   */
  replaceAfter(prevIndex: number, incoming: readonly Entry[]): { firstWritten: number | null; truncated: boolean } {
    const cutFrom = Math.max(prevIndex + 1, this.base + 1);
    const truncated = cutFrom <= this.lastIndex;
    if (truncated) this.truncateFrom(cutFrom);
    let firstWritten: number | null = null;
    for (let k = 0; k < incoming.length; k++) {
      const index = prevIndex + 1 + k;
      if (index <= this.base) continue;
      firstWritten ??= index;
      this.append(incoming[k]!);
    }
    return { firstWritten, truncated };
  }

  /**
   * Only for the injected bug `append-keeps-stale-suffix`: the under-truncating
   * merge that overwrites each conflicting entry in place and keeps whatever
   * followed the last incoming entry, so stale entries of an older term can
   * sit after newer ones. Same result shape as mergeFromLeader.
   */
  overwriteInPlace(prevIndex: number, incoming: readonly Entry[]): { firstWritten: number | null; truncated: boolean } {
    let firstWritten: number | null = null;
    let truncated = false;
    for (let k = 0; k < incoming.length; k++) {
      const index = prevIndex + 1 + k;
      if (index <= this.base) continue;
      const entry = incoming[k]!;
      const existingTerm = this.termAt(index);
      if (firstWritten === null && existingTerm === entry.term) continue;
      firstWritten ??= index;
      if (existingTerm === undefined) {
        this.entries.push(entry);
      } else {
        truncated ||= existingTerm !== entry.term;
        this.entries[index - this.base - 1] = entry;
      }
    }
    return { firstWritten, truncated };
  }

  /**
   * Compact: make `index` (which must be in the log with `term`) the new base,
   * keeping the entries after it (Figure 13 step 6 and local snapshots).
   */
  compactTo(index: number, term: number): void {
    assert(index > this.base && index <= this.lastIndex, () => `compacting to ${index} outside ${this.base}..${this.lastIndex}`);
    assert(this.termAt(index) === term, () => `compacting to ${index}@${term} but log has term ${this.termAt(index)}`);
    this.entries.splice(0, index - this.base);
    this.base = index;
    this.baseTerm = term;
  }

  /** Discard the whole log and start after a snapshot (Figure 13 step 7). */
  resetTo(index: number, term: number): void {
    assert(index > this.base, () => `reset to ${index} does not advance snapshot ${this.base}`);
    this.entries = [];
    this.base = index;
    this.baseTerm = term;
  }

  /**
   * Section 5.4.1: a candidate's log is at least as up-to-date as ours if its
   * last term is higher, or the last terms are equal and its log is at least
   * as long. Lexicographic on (lastTerm, lastIndex).
   */
  isUpToDate(candidateLastTerm: number, candidateLastIndex: number): boolean {
    if (candidateLastTerm !== this.lastTerm) return candidateLastTerm > this.lastTerm;
    return candidateLastIndex >= this.lastIndex;
  }
}
