/**
 * What the invariant checker remembers of one node's uncommitted tail: the
 * (term, command digest) of each entry it has checked, by log index.
 *
 * A Map would do, but the checker forgets whole ranges at every step (all
 * entries from some index on, or up to the commit index), which on a Map
 * means visiting every key. The remembered indexes form a window, so they
 * live in two parallel arrays starting at `from`: forgetting a suffix is a
 * length change, forgetting a prefix moves a head offset, O(1) amortized.
 */
export class TailMemory {
  /** The log index held in slot `head`. */
  private from = 0;
  private head = 0;
  private readonly terms: number[] = [];
  /** undefined: a hole (nothing remembered at that index). */
  private readonly digests: (string | undefined)[] = [];

  /** The remembered digest at `index`, undefined when none. */
  digest(index: number): string | undefined {
    const slot = index - this.from + this.head;
    return slot >= this.head && slot < this.digests.length ? this.digests[slot] : undefined;
  }

  /** The remembered term at `index`; only meaningful when `digest(index)` is defined. */
  term(index: number): number | undefined {
    return this.digest(index) === undefined ? undefined : this.terms[index - this.from + this.head];
  }

  set(index: number, term: number, digest: string): void {
    if (this.head === this.digests.length) this.reset(index);
    else if (index < this.from) this.growDown(index);
    const slot = index - this.from + this.head;
    while (this.digests.length < slot) {
      this.terms.push(0);
      this.digests.push(undefined);
    }
    if (slot === this.digests.length) {
      this.terms.push(term);
      this.digests.push(digest);
    } else {
      this.terms[slot] = term;
      this.digests[slot] = digest;
    }
  }

  /** Forgets every index >= `start`. */
  forgetFrom(start: number): void {
    const slot = Math.max(this.head, start - this.from + this.head);
    if (slot < this.digests.length) {
      this.terms.length = slot;
      this.digests.length = slot;
    }
  }

  /** Forgets every index <= `end`. */
  forgetUpTo(end: number): void {
    const count = Math.min(this.digests.length - this.head, end - this.from + 1);
    if (count <= 0) return;
    for (let slot = this.head; slot < this.head + count; slot++) this.digests[slot] = undefined;
    this.head += count;
    this.from += count;
    // Drop the forgotten prefix once it outweighs what is kept, so memory stays O(tail).
    if (this.head > 64 && this.head * 2 > this.digests.length) {
      this.terms.splice(0, this.head);
      this.digests.splice(0, this.head);
      this.head = 0;
    }
  }

  private reset(index: number): void {
    this.terms.length = 0;
    this.digests.length = 0;
    this.head = 0;
    this.from = index;
  }

  /** Rare: an index below the window (the window moves down, with holes in between). */
  private growDown(index: number): void {
    const gap = this.from - index;
    const live = this.digests.length - this.head;
    const terms = this.terms.slice(this.head);
    const digests = this.digests.slice(this.head);
    this.terms.length = 0;
    this.digests.length = 0;
    for (let k = 0; k < gap; k++) {
      this.terms.push(0);
      this.digests.push(undefined);
    }
    for (let k = 0; k < live; k++) {
      this.terms.push(terms[k] as number);
      this.digests.push(digests[k]);
    }
    this.head = 0;
    this.from = index;
  }
}
