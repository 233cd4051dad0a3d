/**
 * The configurations a node's log holds (dissertation section 4.1): the
 * voters in force at the snapshot base, plus every configuration entry after
 * it. A node always uses the LATEST configuration in its log, committed or
 * not, from the moment the entry is appended; when a conflicting suffix is
 * cut, the configuration falls back to the latest one that remains.
 *
 * Pure bookkeeping over log indexes; the node calls it whenever its log
 * changes (leader append, follower merge, compaction, snapshot install,
 * recovery).
 */

import type { NodeId } from '../harness/api.js';
import { assert } from '../util/assert.js';
import type { Entry } from './types.js';

interface Configuration {
  /** The configuration entry's log index (the snapshot base for the base configuration). */
  readonly index: number;
  readonly voters: readonly NodeId[];
}

export class Membership {
  /** In force at the snapshot base (the initial configuration before any snapshot). */
  private base: Configuration;
  /** Configuration entries above the base, by ascending index. */
  private readonly entries: Configuration[] = [];

  constructor(baseIndex: number, baseVoters: readonly NodeId[]) {
    assertVoters(baseVoters);
    this.base = { index: baseIndex, voters: baseVoters };
  }

  /** The voters of the latest configuration in the log. */
  get voters(): readonly NodeId[] {
    return this.latest.voters;
  }

  /** Index of the latest configuration entry (the base index if none is above the base). */
  get latestIndex(): number {
    return this.latest.index;
  }

  /** The configuration in force at `index` (at or above the base): what a snapshot up to `index` keeps. */
  votersAt(index: number): readonly NodeId[] {
    assert(index >= this.base.index, () => `configuration at ${index} below the base ${this.base.index}`);
    let voters = this.base.voters;
    for (const entry of this.entries) {
      if (entry.index > index) break;
      voters = entry.voters;
    }
    return voters;
  }

  /** An entry was written at `index` (after everything >= index was cut). */
  appended(index: number, entry: Entry): void {
    if (entry.command.kind !== 'config') return;
    assert(index > this.latest.index, () => `configuration at ${index} not after ${this.latest.index}`);
    assertVoters(entry.command.voters);
    this.entries.push({ index, voters: entry.command.voters });
  }

  /** The log lost every entry >= index (a conflicting suffix cut). */
  truncateFrom(index: number): void {
    while (this.entries.length > 0 && this.latest.index >= index) this.entries.pop();
  }

  /** The log was compacted up to `index`: configurations at or below it fold into the base. */
  compactTo(index: number): void {
    const voters = this.votersAt(index);
    while (this.entries.length > 0 && (this.entries[0] as Configuration).index <= index) this.entries.shift();
    this.base = { index, voters };
  }

  /** A snapshot replaced the state up to `index`, in force there: `voters`; entries above it stay if `keepAbove`. */
  installSnapshot(index: number, voters: readonly NodeId[], keepAbove: boolean): void {
    assertVoters(voters);
    if (keepAbove) while (this.entries.length > 0 && (this.entries[0] as Configuration).index <= index) this.entries.shift();
    else this.entries.length = 0;
    this.base = { index, voters };
  }

  private get latest(): Configuration {
    // Test the length first: reading entries[-1] of an empty list is a slow named-property lookup, and this runs on every step.
    const count = this.entries.length;
    return count === 0 ? this.base : (this.entries[count - 1] as Configuration);
  }
}

function assertVoters(voters: readonly NodeId[]): void {
  assert(voters.length >= 1 && new Set(voters).size === voters.length, () => `bad configuration ${voters.join(',')}`);
}
