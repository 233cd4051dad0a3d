/**
 * Printed commands (replay lines) must paste into a POSIX shell as the exact
 * words that were run: a path with a space, a quote or a `$` must not split
 * or expand. Words made only of safe characters stay bare, so ordinary
 * commands read as before.
 */

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellWords(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
