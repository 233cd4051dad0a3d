/**
 * A map keyed by a pair of small integers (a client and its request's seq),
 * as a Map of Maps: looked up for every client request, where building a
 * `${client}:${seq}` string and hashing it cost more than the two lookups.
 * No iteration: a judge that needs its keys in insertion order keeps a Map.
 */
export class PairMap<V> {
  private readonly outer = new Map<number, Map<number, V>>();

  get(first: number, second: number): V | undefined {
    return this.outer.get(first)?.get(second);
  }

  has(first: number, second: number): boolean {
    return this.outer.get(first)?.has(second) === true;
  }

  set(first: number, second: number, value: V): void {
    let inner = this.outer.get(first);
    if (inner === undefined) this.outer.set(first, (inner = new Map()));
    inner.set(second, value);
  }
}
