/**
 * How Jepsen operations become the inputs and outputs of our models.
 * - `cas-register`: Knossos's register (models/knossos-cas-register.ts) with
 *   `:read`, `:write v` and `:cas [from to]`; values become canonical EDN
 *   text, so they compare exactly.
 * - `kv`: our kv model over Jepsen's independent-key tuples, `:value [k v]`:
 *   `:read`/`:get` [k v], `:write`/`:put` [k v], `:append` [k v],
 *   `:delete` [k _], `:cas` [k [from to]]. Strings stay as they are; other
 *   values become their EDN text (a key 1 is "1"). A history must not mix
 *   strings and other values among its keys, nor among its values, since
 *   "1" and 1 would then be the same. A read of nil matches any value, as in
 *   Knossos: it stays unanswered. A write of nil writes "" (absent).
 * - Knossos's other models (jepsen-edn-knossos.ts): `register`, `mutex`,
 *   `multi-register`, `set`, `unordered-queue` and `fifo-queue`.
 * A `:fail` did not happen and is left out, except a `:fail :cas` with
 * `:error :cas-mismatch`, which is a cas answered "not swapped" (jepsen-op.ts).
 *
 * `auto` picks a model only where the operations leave no doubt, and never
 * differently from before for a history it read before: all `:acquire` and
 * `:release` is the mutex, all `:txn` the multi-register (both were refused
 * before); `:add`/`:read` (Knossos's set, or Jepsen's set checker, which is
 * not linearizability) and `:enqueue`/`:dequeue` (FIFO or unordered) are
 * ambiguous and need `--model`.
 */

import type { KvInput, KvOutput } from '../models/kv-types.js';
import { KNOSSOS_CAS_REGISTER, knossosCasRegisterModel, type KnossosInput, type KnossosOutput } from '../models/knossos-cas-register.js';
import { EdnSyntaxError } from './edn-reader.js';
import { KNOSSOS_EDN_MODELS, knossosModelFor, type KnossosEdnModel } from './jepsen-edn-knossos.js';
import { requireEcho, type ChosenModel, type JepsenTranslation } from './jepsen-translation.js';
import { CAS_MISMATCH, EdnOperationError, describeJepsenOp, type JepsenOp } from './jepsen-op.js';
import { ednText, isKeyword, sequenceOf } from './edn-value.js';

export type { ChosenModel, JepsenTranslation } from './jepsen-translation.js';

export type JepsenEdnModel = 'cas-register' | 'kv' | KnossosEdnModel;
export const JEPSEN_EDN_MODELS: readonly JepsenEdnModel[] = ['cas-register', 'kv', ...KNOSSOS_EDN_MODELS];

/** A cas that failed its comparison (jepsen-op.ts) is a cas answered "not swapped". */
const casMismatch = (invoke: JepsenOp, completion: JepsenOp): { ok: false } | undefined =>
  invoke.f === 'cas' && isKeyword(completion.error, CAS_MISMATCH) ? { ok: false } : undefined;

/**
 * `model` 'auto': the mutex when every invoke is `:acquire` or `:release`, the
 * multi-register when every invoke is a `:txn`; else kv when every invoke's
 * value is a pair and not every operation is a cas; else the cas-register.
 */
export function chooseJepsenModel(records: readonly JepsenOp[], model: JepsenEdnModel | 'auto', initial: string | undefined): ChosenModel {
  const chosen = model === 'auto' ? autoModel(records, initial) : model;
  if (chosen === 'kv') return { name: 'kv', translate: kvTranslation() };
  if (chosen !== 'cas-register') return knossosModelFor(chosen, initial);
  let register;
  try {
    register = knossosCasRegisterModel(initial ?? 'nil');
  } catch (error) {
    if (error instanceof EdnSyntaxError) throw new EdnOperationError(`the initial value is not one EDN value: ${error.message}`);
    throw error;
  }
  return { name: register.name, translate: registerTranslation };
}

function autoModel(records: readonly JepsenOp[], initial: string | undefined): JepsenEdnModel {
  const invokes = records.filter((record) => record.type === 'invoke');
  if (invokes.length === 0) return 'cas-register';
  if (invokes.every((record) => record.f === 'acquire' || record.f === 'release')) return 'mutex';
  if (invokes.every((record) => record.f === 'txn')) return 'multi-register';
  const independent = invokes.every((record) => sequenceOf(record.value)?.length === 2) && invokes.some((record) => record.f !== 'cas');
  return initial === undefined && independent ? 'kv' : 'cas-register';
}

