/**
 * A single compare-and-set register, the model of the Jepsen etcd logs
 * (porcupine-data/README.md). It starts empty (null). A read must see the
 * current value; a write always succeeds; a cas succeeds exactly when `from`
 * equals the current value. An unanswered (unknown) operation is accepted in
 * every state and still has its effect: a cas whose `from` matches swaps.
 */

import { ILLEGAL, type Illegal, type Model } from '../model.js';
import { describeValue, fieldProblem, isRecord } from './validation.js';

export type RegisterValue = number | null;

export type CasRegisterInput =
  | { op: 'read' }
  | { op: 'write'; value: number }
  | { op: 'cas'; from: number; to: number };

/** `{value}` for read, `{ok}` for cas, `{}` for write. */
export interface CasRegisterOutput {
  value?: RegisterValue;
  ok?: boolean;
}

function stepRegister(
  value: RegisterValue,
  input: CasRegisterInput,
  output: CasRegisterOutput | null,
): RegisterValue | Illegal {
  switch (input.op) {
    case 'read':
      return output === null || output.value === value ? value : ILLEGAL;
    case 'write':
      return input.value;
    case 'cas': {
      const swapped = value === input.from;
      if (output !== null && output.ok !== swapped) return ILLEGAL;
      return swapped ? input.to : value;
    }
  }
}

function validateRegisterOperation(input: unknown, output: unknown): string | null {
  if (!isRecord(input)) return 'input must be an object';
  const op = input['op'];
  let problem: string | null = null;
  if (op === 'write') problem = fieldProblem(input, 'input', 'value', 'number');
  else if (op === 'cas') {
    problem = fieldProblem(input, 'input', 'from', 'number') ?? fieldProblem(input, 'input', 'to', 'number');
  } else if (op !== 'read') return `unknown cas-register op ${JSON.stringify(op)} (expected read, write or cas)`;
  if (problem !== null || output === null) return problem;
  if (!isRecord(output)) return 'output must be an object or null';
  if (op === 'read' && output['value'] !== null) return fieldProblem(output, 'output', 'value', 'number');
  if (op === 'cas') return fieldProblem(output, 'output', 'ok', 'boolean');
  return null;
}

function describeRegisterOperation(input: CasRegisterInput, output: CasRegisterOutput | null): string {
  const unanswered = output === null ? ' (unanswered)' : '';
  switch (input.op) {
    case 'read':
      return `read() -> ${output === null ? '? (unanswered)' : describeValue(output.value)}`;
    case 'write':
      return `write(${input.value})${unanswered}`;
    case 'cas':
      return `cas(${input.from} -> ${input.to}) -> ${output === null ? '? (unanswered)' : output.ok === true ? 'ok' : 'failed'}`;
  }
}

export const casRegisterModel: Model<RegisterValue, CasRegisterInput, CasRegisterOutput> = {
  name: 'cas-register',
  init: () => null,
  step: stepRegister,
  equal: (a, b) => a === b,
  hash: (value) => (value === null ? 0x9e3779b9 : value | 0),
  validateOperation: validateRegisterOperation,
  describeOperation: describeRegisterOperation,
  describeState: (value) => (value === null ? 'nil' : String(value)),
};
