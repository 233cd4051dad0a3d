/**
 * The simulation's only scheduler: a binary min-heap ordered by
 * (simulated time in integer milliseconds, insertion sequence).
 *
 * The insertion sequence breaks ties, so two events at the same millisecond
 * run in the order they were scheduled. Nothing else (object identity, Map
 * order of some other structure, host timing) can influence the order.
 */

import { assert } from '../util/assert.js';

/**
 * The heap lives in three parallel arrays (time, sequence, item) rather than
 * one object per event: a run pushes and pops millions of events, and the
 * entry objects were a good part of the garbage.
 */
export class EventQueue<T> {
  private readonly times: number[] = [];
  private readonly sequences: number[] = [];
  private readonly items: T[] = [];
  private nextSequence = 0;
  private lastPoppedTime = 0;

  get size(): number {
    return this.times.length;
  }

  /** Schedules `item` at `time`; time may not lie before the last popped event (no time travel). */
  push(time: number, item: T): void {
    // Checked without a message closure per push: the message is built only on failure.
    if (!Number.isSafeInteger(time)) assert(false, `event time must be an integer ms, got ${time}`);
    if (time < this.lastPoppedTime) assert(false, `event at ${time} scheduled in the past (now ${this.lastPoppedTime})`);
    const sequence = this.nextSequence++;
    const { times, sequences, items } = this;
    let index = times.length;
    times.push(time);
    sequences.push(sequence);
    items.push(item);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTime = times[parent] as number;
      if (!(time < parentTime || (time === parentTime && sequence < (sequences[parent] as number)))) break;
      times[index] = parentTime;
      sequences[index] = sequences[parent] as number;
      items[index] = items[parent] as T;
      index = parent;
    }
    times[index] = time;
    sequences[index] = sequence;
    items[index] = item;
  }

  /** Time of the event `popItem` returned last (0 before the first). */
  get lastTime(): number {
    return this.lastPoppedTime;
  }

  /** Removes and returns the earliest event, or undefined when empty. */
  pop(): { time: number; item: T } | undefined {
    const item = this.popItem();
    return item === undefined ? undefined : { time: this.lastPoppedTime, item };
  }

  /** `pop` without a result object per event (the simulation's hot loop): the item, its time in `lastTime`. */
  popItem(): T | undefined {
    const { times, sequences, items } = this;
    if (times.length === 0) return undefined;
    const topTime = times[0] as number;
    const topItem = items[0] as T;
    const lastTime = times.pop() as number;
    const lastSequence = sequences.pop() as number;
    const lastItem = items.pop() as T;
    const length = times.length;
    if (length > 0) {
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= length) break;
        const right = left + 1;
        let child = left;
        if (right < length && before(times, sequences, right, left)) child = right;
        const childTime = times[child] as number;
        if (!(childTime < lastTime || (childTime === lastTime && (sequences[child] as number) < lastSequence))) break;
        times[index] = childTime;
        sequences[index] = sequences[child] as number;
        items[index] = items[child] as T;
        index = child;
      }
      times[index] = lastTime;
      sequences[index] = lastSequence;
      items[index] = lastItem;
    }
    assert(topTime >= this.lastPoppedTime, 'event queue order broken');
    this.lastPoppedTime = topTime;
    return topItem;
  }

  /** Time of the earliest event, or undefined when empty. */
  peekTime(): number | undefined {
    return this.times[0];
  }
}

/** Whether the entry in slot `a` comes before the one in slot `b`. */
function before(times: readonly number[], sequences: readonly number[], a: number, b: number): boolean {
  const timeA = times[a] as number;
  const timeB = times[b] as number;
  return timeA < timeB || (timeA === timeB && (sequences[a] as number) < (sequences[b] as number));
}
