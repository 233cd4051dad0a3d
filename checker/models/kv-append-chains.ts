/**
 * Which values of one kv key could be a state, and from which write.
 *
 * A state of a key is always B + a1 + ... + ak: B is "" (the start, a
 * delete) or the value of a put or of a cas that swapped, and a1..ak are the
 * values of appends stepped after it, each append at most once. This file
 * answers the over-approximation that lets an append be used again: whether
 * a string ends in a chain of append values from a given position.
 *
 * Strings longer than CHAIN_LIMIT are not analysed: every position counts as
 * a chain start, which only makes the callers more careful. Porcupine's append
 * logs read values of 300,000 characters, and the table costs the value's
 * length times the number of distinct append lengths.
 */

import type { Operation } from '../history.js';
import type { KvInput, KvOutput } from './kv-types.js';

const CHAIN_LIMIT = 4096;

export class AppendChains {
  private readonly values = new Set<string>();
  private readonly lengths: number[];
  private readonly tables = new Map<string, Uint8Array | null>();

  constructor(operations: readonly Operation<KvInput, KvOutput>[]) {
    for (const { input } of operations) if (input.op === 'append' && input.value !== '') this.values.add(input.value);
    this.lengths = [...new Set([...this.values].map((value) => value.length))];
  }

  /** Whether `text` from `position` on could be the values of appends, one after another ("" is). */
  chainFrom(text: string, position: number): boolean {
    if (position === text.length) return true;
    const table = this.table(text);
    return table === null || table[position] === 1;
  }

  /**
   * The bases `text` could have been built on: its prefixes after which only
   * append values follow. Null for a text too long to analyse (any base).
   */
  basesOf(text: string): string[] | null {
    const table = this.table(text);
    if (table === null) return null;
    const bases: string[] = [];
    for (let position = 0; position <= text.length; position++) if (table[position] === 1) bases.push(text.slice(0, position));
    return bases;
  }

  /** table[p] = 1 when text.slice(p) is a chain; null for a text too long to analyse. */
  private table(text: string): Uint8Array | null {
    const known = this.tables.get(text);
    if (known !== undefined) return known;
    let table: Uint8Array | null = null;
    if (text.length <= CHAIN_LIMIT) {
      table = new Uint8Array(text.length + 1);
      table[text.length] = 1;
      for (let position = text.length - 1; position >= 0; position--) {
        for (const length of this.lengths) {
          const end = position + length;
          if (end <= text.length && table[end] === 1 && this.values.has(text.slice(position, end))) {
            table[position] = 1;
            break;
          }
        }
      }
    }
    this.tables.set(text, table);
    return table;
  }
}
