/**
 * How Jepsen operations become the inputs and outputs of Knossos's models
 * other than the cas-register (jepsen-edn-models.ts has that one and kv).
 * The names are Knossos's functions in knossos.model: `register`, `mutex`,
 * `multi-register`, `set`, `unordered-queue`, `fifo-queue`. Values become
 * canonical EDN text, so they compare exactly (bigints, sets, maps).
 *
 * Knossos steps an `:ok` operation with its completion's value (knossos.history
 * /complete copies it onto the invoke), and an `:info` one with its invoke's.
 * Where an operation carries a value in and out (a write, an add, an enqueue,
 * a transaction's writes), the two must agree: which one happened would
 * otherwise be a guess (`requireEcho`). A `:fail` did not happen and is left
 * out. An operation of a kind the model does not know is bad input naming
 * the model and what it knows.
 */

import { KNOSSOS_MULTI_REGISTER, knossosMultiRegisterModel, type MicroOp, type MultiRegisterInput, type MultiRegisterOutput } from '../models/knossos-multi-register.js';
import { KNOSSOS_MUTEX, knossosMutexModel, type KnossosMutexInput } from '../models/knossos-mutex.js';
import { KNOSSOS_FIFO_QUEUE, KNOSSOS_UNORDERED_QUEUE, knossosFifoQueueModel, knossosUnorderedQueueModel, type KnossosQueueInput, type KnossosQueueOutput } from '../models/knossos-queues.js';
import { KNOSSOS_REGISTER, knossosRegisterModel, type KnossosRegisterInput } from '../models/knossos-register.js';
import { KNOSSOS_SET, knossosSetModel, type KnossosSetInput, type KnossosSetOutput } from '../models/knossos-set.js';
import type { KnossosOutput } from '../models/knossos-cas-register.js';
import { EdnSyntaxError } from './edn-reader.js';
import { ednText, isKeyword, sequenceOf } from './edn-value.js';
import { requireEcho, type ChosenModel, type JepsenTranslation } from './jepsen-translation.js';
import { EdnOperationError, describeJepsenOp, type JepsenOp } from './jepsen-op.js';

export type KnossosEdnModel = 'register' | 'mutex' | 'multi-register' | 'set' | 'unordered-queue' | 'fifo-queue';
export const KNOSSOS_EDN_MODELS: readonly KnossosEdnModel[] = ['register', 'mutex', 'multi-register', 'set', 'unordered-queue', 'fifo-queue'];

/** Nothing a model steps comes from a `:fail`. */
const dropFailed = (): undefined => undefined;

/** Bad input at `invoke`: `model` does not know its `:f`. */
function unknownOp(invoke: JepsenOp, model: string, knows: string): never {
  throw new EdnOperationError(`${describeJepsenOp(invoke)}: ${model} knows ${knows}`, invoke.position);
}

/** The model and translation for `model`; `initial` is refused by the models Knossos builds without one. */
export function knossosModelFor(model: KnossosEdnModel, initial: string | undefined): ChosenModel {
  switch (model) {
    case 'register':
      return { name: withInitial(() => knossosRegisterModel(initial ?? 'nil'), 'one EDN value').name, translate: registerTranslation };
    case 'multi-register':
      return {
        name: withInitial(() => knossosMultiRegisterModel(initial ?? '{}'), 'one EDN map of keys to values (e.g. {:x 0})').name,
        translate: multiRegisterTranslation,
      };
  }
  if (initial !== undefined) {
    throw new EdnOperationError(`--initial: Knossos's (${model}) has no initial value (it starts ${model === 'mutex' ? 'free' : 'empty'}); check without it`);
  }
  switch (model) {
    case 'mutex':
      return { name: knossosMutexModel.name, translate: mutexTranslation };
    case 'set':
      return { name: knossosSetModel.name, translate: setTranslation };
    case 'unordered-queue':
      return { name: knossosUnorderedQueueModel.name, translate: queueTranslation(KNOSSOS_UNORDERED_QUEUE) };
    case 'fifo-queue':
      return { name: knossosFifoQueueModel.name, translate: queueTranslation(KNOSSOS_FIFO_QUEUE) };
  }
}

/** The model `build` makes of --initial; bad input saying what `expected` when the text is not that. */
function withInitial<T>(build: () => T, expected: string): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof EdnSyntaxError) throw new EdnOperationError(`the initial value is not ${expected}: ${error.message}`);
    throw error;
  }
}

