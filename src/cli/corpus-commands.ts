/**
 * `raft-check replay FILE` and `raft-check regress [DIR]`: the failure corpus
 * as a regression suite.
 */

import { existsSync, statSync } from 'node:fs';
import { listFailureEntries, readFailureFile } from '../corpus/corpus-dir.js';
import type { FailureFile } from '../corpus/failure-file.js';
import { systemForFile, type FileSystem } from '../corpus/file-system.js';
import { codePart, replayFailureFile, type ReplayOutcome } from '../corpus/replay.js';
import { EXIT_CODES, exitCodeOf, failureKindLabel, type RunFailure, type System } from '../sim/index.js';
import { codeVersion } from './fingerprint.js';
import { isUsageError, UsageError } from './usage-error.js';
import { shownName } from './shown-name.js';

type Print = (line: string) => void;

function describeFailure(failure: RunFailure): string {
  return `${failureKindLabel(failure)} at t=${failure.time}ms${failure.node === null ? '' : ` on n${failure.node}`}: ${failure.message}`;
}

function load(path: string): FailureFile {
  if (!existsSync(path)) throw new UsageError(`no such file: ${shownName(path)}`);
  return readFailureFile(path);
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

function fingerprintNote(file: FailureFile, outcome: ReplayOutcome): string | null {
  return outcome.fingerprintMatches ? null : `note: fingerprint differs: saved with code ${codePart(file.fingerprint)}, this is ${codePart(outcome.result.fingerprint)}`;
}

/**
 * Exported for tests. Runs on the file's recorded --system (or `systemOverride`, or our Raft).
 * Tests may pass a System object as the override.
 * Returns the exit code: the replayed run's own (0 pass, 1 violation, 3 unknown, 4 liveness).
 */
export async function executeReplay(path: string, systemOverride: string | System | undefined, print: Print): Promise<number> {
  const file = load(path);
  const { system, warnings } = await systemForFile(file, systemOverride, path);
  const outcome = replayFailureFile(file, system, codeVersion());
  print(`replay ${path}: seed ${file.seed}${outcome.usedShrunkPlan ? ' (shrunk plan)' : ''}${file.system === null ? '' : ` on --system ${file.system.spec}`}, saved failure ${describeFailure(file.failure)}`);
  for (const warning of warnings) print(warning);
  const note = fingerprintNote(file, outcome);
  if (note !== null) print(note);
  if (outcome.configDrift !== null) print(`note: ${outcome.configDrift}`);
  print(statusLine(file, outcome));
  print(`trace hash: ${outcome.result.traceHash}`);
  return exitCodeOf(outcome.result);
}

/**
 * Exported for tests. 0 when every file meets its expectation, 1 when one does not, 2 for bad files.
 * A bad file (unreadable, malformed, out of range, its module missing) is reported and the others still run.
 */
export async function executeRegress(dir: string, systemOverride: string | System | undefined, print: Print): Promise<number> {
  if (!existsSync(dir)) throw new UsageError(`no such folder: ${shownName(dir)}`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`${dir} is a file, not a folder (raft-check replay ${dir} runs one failure file)`);
  const entries = listFailureEntries(dir);
  if (entries.length === 0) {
    print(`regress ${dir}: no failure files, nothing to replay`);
    return EXIT_CODES.pass;
  }
  const version = codeVersion();
  let failed = 0;
  let bad = 0;
  for (const { path, problem } of entries) {
    let file: FailureFile;
    let system: FileSystem;
    try {
      if (problem !== null) throw new UsageError(`${path}: ${problem}, not a failure file`);
      file = readFailureFile(path);
      system = await systemForFile(file, systemOverride, path);
    } catch (error) {
      if (!isUsageError(error)) throw error;
      bad += 1;
      print(`BAD  ${error.message.startsWith(path) ? '' : `${path}: `}${error.message}`);
      continue;
    }
    const outcome = replayFailureFile(file, system.system, version);
    if (!outcome.meetsExpectation) failed += 1;
    const expectation = file.expect === 'pass' ? 'must pass' : 'must still fail the same way';
    print(`${outcome.meetsExpectation ? 'ok  ' : 'FAIL'} ${path} (${expectation}): ${statusLine(file, outcome)}`);
    for (const note of [...system.warnings, fingerprintNote(file, outcome)]) if (note !== null) print(`     ${note}`);
  }
  print(`regress ${dir}: ${entries.length - failed - bad} passed, ${failed} failed${bad > 0 ? `, ${bad} bad` : ''}`);
  if (failed > 0) return EXIT_CODES.violation;
  return bad > 0 ? EXIT_CODES.usage : EXIT_CODES.pass;
}

const print: Print = (line) => process.stdout.write(`${line}\n`);

/** What `raft-check replay` and `raft-check regress` do with their flags (src/cli/commands/corpus.ts declares them). */
export function handleReplay(args: { file: string; system: string | undefined }): Promise<number> {
  return executeReplay(args.file, args.system, print).then((code) => (process.exitCode = code));
}

export function handleRegress(args: { dir: string; system: string | undefined }): Promise<number> {
  return executeRegress(args.dir, args.system, print).then((code) => (process.exitCode = code));
}
