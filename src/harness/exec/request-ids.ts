/**
 * Which request an answer belongs to (docs/protocol.md, "Request ids"). The
 * harness numbers the requests it sends a process (1, 2, ...) in the field
 * `requestId`; a node may echo it in its answer. Without the echo, a second
 * answer to one request written after the harness sent the next one reads
 * exactly like the next answer; with it, that answer names its request and is
 * refused. A process that echoed once must echo in every later answer, so
 * that a stray line without an id is not taken for an answer either.
 */

export const REQUEST_ID_FIELD = 'requestId';

export class RequestIds {
  private last = 0;
  private echoes = false;

  /** The id of the next request to this process. */
  next(): number {
    return ++this.last;
  }

  /** Null when `echoed` (the answer's requestId, undefined if absent) fits the request waiting, `waiting`; else what is wrong. */
  problem(echoed: unknown, waiting: number): string | null {
    if (echoed === undefined) return this.echoes ? `the answer has no ${REQUEST_ID_FIELD}, though this process echoed one before` : null;
    if (typeof echoed !== 'number' || !Number.isSafeInteger(echoed)) return `${REQUEST_ID_FIELD} must echo the request's integer, got ${JSON.stringify(echoed)}`;
    this.echoes = true;
    if (echoed === waiting) return null;
    if (echoed < waiting) return `the answer echoes request ${echoed}, already answered: a second answer to it, while request ${waiting} waits`;
    return `the answer echoes request ${echoed}, which was never sent (request ${waiting} waits)`;
  }
}
