/**
 * What to tell a user whose command line has a word raft-check does not know.
 * yargs' strict mode says only `Unknown argument: sed`; a user who typed
 * `--sed 3`, `chek FILE`, `check --seeds 1..9` or `raft-check history.edn`
 * is helped by one more clause: the flag or command they probably meant, the
 * command a flag belongs to, or the command that reads a file. When there is
 * nothing to add, yargs reports the word as before.
 */

import yargs, { type Argv, type CommandModule } from 'yargs';
import { kebab, type DeclaredFlags } from './strict-flags.js';
import { UsageError } from './usage-error.js';

/** How a command is named in a hint: the default command is the run and the sweep. */
const describeCommand = (name: string): string => (name === '$0' ? 'a run or sweep (raft-check --seed N, --seeds A..B)' : `raft-check ${name}`);

/** The command's name: the first word of its yargs `command` string. */
const commandName = (command: CommandModule<never, never>): string => String(command.command).split(' ')[0]!;

/** Edit distance, for names of a few letters (no transpositions needed for a hint). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The closest of `names` to `word`, if close enough to be a slip of the keyboard (or a prefix of it). */
export function closest(word: string, names: readonly string[]): string | null {
  const limit = word.length <= 4 ? 1 : 2;
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const gap = name.startsWith(word) && word.length >= 3 ? 0.5 : distance(word, name);
    if (gap <= limit && gap < bestDistance) [best, bestDistance] = [name, gap];
  }
  return best;
}

/** The flags each command declares (its builder run on a throwaway parser); only computed when a hint is needed. */
function flagsByCommand(commands: readonly CommandModule<never, never>[]): Map<string, Set<string>> {
  const owners = new Map<string, Set<string>>();
  for (const command of commands) {
    const parser = yargs([]) as Argv<never>;
    if (typeof command.builder === 'function') command.builder(parser);
    const declared = (parser as unknown as { getOptions(): DeclaredFlags }).getOptions();
    owners.set(commandName(command), new Set(Object.keys(declared.key)));
  }
  return owners;
}

/** The flags written in `raw` (before any `--`) that the chosen command does not declare. */
function unknownFlags(raw: readonly string[], known: ReadonlySet<string>): string[] {
  const unknown: string[] = [];
  for (const token of raw) {
    if (token === '--') break;
    if (!token.startsWith('--')) continue;
    const name = kebab(token.slice(2).split('=')[0]!);
    if (known.has(name) || (name.startsWith('no-') && known.has(name.slice(3)))) continue;
    unknown.push(name);
  }
  return unknown;
}

/** A hint for a flag the chosen command does not know, or null. */
function flagHint(flag: string, chosen: string, known: readonly string[], owners: Map<string, Set<string>>): string | null {
  const near = closest(flag, known);
  if (near !== null) return `--${flag}: did you mean --${near}?`;
  const elsewhere = [...owners].filter(([name, flags]) => name !== chosen && flags.has(flag)).map(([name]) => describeCommand(name));
  if (elsewhere.length > 0) return `--${flag} is a flag of ${elsewhere.join(' and of ')}, not of ${describeCommand(chosen)}`;
  return null;
}

/** A hint for a word where the default command expects none: a misspelled command, or a file given without one. */
function wordHint(word: string, names: readonly string[]): string | null {
  const near = closest(word, names);
  if (near !== null) return `${word}: did you mean raft-check ${near}?`;
  if (/^\d+$/.test(word)) return `to run seed ${word}: raft-check --seed ${word}`;
  if (/^\d+\.\.\d+$/.test(word)) return `to sweep seeds ${word}: raft-check --seeds ${word}`;
  if (/\.(edn|txt|log)$/i.test(word)) return `to check a history file: raft-check check ${word}`;
  if (/\.json$/i.test(word)) return `to check a history: raft-check check ${word}; to rerun a failure file: raft-check replay ${word}; a plan: raft-check --plan ${word}`;
  return null;
}

/**
 * Throws a UsageError that names the unknown words with a hint, when there
 * is one; otherwise returns and leaves them to yargs' strict mode.
 * `positionals` are the parsed `_` (the command name first, when one was chosen).
 */
export function refuseUnknownWithHints(
  raw: readonly string[],
  positionals: readonly (string | number)[],
  declared: DeclaredFlags,
  commands: readonly CommandModule<never, never>[],
): void {
  const names = commands.map(commandName).filter((name) => name !== '$0');
  const first = positionals[0];
  const chosen = typeof first === 'string' && names.includes(first) ? first : '$0';
  const known = new Set(Object.keys(declared.key));
  for (const aliases of Object.values(declared.alias)) for (const alias of aliases) known.add(alias);
  const flags = unknownFlags(raw, known);
  // The default command takes no words; any there are unknown (a command's own words are its positionals, not in `_`).
  const words = chosen === '$0' ? positionals.map(String) : [];
  if (flags.length === 0 && words.length === 0) return;
  const owners = flags.length === 0 ? new Map<string, Set<string>>() : flagsByCommand(commands);
  const knownFlags = [...known].filter((name) => name.length > 1 && !/[A-Z]/.test(name) && name !== '$0');
  const hints = [
    ...flags.map((flag) => flagHint(flag, chosen, knownFlags, owners)),
    ...words.map((word) => wordHint(word, names)),
  ].filter((hint): hint is string => hint !== null);
  if (hints.length === 0) return;
  const unknown = [...flags, ...words];
  throw new UsageError(`Unknown argument${unknown.length === 1 ? '' : 's'}: ${unknown.join(', ')} (${hints.join('; ')})`);
}
