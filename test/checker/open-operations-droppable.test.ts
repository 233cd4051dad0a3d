/**
 * Goal: the rule that sets aside open (never answered) operations that can no
 * longer matter (Model.movableToEnd of kv, cas-register and
 * knossos-cas-register) never changes a verdict.
 * Method: random small histories with many open operations, failed cas,
 * appends, empty values and two keys. For every operation the rule flags, the
 * history without it has the same brute-force verdict as the whole history
 * (leaving an open operation out is the same as putting it last, where no one
 * sees it); all flagged ones left out at once too; and the checker, with the
 * rule and with it switched off, gives the brute-force verdict. Then the
 * cases where a tempting but wrong rule would change the verdict.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  casRegisterModel,
  checkOperations,
  knossosCasRegisterModel,
  kvModel,
  type AnyModel,
  type CasRegisterInput,
  type CasRegisterOutput,
  type KnossosInput,
  type KnossosOutput,
  type KvInput,
  type KvOutput,
  type Operation,
} from '@raft-check/checker';
import { bruteForceLinearizable } from './brute-force.js';
import { bruteForceModelLinearizable } from './brute-force-model.js';
import { append, cas, del, get, put } from './kv-history.js';
import { fuzzRuns } from '../support/fuzz-runs.js';
import { knossosRegisterModel, type KnossosRegisterInput } from '../../checker/models/knossos-register.js';

type KvOperation = Operation<KvInput, KvOutput>;

/** One operation from its input, an answer drawn by `answer`, and mostly overlapping times; about 40% never answered. */
function operationsArbitrary<Input, Output>(
  inputs: fc.Arbitrary<Input>,
  answer: (input: Input) => fc.Arbitrary<Output>,
  maxOperations: number,
): fc.Arbitrary<Operation<Input, Output>[]> {
  const operation = fc
    .record({ client: fc.nat(3), call: fc.nat(10), duration: fc.nat(5), open: fc.nat(4).map((n) => n < 2), input: inputs })
    .chain(({ client, call, duration, open, input }) =>
      answer(input).map((output) => ({
        client,
        call,
        return: open ? null : call + duration,
        input,
        output: open ? null : output,
      })),
    );
  return fc.array(operation, { minLength: 1, maxLength: maxOperations });
}

const KV_KEYS = ['a', 'b'] as const;
// "3" is written only by some histories' puts and cas, so a read or an expect
// of "3", "31" or "13" is sometimes a possible state and sometimes not.
const KV_WRITTEN = ['', '1', '2', '12', '3'] as const;
const KV_SEEN = ['', '1', '2', '12', '21', '112', '121', '3', '31', '13'] as const;

const kvInputs: fc.Arbitrary<KvInput> = fc.oneof(
  fc.record({ op: fc.constant('get' as const), key: fc.constantFrom(...KV_KEYS) }),
  fc.record({ op: fc.constant('put' as const), key: fc.constantFrom(...KV_KEYS), value: fc.constantFrom(...KV_WRITTEN) }),
  fc.record({ op: fc.constant('append' as const), key: fc.constantFrom(...KV_KEYS), value: fc.constantFrom('1', '2') }),
  fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom(...KV_KEYS) }),
  fc.record({
    op: fc.constant('cas' as const),
    key: fc.constantFrom(...KV_KEYS),
    expect: fc.constantFrom(...KV_SEEN),
    value: fc.constantFrom(...KV_WRITTEN),
  }),
);

function kvAnswer(input: KvInput): fc.Arbitrary<KvOutput> {
  if (input.op === 'get') return fc.constantFrom(...KV_SEEN).map((value) => ({ value }));
  if (input.op === 'cas') return fc.boolean().map((ok) => ({ ok }));
  return fc.constant({});
}

const REGISTER_VALUES = [0, 1, 2] as const;

const registerInputs: fc.Arbitrary<CasRegisterInput> = fc.oneof(
  fc.constant({ op: 'read' as const }),
  fc.record({ op: fc.constant('write' as const), value: fc.constantFrom(...REGISTER_VALUES) }),
  fc.record({ op: fc.constant('cas' as const), from: fc.constantFrom(...REGISTER_VALUES), to: fc.constantFrom(...REGISTER_VALUES) }),
);

