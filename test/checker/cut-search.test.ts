/**
 * Goal: cutting a partition's history where nothing is concurrent
 * (checker/search/cuts.ts, cut-search.ts) never changes a verdict, and the
 * linearization or failing prefix it reports is a real one, in the whole
 * history's operation numbers.
 * Method: fast-check builds mostly sequential histories (runs of one to
 * three overlapping operations, often separated by gaps), with outputs taken
 * from a real execution and then sometimes corrupted, some operations never
 * answered, on two kv keys or one cas register; each is checked cut and
 * uncut (`cutHistory: false`, Porcupine's whole search); `cutAbove: 0` makes
 * the checker cut these short histories. Then fixed cases for the fallbacks,
 * the budgets and long histories.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  casRegisterModel,
  checkOperations,
  ILLEGAL,
  kvModel,
  type AnyModel,
  type CheckResult,
  type KvInput,
  type KvOutput,
  type KvState,
  type Operation,
} from '@raft-check/checker';
import { DEFAULT_CUT_ABOVE } from '../../checker/options.js';
import { cutIntoParts } from '../../checker/search/cuts.js';
import { MAX_CARRIED_STATES, MAX_PENDING, PartEndStates, witnessOperations } from '../../checker/search/part-end-states.js';
import { listSmallPart, MAX_SMALL_PART, smallPartSteps } from '../../checker/search/small-part.js';
import { fuzzRuns } from '../support/fuzz-runs.js';

type AnyOperation = Operation<any, any>;

/** Cut whatever the partition's length (by default only long ones are). */
const CUT = { cutAbove: 0 };

interface RawOperation {
  /** Time since the previous call: 0 overlaps it, larger often leaves a gap (a cut). */
  gap: number;
  duration: number;
  /** Where in its interval the operation takes effect, 0..1. */
  effect: number;
  crashed: boolean;
  /** For a crashed operation: whether it took effect. */
  applied: boolean;
  corrupt: boolean;
  key: number;
  kind: number;
  value: number;
}

const rawArbitrary: fc.Arbitrary<RawOperation> = fc.record({
  gap: fc.constantFrom(0, 1, 2, 3, 6, 6, 6),
  duration: fc.nat(4),
  effect: fc.double({ min: 0, max: 1, noNaN: true }),
  crashed: fc.nat(9).map((n) => n === 0),
  applied: fc.boolean(),
  corrupt: fc.nat(14).map((n) => n === 0),
  key: fc.nat(1),
  kind: fc.nat(4),
  value: fc.nat(2),
});

/** Times, effect points and the order effects happen in; `execute` fills in inputs and outputs along that order. */
function layout(raws: readonly RawOperation[]): { call: number; return: number | null; at: number }[] {
  let time = 0;
  return raws.map((raw) => {
    time += raw.gap;
    const call = time;
    return { call, return: raw.crashed ? null : call + raw.duration, at: call + raw.effect * (raw.crashed ? 10 : raw.duration) };
  });
}

function effectOrder(times: readonly { at: number }[]): number[] {
  return times.map((_, index) => index).sort((a, b) => times[a]!.at - times[b]!.at || a - b);
}

function kvHistory(raws: readonly RawOperation[]): Operation<KvInput, KvOutput>[] {
  const times = layout(raws);
  const store = new Map<string, string>();
  const operations = raws.map((raw, index): Operation<KvInput, KvOutput> => {
    const key = raw.key === 0 ? 'a' : 'b';
    const value = String(raw.value + 1);
    const input: KvInput =
      raw.kind <= 1 ? { op: 'get', key } : raw.kind === 2 ? { op: 'put', key, value } : raw.kind === 3 ? { op: 'append', key, value } : { op: 'cas', key, expect: String(raw.value), value };
    return { client: index, call: times[index]!.call, return: times[index]!.return, input, output: null };
  });
  for (const index of effectOrder(times)) {
    const raw = raws[index]!;
    const operation = operations[index]!;
    if (raw.crashed && !raw.applied) continue;
    const input = operation.input;
    const current = store.get(input.key) ?? '';
    let output: KvOutput = {};
    if (input.op === 'get') output = { value: raw.corrupt ? `${current}9` : current };
    else if (input.op === 'put') store.set(input.key, input.value);
    else if (input.op === 'append') store.set(input.key, current + input.value);
    else if (input.op === 'cas') {
      const ok = current === input.expect;
      if (ok) store.set(input.key, input.value);
      output = { ok: raw.corrupt ? !ok : ok };
    }
    if (!raw.crashed) operation.output = output;
  }
  return operations;
}

