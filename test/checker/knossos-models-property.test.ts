/**
 * Goal: for each Knossos model we read (mutex, register, multi-register,
 * set, unordered and FIFO queue), our verdict on a Jepsen history equals a
 * brute-force search over all orders with Knossos's step function.
 * Method: fast-check builds small Jepsen histories (up to 7 operations, each
 * `:ok`, `:fail`, `:info` or never completed), written as history.edn and
 * read by parseJepsenEdn with `--model` forced. The oracle never sees our
 * translation or models: it steps the Jepsen values themselves with its own
 * copy of Knossos's rules (knossos.model: Mutex, Register, MultiRegister,
 * Set, UnorderedQueue, FIFOQueue), drops `:fail`, steps an `:ok` operation
 * with its completion's value and an unanswered one with its invoke's
 * (knossos.history/complete), which may also never take effect
 * (brute-force.ts, `bruteForceOrders`).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory, parseJepsenEdn, type JepsenEdnModel } from '@raft-check/checker';
import { bruteForceOrders } from './brute-force.js';
import { fuzzRuns } from '../support/fuzz-runs.js';

/** A value as the test writes it in EDN: a number, nil, a set of numbers, or a transaction. */
type Value = number | null | { set: number[] } | Micro[];
type Micro = ['read' | 'write', 'x' | 'y', number | null];

interface JepsenOperation {
  f: string;
  invoke: Value;
  /** `ok` carries `completion`; `none` is never completed. */
  outcome: 'ok' | 'fail' | 'info' | 'none';
  completion: Value;
  call: number;
  duration: number;
}

/** The oracle's view of an operation: times are positions in the EDN vector. */
interface TimedOperation {
  f: string;
  value: Value;
  call: number;
  return: number | null;
}

function edn(value: Value): string {
  if (value === null) return 'nil';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(([f, key, v]) => `[:${f} :${key} ${v === null ? 'nil' : v}]`).join(' ')}]`;
  return `#{${value.set.join(' ')}}`;
}

/** The history.edn text, and the operations the oracle checks (`:fail` left out). */
function jepsenHistory(operations: readonly JepsenOperation[]): { text: string; timed: TimedOperation[] } {
  const events: { time: number; completes: boolean; index: number }[] = [];
  operations.forEach((operation, index) => {
    events.push({ time: operation.call, completes: false, index });
    if (operation.outcome !== 'none') events.push({ time: operation.call + operation.duration, completes: true, index });
  });
  events.sort((a, b) => a.time - b.time || Number(a.completes) - Number(b.completes) || a.index - b.index);
  const invokedAt = new Map<number, number>();
  const returnedAt = new Map<number, number>();
  const lines = events.map((event, position) => {
    const operation = operations[event.index]!;
    (event.completes ? returnedAt : invokedAt).set(event.index, position);
    const type = event.completes ? operation.outcome : 'invoke';
    const value = event.completes && operation.outcome === 'ok' ? operation.completion : operation.invoke;
    return `{:process ${event.index}, :type :${type}, :f :${operation.f}, :value ${edn(value)}}`;
  });
  const timed = operations.flatMap((operation, index): TimedOperation[] => {
    if (operation.outcome === 'fail') return [];
    const answered = operation.outcome === 'ok';
    return [{ f: operation.f, value: answered ? operation.completion : operation.invoke, call: invokedAt.get(index)!, return: answered ? returnedAt.get(index)! : null }];
  });
  return { text: `[${lines.join('\n')}]`, timed };
}

const outcome = fc.constantFrom('ok', 'ok', 'ok', 'fail', 'info', 'none');
const timing = { call: fc.nat(10), duration: fc.nat(4) };
const small = fc.constantFrom(1, 2);

/** An operation whose completion repeats its invoke (a write, an add, an enqueue, a lock operation). */
const echoed = (f: string, value: fc.Arbitrary<Value>): fc.Arbitrary<JepsenOperation> =>
  fc.record({ f: fc.constant(f), invoke: value, outcome, ...timing }).map((operation) => ({ ...operation, completion: operation.invoke }));
/** An operation that learns its value at completion (a read, a dequeue). */
const answered = (f: string, value: fc.Arbitrary<Value>): fc.Arbitrary<JepsenOperation> =>
  fc.record({ f: fc.constant(f), invoke: fc.constant(null), completion: value, outcome, ...timing });

const micro: fc.Arbitrary<Micro> = fc.record({ f: fc.constantFrom('read' as const, 'write' as const), key: fc.constantFrom('x' as const, 'y' as const), value: small }).map(({ f, key, value }) => [f, key, value]);
/** A transaction: its invoke's reads are nil, its completion fills them in (sometimes with nil: unknown). */
const transaction: fc.Arbitrary<JepsenOperation> = fc
  .record({ micros: fc.array(micro, { minLength: 1, maxLength: 2 }), reads: fc.array(fc.constantFrom(1, 2, null), { minLength: 2, maxLength: 2 }), outcome, ...timing })
  .map(({ micros, reads, outcome: type, call, duration }) => ({
    f: 'txn',
    invoke: micros.map(([f, key, value]): Micro => [f, key, f === 'read' ? null : value]),
    completion: micros.map(([f, key, value], index): Micro => [f, key, f === 'read' ? reads[index]! : value]),
    outcome: type,
    call,
    duration,
  }));

