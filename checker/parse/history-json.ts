/**
 * Reads a `raft-check/history@1` JSON document, exactly: numbers are read
 * from their text (lossless-json), never through a double that may have
 * rounded them. Times go on an exact time axis (exact-times.ts), clients must
 * be integers a double holds exactly, and integers inside inputs and outputs
 * that a double cannot hold (a register value above 2^53) arrive as bigint.
 *
 * A document of another format may carry the history in its `history` field
 * (a raft-check/failure@1 file does); `envelopes` names the formats to unwrap.
 */

import { parse } from 'lossless-json';
import { firstDuplicateKey } from './duplicate-keys.js';
import { HistoryInputError, shortened } from '../errors.js';
import type { HistoryFile } from '../history.js';
import { isRecord } from '../models/validation.js';
import { validateClientsSequential, validateHistory } from '../validate.js';
import { exactDecimal, isFaithfulDouble, isInteger, toBigInt } from './exact-number.js';
import { timeAxis, type TimeAxis, type WrittenTime } from './exact-times.js';

/** A number token whose double would not print as written. */
class WrittenNumber {
  constructor(readonly token: string) {}
}

const SAFE_INTEGER_TOKEN = /^-?\d{1,15}$/;

export function parseHistoryJson(text: string, fileName?: string, envelopes: readonly string[] = []): HistoryFile {
  const exact = everyNumberFaithful(text);
  let document: unknown;
  try {
    // JSON.parse is many times faster; it is exact when every number's double prints as written.
    document = exact ? JSON.parse(text) : parse(text, null, { parseNumber: readNumber, onDuplicateKey: ({ newValue }) => newValue });
  } catch (error) {
    // lossless-json recurses once per nesting level; a stack overflow means absurd nesting.
    const problem = error instanceof RangeError ? 'nested too deeply' : (error as Error).message;
    throw new HistoryInputError(`invalid JSON: ${shortened(problem)}`, { fileName });
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== null) {
    throw new HistoryInputError(`the key ${shortened(duplicate.key)} appears twice in one object (at offset ${duplicate.offset}); which one counts would be a guess`, { fileName });
  }
  const history = unwrap(document, envelopes);
  if (!exact) readExactly(history, fileName);
  const valid = validateHistory(history, fileName);
  validateClientsSequential(valid.operations, fileName);
  return valid;
}

function readNumber(token: string): number | WrittenNumber {
  return isFaithfulToken(token) ? Number(token) : new WrittenNumber(token);
}

function isFaithfulToken(token: string): boolean {
  if (SAFE_INTEGER_TOKEN.test(token)) return true;
  const value = exactDecimal(token);
  return value !== null && isFaithfulDouble(token, value);
}

/**
 * Whether every number token outside strings is faithful to its double. One
 * left-to-right pass: each string literal is skipped whole (an unrolled
 * pattern, no backtracking entry per character), each number token checked.
 * An unterminated string ends the pass: the text is not JSON, and JSON.parse
 * will say where (scanning on from every later quote would be quadratic).
 */
function everyNumberFaithful(text: string): boolean {
  const next = /["\-\d]/g;
  const string = /"[^"\\]*(?:\\[\s\S][^"\\]*)*"/y;
  const number = /-?[\d.eE+-]*/y;
  for (let found = next.exec(text); found !== null; found = next.exec(text)) {
    const pattern = found[0] === '"' ? string : number;
    pattern.lastIndex = found.index;
    const token = pattern.exec(text);
    if (token === null) return true;
    if (pattern === number && !isFaithfulToken(token[0])) return false;
    next.lastIndex = pattern.lastIndex;
  }
  return true;
}

function unwrap(document: unknown, envelopes: readonly string[]): unknown {
  if (isRecord(document) && typeof document['format'] === 'string' && envelopes.includes(document['format'])) {
    return document['history'];
  }
  return document;
}

/** Replaces every WrittenNumber in the document by an exact value, or throws naming the operation. */
function readExactly(history: unknown, fileName: string | undefined): void {
  if (!isRecord(history)) return;
  const operations = history['operations'];
  if (Array.isArray(operations)) {
    operations.forEach((operation: unknown, index) => {
      if (!isRecord(operation)) return;
      const fail = (problem: string): never => {
        throw new HistoryInputError(problem, { fileName, operationIndex: index });
      };
      const client = operation['client'];
      if (client instanceof WrittenNumber) fail(`"client" must be an integer >= 0 and below 2^53, got ${shortened(client.token)}`);
      for (const field of ['input', 'output']) {
        operation[field] = replaceNumbers(
          operation[field],
          (token) => exactInteger(token) ?? fail(`${field}: ${shortened(token)} is not an integer of at most 308 digits, and a double cannot hold it exactly`),
        );
      }
    });
    const axis = placeTimes(operations, fileName);
    if (axis !== null && axis.kind !== 'as written' && (history['meta'] === undefined || isRecord(history['meta']))) {
      history['meta'] = { ...(history['meta'] as Record<string, unknown> | undefined), timeAxis: { kind: axis.kind, origin: axis.origin } };
    }
  }
  replaceNumbers(history, (token) => Number(token));
}

/** `value` with every WrittenNumber in it replaced by `convert(token)` (in place below the root); iterative, so depth costs no stack. */
function replaceNumbers(value: unknown, convert: (token: string) => unknown): unknown {
  if (value instanceof WrittenNumber) return convert(value.token);
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null) continue;
    const container = node as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const child = container[key];
      if (child instanceof WrittenNumber) container[key] = convert(child.token);
      else if (typeof child === 'object' && child !== null) pending.push(child);
    }
  }
  return value;
}

/** The integer a token writes, as a bigint; null for a non-integer, or one whose double would be infinite (1e999). */
function exactInteger(token: string): bigint | null {
  const value = exactDecimal(token);
  if (value === null || !isInteger(value) || !Number.isFinite(Number(token))) return null;
  return toBigInt(value);
}

/** Puts call and return times on an exact time axis; leaves them alone (null) when any is malformed: validation names it. */
function placeTimes(operations: unknown[], fileName: string | undefined): TimeAxis | null {
  const written: WrittenTime[] = [];
  const slots: { operation: Record<string, unknown>; field: 'call' | 'return' }[] = [];
  for (let index = 0; index < operations.length; index++) {
    const operation = operations[index];
    if (!isRecord(operation)) return null;
    for (const field of ['call', 'return'] as const) {
      const time = operation[field];
      if (field === 'return' && time === null) continue;
      const token = time instanceof WrittenNumber ? time.token : typeof time === 'number' ? String(time) : null;
      if (token === null) return null;
      const value = exactDecimal(token);
      if (value === null || !Number.isFinite(Number(token))) {
        throw new HistoryInputError(`"${field}" must be a finite number, got ${shortened(token)}`, { fileName, operationIndex: index });
      }
      written.push({ token, value });
      slots.push({ operation, field });
    }
  }
  const axis = timeAxis(written);
  slots.forEach((slot, position) => {
    slot.operation[slot.field] = axis.times[position];
  });
  return axis;
}
