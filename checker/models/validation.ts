/** Shape checks for the models' `validateOperation`, and how they print values. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Null when `record[field]` has the given `typeof`; otherwise what is wrong. */
export function fieldProblem(
  record: Record<string, unknown>,
  recordName: string,
  field: string,
  type: 'string' | 'boolean' | 'number',
): string | null {
  const value = record[field];
  if (typeof value === type) return null;
  const actual = value === undefined ? 'missing' : `a ${value === null ? 'null' : typeof value}`;
  return `${recordName}.${field} must be a ${type}, but is ${actual}`;
}

export function describeValue(value: unknown): string {
  return value === undefined ? '?' : JSON.stringify(value);
}
