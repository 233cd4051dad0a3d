/**
 * Goal: the linked list the search walks is in the right order and lift and
 * unlift are exact inverses. Method: build lists from small intervals and read
 * them back in order.
 */

import { describe, expect, it } from 'vitest';
import { EntryList } from '../../checker/search/entry-list.js';

interface OperationInterval {
  call: number;
  returnTime: number | null;
}

function listOf(intervals: OperationInterval[]): EntryList {
  return new EntryList(
    Float64Array.from(intervals, (interval) => interval.call),
    Float64Array.from(intervals, (interval) => interval.returnTime ?? Number.POSITIVE_INFINITY),
  );
}

/** The list as `c0 r0 ...` (call/return of partition-local operations). */
function walk(list: EntryList): string[] {
  const entries: string[] = [];
  for (let node = list.next[list.head]!; node !== list.tail; node = list.next[node]!) {
    entries.push(`${list.match[node]! >= 0 ? 'c' : 'r'}${list.operationOf[node]}`);
  }
  return entries;
}

function callNode(list: EntryList, operation: number): number {
  for (let node = list.next[list.head]!; node !== list.tail; node = list.next[node]!) {
    if (list.operationOf[node] === operation && list.match[node]! >= 0) return node;
  }
  throw new Error(`no call node for ${operation}`);
}

describe('EntryList', () => {
  it('orders entries by time with calls before returns at equal times (closed intervals)', () => {
    const intervals: OperationInterval[] = [
      { call: 0, returnTime: 10 },
      { call: 10, returnTime: 20 },
      { call: 5, returnTime: 5 },
    ];
    expect(walk(listOf(intervals))).toEqual(['c0', 'c2', 'r2', 'c1', 'r0', 'r1']);
  });

  it('puts the returns of unanswered operations after everything else, by operation index', () => {
    const intervals: OperationInterval[] = [
      { call: 3, returnTime: null },
      { call: 0, returnTime: null },
      { call: 1, returnTime: 100 },
    ];
    expect(walk(listOf(intervals))).toEqual(['c1', 'c2', 'c0', 'r2', 'r0', 'r1']);
  });

  it('breaks ties between equal times by operation index, so the order is deterministic', () => {
    const intervals: OperationInterval[] = [
      { call: 1, returnTime: 2 },
      { call: 1, returnTime: 2 },
    ];
    expect(walk(listOf(intervals))).toEqual(['c0', 'c1', 'r0', 'r1']);
  });

  it('lifts an operation out and unlifts in reverse order back to the same list', () => {
    const list = listOf([
      { call: 0, returnTime: 3 },
      { call: 1, returnTime: 2 },
      { call: 4, returnTime: 5 },
    ]);
    const original = walk(list);
    const first = callNode(list, 1);
    list.lift(first);
    expect(walk(list)).toEqual(['c0', 'r0', 'c2', 'r2']);
    const second = callNode(list, 0);
    list.lift(second);
    expect(walk(list)).toEqual(['c2', 'r2']);
    const third = callNode(list, 2);
    list.lift(third);
    expect(list.isEmpty()).toBe(true);
    list.unlift(third);
    list.unlift(second);
    list.unlift(first);
    expect(walk(list)).toEqual(original);
    for (let node = list.next[list.head]!; node !== list.tail; node = list.next[node]!) {
      expect(list.prev[list.next[node]!]).toBe(node);
    }
  });

  it('is empty for no operations', () => {
    expect(listOf([]).isEmpty()).toBe(true);
  });
});
