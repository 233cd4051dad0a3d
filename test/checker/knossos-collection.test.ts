/**
 * Goal: the persistent tree under Knossos's set and queues
 * (checker/models/knossos-collection.ts) holds exactly a naive multiset's
 * items, in key order, stays balanced, and never changes a state the search
 * still holds. The model properties (knossos-models-property.test.ts) only
 * reach a few items, too few for the tree's rotations.
 * Method: fast-check runs of up to 300 inserts and removals on small key
 * ranges (many repeats) against a sorted array, keeping every version.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_COLLECTION, find, first, lastKey, sameCollection, texts, withItem, withoutItem, type Collection } from '../../checker/models/knossos-collection.js';
import { fuzzRuns } from '../support/fuzz-runs.js';

/** Deepest path, counted in nodes. */
function depth(collection: Collection): number {
  const walk = (node: { left: unknown; right: unknown } | null): number =>
    node === null ? 0 : 1 + Math.max(walk(node.left as never), walk(node.right as never));
  return walk(collection.root as never);
}

describe('Knossos collections (persistent AVL tree)', () => {
  it('match a sorted multiset after any inserts and removals, balanced, every version kept', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ insert: fc.boolean(), key: fc.integer({ min: 0, max: 60 }) }), { maxLength: 300 }), (steps) => {
        let collection = EMPTY_COLLECTION;
        let naive: string[] = [];
        const versions: { collection: Collection; items: string[] }[] = [];
        for (const { insert, key } of steps) {
          const text = `v${String(key).padStart(2, '0')}`;
          if (insert) {
            collection = withItem(collection, text, text);
            naive = [...naive, text].sort();
          } else if (find(collection, text)) {
            collection = withoutItem(collection, text, text);
            naive.splice(naive.indexOf(text), 1);
          } else {
            expect(naive).not.toContain(text);
          }
          versions.push({ collection, items: [...naive] });
        }
        for (const version of versions) expect(texts(version.collection)).toEqual(version.items);
        expect(collection.size).toBe(naive.length);
        expect(first(collection)?.text).toBe(naive[0]);
        const distinct = new Set(naive).size;
        expect(depth(collection)).toBeLessThanOrEqual(Math.ceil(1.45 * Math.log2(distinct + 2)) + 1);
        const rebuilt = naive.reduce((built, text) => withItem(built, text, text), EMPTY_COLLECTION);
        expect(sameCollection(collection, rebuilt)).toBe(true);
      }),
      { numRuns: fuzzRuns(300), seed: 1201 },
    );
  });

  it('stay balanced when keys come in order (a FIFO queue\'s numbers always do)', () => {
    let collection = EMPTY_COLLECTION;
    for (let key = 0; key < 4000; key++) collection = withItem(collection, key, String(key));
    expect(depth(collection)).toBeLessThanOrEqual(Math.ceil(1.45 * Math.log2(4002)));
    for (let key = 0; key < 3000; key++) collection = withoutItem(collection, key, String(key));
    expect(depth(collection)).toBeLessThanOrEqual(Math.ceil(1.45 * Math.log2(1002)));
    expect(first(collection)?.text).toBe('3000');
    expect(collection.size).toBe(1000);
  });

  it('keep a FIFO order by enqueue number, apart from the values', () => {
    let queue = EMPTY_COLLECTION;
    for (const value of ['b', 'a', 'b', 'c']) queue = withItem(queue, ((lastKey(queue) as number | undefined) ?? -1) + 1, value);
    expect(texts(queue)).toEqual(['b', 'a', 'b', 'c']);
    const head = first(queue)!;
    queue = withoutItem(queue, head.key, head.text);
    expect(texts(queue)).toEqual(['a', 'b', 'c']);
    // Equal content compares equal whatever the numbers: a queue that never held the first b.
    const fresh = ['a', 'b', 'c'].reduce((built, value, index) => withItem(built, index, value), EMPTY_COLLECTION);
    expect(sameCollection(queue, fresh)).toBe(true);
    expect(sameCollection(queue, withItem(fresh, 3, 'd'))).toBe(false);
  });
});
