/**
 * Knossos's `multi-register` (knossos.model/multi-register, the
 * `MultiRegister` record): registers named by keys, changed only by
 * transactions. Its one operation, `:txn`, holds micro-operations
 * `[:read k v]` and `[:write k v]`, applied in order to one map:
 * - `[:write k v]` sets k to v;
 * - `[:read k v]` must see k's value (nil for a key never written), except
 *   that a read of nil matches any value, as in Knossos's registers;
 * - the first read that does not match makes the whole transaction
 *   inconsistent; a read after a write in the same transaction sees it.
 * Knossos knows only `:read` and `:write` here (its `case` throws on any
 * other micro-operation); Elle's `:r`, `:w` and `:append` are not this model.
 *
 * Values and keys are canonical EDN text (parse/edn-value.ts). A key whose
 * value is nil is left out of the state: reading it is the same as reading a
 * key never written, so the two states behave alike and must compare equal.
 *
 * A transaction never answered may have happened or not. Knossos steps it
 * with its invoke's value (reads of nil, as Jepsen writes invokes), only
 * where that is consistent; here it is stepped everywhere and changes
 * nothing where its reads do not match (the same orders, see
 * knossos-mutex.ts).
 *
 * Transactions on keys no other transaction shares are independent objects,
 * so the history is split into the connected components of "touch a common
 * key" (P-compositional: Herlihy and Wing's locality).
 */

import type { Operation } from '../history.js';
import { ILLEGAL, type Illegal, type Model, type PartitionSpec } from '../model.js';
import { ednText } from '../parse/edn-value.js';
import { EdnSyntaxError, readEdn } from '../parse/edn-reader.js';
import { ofEdnParameter } from './edn-parameter.js';
import { hashText } from './knossos-cas-register.js';
import { isRecord } from './validation.js';

export const KNOSSOS_MULTI_REGISTER = 'knossos-multi-register';

/** One micro-operation; `value` of a read is what the invoke said (nil: not known yet). Texts are EDN. */
export type MicroOp = { f: 'read'; key: string; value: string } | { f: 'write'; key: string; value: string };

export interface MultiRegisterInput {
  txn: MicroOp[];
}
/** What each read of the transaction saw, in order (nil: not known). */
export interface MultiRegisterOutput {
  reads: string[];
}

/** Keys to values; a key absent is nil. */
export type MultiRegisterState = ReadonlyMap<string, string>;

const NIL = 'nil';

function step(state: MultiRegisterState, input: MultiRegisterInput, output: MultiRegisterOutput | null): MultiRegisterState | Illegal {
  let next: Map<string, string> | null = null;
  let read = 0;
  for (const micro of input.txn) {
    const current = next ?? state;
    if (micro.f === 'write') {
      next ??= new Map(state);
      if (micro.value === NIL) next.delete(micro.key);
      else next.set(micro.key, micro.value);
      continue;
    }
    const seen = output === null ? micro.value : output.reads[read++]!;
    if (seen !== NIL && seen !== (current.get(micro.key) ?? NIL)) return output === null ? state : ILLEGAL;
  }
  return next ?? state;
}

function equal(a: MultiRegisterState, b: MultiRegisterState): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

/** Order-free: the entries' hashes combined by a sum. */
function hash(state: MultiRegisterState): number {
  let sum = 0;
  for (const [key, value] of state) sum = (sum + hashText(`${key}\u0000${value}`)) | 0;
  return sum;
}

/** The connected components of "share a key", named by their smallest keys. */
function partition(operations: readonly Operation<MultiRegisterInput, MultiRegisterOutput>[]): PartitionSpec[] {
  const parent = new Map<string, string>();
  const root = (key: string): string => {
    let at = key;
    // Path halving: each key visited points to its grandparent, so chains stay short.
    while (parent.get(at) !== at) {
      const up = parent.get(parent.get(at)!)!;
      parent.set(at, up);
      at = up;
    }
    return at;
  };
  for (const { input } of operations) {
    for (const { key } of input.txn) if (!parent.has(key)) parent.set(key, key);
    for (let index = 1; index < input.txn.length; index++) {
      const a = root(input.txn[0]!.key);
      const b = root(input.txn[index]!.key);
      if (a !== b) parent.set(a, b);
    }
  }
  const groups = new Map<string, number[]>();
  operations.forEach(({ input }, index) => {
    const group = input.txn.length === 0 ? '' : root(input.txn[0]!.key);
    const indices = groups.get(group) ?? [];
    indices.push(index);
    groups.set(group, indices);
  });
  const keysOf = new Map<string, string[]>();
  for (const key of parent.keys()) {
    const group = root(key);
    const keys = keysOf.get(group) ?? [];
    keys.push(key);
    keysOf.set(group, keys);
  }
  return [...groups].map(([group, indices]) => ({ name: groupName(keysOf.get(group)?.sort() ?? []), indices }));
}

