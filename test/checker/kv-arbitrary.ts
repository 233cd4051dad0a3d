/**
 * fast-check generators of small concurrent kv histories: few keys, few
 * values and short, often overlapping or touching time intervals, so that
 * both verdicts are common; some operations are never answered.
 */

import fc from 'fast-check';
import type { KvInput, KvOutput, Operation } from '@raft-check/checker';

const KEYS = ['a', 'b'] as const;
const VALUES = ['', '1', '2', '12', '21'] as const;

const inputArbitrary: fc.Arbitrary<KvInput> = fc.oneof(
  fc.record({ op: fc.constant('get' as const), key: fc.constantFrom(...KEYS) }),
  fc.record({ op: fc.constant('put' as const), key: fc.constantFrom(...KEYS), value: fc.constantFrom('1', '2') }),
  fc.record({ op: fc.constant('append' as const), key: fc.constantFrom(...KEYS), value: fc.constantFrom('1', '2') }),
  fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom(...KEYS) }),
  fc.record({
    op: fc.constant('cas' as const),
    key: fc.constantFrom(...KEYS),
    expect: fc.constantFrom(...VALUES),
    value: fc.constantFrom('1', '2'),
  }),
);

function outputArbitrary(input: KvInput): fc.Arbitrary<KvOutput> {
  if (input.op === 'get') return fc.constantFrom(...VALUES).map((value) => ({ value }));
  if (input.op === 'cas') return fc.boolean().map((ok) => ({ ok }));
  return fc.constant({});
}

const operationArbitrary: fc.Arbitrary<Operation<KvInput, KvOutput>> = fc
  .record({
    client: fc.nat(3),
    call: fc.nat(12),
    duration: fc.nat(4),
    answered: fc.boolean().chain((flip) => (flip ? fc.constant(true) : fc.nat(4).map((n) => n !== 0))),
    input: inputArbitrary,
  })
  .chain(({ client, call, duration, answered, input }) =>
    outputArbitrary(input).map((output) => ({
      client,
      call,
      return: answered ? call + duration : null,
      input,
      output: answered ? output : null,
    })),
  );

export function kvHistoryArbitrary(maxOperations: number): fc.Arbitrary<Operation<KvInput, KvOutput>[]> {
  return fc.array(operationArbitrary, { minLength: 0, maxLength: maxOperations });
}
