/**
 * Runs a `raft-check` command inside the test's worker, as the built CLI
 * would in its own process: the same parser and handlers (dist/src/cli, which
 * `npm test` builds first, so a sweep's and the power search's worker threads
 * find their entries beside them), stdout and stderr collected, and the exit
 * code main.ts would give: the one the command set, 2 and one line for bad
 * input, 255 for anything else. A spawn costs a Node start and the loading of
 * the CLI (some 0.2 s of CPU, and a cold JIT for every run); in-process the
 * modules load once per worker. Tests of what the process does (exit code
 * wiring, stdout of a real pipe, signals, a preload, another working folder)
 * keep spawning (run-cli.ts).
 *
 * Not for --help and --version (yargs prints them through console.log):
 * parse-in-process.ts reads help from the parser, run-cli.ts spawns.
 */

import { raftCheckCli } from '../../dist/src/cli/cli.js';
import { lastCommandDone } from '../../dist/src/cli/commands/when-loaded.js';
import { exitWithInternalError, wantsVerbose } from '../../dist/src/cli/internal-error.js';
import { exitWithUsageError, isUsageError } from '../../dist/src/cli/usage-error.js';
import type { CliRun } from './run-cli.js';

/** What process.exit throws while a command runs in-process: the process would have ended here. */
class ProcessExit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

/** main.ts's handling of a throw: bad input is exit 2 in one line, anything else exit 255. */
function exitOnError(error: unknown, args: string[]): never {
  if (error instanceof ProcessExit) throw error;
  if (isUsageError(error)) exitWithUsageError(error.message);
  exitWithInternalError(error, wantsVerbose(args));
}

type Write = typeof process.stdout.write;

/** Collects what is written to `stream` until the returned function is called, which gives it back. */
function capture(stream: NodeJS.WriteStream, into: string[]): () => void {
  const original = stream.write;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((item) => typeof item === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as Write;
  return () => {
    stream.write = original;
  };
}

/** `raft-check ...args`, in this worker. One at a time: it borrows process.stdout, process.stderr, process.exit and process.exitCode. */
export async function runCliInProcess(args: string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const restoreStdout = capture(process.stdout, stdout);
  const restoreStderr = capture(process.stderr, stderr);
  const exit = process.exit;
  const exitCodeBefore = process.exitCode;
  process.exitCode = undefined;
  process.exit = ((code?: number) => {
    throw new ProcessExit(code ?? 0);
  }) as typeof process.exit;
  let status: number;
  try {
    try {
      raftCheckCli(args)
        .fail((message, error) => {
          // As main.ts: yargs reports its own checks (and throws of a flag's coerce) as a YError, the user's input.
          if (error !== undefined && error !== null && error.name !== 'YError') exitOnError(error, args);
          exitWithUsageError(error?.message ?? message);
        })
        .parseSync();
      await lastCommandDone();
    } catch (error) {
      exitOnError(error, args);
    }
    status = Number(process.exitCode ?? 0);
  } catch (error) {
    if (!(error instanceof ProcessExit)) throw error;
    status = error.code;
  } finally {
    process.exit = exit;
    process.exitCode = exitCodeBefore;
    restoreStdout();
    restoreStderr();
  }
  return { status, stdout: stdout.join(''), stderr: stderr.join('') };
}
