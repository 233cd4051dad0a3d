/**
 * Goal: histories with tens of given-up writes on one key (clients that gave
 * up while the cluster was unavailable) are decided within a small budget,
 * both ways. Seeds 4050, 6067, 7306, 7588, 8501 and 9393 of the correct code
 * ran out of 10M steps on such histories. Three things decide them now:
 *   - unanswered writes that no later answer can see go last, outside the
 *     search (kv's movableToEnd);
 *   - iterative deepening on how many unanswered operations whose effect
 *     nothing has seen yet the search may hold at once;
 *   - an unanswered operation is skipped where its effect is erased unseen,
 *     or where it commutes with the next one.
 * Each test below runs out of its budget without the matching one.
 */

import { describe, expect, it } from 'vitest';
import { checkOperations, kvModel, type KvInput, type KvOutput, type Operation } from '@raft-check/checker';
import { kvMovableToEnd } from '../../checker/models/kv-movable.js';
import { append, cas, del, get, put } from './kv-history.js';

type KvOperation = Operation<KvInput, KvOutput>;

/** `count` appends of distinct values to x, given up, called at 10, 11, ... */
function givenUpAppends(count: number): KvOperation[] {
  return Array.from({ length: count }, (_, index) => append(index, 10 + index, null, 'x', `g${index};`));
}

describe('which given-up kv writes can go last', () => {
  const write = append(0, 10, null, 'x', 'w;');

  it('one that no later answer can see', () => {
    const history = [write, get(1, 20, 30, 'x', 'a;'), put(2, 20, 30, 'x', 'w;'), cas(3, 20, 30, 'x', 'b', 'c', true)];
    expect(kvMovableToEnd(history)).toEqual([true, false, false, false]);
  });

  it('not one whose value a later get or successful cas shows', () => {
    expect(kvMovableToEnd([write, get(1, 20, 30, 'x', 'a;w;b;'), append(2, 20, 30, 'x', 'b;')])[0]).toBe(false);
    expect(kvMovableToEnd([write, cas(1, 20, 30, 'x', 'w;', 'c', true)])[0]).toBe(false);
  });

  it('one whose value a get holds only where no state the write left can have it', () => {
    // "w;q" is a put's value: after the append of "w;" only appends run, and "q" is none.
    expect(kvMovableToEnd([write, put(1, 20, 30, 'x', 'w;q'), get(2, 40, 50, 'x', 'w;q')])[0]).toBe(true);
    expect(kvMovableToEnd([write, put(1, 20, 30, 'x', 'w;q'), get(2, 40, 50, 'x', 'w;q'), append(3, 20, 30, 'x', 'q')])[0]).toBe(false);
  });

  it('not one a failed cas may follow (moving the write could make it swap), unless its expect is never a state', () => {
    expect(kvMovableToEnd([write, cas(1, 20, 30, 'x', 'b', 'c', false), put(2, 0, 5, 'x', 'b')])[0]).toBe(false);
    expect(kvMovableToEnd([write, cas(1, 20, 30, 'x', '', 'c', false)])[0]).toBe(false);
    // Nothing writes "b": the cas fails in every state, wherever it goes.
    expect(kvMovableToEnd([write, cas(1, 20, 30, 'x', 'b', 'c', false)])[0]).toBe(true);
  });

  it('one an unanswered cas may follow, unless its expect contains the value', () => {
    // Right after the write the cas fails (the state holds "w;"); moved, the
    // write no longer stops it, but an unanswered cas may swap or not.
    expect(kvMovableToEnd([write, cas(1, 20, null, 'x', 'b', 'c', null)])).toEqual([true, true]);
    // A cas that may swap because of the write would take the state elsewhere.
    expect(kvMovableToEnd([write, cas(1, 20, null, 'x', 'w;', 'c', null), get(2, 40, 50, 'x', 'c')])[0]).toBe(false);
  });

  it('an unanswered cas goes last like a put of its value', () => {
    expect(kvMovableToEnd([cas(0, 10, null, 'x', '', 'v', null), append(1, 20, 30, 'x', 'a'), get(2, 40, 50, 'x', 'a')])[0]).toBe(true);
    expect(kvMovableToEnd([cas(0, 10, null, 'x', '', 'v', null), get(1, 20, 30, 'x', 'va'), append(2, 20, 30, 'x', 'a')])[0]).toBe(false);
    expect(kvMovableToEnd([cas(0, 10, null, 'x', '', 'v', null), cas(1, 20, 30, 'x', '', 'r', false)])[0]).toBe(false);
  });

  it('operations that returned before the write was called cannot follow it', () => {
    expect(kvMovableToEnd([write, cas(1, 0, 9, 'x', 'b', 'c', false), get(2, 0, 9, 'x', 'w;')])[0]).toBe(true);
    // Intervals are closed: returning at the very call time may still follow.
    expect(kvMovableToEnd([write, cas(1, 0, 10, 'x', '', 'c', false)])[0]).toBe(false);
  });

  it('a delete writes "", shown by every state made of appends alone; an unanswered get always goes last', () => {
    expect(kvMovableToEnd([del(0, 10, null, 'x'), get(1, 20, 30, 'x', 'a'), append(2, 0, 5, 'x', 'a')])[0]).toBe(false);
    expect(kvMovableToEnd([del(0, 10, null, 'x'), get(1, 20, 30, 'x', 'a'), put(2, 0, 5, 'x', 'a')])[0]).toBe(true);
    expect(kvMovableToEnd([del(0, 10, null, 'x'), append(1, 20, 30, 'x', 'a')])[0]).toBe(true);
    expect(kvMovableToEnd([get(0, 10, null, 'x', null), cas(1, 20, 30, 'x', 'b', 'c', false)])[0]).toBe(true);
  });
});

