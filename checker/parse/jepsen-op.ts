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

/** `:invoke :write 2`; errors are located at the operation already, so the position is not repeated. */
export function describeJepsenOp(record: JepsenOp): string {
  return `:${record.type} :${record.f} ${ednText(record.value)}`;
}

/** `operation 12 (:invoke :write 2)`: another operation than the one an error is located at. */
export function nameJepsenOp(record: JepsenOp): string {
  return `operation ${record.position} (${describeJepsenOp(record)})`;
}
