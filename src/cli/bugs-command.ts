/** `raft-check bugs`: list the injectable bugs (the `--bug NAME` values), one line each; and the --bug validation. */

import { BUGS, isBugName, type BugEntry, type BugName } from '../bugs/catalog.js';
import { UsageError } from './usage-error.js';

/** What `raft-check bugs` does with its flags (src/cli/commands/bugs.ts declares them). */
export function handleBugs(args: { verbose: boolean }): void {
  for (const line of listBugs(args.verbose)) process.stdout.write(`${line}\n`);
}

export function listBugs(verbose: boolean): string[] {
  const width = Math.max(...BUGS.map((bug) => bug.name.length));
  const lines: string[] = [];
  for (const bug of BUGS as readonly BugEntry[]) {
    lines.push(`${bug.name.padEnd(width)}  [${bug.category}${bug.catalogEntry === undefined ? '' : `, raft-bugs.md #${bug.catalogEntry}`}] ${bug.description}`);
    if (verbose) {
      lines.push(`${' '.repeat(width)}  caught as: ${bug.expectedCatch}`);
      lines.push(`${' '.repeat(width)}  seen in: ${bug.seenIn}`);
    }
  }
  return lines;
}

/** `--bug` values must name catalogued bugs: anything else is a usage error. */
export function validateBugNames(names: readonly string[]): BugName[] {
  const unknown = names.filter((name) => !isBugName(name));
  if (unknown.length > 0) throw new UsageError(`unknown --bug ${unknown.join(', ')}: run \`raft-check bugs\` for the list`);
  return [...new Set(names)] as BugName[];
}