type Register = number | null;
type RegisterInput = { op: 'read' } | { op: 'write'; value: number } | { op: 'cas'; from: number; to: number };

function registerHistory(raws: readonly RawOperation[]): Operation<RegisterInput, { value?: Register; ok?: boolean }>[] {
  const times = layout(raws);
  let register: Register = null;
  const operations = raws.map((raw, index): Operation<RegisterInput, { value?: Register; ok?: boolean }> => {
    const input: RegisterInput =
      raw.kind <= 1 ? { op: 'read' } : raw.kind <= 3 ? { op: 'write', value: raw.value } : { op: 'cas', from: raw.value, to: (raw.value + 1) % 3 };
    return { client: index, call: times[index]!.call, return: times[index]!.return, input, output: null };
  });
  for (const index of effectOrder(times)) {
    const raw = raws[index]!;
    const operation = operations[index]!;
    if (raw.crashed && !raw.applied) continue;
    const input = operation.input;
    let output: { value?: Register; ok?: boolean } = {};
    if (input.op === 'read') output = { value: raw.corrupt ? (register ?? -1) + 1 : register };
    else if (input.op === 'write') register = input.value;
    else {
      const ok = register === input.from;
      if (ok) register = input.to;
      output = { ok: raw.corrupt ? !ok : ok };
    }
    if (!raw.crashed) operation.output = output;
  }
  return operations;
}

/** Whether `sequence` respects real time and every step is legal from the model's initial state. */
function isLegalSequence(model: AnyModel, operations: readonly AnyOperation[], sequence: readonly number[]): boolean {
  let state = model.init();
  for (let position = 0; position < sequence.length; position++) {
    const operation = operations[sequence[position]!]!;
    for (let later = position + 1; later < sequence.length; later++) {
      const after = operations[sequence[later]!]!;
      if (after.return !== null && after.return < operation.call) return false;
    }
    const next = model.step(state, operation.input, operation.output);
    if (next === ILLEGAL) return false;
    state = next;
  }
  return true;
}

/** What each partition shows is a legal linearization, or a legal prefix stuck at an answered operation outside it. */
function expectTrueDetails(model: AnyModel, operations: readonly AnyOperation[], result: CheckResult): void {
  for (const partition of result.partitions) {
    if (partition.verdict === 'linearizable') {
      expect([...partition.linearization!].sort((a, b) => a - b)).toEqual(partition.operations);
      expect(isLegalSequence(model, operations, partition.linearization!)).toBe(true);
    }
    if (partition.verdict === 'not linearizable') {
      const prefix = partition.longestPrefixes[0]!.operations;
      for (const index of prefix) expect(partition.operations).toContain(index);
      expect(isLegalSequence(model, operations, prefix)).toBe(true);
      expect(prefix).not.toContain(partition.stuckOperation);
      expect(operations[partition.stuckOperation!]!.return).not.toBeNull();
    }
  }
}

function hasCut(operations: readonly AnyOperation[]): boolean {
  return cutIntoParts(operations).length > 1;
}

/** Whether an operation never answered is carried across a cut (it is in a part before the last). */
function carriesPending(operations: readonly AnyOperation[]): boolean {
  const parts = cutIntoParts(operations);
  return parts.slice(0, -1).some((part) => part.some((index) => operations[index]!.return === null));
}

