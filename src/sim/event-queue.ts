/**
 * The simulation's only scheduler, ordered by (simulated time in integer
 * milliseconds, insertion sequence).
 *
 * The insertion sequence breaks ties, so two events at the same millisecond
 * run in the order they were scheduled. Nothing else (object identity, Map
 * order of some other structure, host timing) can influence the order.
 *
 * Times are integer ms and nearly every event lands within a second of now
 * (ticks, messages, fsyncs, client timers), so the queue is a calendar: one
 * FIFO bucket per ms of a window of WINDOW_MS starting at the last popped
 * time, and a binary heap for the few events beyond it (the plan's faults,
 * the phase ends). A bucket holds its ms's events in the order they were
 * pushed, which is the sequence order; an event from the heap enters its
 * bucket as soon as the window reaches its ms, before any later push can
 * land there. A push and a pop cost a few array operations where the heap
 * alone (every event in it, about a hundred at a time) cost a dozen
 * compares and moves per pop.
 */

import { assert } from '../util/assert.js';

/** The calendar's width in ms: a power of two (bucket = time & (WINDOW_MS - 1)). */
const WINDOW_MS = 1024;

export class EventQueue<T> {
  /**
   * The calendar: bucket `time & mask` holds the events at `time`, for times in [cursor, cursor +
   * window), as a linked list of entries (first[bucket] .. last[bucket], each entry's successor in
   * `successors`, -1 ending a list). Entries are slots of `items`, reused through a free list: no
   * object per event and none per bucket.
   */
  private readonly first: Int32Array;
  private readonly last: Int32Array;
  private successors = new Int32Array(256);
  private readonly items: (T | undefined)[] = [];
  /** The first free entry (its successor the next free one), or -1 when every entry is in use. */
  private free = -1;
  private readonly mask: number;
  private readonly window: number;
  /** Events in the calendar. */
  private inCalendar = 0;
  /** Events at or beyond cursor + window, until the window reaches them. */
  private readonly later = new TimeHeap<T>();
  /** The time of the last popped event (0 before the first): nothing is queued before it. */
  private cursor = 0;

  /** `windowMs` (a power of two) only for tests: a small window sends more events through the heap. */
  constructor(windowMs = WINDOW_MS) {
    assert(Number.isSafeInteger(windowMs) && windowMs > 0 && (windowMs & (windowMs - 1)) === 0, 'the window must be a power of two');
    this.window = windowMs;
    this.mask = windowMs - 1;
    this.first = new Int32Array(windowMs).fill(-1);
    this.last = new Int32Array(windowMs).fill(-1);
  }

  get size(): number {
    return this.inCalendar + this.later.size;
  }

  /** Schedules `item` at `time`; time may not lie before the last popped event (no time travel). */
  push(time: number, item: T): void {
    // Checked without a message closure per push: the message is built only on failure.
    if (!Number.isSafeInteger(time)) assert(false, `event time must be an integer ms, got ${time}`);
    if (time < this.cursor) assert(false, `event at ${time} scheduled in the past (now ${this.cursor})`);
    if (time - this.cursor < this.window) this.append(time & this.mask, item);
    else this.later.push(time, item);
  }

  /** Time of the event `popItem` returned last (0 before the first). */
  get lastTime(): number {
    return this.cursor;
  }

  /** Removes and returns the earliest event, or undefined when empty. */
  pop(): { time: number; item: T } | undefined {
    const item = this.popItem();
    return item === undefined ? undefined : { time: this.cursor, item };
  }

  /** `pop` without a result object per event (the simulation's hot loop): the item, its time in `lastTime`. */
  popItem(): T | undefined {
    if (this.inCalendar === 0) {
      // Nothing within the window: it jumps to the earliest later event.
      const next = this.later.peekTime();
      if (next === undefined) return undefined;
      this.advance(next);
    }
    const { first, mask } = this;
    let time = this.cursor;
    let bucket = time & mask;
    while (first[bucket] === -1) bucket = ++time & mask;
    if (time !== this.cursor) this.advance(time);
    const entry = first[bucket] as number;
    const successor = this.successors[entry] as number;
    first[bucket] = successor;
    if (successor === -1) this.last[bucket] = -1;
    const item = this.items[entry] as T;
    this.items[entry] = undefined;
    this.successors[entry] = this.free;
    this.free = entry;
    this.inCalendar--;
    return item;
  }

  /** Time of the earliest event, or undefined when empty. */
  peekTime(): number | undefined {
    if (this.inCalendar === 0) return this.later.peekTime();
    let time = this.cursor;
    while (this.first[time & this.mask] === -1) time++;
    return time;
  }

  /**
   * The window starts at `time` now (the earliest queued event): later events it reaches enter their
   * buckets, in their (time, sequence) order. Their buckets are empty: the window did not cover their
   * ms before, so no push could land there, and the events one window earlier, which shared the
   * bucket, are all popped.
   */
  private advance(time: number): void {
    assert(time >= this.cursor, 'event queue order broken');
    this.cursor = time;
    const later = this.later;
    const end = time + this.window;
    for (let next = later.peekTime(); next !== undefined && next < end; next = later.peekTime()) this.append(next & this.mask, later.popItem() as T);
  }

  /** `item` joins the end of bucket `bucket`'s list. */
  private append(bucket: number, item: T): void {
    let entry = this.free;
    if (entry === -1) {
      entry = this.items.length;
      this.items.push(item);
      if (entry === this.successors.length) {
        const grown = new Int32Array(2 * entry);
        grown.set(this.successors);
        this.successors = grown;
      }
    } else {
      this.free = this.successors[entry] as number;
      this.items[entry] = item;
    }
    this.successors[entry] = -1;
    const last = this.last[bucket] as number;
    if (last === -1) this.first[bucket] = entry;
    else this.successors[last] = entry;
    this.last[bucket] = entry;
    this.inCalendar++;
  }
}

/**
 * A binary min-heap ordered by (time, insertion sequence), in three parallel arrays (time,
 * sequence, item) rather than one object per entry: the calendar's events beyond its window.
 */
class TimeHeap<T> {
  private readonly times: number[] = [];
  private readonly sequences: number[] = [];
  private readonly items: T[] = [];
  private nextSequence = 0;

  get size(): number {
    return this.times.length;
  }

  push(time: number, item: T): void {
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

  peekTime(): number | undefined {
    return this.times[0];
  }

  /** Removes and returns the earliest entry's item, or undefined when empty. */
  popItem(): T | undefined {
    const { times, sequences, items } = this;
    if (times.length === 0) return undefined;
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
    return topItem;
  }
}

/** Whether the entry in slot `a` comes before the one in slot `b`. */
function before(times: readonly number[], sequences: readonly number[], a: number, b: number): boolean {
  const timeA = times[a] as number;
  const timeB = times[b] as number;
  return timeA < timeB || (timeA === timeB && (sequences[a] as number) < (sequences[b] as number));
}
