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
  private readonly states = new Map<string, boolean>();
  /** The values a state can start with: "", and every put's, and every cas's that may have swapped. */
  readonly bases: ReadonlySet<string>;

  constructor(operations: readonly Operation<KvInput, KvOutput>[]) {
    const bases = new Set<string>(['']);
    for (const { input, output } of operations) {
      if (input.op === 'append' && input.value !== '') this.values.add(input.value);
      else if (input.op === 'put') bases.add(input.value);
      else if (input.op === 'cas' && (output === null || output.ok === true)) bases.add(input.value);
    }
    this.bases = bases;
    this.lengths = [...new Set([...this.values].map((value) => value.length))];
  }

  /** Whether `text` from `position` on could be the values of appends, one after another ("" is). */
  chainFrom(text: string, position: number): boolean {
    if (position === text.length) return true;
    const table = this.table(text);
    return table === null || table[position] === 1;
  }

  /** Whether `text` could be the state of the key at some point: a base, then appends. */
  couldBeState(text: string): boolean {
    let answer = this.states.get(text);
    if (answer === undefined) {
      answer = false;
      for (const base of this.bases) {
        if (text.startsWith(base) && this.chainFrom(text, base.length)) {
          answer = true;
          break;
        }
      }
      this.states.set(text, answer);
    }
    return answer;
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
