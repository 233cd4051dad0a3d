/**
 * Goal: a get that reads many given-up appends, concurrent with answered
 * writes that would erase them, is decided within a small budget, both ways
 * (raft-check seed 3553: 30.5M steps before kv's reachability test, 4k after).
 * Until the get is placed, each given-up append it shows is an unanswered
 * operation nothing has seen yet, so iterative deepening must hold all of them
 * at once, and without the test every order of them was tried interleaved with
 * the put, delete and failed cas after which the get can never be satisfied.
 * Also: the test itself, which may only answer false when no operation left
 * can lead to the get's value.
 */

import { describe, expect, it } from 'vitest';
import { checkOperations, kvModel, type KvInput, type KvOutput, type Operation } from '@raft-check/checker';
import { kvReachability } from '../../checker/models/kv-reachable.js';
import { append, cas, del, get, put } from './kv-history.js';

type KvOperation = Operation<KvInput, KvOutput>;

/** put(x, base), then `count` appends given up, then a burst of answers; the get reads the appends in `order`. */
function burst(count: number, order: number[], putValue: string): KvOperation[] {
  const appends = Array.from({ length: count }, (_, index) => append(10 + index, 100 + index, null, 'x', `g${index};`));
  return [
    put(0, 0, 10, 'x', 'base'),
    ...appends,
    del(1, 200, 600, 'x'),
    put(2, 210, 560, 'x', putValue),
    cas(3, 220, 510, 'x', putValue, 'c1', false),
    cas(4, 230, 520, 'x', putValue, 'c2', false),
    get(5, 240, 530, 'x', `base${order.map((index) => `g${index};`).join('')}`),
    get(6, 250, 590, 'x', putValue),
    get(7, 300, 505, 'x', `base${order.map((index) => `g${index};`).join('')}`),
  ];
}

describe('kv reachability', () => {
  it('decides a get of seven given-up appends in an arbitrary order within a small budget', () => {
    const result = checkOperations(kvModel, burst(9, [6, 2, 4, 0, 5, 1, 3], 'p'), { maxSteps: 200_000 });
    expect(result.verdict).toBe('linearizable');
  });

  it('finds one that is not linearizable within a small budget (the get after the put reads the appends)', () => {
    const history = burst(9, [6, 2, 4, 0, 5, 1, 3], 'p');
    history.push(get(8, 595, 598, 'x', 'base'));
    const result = checkOperations(kvModel, history, { maxSteps: 200_000 });
    expect(result.verdict).toBe('not linearizable');
  });

  it('answers false only when neither the state nor a setting operation left can lead to the value', () => {
    const history = [
      put(0, 0, 10, 'x', 'ab'),
      append(1, 0, null, 'x', 'c'),
      del(2, 0, 10, 'x'),
      cas(3, 0, 10, 'x', 'q', 'zz', true),
      cas(4, 0, 10, 'x', 'q', 'ab', false),
      get(5, 0, 10, 'x', 'abc'),
    ];
    const reachable = kvReachability(history);
    const state = (value: string) => ({ value, hash: 0 });
    const none = () => false;
    const all = (index: number) => index !== 5 && index !== 1;
    expect(reachable(5, state('abc'), all)).toBe(true); // there already
    expect(reachable(5, state('ab'), all)).toBe(true); // an append of "c" follows
    expect(reachable(5, state('a'), all)).toBe(false); // "bc" starts with no append's value
    expect(reachable(5, state('zz'), all)).toBe(false);
    expect(reachable(5, state('zz'), none)).toBe(true); // the put "ab" is left
    expect(reachable(5, state('zz'), (index) => index !== 3 && index !== 5)).toBe(false); // only cas -> "zz" is left
    expect(reachable(0, state('zz'), all)).toBe(true); // not a get: never tested
  });
});
