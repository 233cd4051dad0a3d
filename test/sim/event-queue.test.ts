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

  it('matches a stable sort for any schedule, including pushes while popping', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 200 }), (script) => {
        const queue = new EventQueue<number>();
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
});
