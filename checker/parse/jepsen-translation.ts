/**
 * What every model's reading of Jepsen operations provides (jepsen-edn-models.ts
 * for the cas-register and kv, jepsen-edn-knossos.ts for Knossos's other
 * models), and the check they share: an `:ok` must repeat what it wrote.
 */

import { ednText } from './edn-value.js';
import { EdnOperationError, describeJepsenOp, shownValue, type JepsenOp } from './jepsen-op.js';

export interface JepsenTranslation {
  input(invoke: JepsenOp): unknown;
  /** The output of an `:ok` completion; null to leave the operation unanswered. */
  output(invoke: JepsenOp, completion: JepsenOp): unknown;
  /** The output of a `:fail` completion that still tells something; undefined: it did not happen, drop it. */
  failed(invoke: JepsenOp, completion: JepsenOp): unknown;
}

export interface ChosenModel {
  /** The model name for the history file. */
  name: string;
  translate: JepsenTranslation;
}

/**
 * An `:ok` write (cas, add, enqueue, ...) must echo its invoke's value.
 * Knossos checks the completion's value (history/complete copies it onto
 * the invoke) and Porcupine the invocation's, so a history where they
 * differ has two verdicts: which one happened would be a guess.
 */
export function requireEcho(invoke: JepsenOp, completion: JepsenOp): void {
  if (ednText(completion.value) === ednText(invoke.value)) return;
  throw new EdnOperationError(
    `${describeJepsenOp(completion)}: an :ok ${completion.f} must repeat its invoke's value ${shownValue(invoke.value)} (Knossos would check the :ok value, Porcupine the :invoke value)`,
    completion.position,
  );
}
