/**
 * The key of the latest acknowledged write in a run's history: what a reader
 * that checks its own writes reads back, and the one key whose stale read
 * the checker can tell from a fresh one right after a leader change (a key
 * nobody wrote lately reads the same on either side).
 */

import type { KvInput, KvOutput, Operation } from '@raft-check/checker';

/** The key of the write answered last, or null if no write has been answered yet. */
export function latestWrittenKey(history: readonly Operation<KvInput, KvOutput>[]): string | null {
  let key: string | null = null;
  let answeredAt = Number.NEGATIVE_INFINITY;
  for (const operation of history) {
    if (operation.input.op === 'get' || operation.return === null || operation.return <= answeredAt) continue;
    key = operation.input.key;
    answeredAt = operation.return;
  }
  return key;
}
