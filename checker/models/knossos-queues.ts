/**
 * Knossos's queues (knossos.model/unordered-queue and fifo-queue, the
 * `UnorderedQueue` and `FIFOQueue` records), empty at the start:
 * - `:enqueue v` adds v;
 * - `:dequeue` answered v must take v out: for the unordered queue, v must be
 *   pending somewhere (a multiset: enqueued twice, dequeued twice); for the
 *   FIFO queue, v must be at the head, and a dequeue from an empty queue is
 *   inconsistent. Knossos compares the dequeued value like any other, so a
 *   dequeue answered nil needs a nil pending (Jepsen records an empty
 *   dequeue as `:fail`, which did not happen and is dropped).
 * Values are canonical EDN text.
 *
 * Never answered, an operation may or may not have happened. Knossos steps
 * it with its invoke's value: an enqueue adds it (always consistent); a
 * dequeue takes out the invoke's value (nil, as Jepsen writes a dequeue's
 * invoke) where that is consistent. Here it is stepped everywhere and takes
 * nothing where it could not (the same orders, see knossos-mutex.ts).
 */

import { ILLEGAL, type Illegal, type Model } from '../model.js';
import { EMPTY_COLLECTION, describeCollection, find, first, lastKey, sameCollection, withItem, withoutItem, type Collection } from './knossos-collection.js';
import { fieldProblem, isRecord } from './validation.js';

export const KNOSSOS_UNORDERED_QUEUE = 'knossos-unordered-queue';
export const KNOSSOS_FIFO_QUEUE = 'knossos-fifo-queue';

/** `value` of a dequeue is its invoke's (nil: not known yet). */
export interface KnossosQueueInput {
  op: 'enqueue' | 'dequeue';
  value: string;
}
/** `{value}` dequeued; `{}` for an enqueue. */
export interface KnossosQueueOutput {
  value?: string;
}

/** Pending values: keyed by their texts for the unordered queue (a multiset), by enqueue number for the FIFO queue. */
type QueueState = Collection;

/** The value a dequeue takes out: its answer, or its invoke's when it was never answered. */
const dequeued = (input: KnossosQueueInput, output: KnossosQueueOutput | null): string => (output === null ? input.value : output.value!);

function stepUnordered(pending: QueueState, input: KnossosQueueInput, output: KnossosQueueOutput | null): QueueState | Illegal {
  if (input.op === 'enqueue') return withItem(pending, input.value, input.value);
  const value = dequeued(input, output);
  if (find(pending, value)) return withoutItem(pending, value, value);
  return output === null ? pending : ILLEGAL;
}

function stepFifo(pending: QueueState, input: KnossosQueueInput, output: KnossosQueueOutput | null): QueueState | Illegal {
  if (input.op === 'enqueue') return withItem(pending, ((lastKey(pending) as number | undefined) ?? -1) + 1, input.value);
  const head = first(pending);
  if (head !== undefined && head.text === dequeued(input, output)) return withoutItem(pending, head.key, head.text);
  return output === null ? pending : ILLEGAL;
}

function validatorFor(name: string): (input: unknown, output: unknown) => string | null {
  return (input, output) => {
    if (!isRecord(input)) return 'input must be an object';
    const op = input['op'];
    if (op !== 'enqueue' && op !== 'dequeue') return `unknown ${name} op ${JSON.stringify(op)} (expected enqueue or dequeue)`;
    const problem = fieldProblem(input, 'input', 'value', 'string');
    if (problem !== null || output === null) return problem;
    if (!isRecord(output)) return 'output must be an object or null';
    return op === 'dequeue' ? fieldProblem(output, 'output', 'value', 'string') : null;
  };
}

function describeOperation(input: KnossosQueueInput, output: KnossosQueueOutput | null): string {
  if (input.op === 'enqueue') return `enqueue(${input.value})${output === null ? ' (unanswered)' : ''}`;
  return `dequeue() -> ${output === null ? '? (unanswered)' : output.value}`;
}

function queueModel(name: string, step: Model<QueueState, KnossosQueueInput, KnossosQueueOutput>['step']): Model<QueueState, KnossosQueueInput, KnossosQueueOutput> {
  return {
    name,
    init: () => EMPTY_COLLECTION,
    step,
    equal: sameCollection,
    hash: (pending) => pending.hash,
    validateOperation: validatorFor(name),
    describeOperation,
    describeState: (pending, maxLength) => describeCollection(pending, '[', ']', maxLength),
  };
}

export const knossosUnorderedQueueModel = queueModel(KNOSSOS_UNORDERED_QUEUE, stepUnordered);
export const knossosFifoQueueModel = queueModel(KNOSSOS_FIFO_QUEUE, stepFifo);
