/**
 * The history of one partition as a doubly linked list of call and return
 * entries in time order, which the search shrinks by lifting out an
 * operation's call and return once it is linearized, and restores in reverse
 * order when it backtracks ("dancing links": a lifted node keeps its own
 * pointers, so putting it back is two writes).
 *
 * Nodes live in typed arrays: node 0 is the head sentinel, nodes 1..2n are
 * the entries in time order, node 2n+1 is the tail sentinel.
 */

import { assert } from '../assert.js';
import type { Operation } from '../history.js';

export class EntryList {
  readonly head = 0;
  readonly tail: number;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** For a call node its return node; -1 for return nodes and the sentinels. */
  readonly match: Int32Array;
  /** The (partition-local) operation of each node; -1 for the sentinels. */
  readonly operationOf: Int32Array;
  /** The call node of each operation. */
  readonly callOf: Int32Array;

  /** The list of `operations`' calls and returns (an unanswered operation returns at +Infinity). */
  static ofOperations(operations: readonly Operation<unknown, unknown>[]): EntryList {
    const callTimes = new Float64Array(operations.length);
    const returnTimes = new Float64Array(operations.length);
    for (let index = 0; index < operations.length; index++) {
      const operation = operations[index]!;
      callTimes[index] = operation.call;
      returnTimes[index] = operation.return ?? Number.POSITIVE_INFINITY;
    }
    return new EntryList(callTimes, returnTimes);
  }

  /**
   * `callTimes[i]` and `returnTimes[i]` are operation i's times; an
   * unanswered operation's return time is +Infinity.
   */
  constructor(callTimes: Float64Array, returnTimes: Float64Array) {
    const count = callTimes.length;
    assert(returnTimes.length === count, 'one return time per call time');
    this.tail = 2 * count + 1;
    this.next = new Int32Array(2 * count + 2);
    this.prev = new Int32Array(2 * count + 2);
    this.match = new Int32Array(2 * count + 2).fill(-1);
    this.operationOf = new Int32Array(2 * count + 2).fill(-1);

    const order = timeOrder(callTimes, returnTimes);
    const callNodeOf = (this.callOf = new Int32Array(count));
    for (let position = 0; position < order.length; position++) {
      const node = position + 1;
      const entry = order[position]!;
      const operation = entry >> 1;
      this.operationOf[node] = operation;
      if ((entry & 1) === 0) callNodeOf[operation] = node;
      else this.match[callNodeOf[operation]!] = node;
      this.prev[node] = node - 1;
      this.next[node] = node + 1;
    }
    this.next[this.head] = count === 0 ? this.tail : 1;
    this.prev[this.tail] = this.tail - 1;
    for (let operation = 0; operation < count; operation++) {
      assert(this.match[callNodeOf[operation]!]! > callNodeOf[operation]!, 'every call precedes its return');
    }
  }

  isEmpty(): boolean {
    return this.next[this.head] === this.tail;
  }

  /** Unlinks a call node and its return node. */
  lift(call: number): void {
    const next = this.next;
    const prev = this.prev;
    next[prev[call]!] = next[call]!;
    prev[next[call]!] = prev[call]!;
    const ret = this.match[call]!;
    next[prev[ret]!] = next[ret]!;
    prev[next[ret]!] = prev[ret]!;
  }

  /** Undoes `lift(call)`; lifts must be undone in reverse order. */
  unlift(call: number): void {
    const next = this.next;
    const prev = this.prev;
    const ret = this.match[call]!;
    next[prev[ret]!] = ret;
    prev[next[ret]!] = ret;
    next[prev[call]!] = call;
    prev[next[call]!] = call;
  }
}

/**
 * Entries as `operation * 2 + (isReturn ? 1 : 0)`, sorted by time. Intervals
 * are closed, so at equal times calls come before returns (operations that
 * touch are concurrent). Unanswered operations return at +Infinity, after
 * everything else. Remaining ties go by operation index, so the order is
 * deterministic.
 */
function timeOrder(callTimes: Float64Array, returnTimes: Float64Array): Int32Array {
  const count = callTimes.length;
  const entries = new Int32Array(2 * count);
  const times = new Float64Array(2 * count);
  for (let operation = 0; operation < count; operation++) {
    entries[2 * operation] = 2 * operation;
    entries[2 * operation + 1] = 2 * operation + 1;
    times[2 * operation] = callTimes[operation]!;
    times[2 * operation + 1] = returnTimes[operation]!;
  }
  // Infinity - Infinity is NaN, which is falsy, so equal infinite times fall through to the tie-breaks.
  return entries.sort((a, b) => times[a]! - times[b]! || (a & 1) - (b & 1) || a - b);
}
