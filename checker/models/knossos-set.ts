/**
 * Knossos's `set` (knossos.model/set, the `Set` record): a set, empty at the
 * start, with two operations:
 * - `:add v` puts v in;
 * - `:read` must return exactly the set (Clojure `=`: the same elements).
 *   Unlike the registers' reads, a read of nil matches nothing: Knossos
 *   compares it with the set like any other value.
 * Elements are canonical EDN text, so `#{1 2}` read back compares exactly.
 *
 * Never answered, an add may or may not have happened: stepped anywhere it
 * adds (always consistent, as in Knossos); an unanswered read changes
 * nothing and so may go anywhere, as Knossos may leave it out.
 */

import { ILLEGAL, type Illegal, type Model } from '../model.js';
import { EMPTY_COLLECTION, describeCollection, find, sameCollection, texts, withItem, type Collection } from './knossos-collection.js';
import { fieldProblem, isRecord } from './validation.js';

export const KNOSSOS_SET = 'knossos-set';

export type KnossosSetInput = { op: 'add'; value: string } | { op: 'read' };
/** `{value}` for a read: the set read, as canonical EDN text `#{...}`; `{}` for an add. */
export interface KnossosSetOutput {
  value?: string;
}

/** The set's elements, keyed by their texts, each once. */
type SetState = Collection;

function step(elements: SetState, input: KnossosSetInput, output: KnossosSetOutput | null): SetState | Illegal {
  if (input.op === 'add') return find(elements, input.value) ? elements : withItem(elements, input.value, input.value);
  return output === null || output.value === `#{${texts(elements).join(' ')}}` ? elements : ILLEGAL;
}

function validateOperation(input: unknown, output: unknown): string | null {
  if (!isRecord(input)) return 'input must be an object';
  const op = input['op'];
  if (op !== 'add' && op !== 'read') return `unknown ${KNOSSOS_SET} op ${JSON.stringify(op)} (expected add or read)`;
  const problem = op === 'add' ? fieldProblem(input, 'input', 'value', 'string') : null;
  if (problem !== null || output === null) return problem;
  if (!isRecord(output)) return 'output must be an object or null';
  return op === 'read' ? fieldProblem(output, 'output', 'value', 'string') : null;
}

export const knossosSetModel: Model<SetState, KnossosSetInput, KnossosSetOutput> = {
  name: KNOSSOS_SET,
  init: () => EMPTY_COLLECTION,
  step,
  equal: sameCollection,
  hash: (elements) => elements.hash,
  validateOperation,
  describeOperation: (input, output) =>
    input.op === 'add' ? `add(${input.value})${output === null ? ' (unanswered)' : ''}` : `read() -> ${output === null ? '? (unanswered)' : output.value}`,
  describeState: (elements, maxLength) => describeCollection(elements, '#{', '}', maxLength),
};
