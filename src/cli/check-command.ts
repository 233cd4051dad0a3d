/**
 * `raft-check check FILE...`: judge recorded histories with the checker.
 *
 * One verdict line per file. Exit status: 0 when every file is linearizable,
 * 1 when any is not, otherwise 2 when any file is bad input, otherwise 3 when
 * any verdict is unknown. A violation found is the strongest news, so it wins;
 * bad input outranks unknown because the run then did not check everything.
 *
 * The checker reads no clock of its own; this command hands it
 * performance.now for --timeout, which counts from before the file is read,
 * so that reading and parsing spend the same budget as the search.
 *
 * Files are read as bytes and must be UTF-8 (checked, not repaired), no
 * larger than --max-input-mb. A raft-check/failure@1 file is checked by the
 * history it carries.
 */

import { statSync } from 'node:fs';
import { InputTooLargeError, readBounded } from '../corpus/bounded-read.js';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  checkHistory,
  decodeUtf8,
  detectFormat,
  HistoryInputError,
  type JepsenEdnModel,
  parseHistory,
  renderHtml,
  type CheckOptions,
  type CheckResult,
  type HistoryFile,
  type HistoryFormat,
} from '@raft-check/checker';
import { describeExport, exportEdn } from './export-edn.js';
import { FAILURE_FORMAT } from '../corpus/failure-file.js';
import { fileHead, isHtmlPage, writeFileAtomic } from '../util/atomic-write.js';
import { htmlPaths } from './check-html-paths.js';
import { shownName } from './shown-name.js';
import { DEFAULT_MAX_INPUT_MB } from './check-defaults.js';

export const EXIT_LINEARIZABLE = 0;
export const EXIT_NOT_LINEARIZABLE = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_UNKNOWN = 3;

export interface CheckArguments {
  files: string[];
  format: HistoryFormat | 'auto';
  /** Seconds per file, reading included; none means no time limit. */
  timeout?: number | undefined;
  /** Search steps per file; none means no limit. */
  maxSteps?: number | undefined;
  /** Files larger than this many megabytes (2^20 bytes) are refused unread. */
  maxInputMb?: number | undefined;
  json: boolean;
  html?: string | undefined;
  /** Jepsen EDN input: the model, and its initial value as EDN text (cas-register, register, multi-register). */
  model?: JepsenEdnModel | 'auto' | undefined;
  initial?: string | undefined;
  /** Write each history read as Jepsen EDN to this file. */
  exportEdn?: string | undefined;
}

/** Where the command reads, writes and tells time, so tests can run it without a process. */
export interface CheckIo {
  out(line: string): void;
  err(line: string): void;
  /** Size in bytes; throws as fs.statSync does. */
  fileSize(file: string): number;
  /** Throws InputTooLargeError past `maxBytes` (a pipe or device has no size to check first). */
  readFile(file: string, maxBytes: number): Uint8Array;
  /** A file's first kilobyte: enough to tell an earlier HTML page (isHtmlPage) without reading it whole. */
  readHead(file: string): Uint8Array;
  /** What is at a path: used to refuse an --html target before any work. */
  pathKind(file: string): 'file' | 'directory' | 'missing';
  writeFile(file: string, text: string): void;
  clock(): number;
}

/** Each report is one line, whatever a file's name holds: a newline in it split a verdict or an error in two. */
const oneLine = (line: string): string => line.replace(/\r\n|\r|\n/g, '\\n');

const nodeIo: CheckIo = {
  out: (line) => process.stdout.write(`${oneLine(line)}\n`),
  // Every error of raft-check starts with `raft-check:` (one style across commands).
  err: (line) => process.stderr.write(`${oneLine(line.startsWith('raft-check') ? line : `raft-check: ${line}`)}\n`),
  fileSize: (file) => statSync(file).size,
  readFile: (file, maxBytes) => readBounded(file, maxBytes),
  readHead: (file) => fileHead(file),
  pathKind: (file) => {
    const stats = statSync(file, { throwIfNoEntry: false });
    return stats === undefined ? 'missing' : stats.isDirectory() ? 'directory' : 'file';
  },
  // The user named this file: replacing an older view there is what they asked for, replacing a history is not.
  writeFile: (file, text) => writeFileAtomic(file, text, 'html-page'),
  clock: () => performance.now(),
};

type FileOutcome =
  | { kind: 'checked'; result: CheckResult; timeAxis: string | null }
  | { kind: 'bad input'; error: HistoryInputError };

