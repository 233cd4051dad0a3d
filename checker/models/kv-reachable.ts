/**
 * Model.reachability for `kv`: whether an answered get can still see its
 * value, from a state, with the operations not yet linearized.
 *
 * A get answered V needs the state to be V when it is linearized. From a state
 * S, the operations left can only: keep the state (gets, cas that do not swap),
 * extend it on the right (appends), or set it to a value of their own (a put,
 * a delete: "", a cas answered ok or never answered: its `value`). So the
 * state the get sees is B + a1 + ... + ak, where B is S or the value of a
 * setting operation not yet linearized, and a1..ak are values of appends.
 * Necessary, hence: V starts with such a B, and V = B or what follows B in V
 * starts with the value of some append of the partition. The test answers
 * false only when that fails for S and for every setting operation left.
 *
 * Why (raft-check seed 3553): clients that give up while the cluster has no
 * leader leave appends that take effect later, and a get reads all of them,
 * "1.1" + six appends in one order. Until that get is placed every one of
 * those appends is an unanswered operation whose effect nothing has seen, so
 * iterative deepening needed six at once, and each round tried every order of
 * the given-up appends interleaved with the answered put, delete and failed
 * cas of the same moment (after which the get could never be satisfied):
 * 30.5M steps. With the test, a put or delete placed before that get, or an
 * append out of the get's order, is dropped at once.
 *
 * Gets whose value is longer than WATCHED_VALUE_LIMIT are not tested (the
 * test answers true): comparing a long state with a long value on every step
 * would cost their length (Porcupine's append logs reach 300,000 characters).
 * That bounds the cost, never the verdict.
 */

import type { Operation } from '../history.js';
import type { KvInput, KvOutput } from './kv-types.js';
import type { KvState } from './kv.js';

const WATCHED_VALUE_LIMIT = 4096;

interface WatchedGet {
  value: string;
  /** Setting operations whose value could be the base of `value`. */
  bases: number[];
  /** cut[i] = 1 when some append's value occurs in `value` at position i. */
  cut: Uint8Array;
}

export function kvReachability(
  operations: readonly Operation<KvInput, KvOutput>[],
): (operation: number, state: KvState, linearized: (index: number) => boolean) => boolean {
  const appendValues = new Set<string>();
  const setters: { index: number; value: string }[] = [];
  for (let index = 0; index < operations.length; index++) {
    const { input, output } = operations[index]!;
    if (input.op === 'append' && input.value !== '') appendValues.add(input.value);
    else if (input.op === 'put') setters.push({ index, value: input.value });
    else if (input.op === 'delete') setters.push({ index, value: '' });
    else if (input.op === 'cas' && (output === null || output.ok === true)) setters.push({ index, value: input.value });
  }
  const appendLengths = [...new Set([...appendValues].map((value) => value.length))];
  const watched = new Map<number, WatchedGet | null>();

  function watch(operation: number): WatchedGet | null {
    const known = watched.get(operation);
    if (known !== undefined) return known;
    const { input, output } = operations[operation]!;
    let entry: WatchedGet | null = null;
    if (input.op === 'get' && output !== null && (output.value ?? '').length <= WATCHED_VALUE_LIMIT) {
      const value = output.value ?? '';
      const cut = new Uint8Array(value.length + 1);
      for (let position = 0; position < value.length; position++) {
        for (const length of appendLengths) {
          if (appendValues.has(value.slice(position, position + length))) {
            cut[position] = 1;
            break;
          }
        }
      }
      const fits = (base: string): boolean => value.startsWith(base) && (base.length === value.length || cut[base.length] === 1);
      const bases = setters.filter((setter) => setter.index !== operation && fits(setter.value)).map((setter) => setter.index);
      entry = { value, bases, cut };
    }
    watched.set(operation, entry);
    return entry;
  }

  return (operation, state, linearized) => {
    const entry = watch(operation);
    if (entry === null) return true;
    const { value, cut } = entry;
    const current = state.value;
    if (current.length <= value.length && value.startsWith(current) && (current.length === value.length || cut[current.length] === 1)) return true;
    for (const base of entry.bases) if (!linearized(base)) return true;
    return false;
  };
}