const subsetOf123 = fc.subarray([1, 2, 3]).map((set): Value => ({ set }));

/** Knossos's step functions on the test's own values; null: inconsistent. */
interface Spec<State> {
  model: JepsenEdnModel;
  initial?: string;
  start: State;
  operation: fc.Arbitrary<JepsenOperation>;
  step(state: State, operation: TimedOperation): State | null;
}

const sameNumbers = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((n, i) => n === b[i]);

const SPECS: Spec<any>[] = [
  {
    model: 'mutex',
    start: false,
    operation: fc.oneof(echoed('acquire', fc.constant(null)), echoed('release', fc.constant(null))),
    step: (held: boolean, { f }) => (f === 'acquire' ? (held ? null : true) : held ? false : null),
  } satisfies Spec<boolean>,
  {
    model: 'register',
    initial: '1',
    start: 1,
    operation: fc.oneof(echoed('write', small), answered('read', fc.constantFrom(1, 2, null))),
    step: (value: number | null, { f, value: seen }) => (f === 'write' ? (seen as number) : seen === null || seen === value ? value : null),
  } satisfies Spec<number | null>,
  {
    model: 'multi-register',
    initial: '{:x 1}',
    start: new Map([['x', 1]]),
    operation: transaction,
    step: (state: ReadonlyMap<string, number | null>, { value }) => {
      const next = new Map(state);
      for (const [f, key, v] of value as Micro[]) {
        if (f === 'write') next.set(key, v);
        else if (v !== null && v !== (next.get(key) ?? null)) return null;
      }
      return next;
    },
  } satisfies Spec<ReadonlyMap<string, number | null>>,
  {
    model: 'set',
    start: [],
    operation: fc.oneof(echoed('add', fc.constantFrom(1, 2, 3)), answered('read', subsetOf123)),
    step: (elements: readonly number[], { f, value }) => {
      if (f === 'add') return [...new Set([...elements, value as number])].sort();
      return value !== null && sameNumbers(elements, [...(value as { set: number[] }).set].sort()) ? elements : null;
    },
  } satisfies Spec<readonly number[]>,
  {
    model: 'unordered-queue',
    start: [],
    operation: fc.oneof(echoed('enqueue', small), answered('dequeue', fc.constantFrom(1, 2, 1, 2, null))),
    step: (pending: readonly (number | null)[], { f, value }) => {
      if (f === 'enqueue') return [...pending, value as number];
      const at = pending.indexOf(value as number | null);
      return at === -1 ? null : pending.filter((_, index) => index !== at);
    },
  } satisfies Spec<readonly (number | null)[]>,
  {
    model: 'fifo-queue',
    start: [],
    operation: fc.oneof(echoed('enqueue', small), answered('dequeue', fc.constantFrom(1, 2, 1, 2, null))),
    step: (pending: readonly (number | null)[], { f, value }) => {
      if (f === 'enqueue') return [...pending, value as number];
      return pending.length > 0 && pending[0] === value ? pending.slice(1) : null;
    },
  } satisfies Spec<readonly (number | null)[]>,
];

describe('Knossos models versus brute force', () => {
  it.each(SPECS.map((spec) => [spec.model, spec] as const))('%s: the same verdict on random small Jepsen histories', (_name, spec) => {
    const runs = fuzzRuns(600);
    const verdicts = { linearizable: 0, 'not linearizable': 0 };
    fc.assert(
      fc.property(fc.array(spec.operation, { maxLength: 7 }), (operations) => {
        const { text, timed } = jepsenHistory(operations);
        const history = parseJepsenEdn(text, { model: spec.model, initial: spec.initial });
        const result = checkHistory(history);
        expect(result.verdict).not.toBe('unknown');
        verdicts[result.verdict as keyof typeof verdicts]++;
        const expected = bruteForceOrders(timed, spec.start, spec.step) ? 'linearizable' : 'not linearizable';
        expect(result.verdict).toBe(expected);
        for (const partition of result.partitions) {
          if (partition.verdict !== 'not linearizable') continue;
          // The verdict names an operation that had returned and could not be placed.
          expect(history.operations[partition.stuckOperation!]!.return).not.toBeNull();
        }
      }),
      { numRuns: runs, seed: 20261201 },
    );
    // Both answers must be common, or the comparison proves little.
    expect(verdicts.linearizable).toBeGreaterThan(runs / 10);
    expect(verdicts['not linearizable']).toBeGreaterThan(runs / 10);
  });
});