/** Refuses an output path that can never be written: a folder (or no name at all), or a name in a folder that does not exist. */
function outputPathProblem(flag: string, file: string, io: CheckIo): string | null {
  if (file === '' || io.pathKind(file) === 'directory') return `${flag} ${JSON.stringify(file)} names a directory; give a file name`;
  const directory = path.dirname(file);
  if (io.pathKind(directory) !== 'directory') return `${flag} ${JSON.stringify(file)}: the directory ${directory} does not exist`;
  return null;
}

/** Runs the command; returns the exit status. */
export function runCheckCommand(args: CheckArguments, io: CheckIo = nodeIo): number {
  const problem = argumentProblem(args, io);
  if (problem !== null) {
    io.err(`raft-check check: ${problem}`);
    return EXIT_BAD_INPUT;
  }
  if (args.initial !== undefined && args.model === 'kv') {
    io.err('raft-check check: --initial is the cas-register\'s initial value; the kv model starts every key as ""');
    return EXIT_BAD_INPUT;
  }
  const pages = args.html === undefined ? null : htmlPaths(args.html, args.files);
  const outcomes = args.files.map((file, position) => {
    const outcome = checkFile(file, args, io, pages?.[position]);
    report(file, outcome, args, io);
    return outcome;
  });
  const verdicts = outcomes.map((outcome) => (outcome.kind === 'checked' ? outcome.result.verdict : outcome.kind));
  if (verdicts.includes('not linearizable')) return EXIT_NOT_LINEARIZABLE;
  if (verdicts.includes('bad input')) return EXIT_BAD_INPUT;
  if (verdicts.includes('unknown')) return EXIT_UNKNOWN;
  return EXIT_LINEARIZABLE;
}

/** What is wrong with the flags, or null; checked before any file is read. */
function argumentProblem(args: CheckArguments, io: CheckIo): string | null {
  if (args.timeout !== undefined && !(args.timeout > 0)) return `--timeout must be a positive number of seconds, got ${args.timeout}`;
  if (args.maxSteps !== undefined && !(Number.isSafeInteger(args.maxSteps) && args.maxSteps > 0)) {
    return `--max-steps must be a positive integer, got ${args.maxSteps}`;
  }
  if (args.maxInputMb !== undefined && !(args.maxInputMb > 0)) return `--max-input-mb must be a positive number, got ${args.maxInputMb}`;
  // Found when writing, an --export-edn target failed after the check, as 'bad input' of the history.
  const exportProblem = args.exportEdn === undefined ? null : outputPathProblem('--export-edn', args.exportEdn, io);
  if (exportProblem !== null) return exportProblem;
  if (args.html !== undefined) {
    const htmlProblem = outputPathProblem('--html', args.html, io);
    if (htmlProblem !== null) return htmlProblem;
    for (const page of htmlPaths(args.html, args.files)) {
      if (io.pathKind(page) === 'file' && !isHtmlPage(io.readHead(page))) {
        return `--html: ${page} already exists and is not an HTML page; not overwritten (remove it or choose another name)`;
      }
    }
  }
  return null;
}

function checkFile(file: string, args: CheckArguments, io: CheckIo, page: string | undefined): FileOutcome {
  try {
    const deadline = args.timeout === undefined ? Number.POSITIVE_INFINITY : io.clock() + args.timeout * 1000;
    const text = readText(file, args, io);
    refuseJepsenFlagsElsewhere(text, file, args);
    const history = withOtherKindHint(text, () =>
      parseHistory(text, {
        format: args.format,
        fileName: file,
        envelopes: [FAILURE_FORMAT],
        jepsenEdn: { model: args.model, initial: args.initial },
      }),
    );
    const options: CheckOptions = args.maxSteps === undefined ? {} : { maxSteps: args.maxSteps };
    let result: CheckResult;
    if (args.timeout === undefined) result = checkHistory(history, options, file);
    else {
      const remaining = deadline - io.clock();
      result =
        remaining > 0 ? checkHistory(history, { ...options, clock: io.clock, timeoutMs: remaining }, file) : timedOutWhileReading(history);
    }
    if (args.exportEdn !== undefined) {
      io.err(describeExport(file, exportEdn(history, file, args.exportEdn, args.files.length)));
    }
    if (page !== undefined) writePage(page, renderHtml(result, history, { title: file }), file, io);
    return { kind: 'checked', result, timeAxis: timeAxisNote(history) };
  } catch (error) {
    if (error instanceof HistoryInputError) return { kind: 'bad input', error };
    throw error;
  }
}

