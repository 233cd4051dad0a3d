/**
 * The simulation's only scheduler: a binary min-heap ordered by
 * (simulated time in integer milliseconds, insertion sequence).
 *
 * The insertion sequence breaks ties, so two events at the same millisecond
 * run in the order they were scheduled. Nothing else (object identity, Map
 * order of some other structure, host timing) can influence the order.
 */

import { assert } from '../util/assert.js';

interface Entry<T> {
  readonly time: number;
  readonly sequence: number;
  readonly item: T;
}

export class EventQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private nextSequence = 0;
  private lastPoppedTime = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Schedules `item` at `time`; time may not lie before the last popped event (no time travel). */
  push(time: number, item: T): void {
    assert(Number.isSafeInteger(time), () => `event time must be an integer ms, got ${time}`);
    assert(time >= this.lastPoppedTime, () => `event at ${time} scheduled in the past (now ${this.lastPoppedTime})`);
    const entry: Entry<T> = { time, sequence: this.nextSequence++, item };
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex] as Entry<T>;
      if (!before(entry, parent)) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = entry;
  }

  /** Removes and returns the earliest event, or undefined when empty. */
  pop(): { time: number; item: T } | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as Entry<T>;
    if (heap.length > 0) {
      let index = 0;
      const length = heap.length;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= length) break;
        const right = left + 1;
        let child = left;
        if (right < length && before(heap[right] as Entry<T>, heap[left] as Entry<T>)) child = right;
        const childEntry = heap[child] as Entry<T>;
        if (!before(childEntry, last)) break;
        heap[index] = childEntry;
        index = child;
      }
      heap[index] = last;
    }
    assert(top.time >= this.lastPoppedTime, 'event queue order broken');
    this.lastPoppedTime = top.time;
    return { time: top.time, item: top.item };
  }

  /** Time of the earliest event, or undefined when empty. */
  peekTime(): number | undefined {
    return this.heap[0]?.time;
  }
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.time < b.time || (a.time === b.time && a.sequence < b.sequence);
}
