/** Compact builders of kv operations for hand-written test histories. */

import type { KvInput, KvOutput, Operation } from '@raft-check/checker';

type KvOperation = Operation<KvInput, KvOutput>;

export function put(client: number, call: number, ret: number | null, key: string, value: string): KvOperation {
  return { client, call, return: ret, input: { op: 'put', key, value }, output: ret === null ? null : {} };
}

export function append(client: number, call: number, ret: number | null, key: string, value: string): KvOperation {
  return { client, call, return: ret, input: { op: 'append', key, value }, output: ret === null ? null : {} };
}

/** `value === null` with `ret === null`: an unanswered get. */
export function get(client: number, call: number, ret: number | null, key: string, value: string | null): KvOperation {
  return { client, call, return: ret, input: { op: 'get', key }, output: value === null ? null : { value } };
}

export function cas(
  client: number,
  call: number,
  ret: number | null,
  key: string,
  expect: string,
  value: string,
  ok: boolean | null,
): KvOperation {
  return { client, call, return: ret, input: { op: 'cas', key, expect, value }, output: ok === null ? null : { ok } };
}

export function del(client: number, call: number, ret: number | null, key: string): KvOperation {
  return { client, call, return: ret, input: { op: 'delete', key }, output: ret === null ? null : {} };
}
