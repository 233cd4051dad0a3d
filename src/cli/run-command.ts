/**
 * `raft-check --seed N`: draw a seed's world, run it, print header, summary,
 * trace hash, verdict and the exact replay command. Exit codes: 0 pass,
 * 1 safety or linearizability violation, 2 bad input, 3 checker unknown,
 * 4 liveness failure, 5 nondeterminism (--check-determinism), 255 internal error.
 */

import { readBounded } from '../corpus/bounded-read.js';
import { parseStrictJson, strictUtf8 } from '../corpus/strict-json.js';
import {
  defaultSystem,
  drawPlan,
  EXIT_CODES,
  exitCodeOf,
  configHash,
  firstDivergence,
  formatTraceEvent,
  PLAN_FORMAT,
  runPlan,
  type Plan,
  type System,
} from '../sim/index.js';
import { codeVersion } from './fingerprint.js';
import { formatHeader, formatPlanFaults, formatSummary, formatVerdict } from './format-run.js';
import { overrideWords, overridesOf, type OverrideArgs } from './run-options.js';
import { UsageError } from './usage-error.js';
import { shellWords } from './shell-quote.js';
import { checkHtmlTarget, checkOutputTarget, writeOutputFile } from './write-output.js';
import { HISTORY_FORMAT } from '@raft-check/checker';
import { FAILURE_FORMAT } from '../corpus/failure-file.js';
import { checkPlan, RunShapeError } from '../corpus/run-limits.js';
import { isSweep, rejectSweepOnlyFlags, sweepArgsOf, type SweepArgs } from './sweep-options.js';
import { runJson } from './run-json.js';
import { loadSystem } from '../harness/system-module.js';
import { ReportWriteError, writeRunReport } from '../report/write-run-report.js';

export interface RunArgs extends OverrideArgs, Partial<Omit<SweepArgs, keyof OverrideArgs | 'system'>> {
  system: string | undefined;
  seed: number | undefined;
  plan: string | undefined;
  trace: boolean;
  'check-determinism': boolean;
  'save-plan': string | undefined;
  'save-history': string | undefined;
  report: string | undefined;
}

/** What `raft-check` does with its flags (src/cli/commands/run.ts declares them). */
export function handleRun(args: RunArgs): Promise<number> | undefined {
  // Errors, thrown here or rejected later, reach main's one handler (exit 2 for bad input, 255 otherwise).
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  if (!isSweep(args)) {
    rejectSweepOnlyFlags(args);
    const execute = args.json === true ? executeRunJson : executeRun;
    if (args.system === undefined) {
      process.exitCode = execute(args, defaultSystem, print);
      return undefined;
    }
    return loadSystem(args.system).then((system) => (process.exitCode = execute(args, system, print)));
  }
  // The sweep machinery (worker pool, results store, JUnit) loads only for a sweep; it finishes on its own.
  const sweepArgs = sweepArgsOf(args);
  return import('./sweep-mode.js').then(({ executeSweep }) => executeSweep(sweepArgs, print, process.stderr)).then((code) => (process.exitCode = code));
}

/** --json: the run as one JSON document (see run-json.ts) instead of the text lines. Exported for tests. */
export function executeRunJson(args: RunArgs, system: System, print: (line: string) => void): number {
  const excluded = (['trace', 'check-determinism', 'report'] as const).filter((name) => args[name] !== undefined && args[name] !== false);
  if (excluded.length > 0) throw new UsageError(`--json prints one JSON document; it does not combine with --${excluded.join(', --')}`);
  const plan = loadPlan(args);
  checkSaveTargets(args);
  const result = runPlan(plan, system, { codeVersion: codeVersion() });
  if (args['save-plan'] !== undefined) writeJson(args['save-plan'], plan);
  if (args['save-history'] !== undefined) writeJson(args['save-history'], result.history);
  print(JSON.stringify(runJson(result, system.factory.name, replayCommand(args, plan)), null, 2));
  return exitCodeOf(result);
}

/** --save-plan and --save-history must be writable before the run, not found unwritable after it. */
function checkSaveTargets(args: RunArgs): void {
  for (const flag of ['save-plan', 'save-history'] as const) {
    const path = args[flag];
    if (path !== undefined) checkOutputTarget(`--${flag}`, path);
  }
}

