/**
 * Knossos's `cas-register` (knossos.model/cas-register): one register with a
 * given initial value, the model of Knossos's own test histories and of most
 * Jepsen register tests. Values are opaque EDN values, held as their
 * canonical EDN text (parse/edn-value.ts), so any value compares exactly,
 * big integers included.
 * - `write v` sets the register to v;
 * - `cas [from to]` sets `to` if the register holds `from`; answered `{}`, it
 *   must have matched. Jepsen reports a failed comparison as `:fail`, which
 *   did not happen and is not stepped at all, unless its `:error` says the
 *   comparison failed (`:cas-mismatch`, as raft-check writes it): then it is
 *   answered `{ok: false}` and the register must not have held `from`.
 *   Never answered, it may or may not have happened, so it swaps exactly
 *   when it matches;
 * - `read` must see the register's value, except that a read of `nil`
 *   matches any value, as in Knossos (a client that does not know what it
 *   read reports nil).
 *
 * The initial value is part of the model's name, `knossos-cas-register(0)`
 * (see registerModelFamily), so a history file names all it needs.
 */

import { ILLEGAL, type Illegal, type Model } from '../model.js';
import { ednText } from '../parse/edn-value.js';
import { readEdn } from '../parse/edn-reader.js';
import { ofEdnParameter } from './edn-parameter.js';
import { fieldProblem, isRecord } from './validation.js';
import { registerMovableToEnd, type RegisterAccess } from './register-movable.js';
import type { Operation } from '../history.js';

export const KNOSSOS_CAS_REGISTER = 'knossos-cas-register';

/** Values are canonical EDN text, e.g. `0`, `nil`, `"x"`, `[1 2]`. */
export type KnossosInput = { op: 'read' } | { op: 'write'; value: string } | { op: 'cas'; from: string; to: string };

/** `{value}` for read, `{}` for write and cas, `{ok: false}` for a cas whose comparison failed. */
export interface KnossosOutput {
  value?: string;
  ok?: boolean;
}

const NIL = 'nil';

/** Also the step of knossos-register.ts for :read and :write, which Knossos's Register and CASRegister share. */
export function stepRegister(value: string, input: KnossosInput, output: KnossosOutput | null): string | Illegal {
  switch (input.op) {
    case 'read':
      return output === null || output.value === NIL || output.value === value ? value : ILLEGAL;
    case 'write':
      return input.value;
    case 'cas':
      if (output?.ok === false) return value === input.from ? ILLEGAL : value;
      if (value === input.from) return input.to;
      return output === null ? value : ILLEGAL;
  }
}

function validateOperation(input: unknown, output: unknown): string | null {
  if (!isRecord(input)) return 'input must be an object';
  const op = input['op'];
  let problem: string | null = null;
  if (op === 'write') problem = fieldProblem(input, 'input', 'value', 'string');
  else if (op === 'cas') problem = fieldProblem(input, 'input', 'from', 'string') ?? fieldProblem(input, 'input', 'to', 'string');
  else if (op !== 'read') return `unknown ${KNOSSOS_CAS_REGISTER} op ${JSON.stringify(op)} (expected read, write or cas)`;
  if (problem !== null || output === null) return problem;
  if (!isRecord(output)) return 'output must be an object or null';
  if (op === 'read') return fieldProblem(output, 'output', 'value', 'string');
  if (op === 'cas' && output['ok'] !== undefined && output['ok'] !== false) return 'output.ok of a cas must be false or absent';
  return null;
}

export function describeOperation(input: KnossosInput, output: KnossosOutput | null): string {
  const unanswered = output === null ? ' (unanswered)' : '';
  switch (input.op) {
    case 'read':
      return `read() -> ${output === null ? '? (unanswered)' : output.value}`;
    case 'write':
      return `write(${input.value})${unanswered}`;
    case 'cas':
      return `cas(${input.from} -> ${input.to})${output?.ok === false ? ' -> failed' : unanswered}`;
  }
}

/** A read of nil matches any value, so it observes nothing; a cas answered `{}` swapped. */
function registerAccess(input: KnossosInput, output: KnossosOutput | null): RegisterAccess<string> {
  switch (input.op) {
    case 'read':
      return { kind: 'read', seen: output === null || output.value === NIL ? 'any' : { value: output.value ?? NIL } };
    case 'write':
      return { kind: 'write', value: input.value };
    case 'cas':
      return { kind: 'cas', from: input.from, to: input.to, answer: output === null ? 'unanswered' : output.ok === false ? 'failed' : 'ok' };
  }
}

const sameText = (a: string, b: string): boolean => a === b;

/** 32-bit FNV-1a of the value's text (the other Knossos models hash their state's text with it). */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash | 0;
}

/** Which unanswered operations may go last (register-movable.ts), for Knossos's cas-register and its register without cas. */
export function knossosRegisterMovableToEnd(initialText: string): (operations: readonly Operation<KnossosInput, KnossosOutput>[]) => boolean[] {
  return (operations) => registerMovableToEnd(operations, registerAccess, sameText, initialText);
}

/**
 * A Knossos register over EDN text values for one initial value, given as EDN
 * text (throws EdnSyntaxError if it is not one EDN value): the cas-register,
 * or, with its own name and operation check, the register without cas.
 */
export function knossosRegisterModelNamed<Input extends KnossosInput>(
  family: string,
  validate: (input: unknown, output: unknown) => string | null,
  initial: string,
): Model<string, Input, KnossosOutput> {
  const initialText = ednText(readEdn(initial));
  return {
    name: `${family}(${initialText})`,
    init: () => initialText,
    step: stepRegister,
    equal: (a, b) => a === b,
    hash: hashText,
    movableToEnd: knossosRegisterMovableToEnd(initialText),
    validateOperation: validate,
    describeOperation,
    describeState: (value) => value,
  };
}

/** The model for one initial value, given as EDN text; throws EdnSyntaxError if it is not one EDN value. */
export function knossosCasRegisterModel(initial: string): Model<string, KnossosInput, KnossosOutput> {
  return knossosRegisterModelNamed(KNOSSOS_CAS_REGISTER, validateOperation, initial);
}

/** For the registry: the model named by a parameter, or undefined when the parameter is not one EDN value. */
export const knossosCasRegisterOf = ofEdnParameter(knossosCasRegisterModel);
