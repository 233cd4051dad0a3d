/**
 * TailMemory against the Map it replaces: any sequence of set / forget-from /
 * forget-up-to leaves the same (index -> term, digest) pairs.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TailMemory } from '../../src/sim/tail-memory.js';

type Op = { kind: 'set'; index: number; term: number } | { kind: 'forget-from'; index: number } | { kind: 'forget-up-to'; index: number };

// A small range, so that forgetting often hits remembered indexes.
const index = fc.integer({ min: 0, max: 30 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), index, term: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('forget-from' as const), index }),
  fc.record({ kind: fc.constant('forget-up-to' as const), index }),
);

describe('TailMemory', () => {
  it('remembers exactly what a Map would', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const memory = new TailMemory();
        const model = new Map<number, { term: number; digest: string }>();
        for (const step of ops) {
          if (step.kind === 'set') {
            memory.set(step.index, step.term, `d${step.index}/${step.term}`);
            model.set(step.index, { term: step.term, digest: `d${step.index}/${step.term}` });
          } else if (step.kind === 'forget-from') {
            memory.forgetFrom(step.index);
            for (const key of model.keys()) if (key >= step.index) model.delete(key);
          } else {
            memory.forgetUpTo(step.index);
            for (const key of model.keys()) if (key <= step.index) model.delete(key);
          }
          // Plain comparisons (an expect per probe would make this test slow), one expect at the end.
          for (let probe = 0; probe <= 31; probe++) {
            const want = model.get(probe);
            if (memory.digest(probe) !== want?.digest || memory.term(probe) !== want?.term) {
              expect({ probe, digest: memory.digest(probe), term: memory.term(probe) }).toEqual({ probe, ...want });
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('keeps what it remembers when it drops a long forgotten prefix', () => {
    const memory = new TailMemory();
    for (let index = 1; index <= 200; index++) memory.set(index, 1 + (index >> 6), `d${index}`);
    memory.forgetUpTo(150);
    memory.set(201, 9, 'd201');
    expect([150, 151, 200, 201, 202].map((index) => [memory.digest(index), memory.term(index)])).toEqual([
      [undefined, undefined],
      ['d151', 3],
      ['d200', 4],
      ['d201', 9],
      [undefined, undefined],
    ]);
  });
});
