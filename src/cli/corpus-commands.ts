/**
 * `raft-check replay FILE` and `raft-check regress [DIR]`: the failure corpus
 * as a regression suite.
 */

import { existsSync, statSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_CORPUS_DIR, listFailureFiles, readFailureFile } from '../corpus/corpus-dir.js';
import { FailureFileError, type FailureFile } from '../corpus/failure-file.js';
import { codePart, replayFailureFile, type ReplayOutcome } from '../corpus/replay.js';
import { defaultSystem, EXIT_CODES, exitCodeOf, failureKindLabel, type RunFailure, type System } from '../sim/index.js';
import { codeVersion } from './fingerprint.js';
import { exitWithUsageError, UsageError } from './usage-error.js';

type Print = (line: string) => void;

function describeFailure(failure: RunFailure): string {
  return `${failureKindLabel(failure)} at t=${failure.time}ms${failure.node === null ? '' : ` on n${failure.node}`}: ${failure.message}`;
}

function load(path: string): FailureFile {
  if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
  try {
    return readFailureFile(path);
  } catch (error) {
    if (error instanceof FailureFileError) throw new UsageError(error.message);
    throw error;
  }
}

function statusLine(file: FailureFile, outcome: ReplayOutcome): string {
  switch (outcome.status) {
    case 'reproduced':
      return `reproduced: ${describeFailure(outcome.result.failure as RunFailure)}`;
    case 'passes':
      return `passes now: the saved failure (${describeFailure(file.failure)}) no longer happens`;
    case 'fails-differently':
      return `fails differently: ${describeFailure(outcome.result.failure as RunFailure)} (saved: ${describeFailure(file.failure)})`;
  }
}

/** Exported for tests. Returns the exit code: the replayed run's own (0 pass, 1 violation, 3 unknown, 4 liveness). */
export function executeReplay(path: string, system: System, print: Print): number {
  const file = load(path);
  const version = codeVersion();
  const outcome = replayFailureFile(file, system, version);
  print(`replay ${path}: seed ${file.seed}${outcome.usedShrunkPlan ? ' (shrunk plan)' : ''}, saved failure ${describeFailure(file.failure)}`);
  if (!outcome.fingerprintMatches) print(`note: fingerprint differs: saved with code ${codePart(file.fingerprint)}, this is ${codePart(outcome.result.fingerprint)}`);
  if (outcome.configDrift !== null) print(`note: ${outcome.configDrift}`);
  print(statusLine(file, outcome));
  print(`trace hash: ${outcome.result.traceHash}`);
  return exitCodeOf(outcome.result);
}

/** Exported for tests. 0 when every file meets its expectation, 1 when one does not, 2 for unreadable files. */
export function executeRegress(dir: string, system: System, print: Print): number {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`no such folder: ${dir}`);
  const paths = listFailureFiles(dir);
  if (paths.length === 0) {
    print(`regress ${dir}: no failure files, nothing to replay`);
    return EXIT_CODES.pass;
  }
  const version = codeVersion();
  let failed = 0;
  let unreadable = 0;
  for (const path of paths) {
    let file: FailureFile;
    try {
      file = readFailureFile(path);
    } catch (error) {
      if (!(error instanceof FailureFileError)) throw error;
      unreadable += 1;
      print(`BAD  ${error.message}`);
      continue;
    }
    const outcome = replayFailureFile(file, system, version);
    if (!outcome.meetsExpectation) failed += 1;
    const expectation = file.expect === 'pass' ? 'must pass' : 'must still fail the same way';
    print(`${outcome.meetsExpectation ? 'ok  ' : 'FAIL'} ${path} (${expectation}): ${statusLine(file, outcome)}`);
  }
  print(`regress ${dir}: ${paths.length - failed - unreadable} passed, ${failed} failed${unreadable > 0 ? `, ${unreadable} unreadable` : ''}`);
  if (failed > 0) return EXIT_CODES.violation;
  return unreadable > 0 ? EXIT_CODES.usage : EXIT_CODES.pass;
}

function guarded(run: () => number): void {
  try {
    process.exitCode = run();
  } catch (error) {
    if (error instanceof UsageError) exitWithUsageError(error.message);
    throw error;
  }
}

const print: Print = (line) => process.stdout.write(`${line}\n`);

export const replayCommand: CommandModule<object, { file: string }> = {
  command: 'replay <file>',
  describe: 'Re-run a saved failure file exactly and say whether it still fails the same way',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('file', { type: 'string', demandOption: true, describe: 'A failure file (raft-check/failure@1), e.g. histories/seed-17.json' })
      .epilog('Exit code: that of the replayed run (0 pass, 1 violation, 3 checker unknown, 4 liveness); 2 for a bad file.') as Argv<{ file: string }>,
  handler: (args) => guarded(() => executeReplay(args.file, defaultSystem, print)),
};

export const regressCommand: CommandModule<object, { dir: string }> = {
  command: 'regress [dir]',
  describe: 'Replay every failure file of a folder; fail if any does not meet its expectation',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('dir', { type: 'string', default: DEFAULT_CORPUS_DIR, describe: 'The corpus folder' })
      .epilog(
        'A file saved from the correct code must pass now (the bug was fixed); a file saved with an injected --bug must still fail the same way.\n' +
          'Exit codes: 0 all met, 1 some did not, 2 unreadable files or a missing folder.',
      ) as Argv<{ dir: string }>,
  handler: (args) => guarded(() => executeRegress(args.dir, defaultSystem, print)),
};
