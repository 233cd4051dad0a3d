/**
 * Knossos's `mutex` (knossos.model/mutex, the `Mutex` record): one lock,
 * free at the start, the model of Jepsen's lock tests.
 * - `acquire` needs the lock free and takes it; on a held lock it is
 *   inconsistent ("already held"): a lock service that grants a held lock
 *   is what the test is looking for;
 * - `release` needs the lock held and frees it; on a free lock it is
 *   inconsistent too ("not held").
 * Knossos's mutex does not know who holds the lock: any process may release
 * it, and only `:f` matters (values are ignored, as Knossos ignores them).
 *
 * An operation never answered may have happened or not. Knossos then
 * linearizes it only where its step is consistent, or not at all; here it is
 * stepped in every state (model.ts asks that of unanswered operations) and
 * changes nothing where it would be inconsistent, which allows the same
 * orders: left without effect, it is as if it were never linearized.
 */

import { ILLEGAL, type Illegal, type Model } from '../model.js';
import { isRecord } from './validation.js';

export const KNOSSOS_MUTEX = 'knossos-mutex';

export interface KnossosMutexInput {
  op: 'acquire' | 'release';
}
/** Nothing comes back from a lock operation but that it happened. */
export type KnossosMutexOutput = Record<string, never>;

/** The state is whether the lock is held. */
function step(held: boolean, input: KnossosMutexInput, output: KnossosMutexOutput | null): boolean | Illegal {
  const needsHeld = input.op === 'release';
  if (held === needsHeld) return !held;
  return output === null ? held : ILLEGAL;
}

function validateOperation(input: unknown, output: unknown): string | null {
  if (!isRecord(input)) return 'input must be an object';
  const op = input['op'];
  if (op !== 'acquire' && op !== 'release') return `unknown ${KNOSSOS_MUTEX} op ${JSON.stringify(op)} (expected acquire or release)`;
  if (output !== null && !isRecord(output)) return 'output must be an object or null';
  return null;
}

export const knossosMutexModel: Model<boolean, KnossosMutexInput, KnossosMutexOutput> = {
  name: KNOSSOS_MUTEX,
  init: () => false,
  step,
  equal: (a, b) => a === b,
  hash: (held) => (held ? 1 : 0),
  validateOperation,
  describeOperation: (input, output) => `${input.op}()${output === null ? ' (unanswered)' : ''}`,
  describeState: (held) => (held ? 'locked' : 'free'),
};