describe('search with many given-up writes on one key', () => {
  // A get that needs two of 24 given-up appends, in call order, after a delete.
  const needsTwo = (seen: string): KvOperation[] => [
    ...givenUpAppends(24),
    del(30, 40, 41, 'x'),
    get(31, 50, 60, 'x', seen),
    append(32, 55, 65, 'x', 'late;'),
    get(33, 70, 71, 'x', `${seen}late;`),
  ];

  it('decides them quickly when the others can go last', () => {
    const linearizable = checkOperations(kvModel, needsTwo('g3;g17;'), { maxSteps: 5_000 });
    expect(linearizable.verdict).toBe('linearizable');
    // The given-up appends nothing saw come after everything else.
    const order = linearizable.partitions[0]!.linearization!;
    expect(order.slice(0, 6)).toEqual([24, 3, 17, 25, 26, 27]);
    // g17 was called after the get returned: no order explains it.
    const late = needsTwo('g3;g17;').map((operation, index) => (index === 17 ? { ...operation, call: 61 } : operation));
    expect(checkOperations(kvModel, late, { maxSteps: 5_000 }).verdict).toBe('not linearizable');
  });

  it('decides them quickly when a failed cas keeps every given-up append in the search', () => {
    // The cas may follow every given-up append, so none of them can go last.
    const blocked = (seen: string): KvOperation[] => [
      ...needsTwo(seen).filter((operation) => operation.return !== null || Number(/g(\d+)/.exec(operation.input.op === 'append' ? operation.input.value : '')?.[1]) < 12),
      // "late;" is a state the answered delete and append can make, whatever the given-up ones do.
      cas(34, 45, 80, 'x', 'late;', 'y', false),
    ];
    const fine = blocked('g3;g7;');
    expect(kvMovableToEnd(fine).some(Boolean)).toBe(false);
    expect(checkOperations(kvModel, fine, { maxSteps: 100_000 }).verdict).toBe('linearizable');
    // Refuting still means trying every order of the given-up appends: a few stay cheap.
    const wrong = blocked('g1;zz;').filter((operation, index) => index < 4 || operation.return !== null);
    expect(checkOperations(kvModel, wrong, { maxSteps: 100_000 }).verdict).toBe('not linearizable');
  });

  it('holds few given-up writes at a time: those each answer needs, not all a run needs', () => {
    // Four rounds of a put and a get that sees one given-up append after it:
    // four given-up writes in all, one at a time, and a wrong one is erased by
    // the next put before anyone sees it.
    const history = [
      ...givenUpAppends(16),
      cas(31, 30, 200, 'x', 'p0', 'y', false),
      ...[1, 5, 9, 13].flatMap((given, round) => [
        put(40 + round, 40 + 4 * round, 41 + 4 * round, 'x', `p${round}`),
        get(50 + round, 42 + 4 * round, 43 + 4 * round, 'x', `p${round}g${given};`),
      ]),
    ];
    expect(checkOperations(kvModel, history, { maxSteps: 20_000 }).verdict).toBe('linearizable');
  });
});
