/**
 * Checks that a value really is a history the checker can judge, and says
 * precisely what is wrong when it is not. Porcupine checks nothing and then
 * gives silently wrong verdicts (a missing return, a return before its call);
 * we refuse such input instead.
 */

import { HISTORY_FORMAT, type HistoryFile, type Operation } from './history.js';
import type { AnyModel } from './model.js';
import { HistoryInputError } from './errors.js';
import { findModel, modelNames } from './registry.js';
import { quoteValue, isRecord, unknownFieldProblem } from './models/validation.js';

const HISTORY_FIELDS = ['format', 'model', 'operations', 'meta'];
const OPERATION_FIELDS = ['client', 'call', 'return', 'input', 'output'];

/** Returns `value` typed as a history, or throws HistoryInputError. */
export function validateHistory(value: unknown, fileName?: string): HistoryFile {
  const fail = (problem: string): never => {
    throw new HistoryInputError(problem, { fileName });
  };
  if (!isRecord(value)) return fail('a history must be a JSON object');
  if (value['format'] !== HISTORY_FORMAT) {
    return fail(`"format" must be ${JSON.stringify(HISTORY_FORMAT)}, got ${quoteValue(value['format'])}`);
  }
  const modelName = value['model'];
  if (typeof modelName !== 'string') return fail('"model" must be a string');
  const model = findModel(modelName);
  if (model === undefined) {
    return fail(`unknown model ${quoteValue(modelName)} (known: ${modelNames().join(', ')})`);
  }
  if (!Array.isArray(value['operations'])) return fail('"operations" must be an array');
  if (value['meta'] !== undefined && !isRecord(value['meta'])) return fail('"meta" must be an object');
  // history@1 extends only under meta: another field is a typo ("operation") or another format's, never ignored.
  const unknown = unknownFieldProblem(value, 'the history', HISTORY_FIELDS);
  if (unknown !== null) return fail(unknown);
  validateOperations(model, value['operations'], fileName);
  return value as unknown as HistoryFile;
}

/**
 * Throws HistoryInputError unless each client has at most one operation
 * outstanding, as history@1 requires: sorted by call, each of a client's
 * operations returned no later than the next one's call. An unanswered
 * operation is outstanding forever, so it must be its client's last (a client
 * that gives up continues under a new id, as Jepsen's processes do). The
 * Jepsen reader does not ask this: a Jepsen process goes on after a failed
 * read, which it reads as unanswered.
 */
export function validateClientsSequential(operations: readonly Operation[], fileName: string | undefined): void {
  const order = operations
    .map((_, index) => index)
    .sort((a, b) => {
      const x = operations[a]!;
      const y = operations[b]!;
      return x.client - y.client || x.call - y.call || returnOrder(x) - returnOrder(y) || a - b;
    });
  for (let position = 1; position < order.length; position++) {
    const earlier = operations[order[position - 1]!]!;
    const later = operations[order[position]!]!;
    if (earlier.client !== later.client) continue;
    if (earlier.return !== null && earlier.return <= later.call) continue;
    const outstanding = earlier.return === null ? 'never returned' : `returned at ${earlier.return}`;
    throw new HistoryInputError(
      `client ${later.client} has two operations outstanding at once: operation ${order[position - 1]} ` +
        `(called at ${earlier.call}, ${outstanding}) and operation ${order[position]} (called at ${later.call}); ` +
        'a client has at most one operation outstanding (a client that gives up must continue under a new id)',
      { fileName, operationIndex: order[position] },
    );
  }
}

/** Unanswered operations return after every time. */
function returnOrder(operation: Operation): number {
  return operation.return ?? Number.POSITIVE_INFINITY;
}

/** Throws HistoryInputError, naming the operation, unless every operation is well formed for `model`. */
export function validateOperations(model: AnyModel, operations: readonly unknown[], fileName?: string): void {
  for (let index = 0; index < operations.length; index++) {
    const problem = operationProblem(model, operations[index]);
    if (problem !== null) throw new HistoryInputError(problem, { fileName, operationIndex: index });
  }
}

/** What a field held, for a message; a missing field said so (describeValue writes `?`). */
function given(value: unknown): string {
  return value === undefined ? 'nothing (the field is missing)' : quoteValue(value);
}

function operationProblem(model: AnyModel, value: unknown): string | null {
  if (!isRecord(value)) return 'an operation must be an object';
  const unknown = unknownFieldProblem(value, 'the operation', OPERATION_FIELDS);
  if (unknown !== null) return unknown;
  const operation = value as Partial<Record<keyof Operation, unknown>>;
  const { client, call } = operation;
  const returnTime = operation.return;
  if (typeof client !== 'number' || !Number.isSafeInteger(client) || client < 0) {
    return `"client" must be an integer >= 0 and below 2^53, got ${given(client)}`;
  }
  if (typeof call !== 'number' || !Number.isFinite(call)) {
    return `"call" must be a finite number, got ${given(call)}`;
  }
  if (returnTime !== null && (typeof returnTime !== 'number' || !Number.isFinite(returnTime))) {
    return `"return" must be a finite number or null, got ${given(returnTime)}`;
  }
  if (returnTime !== null && returnTime < call) return `"return" (${returnTime}) is before "call" (${call})`;
  if (!('output' in operation)) return '"output" is missing (use null for an unanswered operation)';
  if (returnTime === null && operation.output !== null) {
    return '"output" must be null for an unanswered operation ("return": null)';
  }
  if (returnTime !== null && operation.output === null) {
    return '"output" is null, but the operation was answered ("return" is a number)';
  }
  const modelProblem = model.validateOperation(operation.input, operation.output);
  return modelProblem === null ? null : `${model.name}: ${modelProblem}`;
}
