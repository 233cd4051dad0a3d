/**
 * The event queue decides the order of everything: earliest time first, and
 * among equal times, insertion order. Checked on fixed cases and against a
 * stable sort on random schedules.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/event-queue.js';

describe('EventQueue', () => {
  it('pops by time, then by insertion order', () => {
    const queue = new EventQueue<string>();
    queue.push(5, 'a');
    queue.push(1, 'b');
    queue.push(5, 'c');
    queue.push(1, 'd');
    queue.push(3, 'e');
    const order: string[] = [];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) order.push(`${next.time}${next.item}`);
    expect(order).toEqual(['1b', '1d', '3e', '5a', '5c']);
    expect(queue.size).toBe(0);
  });

  // Windows of 1 to 16 ms send most of these events through the calendar's heap of later events and
  // back into their buckets as the window reaches them, and leave it empty now and then (a jump).
  it.each([undefined, 1, 4, 16])('matches a stable sort for any schedule, including pushes while popping (window %s)', (window) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 200 }), (script) => {
        const queue = new EventQueue<number>(window);
        let now = 0;
        const popped: number[] = [];
        script.forEach(([delay, popFirst], id) => {
          if (popFirst && queue.size > 0) {
            const next = queue.pop()!;
            now = next.time;
            popped.push(next.item);
          }
          queue.push(now + delay, id);
        });
        for (let next = queue.pop(); next !== undefined; next = queue.pop()) popped.push(next.item);
        // Replaying the same script against a sorted list must give the same order.
        const reference: number[] = [];
        const pending: { time: number; id: number }[] = [];
        let referenceNow = 0;
        script.forEach(([delay, popFirst], id) => {
          if (popFirst && pending.length > 0) {
            pending.sort((a, b) => a.time - b.time || a.id - b.id);
            const next = pending.shift()!;
            referenceNow = next.time;
            reference.push(next.id);
          }
          pending.push({ time: referenceNow + delay, id });
        });
        pending.sort((a, b) => a.time - b.time || a.id - b.id);
        reference.push(...pending.map((entry) => entry.id));
        expect(popped).toEqual(reference);
        expect(popped).toHaveLength(script.length);
      }),
    );
  });

  it('refuses events in the past and non-integer times', () => {
    const queue = new EventQueue<string>();
    queue.push(10, 'x');
    queue.pop();
    expect(() => queue.push(9, 'late')).toThrow(/in the past/);
    expect(() => queue.push(10.5, 'fraction')).toThrow(/integer/);
    queue.push(10, 'same time is fine');
    expect(queue.peekTime()).toBe(10);
  });

  it('keeps the order of events far beyond its window and across long gaps', () => {
    const queue = new EventQueue<string>(8);
    queue.push(1_000_000, 'end');
    queue.push(20, 'b1');
    queue.push(3, 'a');
    queue.push(20, 'b2');
    queue.push(2 ** 40, 'far');
    expect(queue.pop()).toEqual({ time: 3, item: 'a' });
    queue.push(20, 'b3');
    queue.push(11, 'c');
    expect(queue.pop()).toEqual({ time: 11, item: 'c' });
    queue.push(20, 'b4');
    expect([queue.pop(), queue.pop(), queue.pop(), queue.pop()].map((next) => next?.item)).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(queue.size).toBe(2);
    expect(queue.peekTime()).toBe(1_000_000);
    expect(queue.pop()).toEqual({ time: 1_000_000, item: 'end' });
    queue.push(1_000_000, 'same ms');
    queue.push(1_000_007, 'in window');
    expect([queue.pop(), queue.pop(), queue.pop(), queue.pop()].map((next) => next?.time)).toEqual([1_000_000, 1_000_007, 2 ** 40, undefined]);
    expect(queue.lastTime).toBe(2 ** 40);
  });
});