/** raft-check's files that hold no history, and the command that reads each. */
const OTHER_KINDS: readonly [RegExp, string][] = [
  [/^\s*\{\s*"format"\s*:\s*"raft-check\/plan@1"/, 'a plan runs with raft-check --plan FILE'],
  [/^\s*\{\s*"format"\s*:\s*"raft-check\/sweep@1"/, 'a sweep result: raft-check merge FILE... gives its verdict'],
];

/** Reads the history; when the file is a plan or a sweep result, the error also names the command that reads it. */
function withOtherKindHint(text: string, read: () => HistoryFile): HistoryFile {
  try {
    return read();
  } catch (error) {
    const hint = OTHER_KINDS.find(([start]) => start.test(text))?.[1];
    if (!(error instanceof HistoryInputError) || hint === undefined) throw error;
    throw new HistoryInputError(`${error.problem} (${hint})`, { fileName: error.fileName, operationIndex: error.operationIndex, line: error.line });
  }
}

/**
 * --model and --initial say how to read a Jepsen history: given for a file of
 * another format, they were ignored without a word (`--initial 5` on an etcd
 * log checked it from the log's own start). That file is bad input instead.
 */
function refuseJepsenFlagsElsewhere(text: string, file: string, args: CheckArguments): void {
  const given = [args.model !== undefined && args.model !== 'auto' ? `--model ${args.model}` : null, args.initial !== undefined ? '--initial' : null];
  const flags = given.filter((flag): flag is string => flag !== null);
  if (flags.length === 0) return;
  const format = args.format === 'auto' ? detectFormat(text, file) : args.format;
  if (format === 'jepsen-edn' || format === 'jepsen-txt') return;
  throw new HistoryInputError(
    `${flags.join(' and ')} ${flags.length === 1 ? 'applies' : 'apply'} to Jepsen history.edn and history.txt only, and this file is read as ${format}; check it without ${flags.length === 1 ? 'it' : 'them'}`,
    { fileName: file },
  );
}

function readText(file: string, args: CheckArguments, io: CheckIo): string {
  const maxBytes = (args.maxInputMb ?? DEFAULT_MAX_INPUT_MB) * 2 ** 20;
  let bytes: Uint8Array;
  try {
    const size = io.fileSize(file);
    if (size > maxBytes) {
      throw new HistoryInputError(
        `the file has ${size} bytes, more than the cap of ${Math.floor(maxBytes)} bytes (raise it with --max-input-mb)`,
        { fileName: file },
      );
    }
    bytes = io.readFile(file, maxBytes);
  } catch (error) {
    if (error instanceof HistoryInputError) throw error;
    if (error instanceof InputTooLargeError) throw new HistoryInputError(`${error.message} (raise it with --max-input-mb)`, { fileName: file });
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read the file (${code ?? String(error)})`;
    throw new HistoryInputError(problem, { fileName: file });
  }
  return decodeUtf8(bytes, file);
}

/** How to read the times in a verdict when the reader renumbered them (see the checker's exact time axis). */
function timeAxisNote(history: HistoryFile): string | null {
  const axis = history.meta?.['timeAxis'] as { kind: string; origin: string | null } | undefined;
  if (axis === undefined) return null;
  return axis.kind === 'rebased' ? `times are counted from ${axis.origin}` : 'times are ranks of the written times';
}

/** The verdict when reading and parsing alone used up --timeout: nothing was searched. */
function timedOutWhileReading(history: HistoryFile): CheckResult {
  return {
    verdict: 'unknown',
    model: history.model,
    unknownReason: 'time',
    partitions: [],
    steps: 0,
    summary: 'unknown: the time budget ran out while reading the file, before any search',
  };
}

function writePage(page: string, html: string, file: string, io: CheckIo): void {
  try {
    io.writeFile(page, html);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HistoryInputError(`cannot write the HTML view to ${page} (${code ?? (error as Error).message})`, { fileName: file });
  }
}

function report(file: string, outcome: FileOutcome, args: CheckArguments, io: CheckIo): void {
  if (args.json) {
    io.out(
      JSON.stringify(
        outcome.kind === 'checked'
          ? { file, ...outcome.result }
          : {
              file,
              verdict: 'bad input',
              problem: outcome.error.problem,
              operationIndex: outcome.error.operationIndex ?? null,
              line: outcome.error.line ?? null,
            },
      ),
    );
    return;
  }
  if (outcome.kind === 'bad input') {
    const { message } = outcome.error;
    io.err(message.startsWith(file) ? `bad input: ${shownName(file)}${message.slice(file.length)}` : `${shownName(file)}: bad input: ${message}`);
    return;
  }
  const { result, timeAxis } = outcome;
  const note = timeAxis === null || result.verdict === 'linearizable' ? '' : ` (${timeAxis})`;
  io.out(`${shownName(file)}: ${result.verdict === 'linearizable' ? 'linearizable' : result.summary}${note}`);
}

/** What `raft-check check` does with its flags (src/cli/commands/check.ts declares them). */
export function handleCheck(args: CheckArguments): void {
  process.exitCode = runCheckCommand(args);
}
