/**
 * The checks every reader of a node's line shares: each names the field and
 * what it got, in one line. A `ProtocolViolation` carries no node name; the
 * caller adds it, with the offending line.
 */

export class ProtocolViolation extends Error {
  override readonly name = 'ProtocolViolation';
}

export function fail(message: string): never {
  throw new ProtocolViolation(message);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function count(record: Record<string, unknown>, field: string, where: string): number {
  const value = record[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(`${where}.${field} must be an integer >= 0, got ${JSON.stringify(value)}`);
  return value;
}

export function text(record: Record<string, unknown>, field: string, where: string): string {
  const value = record[field];
  if (typeof value !== 'string') fail(`${where}.${field} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

export function flag(record: Record<string, unknown>, field: string, where: string): boolean {
  const value = record[field];
  if (typeof value !== 'boolean') fail(`${where}.${field} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Refuses a field the protocol does not define (each schema of docs/protocol/ says
 * additionalProperties false): a typo such as "veiw" or "quietTick" would otherwise
 * be read as a field left out, and silently change what the harness believes.
 */
export function onlyFields(record: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const field in record) {
    if (!allowed.includes(field)) fail(`${where} has unknown field ${JSON.stringify(field)} (expected ${allowed.join(', ')})`);
  }
}
