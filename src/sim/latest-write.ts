/**
 * The key of the latest acknowledged write in a run's history: what a reader
 * that checks its own writes reads back, and the one key whose stale read
 * the checker can tell from a fresh one right after a leader change (a key
 * nobody wrote lately reads the same on either side).
 *
 * Only puts and compare-and-sets count: their value names the one write a
 * read returns. A read of an appended key must be explained by some order of
 * every append still in doubt (a pipelined client leaves dozens), and such
 * reads sent the checker past its step budget on correct runs. And only the
 * shared keys count, never a pipelined client's own key, which nobody else
 * reads so that the checker's search stays trivial there (plan.ts).
 */

import type { KvInput, KvOutput, Operation } from '@raft-check/checker';
import { keyName } from './plan.js';

/** The shared key (one of `shared`) of the put or cas answered last, or null if none has been answered yet. */
export function latestWrittenKey(history: readonly Operation<KvInput, KvOutput>[], shared: ReadonlySet<string>): string | null {
  let key: string | null = null;
  let answeredAt = Number.NEGATIVE_INFINITY;
  for (const operation of history) {
    const { input } = operation;
    if ((input.op !== 'put' && input.op !== 'cas') || !shared.has(input.key) || operation.return === null || operation.return <= answeredAt) continue;
    key = input.key;
    answeredAt = operation.return;
  }
  return key;
}

/**
 * Calls a read of the latest written key (key 0 before any write) for
 * `client` at `now`: records the call in `history` and returns the read's
 * input and where its operation stands, for the readers to complete it there.
 */
export function callLatestRead(history: Operation<KvInput, KvOutput>[], shared: ReadonlySet<string>, client: number, now: number): { input: Extract<KvInput, { op: 'get' }>; historyIndex: number } {
  const input = { op: 'get' as const, key: latestWrittenKey(history, shared) ?? keyName(0) };
  const historyIndex = history.length;
  history.push({ client, call: now, return: null, input, output: null });
  return { input, historyIndex };
}

/** The keys every sequential client shares (plan.ts keyName), the ones a reader may read back. */
export function sharedKeys(keys: number): ReadonlySet<string> {
  return new Set(Array.from({ length: keys }, (_, index) => keyName(index)));
}
