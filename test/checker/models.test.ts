/**
 * Goal: the cas-register model follows porcupine-data/README.md, histories
 * given as events check like the same operations, and a new model is one
 * value plus `registerModel`. Method: small hand-made histories.
 */

import { describe, expect, it } from 'vitest';
import {
  casRegisterModel,
  checkEvents,
  checkHistory,
  checkOperations,
  ILLEGAL,
  kvModel,
  registerModel,
  type CasRegisterInput,
  type CasRegisterOutput,
  type Model,
  type Operation,
} from '@raft-check/checker';

type RegisterOperation = Operation<CasRegisterInput, CasRegisterOutput>;

const read = (call: number, ret: number | null, value: number | null): RegisterOperation => ({
  client: 0,
  call,
  return: ret,
  input: { op: 'read' },
  output: ret === null ? null : { value },
});
const write = (call: number, ret: number | null, value: number): RegisterOperation => ({
  client: 1,
  call,
  return: ret,
  input: { op: 'write', value },
  output: ret === null ? null : {},
});
const cas = (call: number, ret: number | null, from: number, to: number, ok: boolean | null): RegisterOperation => ({
  client: 2,
  call,
  return: ret,
  input: { op: 'cas', from, to },
  output: ok === null ? null : { ok },
});

describe('cas-register model', () => {
  it('starts empty (nil), reads see the last write, cas swaps only on a match', () => {
    const history = [read(0, 1, null), write(2, 3, 1), cas(4, 5, 1, 2, true), cas(6, 7, 1, 3, false), read(8, 9, 2)];
    expect(checkOperations(casRegisterModel, history).verdict).toBe('linearizable');
    expect(checkOperations(casRegisterModel, [write(0, 1, 1), read(2, 3, null)]).verdict).toBe('not linearizable');
    expect(checkOperations(casRegisterModel, [write(0, 1, 1), cas(2, 3, 1, 2, false)]).verdict).toBe('not linearizable');
  });

  it('an unknown cas is accepted either way and still swaps when `from` matches', () => {
    expect(casRegisterModel.step(1, { op: 'cas', from: 1, to: 4 }, null)).toBe(4);
    expect(casRegisterModel.step(2, { op: 'cas', from: 1, to: 4 }, null)).toBe(2);
    expect(casRegisterModel.step(2, { op: 'read' }, null)).toBe(2);
    expect(casRegisterModel.step(2, { op: 'read' }, { value: 3 })).toBe(ILLEGAL);
    const history = [write(0, 1, 1), cas(2, null, 1, 4, null), read(3, 4, 4)];
    expect(checkOperations(casRegisterModel, history).verdict).toBe('linearizable');
  });

  it('has one partition, and describes operations and states readably', () => {
    const result = checkOperations(casRegisterModel, [write(0, 1, 1), read(2, 3, 0)]);
    expect(result.partitions.map((partition) => partition.name)).toEqual(['all operations']);
    expect(result.summary).toContain('read() -> 0');
    expect(result.summary).toContain('ends in state 1');
    expect(casRegisterModel.describeState(null)).toBe('nil');
  });
});

describe('event histories', () => {
  it('check like the operations they describe; a call without a return is unanswered', () => {
    const events = [
      { kind: 'call' as const, id: 'a', client: 0, input: { op: 'put' as const, key: 'x', value: '1' } },
      { kind: 'call' as const, id: 'b', client: 1, input: { op: 'get' as const, key: 'x' } },
      { kind: 'return' as const, id: 'b', output: { value: '1' } },
    ];
    expect(checkEvents(kvModel, events).verdict).toBe('linearizable');
    const wrong = [...events.slice(0, 2), { kind: 'return' as const, id: 'b', output: { value: '2' } }];
    expect(checkEvents(kvModel, wrong).verdict).toBe('not linearizable');
  });

  it('refuses a return without a call', () => {
    expect(() => checkEvents(kvModel, [{ kind: 'return', id: 1, output: {} }])).toThrow(/not open/);
  });
});

describe('adding a model', () => {
  it('takes one Model value and registerModel, then histories can name it', () => {
    // A counter: `inc` adds one, `read` must see the count.
    const counter: Model<number, { op: 'inc' | 'read' }, { value?: number }> = {
      name: 'test-counter',
      init: () => 0,
      step: (count, input, output) => {
        if (input.op === 'inc') return count + 1;
        return output === null || output.value === count ? count : ILLEGAL;
      },
      equal: (a, b) => a === b,
      validateOperation: (input) =>
        typeof input === 'object' && input !== null && ['inc', 'read'].includes((input as { op: string }).op)
          ? null
          : 'unknown counter op',
      describeOperation: (input, output) => `${input.op}${output?.value === undefined ? '' : ` -> ${output.value}`}`,
      describeState: (count) => String(count),
    };
    registerModel(counter);
    const history = {
      format: 'raft-check/history@1' as const,
      model: 'test-counter',
      operations: [
        { client: 0, call: 0, return: 1, input: { op: 'inc' }, output: {} },
        { client: 1, call: 0, return: 1, input: { op: 'inc' }, output: {} },
        { client: 2, call: 2, return: 3, input: { op: 'read' }, output: { value: 2 } },
      ],
    };
    expect(checkHistory(history).verdict).toBe('linearizable');
  });
});
