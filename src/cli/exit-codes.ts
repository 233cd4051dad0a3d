/**
 * What each command's exit code means, in one place: every --help ends with
 * its line, and the README's table says the same. The codes themselves are
 * EXIT_CODES (src/sim/result.ts); a code means the same in every command.
 */

import type { Argv, CommandModule } from 'yargs';

const INTERNAL = '255 internal error (a bug in raft-check, or a throw from a --system module outside a node step; --verbose shows the stack)';
/** An exec node that breaks the protocol fails its run (exit 1); a command that cannot even start is bad input (exit 2). */
const EXEC = 'An exec node that breaks docs/protocol.md fails its run (1, NodeException); an exec command that cannot start is bad input (2).';

export const EXIT_CODE_LINES = {
  run: `Exit codes: 0 pass, 1 safety or linearizability violation, 2 usage error or bad input, 3 checker gave no verdict, 4 liveness failure, 5 nondeterminism (--check-determinism), 130 a sweep stopped with Ctrl-C (summarized; no seed failed), ${INTERNAL}. ${EXEC}`,
  check: `Exit codes: 0 all linearizable, 1 any not linearizable, 2 usage error or bad input, 3 any unknown (and none not linearizable), ${INTERNAL}.`,
  replay: `Exit codes: 0 the replayed run passes, 1 it has a safety or linearizability violation, 2 usage error or bad file, 3 checker gave no verdict, 4 liveness failure, ${INTERNAL}.`,
  regress: `Exit codes: 0 every file met its expectation, 1 some did not, 2 usage error, bad files (the others are still replayed) or a missing folder, ${INTERNAL}.`,
  shrink: `Exit codes: 0 the run passes (nothing to shrink), 1 the shrunk run has a safety or linearizability violation, 2 usage error or bad input, 3 checker gave no verdict, 4 liveness failure, 130 stopped with Ctrl-C (the smallest failing plan so far is saved), ${INTERNAL}.`,
  merge: `Exit codes: 0 every seed passed, 1 a safety or linearizability violation, 2 usage error, bad input or shards of different sweeps, 3 checker gave no verdict, 4 liveness failure (the most serious failure's code, as a sweep), 6 incomplete sweep (a shard missing or given twice), ${INTERNAL}.`,
  serve: `Exit codes: 0 stopped with Ctrl-C, 2 usage error (a missing folder, the port in use), ${INTERNAL}.`,
  bugs: `Exit codes: 0 listed, 2 usage error, ${INTERNAL}.`,
  power: `Exit codes: 0 every bug was caught within the cap, 1 some were not, 2 usage error or bad input, 130 stopped with Ctrl-C (the table of the bugs measured is printed), ${INTERNAL}.`,
} as const;

/** The command with its exit-code line appended to its --help (yargs keeps every epilog, in order). */
export function withExitCodes<T, U>(command: CommandModule<T, U>, line: string): CommandModule<T, U> {
  const builder = command.builder;
  return {
    ...command,
    builder: (yargs: Argv<T>) => {
      const built = typeof builder === 'function' ? builder(yargs) : builder === undefined ? yargs : yargs.options(builder);
      return (built as Argv<U>).epilog(line);
    },
  } as CommandModule<T, U>;
}
