/**
 * What Knossos's set and queue models (knossos-set.ts, knossos-queues.ts)
 * share: their state is a collection of EDN values, held as their canonical
 * texts in sorted order (the order ednText sorts a set's elements in, so a
 * set's text can be compared with a read's), and it is described and hashed
 * by its texts.
 */

import { hashText } from './knossos-cas-register.js';

/** `sorted` with `text` inserted in order (kept twice when already there: a multiset). */
export function insertSorted(sorted: readonly string[], text: string): string[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < text) low = middle + 1;
    else high = middle;
  }
  return [...sorted.slice(0, low), text, ...sorted.slice(low)];
}

export function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((text, index) => text === b[index]);
}

/** Order matters (a FIFO queue's order is its state); the sorted collections have one order anyway. */
export function hashTexts(texts: readonly string[]): number {
  let hash = texts.length;
  for (const text of texts) hash = Math.imul(hash ^ hashText(text), 0x01000193);
  return hash | 0;
}

/** `open` + the elements + `close`, with the middle elided past about `maxLength` characters. */
export function describeTexts(texts: readonly string[], open: string, close: string, maxLength?: number): string {
  const text = `${open}${texts.join(' ')}${close}`;
  if (maxLength === undefined || text.length <= maxLength) return text;
  const half = Math.max(1, Math.floor((maxLength - 3) / 2));
  return `${text.slice(0, half)}...${text.slice(-half)}`;
}
