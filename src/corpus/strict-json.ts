/**
 * The JSON of a file the user hands raft-check (a failure file, a plan), read
 * strictly: JSON.parse keeps the last of two equal keys in one object without
 * a word, so a hand-edited `{"seed": 4231, ..., "seed": 5}` replayed seed 5
 * while the file's first lines said 4231. Histories are held to the same rule
 * by the checker's reader (the same scan, checker/parse/duplicate-keys.ts).
 */

import { firstDuplicateKey } from '@raft-check/checker';

/** What is wrong with the text, in words the caller prefixes with the file's name. */
export class StrictJsonError extends Error {
  override readonly name = 'StrictJsonError';
  constructor(
    message: string,
    /** Not JSON at all (rather than JSON with a key twice, or bytes that are not UTF-8). */
    readonly notJson = false,
  ) {
    super(message);
  }
}

export function parseStrictJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StrictJsonError(`not valid JSON (${printable(error instanceof Error ? error.message : String(error))})`, true);
  }
  // Only objects can repeat a key; the scan is linear, run once the text is known to be JSON.
  const duplicate = typeof value === 'object' && value !== null ? firstDuplicateKey(text) : null;
  if (duplicate !== null) throw new StrictJsonError(`the key ${duplicate.key} appears twice in one object (at offset ${duplicate.offset}); which one counts would be a guess`);
  return value;
}

/**
 * JSON.parse quotes the text around the error, raw: a newline in it split the
 * one-line error in two, a NUL or a BOM reached the terminal as it was.
 * Control characters and the BOM are shown escaped.
 */
function printable(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f\ufeff]/g, (char) => (char === '\n' ? '\\n' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** The text of `bytes` as strict UTF-8: a lenient decoder would turn bad bytes into U+FFFD and read something else than what was written. */
export function strictUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new StrictJsonError('not valid UTF-8');
  }
}
