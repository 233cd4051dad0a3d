/** Shared by the oracle tests: feed an oracle by hand and read what it raised. */

import { InvariantViolation } from '../../../src/sim/invariants.js';

/**
 * The message of the violation `action` raised (an InvariantViolation unless
 * another class is named), or null when it raised none; any other error is
 * rethrown, so a crash in the oracle never reads as a verdict.
 */
export function violationOf(action: () => void, kind: abstract new (...args: never[]) => Error = InvariantViolation): string | null {
  try {
    action();
  } catch (error) {
    if (error instanceof kind) return error.message;
    throw error;
  }
  return null;
}
