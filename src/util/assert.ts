/**
 * Assertions stay on in every build: under simulation a failed assertion is a
 * found bug with a seed attached, not noise.
 */

export class AssertionFailure extends Error {
  override readonly name = 'AssertionFailure';
}

export function assert(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) {
    throw new AssertionFailure(typeof message === 'function' ? message() : message);
  }
}

/** For switch exhaustiveness: the compiler proves this is unreachable. */
export function unreachable(value: never): never {
  throw new AssertionFailure(`unreachable: ${JSON.stringify(value)}`);
}
