/**
 * Pairs invocation and completion lines of Jepsen-style logs into operations.
 * Time is the line's position in the log (only the order matters). An
 * operation still open at the end of the log never got an answer: it becomes
 * unanswered (`return: null`), which is how Jepsen's `:info` must be read.
 */

import { HistoryInputError } from '../errors.js';
import type { Operation } from '../history.js';

export class OpenOperations<Input, Output> {
  private readonly open = new Map<number, Operation<Input, Output>>();
  private readonly operations: Operation<Input, Output>[] = [];
  private readonly discarded = new Set<Operation<Input, Output>>();

  constructor(private readonly fileName: string | undefined) {}

  invoke(client: number, time: number, input: Input, line: number): void {
    if (this.open.has(client)) {
      throw new HistoryInputError(`process ${client} invokes an operation while one is still open`, {
        fileName: this.fileName,
        line,
      });
    }
    const operation: Operation<Input, Output> = { client, call: time, return: null, input, output: null };
    this.open.set(client, operation);
    this.operations.push(operation);
  }

  /** The open operation of `client`; throws when there is none. */
  current(client: number, line: number): Operation<Input, Output> {
    const operation = this.open.get(client);
    if (operation === undefined) {
      throw new HistoryInputError(`process ${client} completes an operation it never invoked`, {
        fileName: this.fileName,
        line,
      });
    }
    return operation;
  }

  complete(client: number, time: number, output: Output, line: number): void {
    const operation = this.current(client, line);
    operation.return = time;
    operation.output = output;
    this.open.delete(client);
  }

  /** Leaves the operation unanswered: its outcome is unknown. */
  abandon(client: number, line: number): void {
    this.current(client, line);
    this.open.delete(client);
  }

  /**
   * Removes the operation altogether: it is known to have had no effect and
   * told nothing. Removed at the end, in one pass: splicing each out at once
   * would cost the whole list per removal, quadratic for a hostile log.
   */
  discard(client: number, line: number): void {
    this.discarded.add(this.current(client, line));
    this.open.delete(client);
  }

  /** All operations in invocation order; those still open stay unanswered. */
  finish(): Operation<Input, Output>[] {
    return this.discarded.size === 0 ? this.operations : this.operations.filter((operation) => !this.discarded.has(operation));
  }
}