const registerTranslation: JepsenTranslation = {
  input(invoke): KnossosRegisterInput {
    if (invoke.f === 'read') return { op: 'read' };
    if (invoke.f === 'write') return { op: 'write', value: ednText(invoke.value) };
    return unknownOp(invoke, KNOSSOS_REGISTER, ':read and :write (it has no :cas: for compare-and-set, use --model cas-register)');
  },
  output(invoke, completion): KnossosOutput {
    if (invoke.f === 'read') return { value: ednText(completion.value) };
    requireEcho(invoke, completion);
    return {};
  },
  failed: dropFailed,
};

/** Knossos's mutex ignores values: only `:f` is stepped. */
const mutexTranslation: JepsenTranslation = {
  input(invoke): KnossosMutexInput {
    if (invoke.f === 'acquire' || invoke.f === 'release') return { op: invoke.f };
    return unknownOp(invoke, KNOSSOS_MUTEX, ':acquire and :release');
  },
  output: () => ({}),
  failed: dropFailed,
};

const setTranslation: JepsenTranslation = {
  input(invoke): KnossosSetInput {
    if (invoke.f === 'add') return { op: 'add', value: ednText(invoke.value) };
    if (invoke.f === 'read') return { op: 'read' };
    return unknownOp(invoke, KNOSSOS_SET, ':add and :read');
  },
  output(invoke, completion): KnossosSetOutput {
    if (invoke.f === 'add') {
      requireEcho(invoke, completion);
      return {};
    }
    const value = completion.value as { set?: unknown } | null;
    if (typeof value !== 'object' || value === null || !Array.isArray(value.set)) {
      throw new EdnOperationError(
        `${describeJepsenOp(completion)}: a ${KNOSSOS_SET} :read must return a set #{...} (Knossos compares it with = to the set, which no vector or nil equals)`,
        completion.position,
      );
    }
    return { value: ednText(value) };
  },
  failed: dropFailed,
};

function queueTranslation(model: string): JepsenTranslation {
  return {
    input(invoke): KnossosQueueInput {
      if (invoke.f === 'enqueue' || invoke.f === 'dequeue') return { op: invoke.f, value: ednText(invoke.value) };
      return unknownOp(invoke, model, ':enqueue and :dequeue');
    },
    output(invoke, completion): KnossosQueueOutput {
      if (invoke.f === 'dequeue') return { value: ednText(completion.value) };
      requireEcho(invoke, completion);
      return {};
    },
    failed: dropFailed,
  };
}

/** A transaction's micro-operations `[f k v]`, each `:read` or `:write`; bad input at `record` otherwise. */
function microOps(record: JepsenOp): MicroOp[] {
  const micros = sequenceOf(record.value);
  const refuse = (): never => {
    throw new EdnOperationError(
      `${describeJepsenOp(record)}: a ${KNOSSOS_MULTI_REGISTER} :txn is a vector of [:read k v] and [:write k v] (Elle's :r, :w and :append transactions are not this model)`,
      record.position,
    );
  };
  if (micros === null) return refuse();
  return micros.map((micro): MicroOp => {
    const parts = sequenceOf(micro);
    if (parts?.length !== 3) return refuse();
    const [f, key, value] = parts;
    if (!isKeyword(f) || (f.key !== 'read' && f.key !== 'write')) return refuse();
    return { f: f.key, key: ednText(key), value: ednText(value) };
  });
}

const multiRegisterTranslation: JepsenTranslation = {
  input(invoke): MultiRegisterInput {
    if (invoke.f !== 'txn') return unknownOp(invoke, KNOSSOS_MULTI_REGISTER, ':txn');
    return { txn: microOps(invoke) };
  },
  /** The completion repeats the invoke's micro-operations, with the reads' values filled in. */
  output(invoke, completion): MultiRegisterOutput {
    const asked = microOps(invoke);
    const answered = microOps(completion);
    const same =
      asked.length === answered.length &&
      asked.every((micro, index) => {
        const other = answered[index]!;
        return micro.f === other.f && micro.key === other.key && (micro.f === 'read' || micro.value === other.value);
      });
    if (!same) {
      throw new EdnOperationError(
        `${describeJepsenOp(completion)}: an :ok :txn must repeat its invoke's micro-operations and writes, filling in only the reads (Knossos would check the :ok value; which was meant would be a guess)`,
        completion.position,
      );
    }
    return { reads: answered.filter((micro) => micro.f === 'read').map((micro) => micro.value) };
  },
  failed: dropFailed,
};