describe('cut search versus the whole search', () => {
  for (const [name, model, build] of [
    ['kv, two keys', kvModel, kvHistory],
    ['cas-register', casRegisterModel, registerHistory],
  ] as const) {
    it(`gives the same verdict on random mostly sequential ${name} histories, with true details`, () => {
      const runs = fuzzRuns(1500);
      const seen = { linearizable: 0, 'not linearizable': 0, cut: 0, pending: 0 };
      fc.assert(
        fc.property(fc.array(rawArbitrary, { minLength: 1, maxLength: 14 }), (raws) => {
          const operations = (build as (raws: readonly RawOperation[]) => AnyOperation[])(raws);
          const cut = checkOperations(model as AnyModel, operations, CUT);
          const whole = checkOperations(model as AnyModel, operations, { cutHistory: false });
          expect(cut.verdict).not.toBe('unknown');
          expect(cut.verdict).toBe(whole.verdict);
          expect(cut.partitions.map((partition) => partition.verdict)).toEqual(whole.partitions.map((partition) => partition.verdict));
          expectTrueDetails(model as AnyModel, operations, cut);
          seen[cut.verdict as 'linearizable' | 'not linearizable']++;
          if (hasCut(operations)) seen.cut++;
          if (carriesPending(operations)) seen.pending++;
        }),
        { numRuns: runs, seed: 20261201 },
      );
      // Both verdicts, cuts and pending operations carried across them must be common, or the comparison proves little.
      expect(seen.linearizable).toBeGreaterThan(runs / 8);
      expect(seen['not linearizable']).toBeGreaterThan(runs / 8);
      expect(seen.cut).toBeGreaterThan(runs / 2);
      expect(seen.pending).toBeGreaterThan(runs / 5);
    });
  }
});

const put = (call: number, value: string, key = 'x', duration = 1): Operation<KvInput, KvOutput> => ({
  client: call,
  call,
  return: call + duration,
  input: { op: 'put', key, value },
  output: {},
});
const get = (call: number, value: string, key = 'x'): Operation<KvInput, KvOutput> => ({
  client: call,
  call,
  return: call + 1,
  input: { op: 'get', key },
  output: { value },
});