/** `value` (by default the record's) as a pair; bad input at `record` otherwise. */
function pairOf(record: JepsenOp, what: string, value: unknown = record.value): readonly [unknown, unknown] {
  const pair = sequenceOf(value);
  if (pair?.length !== 2) throw new EdnOperationError(`${describeJepsenOp(record)}: the value must be ${what}`, record.position);
  return pair as readonly [unknown, unknown];
}

const registerTranslation: JepsenTranslation = {
  input(invoke): KnossosInput {
    switch (invoke.f) {
      case 'read':
        return { op: 'read' };
      case 'write':
        return { op: 'write', value: ednText(invoke.value) };
      case 'cas': {
        const [from, to] = pairOf(invoke, '[from to]');
        return { op: 'cas', from: ednText(from), to: ednText(to) };
      }
    }
    throw new EdnOperationError(
      `${describeJepsenOp(invoke)}: ${KNOSSOS_CAS_REGISTER} knows :read, :write and :cas (for [key value] tuples, use the kv model; Knossos's other models: --model ${KNOSSOS_EDN_MODELS.join(', ')})`,
      invoke.position,
    );
  },
  output(invoke, completion): KnossosOutput {
    if (invoke.f === 'read') return { value: ednText(completion.value) };
    requireEcho(invoke, completion);
    return {};
  },
  failed: casMismatch,
};

const KV_OPS: Readonly<Record<string, KvInput['op']>> = {
  read: 'get',
  get: 'get',
  write: 'put',
  put: 'put',
  append: 'append',
  delete: 'delete',
  cas: 'cas',
};

/** Strings as they are, other values as EDN text; refuses a mix of the two in one role. */
class KvText {
  private kind: 'string' | 'other' | null = null;
  constructor(private readonly role: 'keys' | 'values') {}

  of(value: unknown, record: JepsenOp): string {
    const kind = typeof value === 'string' ? 'string' : 'other';
    if (this.kind !== null && this.kind !== kind) {
      throw new EdnOperationError(
        `${describeJepsenOp(record)}: the ${this.role} mix strings and other values, which the kv model (strings) cannot tell apart`,
        record.position,
      );
    }
    this.kind = kind;
    return typeof value === 'string' ? value : ednText(value);
  }
}

function kvTranslation(): JepsenTranslation {
  const keys = new KvText('keys');
  const values = new KvText('values');
  const valueText = (value: unknown, record: JepsenOp): string => (value === null ? '' : values.of(value, record));
  return {
    input(invoke): KvInput {
      const op = Object.hasOwn(KV_OPS, invoke.f) ? KV_OPS[invoke.f] : undefined;
      if (op === undefined) {
        throw new EdnOperationError(`${describeJepsenOp(invoke)}: the kv model knows :read, :write, :append, :delete and :cas`, invoke.position);
      }
      const [keyValue, value] = pairOf(invoke, 'a [key value] tuple');
      const key = keys.of(keyValue, invoke);
      switch (op) {
        case 'get':
        case 'delete':
          return { op, key };
        case 'put':
        case 'append':
          return { op, key, value: valueText(value, invoke) };
        case 'cas': {
          const [from, to] = pairOf(invoke, '[key [from to]]', value);
          return { op, key, expect: valueText(from, invoke), value: valueText(to, invoke) };
        }
      }
    },
    output(invoke, completion): KvOutput | null {
      const op = KV_OPS[invoke.f];
      if (op !== 'get') requireEcho(invoke, completion);
      if (op === 'cas') return { ok: true };
      if (op !== 'get') return {};
      const [keyValue, value] = pairOf(completion, 'a [key value] tuple');
      if (ednText(keyValue) !== ednText(pairOf(invoke, 'a [key value] tuple')[0])) {
        throw new EdnOperationError(`${describeJepsenOp(completion)}: its key differs from its invoke's`, completion.position);
      }
      return value === null ? null : { value: valueText(value, completion) };
    },
    failed: casMismatch,
  };
}
