/**
 * The harness's copy of an exec node's log terms and digests. The node sends
 * only what changed since its last view (`log: {from, entries}` replaces the
 * entries from `from` to `from + entries.length - 1`), or all of its
 * unsnapshotted log every time if that is simpler; the invariant checkers
 * then read terms and digests here without asking the process.
 */

import type { WireView } from './protocol.js';
import { ProtocolViolation } from './decode.js';

export class ViewMirror {
  /** Entry snapshotIndex + 1 + k is at position k. */
  private terms: number[] = [];
  private digests: string[] = [];
  private snapshotIndex = 0;
  private snapshotTerm = 0;

  /** Applies a view; throws ProtocolViolation when it leaves an entry unreported. */
  update(view: WireView): void {
    const { snapshotIndex, lastIndex, log } = view;
    const known = this.snapshotIndex + this.terms.length;
    if (log === undefined && snapshotIndex === this.snapshotIndex && lastIndex === known) return;
    const from = log?.from ?? Number.MAX_SAFE_INTEGER;
    const fresh = log?.entries ?? [];
    const terms = new Array<number>(lastIndex - snapshotIndex);
    const digests = new Array<string>(lastIndex - snapshotIndex);
    for (let index = snapshotIndex + 1; index <= lastIndex; index++) {
      const position = index - snapshotIndex - 1;
      const entry = index >= from ? fresh[index - from] : undefined;
      if (entry !== undefined) {
        terms[position] = entry[0];
        digests[position] = entry[1];
      } else if (index > this.snapshotIndex && index <= known) {
        terms[position] = this.terms[index - this.snapshotIndex - 1] as number;
        digests[position] = this.digests[index - this.snapshotIndex - 1] as string;
      } else {
        throw new ProtocolViolation(`the view has lastIndex ${lastIndex} but entry ${index} was never sent in view.log`);
      }
    }
    this.terms = terms;
    this.digests = digests;
    this.snapshotIndex = snapshotIndex;
    this.snapshotTerm = view.snapshotTerm;
  }

  termAt(index: number): number {
    if (index === this.snapshotIndex) return this.snapshotTerm;
    const term = this.terms[index - this.snapshotIndex - 1];
    if (term === undefined) throw new Error(`termAt(${index}) outside ${this.snapshotIndex}..${this.snapshotIndex + this.terms.length}`);
    return term;
  }

  entryDigest(index: number): string {
    const digest = this.digests[index - this.snapshotIndex - 1];
    if (digest === undefined) throw new Error(`entryDigest(${index}) outside ${this.snapshotIndex + 1}..${this.snapshotIndex + this.terms.length}`);
    return digest;
  }
}
