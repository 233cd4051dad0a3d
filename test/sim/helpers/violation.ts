/** Which invariant an action violates ('none' when it throws nothing); other errors propagate. */

import { InvariantViolation } from '../../../src/sim/invariants.js';

export function violation(action: () => void): string {
  try {
    action();
  } catch (error) {
    if (error instanceof InvariantViolation) return error.invariant;
    throw error;
  }
  return 'none';
}