function registerAnswer(input: CasRegisterInput): fc.Arbitrary<CasRegisterOutput> {
  if (input.op === 'read') return fc.constantFrom(null, ...REGISTER_VALUES).map((value) => ({ value }));
  if (input.op === 'cas') return fc.boolean().map((ok) => ({ ok }));
  return fc.constant({});
}

const KNOSSOS_VALUES = ['0', '1', '2'] as const;

const knossosInputs: fc.Arbitrary<KnossosInput> = fc.oneof(
  fc.constant({ op: 'read' as const }),
  fc.record({ op: fc.constant('write' as const), value: fc.constantFrom(...KNOSSOS_VALUES) }),
  fc.record({ op: fc.constant('cas' as const), from: fc.constantFrom(...KNOSSOS_VALUES), to: fc.constantFrom(...KNOSSOS_VALUES) }),
);

/** A read of nil matches any value; a cas is answered `{}` (it swapped) or `{ok: false}` (:cas-mismatch). */
function knossosAnswer(input: KnossosInput): fc.Arbitrary<KnossosOutput> {
  if (input.op === 'read') return fc.constantFrom('nil', ...KNOSSOS_VALUES).map((value) => ({ value }));
  if (input.op === 'cas') return fc.constantFrom({}, { ok: false });
  return fc.constant({});
}

const withoutRule = (model: AnyModel): AnyModel => ({ ...model, movableToEnd: undefined });

interface Tally {
  flagged: number;
  changedIfWrong: number;
}

/**
 * The property for one history: each flagged operation, and all of them at
 * once, can be left out without changing the brute-force verdict, and the
 * checker agrees with brute force with the rule and without it.
 */
function holdsFor<Input, Output>(
  model: AnyModel,
  flags: (operations: readonly Operation<Input, Output>[]) => boolean[],
  brute: (operations: readonly Operation<Input, Output>[]) => boolean,
  operations: Operation<Input, Output>[],
  tally: Tally,
): void {
  const whole = brute(operations);
  const flagged = flags(operations);
  for (let index = 0; index < operations.length; index++) {
    if (!flagged[index]) continue;
    expect(operations[index]!.return).toBeNull();
    tally.flagged++;
    expect(brute(operations.filter((_, other) => other !== index))).toBe(whole);
  }
  expect(brute(operations.filter((_, index) => !flagged[index]))).toBe(whole);
  // An open operation the rule kept whose absence would change the verdict: the kind of case a looser rule gets wrong.
  for (let index = 0; index < operations.length; index++) {
    if (operations[index]!.return === null && !flagged[index] && brute(operations.filter((_, other) => other !== index)) !== whole) {
      tally.changedIfWrong++;
    }
  }
  const expected = whole ? 'linearizable' : 'not linearizable';
  expect(checkOperations(model, operations).verdict).toBe(expected);
  expect(checkOperations(withoutRule(model), operations).verdict).toBe(expected);
}

/** Per key, as the kv model partitions: kvMovableToEnd sees one key's operations. */
function kvFlags(operations: readonly KvOperation[]): boolean[] {
  const flags = new Array<boolean>(operations.length).fill(false);
  for (const key of new Set(operations.map((operation) => operation.input.key))) {
    const indices = operations.flatMap((operation, index) => (operation.input.key === key ? [index] : []));
    const partFlags = kvModel.movableToEnd!(indices.map((index) => operations[index]!));
    indices.forEach((index, position) => (flags[index] = partFlags[position]!));
  }
  return flags;
}

/** Runs holdsFor on random histories of a single-register model (flags: its own rule), and returns the tally. */
function registerTally<Input, Output>(
  model: AnyModel,
  inputs: fc.Arbitrary<Input>,
  answer: (input: Input) => fc.Arbitrary<Output>,
  numRuns: number,
  seed: number,
): Tally {
  const tally: Tally = { flagged: 0, changedIfWrong: 0 };
  const brute = (operations: readonly Operation<Input, Output>[]): boolean => bruteForceModelLinearizable(model, operations);
  const flags = model.movableToEnd! as (operations: readonly Operation<Input, Output>[]) => boolean[];
  fc.assert(
    fc.property(operationsArbitrary(inputs, answer, 7), (operations) => holdsFor(model, flags, brute, operations, tally)),
    { numRuns: fuzzRuns(numRuns), seed },
  );
  return tally;
}

