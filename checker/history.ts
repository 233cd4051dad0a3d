/**
 * The history contract, `raft-check/history@1` (see the shared spec
 * history-format.md). These types are the whole interface between whoever
 * records a history (our simulator, or anyone else's system) and the checker.
 */

export const HISTORY_FORMAT = 'raft-check/history@1';

/** One client operation as the client saw it. */
export interface Operation<Input = unknown, Output = unknown> {
  /** The client that issued it; a client has at most one operation outstanding. */
  client: number;
  /** When the client invoked it (any monotone unit). */
  call: number;
  /** When the client got the answer, or null: never answered, outcome unknown. */
  return: number | null;
  input: Input;
  /** Null exactly when `return` is null. */
  output: Output | null;
}

export interface HistoryFile<Input = unknown, Output = unknown> {
  format: typeof HISTORY_FORMAT;
  model: string;
  operations: Operation<Input, Output>[];
  meta?: Record<string, unknown>;
}
