/**
 * `raft-check check FILE...`: judge recorded histories with the checker.
 *
 * One verdict line per file. Exit status: 0 when every file is linearizable,
 * 1 when any is not, otherwise 2 when any file is bad input, otherwise 3 when
 * any verdict is unknown. A violation found is the strongest news, so it wins;
 * bad input outranks unknown because the run then did not check everything.
 *
 * The checker reads no clock of its own; this command hands it
 * performance.now for --timeout.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Argv, CommandModule } from 'yargs';
import {
  checkHistory,
  HISTORY_FORMATS,
  HistoryInputError,
  JEPSEN_EDN_MODELS,
  type JepsenEdnModel,
  parseHistory,
  renderHtml,
  type CheckResult,
  type HistoryFormat,
} from '@raft-check/checker';
import { describeExport, exportEdn } from './export-edn.js';

export const EXIT_LINEARIZABLE = 0;
export const EXIT_NOT_LINEARIZABLE = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_UNKNOWN = 3;

export interface CheckArguments {
  files: string[];
  format: HistoryFormat | 'auto';
  /** Seconds; none means no time limit. */
  timeout?: number | undefined;
  json: boolean;
  html?: string | undefined;
  /** Jepsen EDN input: the model, and the cas-register's initial value as EDN text. */
  model?: JepsenEdnModel | 'auto' | undefined;
  initial?: string | undefined;
  /** Write each history read as Jepsen EDN to this file. */
  exportEdn?: string | undefined;
}

/** Where the command reads, writes and tells time, so tests can run it without a process. */
export interface CheckIo {
  out(line: string): void;
  err(line: string): void;
  readFile(file: string): string;
  writeFile(file: string, text: string): void;
  clock(): number;
}

const nodeIo: CheckIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  // Every error of raft-check starts with `raft-check:` (one style across commands).
  err: (line) => process.stderr.write(`${line.startsWith('raft-check') ? line : `raft-check: ${line}`}\n`),
  readFile: (file) => readFileSync(file, 'utf8'),
  writeFile: (file, text) => writeFileSync(file, text),
  clock: () => performance.now(),
};

type FileOutcome = { kind: 'checked'; result: CheckResult } | { kind: 'bad input'; error: HistoryInputError };

/** Runs the command; returns the exit status. */
export function runCheckCommand(args: CheckArguments, io: CheckIo = nodeIo): number {
  if (args.timeout !== undefined && !(args.timeout > 0)) {
    io.err(`raft-check check: --timeout must be a positive number of seconds, got ${args.timeout}`);
    return EXIT_BAD_INPUT;
  }
  if (args.initial !== undefined && args.model === 'kv') {
    io.err('raft-check check: --initial is the cas-register\'s initial value; the kv model starts every key as ""');
    return EXIT_BAD_INPUT;
  }
  const outcomes = args.files.map((file) => {
    const outcome = checkFile(file, args, io);
    report(file, outcome, args, io);
    return outcome;
  });
  const verdicts = outcomes.map((outcome) => (outcome.kind === 'checked' ? outcome.result.verdict : outcome.kind));
  if (verdicts.includes('not linearizable')) return EXIT_NOT_LINEARIZABLE;
  if (verdicts.includes('bad input')) return EXIT_BAD_INPUT;
  if (verdicts.includes('unknown')) return EXIT_UNKNOWN;
  return EXIT_LINEARIZABLE;
}

function checkFile(file: string, args: CheckArguments, io: CheckIo): FileOutcome {
  try {
    let text: string;
    try {
      text = io.readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new HistoryInputError(code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(error)})`, {
        fileName: file,
      });
    }
    const history = parseHistory(text, {
      format: args.format,
      fileName: file,
      jepsenEdn: { model: args.model, initial: args.initial },
    });
    if (args.exportEdn !== undefined) {
      io.err(describeExport(file, exportEdn(history, file, args.exportEdn, args.files.length)));
    }
    const result = checkHistory(
      history,
      args.timeout === undefined ? {} : { clock: io.clock, timeoutMs: args.timeout * 1000 },
      file,
    );
    if (args.html !== undefined) {
      io.writeFile(htmlPathFor(args.html, file, args.files.length), renderHtml(result, history, { title: file }));
    }
    return { kind: 'checked', result };
  } catch (error) {
    if (error instanceof HistoryInputError) return { kind: 'bad input', error };
    throw error;
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
    io.err(`${outcome.error.message.startsWith(file) ? '' : `${file}: `}bad input: ${outcome.error.message}`);
    return;
  }
  const { result } = outcome;
  io.out(`${file}: ${result.verdict === 'linearizable' ? 'linearizable' : result.summary}`);
}

/** With several files, each page gets the file's base name before the extension: out.etcd_000.html. */
function htmlPathFor(output: string, file: string, fileCount: number): string {
  if (fileCount === 1) return output;
  const extension = path.extname(output);
  const stem = output.slice(0, output.length - extension.length);
  return `${stem}.${path.basename(file, path.extname(file))}${extension || '.html'}`;
}

export const checkCommand: CommandModule<object, CheckArguments> = {
  command: 'check <files..>',
  describe:
    'Check histories for linearizability (raft-check/history@1, Porcupine kv logs, Jepsen etcd logs, Jepsen history.edn)',
  builder: (yargs: Argv) =>
    yargs
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'history files' })
      .option('format', {
        choices: ['auto', ...HISTORY_FORMATS] as const,
        default: 'auto' as const,
        describe: 'input format; auto decides by content',
      })
      .option('timeout', { type: 'number', describe: 'seconds per file; past it the verdict is unknown' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON result per line' })
      .option('html', { type: 'string', describe: 'write an HTML view of the result to this file' })
      .option('model', {
        choices: ['auto', ...JEPSEN_EDN_MODELS] as const,
        default: 'auto' as const,
        describe: 'Jepsen EDN: cas-register (Knossos\'s) or kv ([key value] tuples); auto: kv when every value is a tuple',
      })
      .option('initial', {
        type: 'string',
        describe: 'Jepsen EDN: the cas-register\'s initial value, as EDN (Knossos\'s (cas-register 0) is --initial 0); default nil',
      })
      .option('export-edn', {
        type: 'string',
        describe:
          'also write each history read as Jepsen EDN to this file (with several files: OUT.<name>.edn); never overwrites other content',
      }) as unknown as Argv<CheckArguments>,
  handler: (args) => {
    process.exitCode = runCheckCommand(args);
  },
};
