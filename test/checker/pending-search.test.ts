/**
 * Goal: many operations that were never answered (clients that gave up:
 * Jepsen's indeterminate ops) do not blow the search up. Seeds 7588 and 8987
 * ran out of 10M steps on histories of under 30 operations per key: the
 * search linearized the pending operations in time order before each
 * answered one, and after a wrong turn (an answered put before a get that
 * needed one late pending append) backtracked through every subset and order
 * of them. The search now tries the operation whose return comes first, then
 * the unanswered ones (latest call first, never where they change nothing,
 * twins in call order), then the other answered ones; it stays complete.
 */

import { describe, expect, it } from 'vitest';
import { checkOperations, kvModel, type KvInput, type KvOutput, type Operation } from '@raft-check/checker';
import { append, del, get, put } from './kv-history.js';

describe('search with many unanswered operations', () => {
  const pending: Operation<KvInput, KvOutput>[] = [];
  for (let client = 0; client < 4; client++) pending.push(del(client, client, null, 'x'));
  for (let client = 4; client < 10; client++) pending.push(get(client, client, null, 'x', null));
  for (let client = 10; client < 28; client++) pending.push(append(client, client, null, 'x', `a${client};`));

  it('finds the one pending append a get needs, not after trying every subset', () => {
    const history = [
      ...pending,
      append(30, 40, 41, 'x', 'q;'),
      append(30, 42, 43, 'x', 'r;'),
      get(31, 50, 60, 'x', 'q;r;a27;'),
      put(32, 51, 61, 'x', 's'), // concurrent with the get: taking it first is the wrong turn
      get(33, 70, 71, 'x', 's'),
    ];
    const result = checkOperations(kvModel, history, { maxSteps: 100_000 });
    expect(result.verdict).toBe('linearizable');
  });

  it('still refutes what no choice of pending operations explains', () => {
    const few = [del(0, 0, null, 'x'), get(1, 1, null, 'x', null), append(2, 2, null, 'x', 'a;'), append(3, 3, null, 'x', 'b;'), put(4, 4, null, 'x', 'c')];
    const history = [...few, append(30, 40, 41, 'x', 'q;'), get(31, 50, 60, 'x', 'q;zz;')];
    expect(checkOperations(kvModel, history).verdict).toBe('not linearizable');
    const fine = [...few, append(30, 40, 41, 'x', 'q;'), get(31, 50, 60, 'x', 'q;b;a;')];
    expect(checkOperations(kvModel, fine).verdict).toBe('linearizable');
  });
});
