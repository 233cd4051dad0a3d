/** Shape checks for the models' `validateOperation`, and how they print values. */

import { shortened } from '../errors.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Null when `record[field]` has the given `typeof`; otherwise what is wrong. */
export function fieldProblem(
  record: Record<string, unknown>,
  recordName: string,
  field: string,
  type: 'string' | 'boolean' | 'integer',
): string | null {
  const value = record[field];
  if (type === 'integer' ? isExactInteger(value) : typeof value === type) return null;
  const notWhole = type === 'integer' && typeof value === 'number';
  const actual = value === undefined ? 'missing' : notWhole ? quoteValue(value) : `a ${value === null ? 'null' : typeof value}`;
  return `${recordName}.${field} must be ${type === 'integer' ? 'an' : 'a'} ${type}, but is ${actual}`;
}

/**
 * Null when `record` has no field beyond `allowed`; else what is wrong. history@1
 * extends only under `meta` (docs/history-format.md): a field the model does not
 * define is a typo or another format's, and ignoring it would judge an operation
 * other than the one written (`{"op":"put","key":"x","vaule":"1"}`).
 */
export function unknownFieldProblem(record: Record<string, unknown>, recordName: string, allowed: readonly string[]): string | null {
  for (const field in record) {
    if (!allowed.includes(field)) return `${recordName} has unknown field ${quoteValue(field)} (expected ${allowed.length === 0 ? 'none' : allowed.join(', ')})`;
  }
  return null;
}

/** An integer: a number that is one, or a bigint (how the readers give integers a double cannot hold). */
export function isExactInteger(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
}

/** A value as JSON would write it; integers too large for a double arrive as bigint and print as digits. */
export function describeValue(value: unknown): string {
  if (value === undefined) return '?';
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
}

/** describeValue, cut short for an error message. */
export function quoteValue(value: unknown): string {
  return shortened(describeValue(value));
}
