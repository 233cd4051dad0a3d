/**
 * The `kv` model of history-format.md: a map from string keys to string
 * values where every key starts as "" (absent and empty are the same).
 *
 * Operations on different keys never interact, so the model partitions the
 * history by key, and its state is the value of the single key a partition is
 * about. That keeps states small: one string and its hash.
 */

import { ILLEGAL, type Illegal, type Model, type PartitionSpec } from '../model.js';
import type { Operation } from '../history.js';
import { KV_OUTPUT_FIELDS, type KvInput, type KvOutput } from './kv-types.js';
import { describeValue, fieldProblem, isRecord, quoteValue, unknownFieldProblem } from './validation.js';
import { kvMovableToEnd } from './kv-movable.js';
import { kvReachability } from './kv-reachable.js';

/**
 * The value of one key, with a hash of it kept up to date as the value
 * changes. States built by appends in different orders have the same length
 * and often the same ending, so the memo cache needs a hash of the whole
 * value, and recomputing it on every step would cost the value's length.
 */
export interface KvState {
  readonly value: string;
  /** Polynomial hash of `value` modulo 2^32: the sum of value[i] * MULTIPLIER^(length-1-i). */
  readonly hash: number;
}

const MULTIPLIER = 0x01000193;
const EMPTY: KvState = { value: '', hash: 0 };

/** `hashOf(a + b) === imul(hashOf(a), MULTIPLIER ** b.length) + hashOf(b)`, so appending costs b's length. */
function appendTo(hash: number, suffix: string): number {
  let result = hash;
  for (let index = 0; index < suffix.length; index++) {
    result = (Math.imul(result, MULTIPLIER) + suffix.charCodeAt(index)) | 0;
  }
  return result;
}

function kvState(value: string): KvState {
  return value === '' ? EMPTY : { value, hash: appendTo(0, value) };
}

function stepKv(state: KvState, input: KvInput, output: KvOutput | null): KvState | Illegal {
  switch (input.op) {
    case 'get':
      // An unanswered get saw nothing anyone knows of: any value is fine.
      return output === null || output.value === state.value ? state : ILLEGAL;
    case 'put':
      return kvState(input.value);
    case 'append':
      return input.value === '' ? state : { value: state.value + input.value, hash: appendTo(state.hash, input.value) };
    case 'delete':
      return EMPTY;
    case 'cas': {
      const swapped = state.value === input.expect;
      if (output !== null && output.ok !== swapped) return ILLEGAL;
      return swapped ? kvState(input.value) : state;
    }
  }
}

function partitionByKey(operations: readonly Operation<KvInput, KvOutput>[]): PartitionSpec[] {
  const byKey = new Map<string, number[]>();
  for (let index = 0; index < operations.length; index++) {
    const key = operations[index]!.input.key;
    let indices = byKey.get(key);
    if (indices === undefined) {
      indices = [];
      byKey.set(key, indices);
    }
    indices.push(index);
  }
  return [...byKey].map(([key, indices]) => ({ name: `key ${JSON.stringify(key)}`, indices }));
}

const KV_FIELDS: Record<KvInput['op'], readonly string[]> = {
  get: ['key'],
  put: ['key', 'value'],
  append: ['key', 'value'],
  delete: ['key'],
  cas: ['key', 'expect', 'value'],
};

function validateKvOperation(input: unknown, output: unknown): string | null {
  if (!isRecord(input)) return 'input must be an object';
  const op = input['op'];
  if (typeof op !== 'string' || !Object.hasOwn(KV_FIELDS, op)) {
    return `unknown kv op ${quoteValue(op)} (expected get, put, append, delete or cas)`;
  }
  const fields = KV_FIELDS[op as KvInput['op']];
  for (const field of fields) {
    const problem = fieldProblem(input, 'input', field, 'string');
    if (problem !== null) return problem;
  }
  const extra = unknownFieldProblem(input, 'input', ['op', ...fields]);
  if (extra !== null) return extra;
  if (output === null) return null;
  if (!isRecord(output)) return 'output must be an object or null';
  const extraOut = unknownFieldProblem(output, 'output', KV_OUTPUT_FIELDS[op as KvInput['op']]);
  if (extraOut !== null) return extraOut;
  if (op === 'get') return fieldProblem(output, 'output', 'value', 'string');
  if (op === 'cas') return fieldProblem(output, 'output', 'ok', 'boolean');
  return null;
}

function describeKvOperation(input: KvInput, output: KvOutput | null): string {
  const key = JSON.stringify(input.key);
  switch (input.op) {
    case 'get':
      return `get(${key}) -> ${output === null ? '? (unanswered)' : describeValue(output.value)}`;
    case 'put':
    case 'append':
      return `${input.op}(${key}, ${JSON.stringify(input.value)})${output === null ? ' (unanswered)' : ''}`;
    case 'delete':
      return `delete(${key})${output === null ? ' (unanswered)' : ''}`;
    case 'cas': {
      const answer = output === null ? '? (unanswered)' : output.ok === true ? 'ok' : 'failed';
      return `cas(${key}, ${JSON.stringify(input.expect)} -> ${JSON.stringify(input.value)}) -> ${answer}`;
    }
  }
}

/** `"…"` in full, or with maxLength and a long value, its two ends: `"abc"…"xyz" (300000 characters)`. */
function describeKvState(state: KvState, maxLength?: number): string {
  const { value } = state;
  if (maxLength === undefined || value.length <= maxLength) return JSON.stringify(value);
  const end = Math.max(1, Math.floor(maxLength / 2) - 12);
  return `${JSON.stringify(value.slice(0, end))}…${JSON.stringify(value.slice(-end))} (${value.length} characters)`;
}

export const kvModel: Model<KvState, KvInput, KvOutput> = {
  name: 'kv',
  init: () => EMPTY,
  step: stepKv,
  equal: (a, b) => a.hash === b.hash && a.value === b.value,
  hash: (state) => state.hash,
  partition: partitionByKey,
  movableToEnd: kvMovableToEnd,
  reachability: kvReachability,
  validateOperation: validateKvOperation,
  describeOperation: describeKvOperation,
  describeState: describeKvState,
};