describe('open operations that can no longer matter', () => {
  it('kv: leaving out each flagged operation keeps the brute-force verdict, and the checker agrees', () => {
    const tally: Tally = { flagged: 0, changedIfWrong: 0 };
    fc.assert(
      fc.property(operationsArbitrary(kvInputs, kvAnswer, 7), (operations) =>
        holdsFor(kvModel, kvFlags, bruteForceLinearizable, operations, tally),
      ),
      { numRuns: fuzzRuns(1500), seed: 20261201 },
    );
    // Both sides must be exercised: operations set aside, and open ones that mattered.
    expect(tally.flagged).toBeGreaterThan(800);
    expect(tally.changedIfWrong).toBeGreaterThan(3);
  });

  it('cas-register: the same', () => {
    const tally = registerTally(casRegisterModel, registerInputs, registerAnswer, 1000, 1201);
    expect(tally.flagged).toBeGreaterThan(500);
    expect(tally.changedIfWrong).toBeGreaterThan(20);
  });

  it('knossos-cas-register (reads of nil, :cas-mismatch): the same', () => {
    const tally = registerTally(knossosCasRegisterModel('0'), knossosInputs, knossosAnswer, 1000, 1202);
    expect(tally.flagged).toBeGreaterThan(500);
    expect(tally.changedIfWrong).toBeGreaterThan(20);
  });
});

describe("open operations that can no longer matter: Knossos's register (no cas)", () => {
  it('leaving out each flagged operation keeps the brute-force verdict, and the checker agrees', () => {
    const inputs = knossosInputs.filter((input): input is KnossosRegisterInput => input.op !== 'cas');
    const tally = registerTally(knossosRegisterModel('0'), inputs, knossosAnswer, 500, 1402);
    expect(tally.flagged).toBeGreaterThan(200);
  });
});

/** Each history needs its open operation `index`: without it the verdict flips, so the rule must keep it. */
function needed(operations: KvOperation[], index: number): void {
  expect(bruteForceLinearizable(operations)).toBe(true);
  expect(bruteForceLinearizable(operations.filter((_, other) => other !== index))).toBe(false);
  expect(kvFlags(operations)[index]).toBe(false);
  expect(checkOperations(kvModel, operations).verdict).toBe('linearizable');
}

