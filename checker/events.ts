/**
 * Histories given as a sequence of call and return events in real-time order
 * (Porcupine's Event API). Only the order matters: an event's position is its
 * time. A call with no return event was never answered.
 */

import { HistoryInputError } from './errors.js';
import type { Operation } from './history.js';
import { quoteValue } from './models/validation.js';

export type HistoryEvent<Input = unknown, Output = unknown> =
  | { kind: 'call'; id: number | string; client: number; input: Input }
  | { kind: 'return'; id: number | string; output: Output };

/** Operations in order of their call events. */
export function operationsFromEvents<Input, Output>(
  events: readonly HistoryEvent<Input, Output>[],
): Operation<Input, Output>[] {
  const operations: Operation<Input, Output>[] = [];
  const open = new Map<number | string, Operation<Input, Output>>();
  events.forEach((event, position) => {
    if (event.kind === 'call') {
      if (open.has(event.id)) {
        throw new HistoryInputError(`event ${position}: id ${quoteValue(event.id)} is called again before it returned`);
      }
      const operation: Operation<Input, Output> = {
        client: event.client,
        call: position,
        return: null,
        input: event.input,
        output: null,
      };
      open.set(event.id, operation);
      operations.push(operation);
      return;
    }
    const operation = open.get(event.id);
    if (operation === undefined) {
      throw new HistoryInputError(`event ${position}: return of id ${quoteValue(event.id)}, which is not open`);
    }
    operation.return = position;
    operation.output = event.output;
    open.delete(event.id);
  });
  return operations;
}