function groupName(keys: readonly string[]): string {
  if (keys.length === 0) return 'empty transactions';
  if (keys.length === 1) return `key ${keys[0]}`;
  const shown = keys.slice(0, 3).join(', ');
  return `keys ${shown}${keys.length > 3 ? ` and ${keys.length - 3} more` : ''}`;
}

function validateOperation(input: unknown, output: unknown): string | null {
  if (!isRecord(input) || !Array.isArray(input['txn'])) return 'input must be an object with a txn array';
  let reads = 0;
  for (const micro of input['txn'] as unknown[]) {
    if (!isRecord(micro) || (micro['f'] !== 'read' && micro['f'] !== 'write')) {
      return `each ${KNOSSOS_MULTI_REGISTER} micro-operation must be {f: "read" or "write", key, value}`;
    }
    if (typeof micro['key'] !== 'string' || typeof micro['value'] !== 'string') return 'a micro-operation\'s key and value must be EDN text (strings)';
    if (micro['f'] === 'read') reads++;
  }
  if (output === null) return null;
  if (!isRecord(output) || !Array.isArray(output['reads']) || !(output['reads'] as unknown[]).every((value) => typeof value === 'string')) {
    return 'output must be null or {reads: [EDN text, ...]}';
  }
  return (output['reads'] as unknown[]).length === reads ? null : `output.reads must hold one value per read (${reads})`;
}

function describeOperation(input: MultiRegisterInput, output: MultiRegisterOutput | null): string {
  let read = 0;
  const micros = input.txn.map((micro) => {
    const value = micro.f === 'write' ? micro.value : output === null ? micro.value : output.reads[read++]!;
    return `[:${micro.f} ${micro.key} ${value}]`;
  });
  return `txn [${micros.join(' ')}]${output === null ? ' (unanswered)' : ''}`;
}

function describeState(state: MultiRegisterState, maxLength?: number): string {
  const text = `{${[...state].map(([key, value]) => `${key} ${value}`).sort().join(', ')}}`;
  if (maxLength === undefined || text.length <= maxLength) return text;
  const half = Math.max(1, Math.floor((maxLength - 3) / 2));
  return `${text.slice(0, half)}...${text.slice(-half)}`;
}

/** The initial state from an EDN map's text (keys to values); throws EdnSyntaxError if it is not one EDN map. */
function initialState(initial: string): Map<string, string> {
  const value = readEdn(initial) as { map?: unknown };
  if (typeof value !== 'object' || value === null || !Array.isArray(value.map)) {
    throw new EdnSyntaxError(`${ednText(value)} is not a map`);
  }
  const state = new Map<string, string>();
  for (const [key, entry] of value.map as [unknown, unknown][]) {
    const text = ednText(entry);
    if (text !== NIL) state.set(ednText(key), text);
  }
  return state;
}

/** The model for one initial map, as EDN text (`{}` when nothing was written yet). */
export function knossosMultiRegisterModel(initial: string): Model<MultiRegisterState, MultiRegisterInput, MultiRegisterOutput> {
  const start = initialState(initial);
  return {
    name: `${KNOSSOS_MULTI_REGISTER}(${ednText(readEdn(initial))})`,
    init: () => start,
    step,
    equal,
    hash,
    partition,
    validateOperation,
    describeOperation,
    describeState,
  };
}

/** For the registry: the model named by a parameter, or undefined when it is not one EDN map. */
export const knossosMultiRegisterOf = ofEdnParameter(knossosMultiRegisterModel);

