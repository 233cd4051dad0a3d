/**
 * Invariant checks for the checker. The checker is a standalone package that
 * knows nothing of the simulator, so it keeps its own tiny assertion helper
 * rather than importing one from src/. Assertions stay on in every build: a
 * wrong verdict is worse than a crash.
 */

export class CheckerAssertionFailure extends Error {
  override readonly name = 'CheckerAssertionFailure';
}

export function assert(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) {
    throw new CheckerAssertionFailure(typeof message === 'function' ? message() : message);
  }
}
