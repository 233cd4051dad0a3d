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
import { isRecord } from './models/validation.js';

/** Returns `value` typed as a history, or throws HistoryInputError. */
export function validateHistory(value: unknown, fileName?: string): HistoryFile {
  const fail = (problem: string): never => {
    throw new HistoryInputError(problem, { fileName });
  };
  if (!isRecord(value)) return fail('a history must be a JSON object');
  if (value['format'] !== HISTORY_FORMAT) {
    return fail(`"format" must be ${JSON.stringify(HISTORY_FORMAT)}, got ${JSON.stringify(value['format'])}`);
  }
  const modelName = value['model'];
  if (typeof modelName !== 'string') return fail('"model" must be a string');
  const model = findModel(modelName);
  if (model === undefined) {
    return fail(`unknown model ${JSON.stringify(modelName)} (known: ${modelNames().join(', ')})`);
  }
  if (!Array.isArray(value['operations'])) return fail('"operations" must be an array');
  if (value['meta'] !== undefined && !isRecord(value['meta'])) return fail('"meta" must be an object');
  validateOperations(model, value['operations'], fileName);
  return value as unknown as HistoryFile;
}

/** Throws HistoryInputError, naming the operation, unless every operation is well formed for `model`. */
export function validateOperations(model: AnyModel, operations: readonly unknown[], fileName?: string): void {
  for (let index = 0; index < operations.length; index++) {
    const problem = operationProblem(model, operations[index]);
    if (problem !== null) throw new HistoryInputError(problem, { fileName, operationIndex: index });
  }
}

function operationProblem(model: AnyModel, value: unknown): string | null {
  if (!isRecord(value)) return 'an operation must be an object';
  const operation = value as Partial<Record<keyof Operation, unknown>>;
  const { client, call } = operation;
  const returnTime = operation.return;
  if (typeof client !== 'number' || !Number.isInteger(client) || client < 0) {
    return `"client" must be an integer >= 0, got ${JSON.stringify(client)}`;
  }
  if (typeof call !== 'number' || !Number.isFinite(call)) {
    return `"call" must be a finite number, got ${JSON.stringify(call)}`;
  }
  if (returnTime !== null && (typeof returnTime !== 'number' || !Number.isFinite(returnTime))) {
    return `"return" must be a finite number or null, got ${JSON.stringify(returnTime)}`;
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