describe('open operations a looser rule would wrongly set aside', () => {
  it('an open put that explains a failed cas (its value is in no read and no expect)', () => {
    needed([put(0, 0, 5, 'x', 'b'), put(1, 10, null, 'x', 'v'), cas(2, 20, 30, 'x', 'b', 'c', false)], 1);
  });

  it('an open append whose value is read only as a suffix', () => {
    needed([put(0, 0, 5, 'x', 'a'), append(1, 10, null, 'x', 'b'), get(2, 20, 30, 'x', 'ab')], 1);
  });

  it('an open put read with an answered append after it', () => {
    needed([put(1, 10, null, 'x', 'v'), append(2, 20, 30, 'x', 'a'), get(3, 40, 50, 'x', 'va')], 0);
  });

  it('an open delete (value ""), seen by a read of the missing key', () => {
    needed([put(0, 0, 5, 'x', 'a'), del(1, 10, null, 'x'), get(2, 20, 30, 'x', '')], 1);
  });

  it('an open put of "" that a cas expecting "" needs', () => {
    needed([put(0, 0, 5, 'x', 'a'), put(1, 10, null, 'x', ''), cas(2, 20, 30, 'x', '', 'c', true)], 1);
  });

  it('an open cas whose swap a read shows', () => {
    needed([put(0, 0, 5, 'x', 'a'), cas(1, 10, null, 'x', 'a', 'c', null), get(2, 20, 30, 'x', 'c')], 1);
  });

  it('an open put that an open cas needs to swap, before a read of what the cas wrote', () => {
    // The value "w" is in no answered read and no answered cas: only the open cas expects it.
    needed([put(0, 0, 5, 'x', 'b'), put(1, 10, null, 'x', 'w'), cas(2, 12, null, 'x', 'w', 'c', null), get(3, 20, 30, 'x', 'c')], 1);
  });

  it('an open put that explains a failed cas whose expect only an open put writes, which a read shows (the set is found in two rounds)', () => {
    // put "b" stays in the search (a read shows it), so the failed cas may have seen "b", so put "v" stays too.
    needed([put(1, 10, null, 'x', 'b'), get(2, 20, 30, 'x', 'b'), put(3, 10, null, 'x', 'v'), cas(4, 40, 50, 'x', 'b', 'c', false)], 2);
  });

  it('an open put kept only once another open put was kept for an earlier failed cas (three rounds)', () => {
    // cas b -> c failed needs put "a" before it; then cas a -> d failed needs put "v" before it.
    const operations = [
      put(0, 0, 5, 'x', 'b'),
      cas(1, 20, 30, 'x', 'b', 'c', false),
      put(2, 25, null, 'x', 'a'),
      cas(3, 60, 70, 'x', 'a', 'd', false),
      put(4, 40, null, 'x', 'v'),
    ];
    needed(operations, 2);
    needed(operations, 4);
  });

  it('an open put goes last with the open cas that expects it, when nothing sees what the cas wrote', () => {
    const operations = [put(0, 0, 5, 'x', 'b'), put(1, 10, null, 'x', 'w'), cas(2, 12, null, 'x', 'w', 'c', null), get(3, 20, 30, 'x', 'b')];
    expect(kvFlags(operations)).toEqual([false, true, true, false]);
    expect(bruteForceLinearizable(operations.filter((_, index) => index === 0 || index === 3))).toBe(bruteForceLinearizable(operations));
  });

  it('open puts go last together when the only write that could make a failed cas swap goes last too', () => {
    const operations = [put(1, 10, null, 'x', 'v'), put(2, 10, null, 'x', 'b'), cas(3, 20, 30, 'x', 'b', 'c', false)];
    expect(kvFlags(operations)).toEqual([true, true, false]);
    expect(bruteForceLinearizable(operations.slice(2))).toBe(bruteForceLinearizable(operations));
  });

  it('two open appends that a read shows together', () => {
    const operations = [append(1, 10, null, 'x', '1'), append(2, 10, null, 'x', '2'), get(3, 20, 30, 'x', '21')];
    needed(operations, 0);
    needed(operations, 1);
  });

  it('knossos: an open write that explains a :cas-mismatch (a :fail cas without it did not happen)', () => {
    const model = knossosCasRegisterModel('0');
    const operations: Operation<KnossosInput, KnossosOutput>[] = [
      { client: 1, call: 10, return: null, input: { op: 'write', value: '5' }, output: null },
      { client: 2, call: 20, return: 30, input: { op: 'cas', from: '0', to: '1' }, output: { ok: false } },
    ];
    expect(model.movableToEnd!(operations)).toEqual([false, false]);
    expect(checkOperations(model, operations).verdict).toBe('linearizable');
    expect(checkOperations(model, operations.slice(1)).verdict).toBe('not linearizable');
  });

  it('knossos: an open write kept only once another open write was kept for an earlier :cas-mismatch (three rounds)', () => {
    const model = knossosCasRegisterModel('0');
    const write = (client: number, call: number, ret: number | null, value: string): Operation<KnossosInput, KnossosOutput> => ({
      client,
      call,
      return: ret,
      input: { op: 'write', value },
      output: ret === null ? null : {},
    });
    const mismatch = (client: number, call: number, ret: number, from: string, to: string): Operation<KnossosInput, KnossosOutput> => ({
      client,
      call,
      return: ret,
      input: { op: 'cas', from, to },
      output: { ok: false },
    });
    const operations = [write(0, 0, 5, '1'), mismatch(1, 20, 30, '1', '3'), write(2, 25, null, '2'), mismatch(3, 60, 70, '2', '4'), write(4, 40, null, '5')];
    expect(model.movableToEnd!(operations)).toEqual([false, false, false, false, false]);
    expect(bruteForceModelLinearizable(model, operations)).toBe(true);
    expect(bruteForceModelLinearizable(model, operations.filter((_, index) => index !== 4))).toBe(false);
  });

  it('knossos: a read of nil observes nothing, so an open write it follows goes last', () => {
    const model = knossosCasRegisterModel('0');
    const operations: Operation<KnossosInput, KnossosOutput>[] = [
      { client: 1, call: 10, return: null, input: { op: 'write', value: '5' }, output: null },
      { client: 2, call: 20, return: 30, input: { op: 'read' }, output: { value: 'nil' } },
      { client: 3, call: 20, return: 30, input: { op: 'read' }, output: { value: '0' } },
    ];
    expect(model.movableToEnd!(operations)).toEqual([true, false, false]);
  });
});