describe('cut search', () => {
  it('checks a long sequential history in one step per operation and a bounded memo', () => {
    const operations: Operation<KvInput, KvOutput>[] = [];
    for (let index = 0; index < 20_000; index++) operations.push(index % 2 === 0 ? put(2 * index, `${index}`) : get(2 * index, `${index - 1}`));
    // The whole search would keep one configuration per operation, past this cap.
    const result = checkOperations(kvModel, operations, { maxCacheEntries: 100 });
    expect(result.verdict).toBe('linearizable');
    expect(result.steps).toBeLessThan(20_100);
    expect(checkOperations(kvModel, operations, { maxCacheEntries: 100, cutHistory: false }).unknownReason).toBe('cache');
  });

  it('reports the failing point in the history numbers, with the prefix before it', () => {
    // Two keys interleaved: the partition of "y" holds the odd operations.
    const operations: Operation<KvInput, KvOutput>[] = [];
    for (let index = 0; index < 40; index++) {
      const key = index % 2 === 0 ? 'x' : 'y';
      operations.push(index % 4 < 2 ? put(2 * index, `${index}`, key) : get(2 * index, index === 31 ? 'wrong' : `${index - 2}`, key));
    }
    const result = checkOperations(kvModel, operations, CUT);
    expect(result.verdict).toBe('not linearizable');
    const failed = result.partitions.find((partition) => partition.verdict === 'not linearizable')!;
    expect(failed.stuckOperation).toBe(31);
    expect(failed.longestPrefixes[0]!.operations).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29]);
  });

  it('carries several end states across a cut and keeps only those a later read allows', () => {
    // Three concurrent puts, then reads that pin the order of their last one.
    const operations = [put(0, '1', 'x', 5), put(1, '2', 'x', 5), put(2, '3', 'x', 5), get(10, '2'), put(20, '4'), get(30, '4')];
    expect(checkOperations(kvModel, operations, CUT).verdict).toBe('linearizable');
    const wrong = [...operations.slice(0, 5), get(30, '2')];
    const result = checkOperations(kvModel, wrong, CUT);
    expect(result.verdict).toBe('not linearizable');
    expect(result.partitions[0]!.stuckOperation).toBe(5);
  });

  it('searches the rest whole when a part ends in too many states, with the same verdict', () => {
    // Four or five concurrent appends (listed by small-part.ts or part-end-states.ts) end in 24 or 120 states.
    expect(MAX_CARRIED_STATES).toBeLessThan(24);
    for (const size of [4, 5]) {
      const values = ['1', '2', '3', '4', '5'].slice(0, size);
      const appends = values.map((value, index): Operation<KvInput, KvOutput> => ({
        client: index,
        call: index,
        return: index + 40,
        input: { op: 'append', key: 'x', value },
        output: {},
      }));
      for (const [read, verdict] of [
        [[...values].reverse().join(''), 'linearizable'],
        ['1'.repeat(size), 'not linearizable'],
      ] as const) {
        const operations = [...appends, get(70, read), get(80, read), put(90, 'z'), get(100, 'z')];
        const result = checkOperations(kvModel, operations, CUT);
        expect(result.verdict).toBe(verdict);
        expect(checkOperations(kvModel, operations, { cutHistory: false }).verdict).toBe(verdict);
        expectTrueDetails(kvModel, operations, result);
      }
    }
  });

  it('lists the same end states by trying every order as by the memo search, for parts of up to four operations', () => {
    const allowance = { remaining: 1_000_000 };
    fc.assert(
      fc.property(
        fc.array(rawArbitrary, { minLength: 1, maxLength: MAX_SMALL_PART }),
        fc.uniqueArray(fc.constantFrom('', '1', '2', '12', '21', '9'), { minLength: 1, maxLength: 3 }),
        (raws, startValues) => {
          // One key, every operation answered, all within one part's span.
          const operations = kvHistory(raws.map((raw) => ({ ...raw, key: 0, crashed: false, gap: Math.min(raw.gap, 1), duration: raw.duration + 3 })));
          const indices = operations.map((_, index) => index);
          const starts = startValues.map((value) => {
            const state = kvModel.step(kvModel.init(), { op: 'put', key: 'a', value }, {});
            if (state === ILLEGAL) throw new Error('a put is always legal');
            return { state, pending: [], witness: null };
          });
          const small = listSmallPart(kvModel, operations, indices, starts);
          const listed = new PartEndStates(kvModel, operations, indices, indices.length, starts, allowance, Number.POSITIVE_INFINITY);
          while (listed.status === 'running') listed.run(1000);
          expect(listed.status).toBe('done');
          expect(small.ends).not.toBeNull();
          expect(small.steps).toBeLessThanOrEqual(smallPartSteps(indices.length, starts.length));
          const states = (ends: readonly { state: KvState }[]): string[] => ends.map((end) => end.state.value).sort();
          expect(states(small.ends!)).toEqual(states(listed.ends));
          for (const end of small.ends!) {
            const witness = witnessOperations(end.witness);
            expect([...witness].sort()).toEqual(indices);
          }
          if (small.ends!.length === 0) {
            expect(small.attempts.length).toBeGreaterThan(0);
            expect(listed.longest[0]!.prefix.length).toBe(small.attempts[0]!.prefix.length);
          }
        },
      ),
      { numRuns: fuzzRuns(500), seed: 31 },
    );
  });

  it('checks a long history with a given-up write seen late in bounded memory, and finds it seen twice', () => {
    const given: Operation<KvInput, KvOutput> = { client: 1_000_000, call: 0, return: null, input: { op: 'put', key: 'x', value: 'u' }, output: null };
    const build = (seenTwice: boolean): Operation<KvInput, KvOutput>[] => {
      const operations = [given];
      for (let index = 1; index < 20_000; index++) {
        const call = 2 * index;
        if (index === 15_000 || (seenTwice && index === 17_000)) operations.push(get(call, 'u'));
        else operations.push(index % 2 === 1 ? put(call, `${index}`) : get(call, `${index - 1}`));
      }
      return operations;
    };
    const result = checkOperations(kvModel, build(false), { maxCacheEntries: 1_000 });
    expect(result.verdict).toBe('linearizable');
    // A few steps per operation while the write is pending (each part is listed with it as a candidate), one after.
    expect(result.steps).toBeLessThan(200_000);
    expectTrueDetails(kvModel, build(false), result);
    const twice = checkOperations(kvModel, build(true), { maxCacheEntries: 1_000 });
    expect(twice.verdict).toBe('not linearizable');
    expect(twice.partitions[0]!.stuckOperation).toBe(17_000);
    expectTrueDetails(kvModel, build(true), twice);
  });

  it('searches the rest whole past MAX_PENDING given-up writes, with the same verdict', () => {
    const operations: Operation<KvInput, KvOutput>[] = [];
    for (let index = 0; index <= MAX_PENDING; index++) {
      operations.push({ client: 100 + index, call: 10 * index, return: null, input: { op: 'put', key: 'x', value: `g${index}` }, output: null });
      operations.push(put(10 * index + 1, `${index}`), get(10 * index + 3, `${index}`));
    }
    for (const [last, verdict] of [
      ['g0', 'linearizable'],
      ['none', 'not linearizable'],
    ] as const) {
      const all = [...operations, get(1000, last), get(1002, last)];
      const result = checkOperations(kvModel, all, CUT);
      expect(result.verdict).toBe(verdict);
      expect(checkOperations(kvModel, all, { cutHistory: false }).verdict).toBe(verdict);
      expectTrueDetails(kvModel, all, result);
    }
  });

  it('keeps the step budget: steps summed over the parts never pass maxSteps, and running out is unknown', () => {
    const operations: Operation<KvInput, KvOutput>[] = [];
    for (let index = 0; index < 5_000; index++) operations.push(index % 2 === 0 ? put(2 * index, `${index}`) : get(2 * index, `${index - 1}`));
    const result = checkOperations(kvModel, operations, { maxSteps: 3_000 });
    expect(result.verdict).toBe('unknown');
    expect(result.unknownReason).toBe('steps');
    expect(result.steps).toBeLessThanOrEqual(3_000);
    // The frontier of an unfinished check is where the search had got to.
    expect(result.partitions[0]!.stuckOperation).toBe(3_000);
  });

  it('carries an operation never answered across cuts: it may take effect in any later part', () => {
    // The unanswered put of "u" is seen only long after, past points where every answered operation had returned.
    const pending: Operation<KvInput, KvOutput> = { client: 99, call: 0, return: null, input: { op: 'put', key: 'x', value: 'u' }, output: null };
    const failedCas: Operation<KvInput, KvOutput> = { client: 98, call: 11, return: 12, input: { op: 'cas', key: 'x', expect: 'u', value: 'v' }, output: { ok: false } };
    const operations = [pending, put(1, '1'), get(3, '1'), put(5, '2'), get(7, '2'), get(9, 'u'), failedCas];
    expect(checkOperations(kvModel, operations, CUT).verdict).toBe('not linearizable');
    expect(checkOperations(kvModel, operations.slice(0, 6), CUT).verdict).toBe('linearizable');
  });
});

describe('which partitions are cut', () => {
  it('cuts only partitions longer than cutAbove, DEFAULT_CUT_ABOVE unless given', () => {
    const sequential = (count: number): Operation<KvInput, KvOutput>[] =>
      Array.from({ length: count }, (_, index) => (index % 2 === 0 ? put(2 * index, `${index}`) : get(2 * index, `${index - 1}`)));
    // Cut, a sequential history takes one step per operation; whole, about three.
    const steps = (count: number, options = {}): number => checkOperations(kvModel, sequential(count), options).steps;
    expect(steps(DEFAULT_CUT_ABOVE)).toBeGreaterThan(2 * DEFAULT_CUT_ABOVE);
    expect(steps(DEFAULT_CUT_ABOVE + 2)).toBeLessThan(DEFAULT_CUT_ABOVE + 10);
    expect(steps(100, { cutAbove: 99 })).toBeLessThan(110);
    expect(steps(100, { cutAbove: 100 })).toBeGreaterThan(200);
    expect(steps(DEFAULT_CUT_ABOVE + 2, { cutHistory: false })).toBeGreaterThan(2 * DEFAULT_CUT_ABOVE);
    expect(() => checkOperations(kvModel, [], { cutAbove: -1 })).toThrow(RangeError);
  });
});
