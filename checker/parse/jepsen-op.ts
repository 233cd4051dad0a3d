/** One entry of a Jepsen history, as jepsen-edn.ts reads it, and the error that names one. */

import { ednText } from './edn-value.js';

export interface JepsenOp {
  /** Index in the history vector: its place in time, and how errors name it. */
  position: number;
  /** The client number; null for a process that is not a client (Jepsen's `:nemesis`). */
  process: number | null;
  type: 'invoke' | 'ok' | 'fail' | 'info';
  /** The keyword's name: `read`, `write`, `cas`, ... */
  f: string;
  /** As read by edn-reader.ts; nil (null) when absent. */
  value: unknown;
  /** `:error`, as read; nil (null) when absent. */
  error: unknown;
}

/**
 * The `:error` of a `:fail :cas` whose comparison failed: the cas did not
 * happen (so Knossos, which ignores `:error`, is right to drop it) and we
 * know why, which is evidence: the register did not hold `from`. raft-check
 * writes it, and reads it back as a cas answered "not swapped".
 */
export const CAS_MISMATCH = 'cas-mismatch';

/** Bad input at one operation of the vector; jepsen-edn.ts adds the file name. */
export class EdnOperationError extends Error {
  override readonly name = 'EdnOperationError';
  constructor(
    message: string,
    /** Undefined when the problem is not at one operation. */
    readonly position?: number,
  ) {
    super(message);
  }
}

/** Values longer than this are cut in error messages, which must stay one readable line. */
const SHOWN_VALUE_LENGTH = 60;

/** A value as EDN text, cut for an error message. */
export function shownValue(value: unknown): string {
  const text = ednText(value);
  return text.length > SHOWN_VALUE_LENGTH ? `${text.slice(0, SHOWN_VALUE_LENGTH)}...` : text;
}

/** `:invoke :write 2`; errors are located at the operation already, so the position is not repeated. */
export function describeJepsenOp(record: JepsenOp): string {
  return `:${record.type} :${record.f} ${shownValue(record.value)}`;
}

/** `operation 12 (:invoke :write 2)`: another operation than the one an error is located at. */
export function nameJepsenOp(record: JepsenOp): string {
  return `operation ${record.position} (${describeJepsenOp(record)})`;
}
