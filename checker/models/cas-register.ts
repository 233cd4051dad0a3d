/**
 * A single compare-and-set register, the model of the Jepsen etcd logs
 * (porcupine-data/README.md). It starts empty (null). A read must see the
 * current value; a write always succeeds; a cas succeeds exactly when `from`
 * equals the current value. An unanswered (unknown) operation is accepted in
 * every state and still has its effect: a cas whose `from` matches swaps.
 */

import { ILLEGAL, type Illegal, type Model } from '../model.js';
import { describeValue, fieldProblem, isRecord, quoteValue, unknownFieldProblem } from './validation.js';
import { registerMovableToEnd, type RegisterAccess } from './register-movable.js';
import type { Operation } from '../history.js';

/** An integer; one a double cannot hold exactly (above 2^53) is a bigint, and compares exactly. */
export type RegisterValue = number | bigint | null;

export type CasRegisterInput =
  | { op: 'read' }
  | { op: 'write'; value: number | bigint }
  | { op: 'cas'; from: number | bigint; to: number | bigint };

/** Exact equality of integers, whether given as number or bigint. */
function sameValue(a: RegisterValue | undefined, b: RegisterValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' && typeof b === 'number') return Number.isInteger(b) && a === BigInt(b);
  if (typeof a === 'number' && typeof b === 'bigint') return Number.isInteger(a) && BigInt(a) === b;
  return false;
}

/** Agrees with sameValue: ToInt32 of a number is its exact value modulo 2^32, as asIntN is for a bigint. */
function hashValue(value: RegisterValue): number {
  if (value === null) return 0x9e3779b9 | 0;
  return typeof value === 'bigint' ? Number(BigInt.asIntN(32, value)) : value | 0;
}

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
      return output === null || sameValue(output.value, value) ? value : ILLEGAL;
    case 'write':
      return input.value;
    case 'cas': {
      const swapped = sameValue(value, input.from);
      if (output !== null && output.ok !== swapped) return ILLEGAL;
      return swapped ? input.to : value;
    }
  }
}

/** The fields of each op's input and output (an unknown one is refused, as history@1 extends only under meta). */
const REGISTER_FIELDS = {
  read: { input: ['op'], output: ['value'] },
  write: { input: ['op', 'value'], output: [] },
  cas: { input: ['op', 'from', 'to'], output: ['ok'] },
} as const;

function validateRegisterOperation(input: unknown, output: unknown): string | null {
  if (!isRecord(input)) return 'input must be an object';
  const op = input['op'];
  let problem: string | null = null;
  if (op === 'write') problem = fieldProblem(input, 'input', 'value', 'integer');
  else if (op === 'cas') {
    problem = fieldProblem(input, 'input', 'from', 'integer') ?? fieldProblem(input, 'input', 'to', 'integer');
  } else if (op !== 'read') return `unknown cas-register op ${quoteValue(op)} (expected read, write or cas)`;
  problem ??= unknownFieldProblem(input, 'input', REGISTER_FIELDS[op].input);
  if (problem !== null || output === null) return problem;
  if (!isRecord(output)) return 'output must be an object or null';
  const extra = unknownFieldProblem(output, 'output', REGISTER_FIELDS[op].output);
  if (extra !== null) return extra;
  if (op === 'read' && output['value'] !== null) return fieldProblem(output, 'output', 'value', 'integer');
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

function registerAccess(input: CasRegisterInput, output: CasRegisterOutput | null): RegisterAccess<RegisterValue> {
  switch (input.op) {
    case 'read':
      return { kind: 'read', seen: output === null ? 'any' : { value: output.value ?? null } };
    case 'write':
      return { kind: 'write', value: input.value };
    case 'cas':
      return { kind: 'cas', from: input.from, to: input.to, answer: output === null ? 'unanswered' : output.ok === true ? 'ok' : 'failed' };
  }
}

export const casRegisterModel: Model<RegisterValue, CasRegisterInput, CasRegisterOutput> = {
  name: 'cas-register',
  init: () => null,
  step: stepRegister,
  equal: sameValue,
  hash: hashValue,
  movableToEnd: (operations: readonly Operation<CasRegisterInput, CasRegisterOutput>[]) => registerMovableToEnd(operations, registerAccess, sameValue, null),
  validateOperation: validateRegisterOperation,
  describeOperation: describeRegisterOperation,
  describeState: (value) => (value === null ? 'nil' : String(value)),
};