/** Runs the command; returns the exit code. Exported for tests. */
export function executeRun(args: RunArgs, system: System, print: (line: string) => void): number {
  const plan = loadPlan(args);
  if (args.report !== undefined) checkHtmlTarget('--report', args.report);
  checkSaveTargets(args);
  const version = codeVersion();
  const onTraceEvent = args.trace ? (event: Parameters<typeof formatTraceEvent>[0]) => print(formatTraceEvent(event)) : undefined;

  // The header comes first, so that --trace lines follow the world they describe.
  for (const line of formatHeader(plan, system.factory.name, `${version}:${configHash(plan.config)}`)) print(line);
  if (args.trace) for (const line of formatPlanFaults(plan)) print(line);
  const started = performance.now();
  const result = runPlan(plan, system, { codeVersion: version, keepTrace: args['check-determinism'] || args.report !== undefined, ...(onTraceEvent ? { onTraceEvent } : {}) });
  const wallMs = performance.now() - started;

  for (const line of formatSummary(result, wallMs)) print(line);
  print(`trace hash: ${result.traceHash} (${result.stats.traceEvents} events)`);
  print(formatVerdict(result));
  if (args['save-plan'] !== undefined) writeJson(args['save-plan'], plan);
  if (args['save-history'] !== undefined) writeJson(args['save-history'], result.history);
  if (args.report !== undefined) {
    try {
      const bytes = writeRunReport(result, args.report, { replayCommand: replayCommand(args, plan), implementation: system.factory.name });
      print(`report: ${args.report} (${Math.round(bytes / 1024)} KB)`);
    } catch (error) {
      if (error instanceof ReportWriteError) throw new UsageError(error.message);
      throw error;
    }
  }

  if (args['check-determinism']) {
    const again = runPlan(plan, system, { codeVersion: version, keepTrace: true });
    const divergence = firstDivergence(result.trace ?? [], again.trace ?? []);
    if (divergence !== null || again.traceHash !== result.traceHash) {
      print(`determinism: FAIL, the second run diverged at trace event #${divergence?.index ?? '?'}`);
      print(`  first run:  ${divergence?.first ? formatTraceEvent(divergence.first) : '(no event)'}`);
      print(`  second run: ${divergence?.second ? formatTraceEvent(divergence.second) : '(no event)'}`);
      print(`replay: ${replayCommand(args, plan)}`);
      return EXIT_CODES.nondeterminism;
    }
    print(`determinism: ok (2 runs, identical traces, hash ${result.traceHash})`);
  }
  print(`replay: ${replayCommand(args, plan)}`);
  return exitCodeOf(result);
}

function loadPlan(args: RunArgs): Plan {
  if (args.plan !== undefined) {
    if (args.seed !== undefined) throw new UsageError('give either --seed or --plan, not both');
    const overridden = ['nodes', 'clients', 'ops', 'duration', 'profile', 'bug'].filter((name) => args[name as keyof RunArgs] !== undefined);
    if (overridden.length > 0) throw new UsageError(`--plan fixes the whole run; edit the plan instead of passing --${overridden.join(', --')}`);
    let raw: unknown;
    try {
      raw = parseStrictJson(strictUtf8(readBounded(args.plan)));
    } catch (error) {
      throw new UsageError(`cannot read plan ${args.plan}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const format = typeof raw === 'object' && raw !== null ? (raw as { format?: unknown }).format : undefined;
    if (typeof format === 'string' && format !== PLAN_FORMAT) {
      const hint = format === FAILURE_FORMAT ? ' (run a failure file with raft-check replay)' : format === HISTORY_FORMAT ? ' (check a history with raft-check check)' : '';
      throw new UsageError(`${args.plan} is a ${format} file, not a plan (${PLAN_FORMAT})${hint}`);
    }
    try {
      return checkPlan('plan', raw);
    } catch (error) {
      if (error instanceof RunShapeError) throw new UsageError(`invalid plan ${args.plan}: ${error.message}`);
      throw error;
    }
  }
  if (args.seed === undefined) throw new UsageError('missing --seed N (or --plan FILE)');
  return drawPlan(args.seed, overridesOf(args));
}

/** The command that reproduces this run exactly (same flags that shaped it, nothing else), ready to paste into a shell. */
export function replayCommand(args: RunArgs, plan: Plan): string {
  if (args.plan !== undefined) return shellWords(['raft-check', '--plan', args.plan, ...(args.system === undefined ? [] : ['--system', args.system])]);
  return shellWords(['raft-check', '--seed', String(plan.config.seed), ...overrideWords(overridesOf(args), args.system)]);
}

/** A plan or history the user asked for: atomic, and never over a file with other content. */
function writeJson(path: string, value: unknown): void {
  writeOutputFile(path, `${JSON.stringify(value, null, 1)}\n`, 'same-content');
}
