/**
 * Arguments that name nothing, refused before any work. yargs drops a lone
 * `-` (the Unix "standard input") without a word, so `cat h.json |
 * raft-check check -` checked no file and exited 0; and an empty path
 * (`--save-history ""`, say from an unset shell variable) was found only after
 * the run, in a message about a temporary file. yargs also set aside whatever
 * follows `--` and no command read it: `raft-check check -- h.json` checked
 * nothing, `raft-check --seed 1 -- --trace` ran without the trace. And a
 * path whose bytes are not UTF-8 reaches Node.js with U+FFFD in their place.
 */

import { UsageError } from './usage-error.js';

/** Flags whose value is a file or folder to read or write. */
const PATH_FLAGS = ['plan', 'save-plan', 'save-history', 'report', 'results', 'save', 'junit', 'html', 'export-edn', 'system'] as const;

/** Throws a UsageError for a `--` among the raw arguments: before yargs' own checks, which would blame a missing file. */
export function refuseDoubleDash(raw: readonly string[]): void {
  const rest = raw.indexOf('--');
  if (rest < 0) return;
  const after = raw.slice(rest + 1).map((argument) => JSON.stringify(argument)).join(' ');
  throw new UsageError(`no command reads what follows '--' (${after === '' ? 'nothing' : after}): leave '--' out, and write a file whose name starts with '-' as ./-name`);
}

/** Throws a UsageError for a lone `-` among the raw arguments, or an empty path flag or file argument among the parsed ones. */
export function refuseCarelessPaths(raw: readonly string[], parsed: Record<string, unknown>): true {
  if (raw.includes('-')) throw new UsageError("'-' (standard input or output) is not supported: name a file");
  for (const flag of PATH_FLAGS) {
    if (parsed[flag] === '') throw new UsageError(`--${flag} needs a path, got ""`);
  }
  // Node.js decodes the arguments as UTF-8 and puts U+FFFD for bytes that are not: such a path names another
  // file, so a read said "no such file" of a file that is there, and a write created a file of another name.
  for (const argument of raw) {
    if (argument.includes('\uFFFD')) throw new UsageError(`the argument ${JSON.stringify(argument)} is not valid UTF-8 (or holds U+FFFD): raft-check cannot name such a file; rename it`);
  }
  for (const name of ['file', 'files', 'dir'] as const) {
    const value = parsed[name];
    if (value === '' || (Array.isArray(value) && value.includes(''))) throw new UsageError(`an empty ${name === 'dir' ? 'folder' : 'file'} name ("")`);
  }
  return true;
}
