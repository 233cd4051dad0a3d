/**
 * `raft-check --seed N`: draw a seed's world, run it, print header, summary,
 * trace hash, verdict and the exact replay command. Exit codes: 0 pass,
 * 1 safety or linearizability violation, 2 bad input, 3 checker unknown,
 * 4 liveness failure, 5 nondeterminism (--check-determinism).
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import {
  defaultSystem,
  drawPlan,
  EXIT_CODES,
  exitCodeOf,
  configHash,
  firstDivergence,
  formatTraceEvent,
  runPlan,
  validatePlan,
  type Plan,
  type System,
} from '../sim/index.js';
import { AssertionFailure } from '../util/assert.js';
import { codeVersion } from './fingerprint.js';
import { formatHeader, formatPlanFaults, formatSummary, formatVerdict } from './format-run.js';
import { integerFlag, overrideFlags, overridesOf, withOverrideOptions, type OverrideArgs } from './run-options.js';
import { exitWithUsageError, UsageError } from './usage-error.js';
import { executeSweep, type SweepArgs } from './sweep-mode.js';
import { DEFAULT_CORPUS_DIR } from '../corpus/corpus-dir.js';
import { loadSystem, SystemModuleError } from '../harness/system-module.js';
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

export const runCommand: CommandModule<object, RunArgs> = {
  command: '$0',
  describe: 'Simulate one seeded run of the Raft KV cluster under faults and check it',
  builder: (yargs: Argv<object>) =>
    withOverrideOptions(yargs)
      .option('seed', { type: 'number', describe: 'The run to simulate (integer >= 0); the same seed replays the same run' })
      .option('plan', { type: 'string', describe: 'Run a saved plan (JSON, see --save-plan) instead of drawing one from --seed' })
      .option('trace', { type: 'boolean', default: false, describe: 'Print one line per trace event' })
      .option('check-determinism', { type: 'boolean', default: false, describe: 'Run twice and compare the traces (exit 5 on a difference)' })
      .option('save-plan', { type: 'string', describe: 'Write the executed plan (JSON) to this file' })
      .option('save-history', { type: 'string', describe: 'Write the recorded history (raft-check/history@1 JSON) to this file' })
      .option('report', { type: 'string', describe: 'Write a self-contained HTML report of the run (timeline, messages, history, verdict)' })
      .option('system', { type: 'string', describe: 'Test your own implementation: an ESM module exporting a NodeFactory as `factory`, or exec:\'CMD ARGS\' to run each node as a subprocess speaking the step protocol (docs/protocol.md)' })
      .option('seeds', { type: 'string', describe: 'Sweep: run many seeds, A..B (e.g. 1..10000) or N (N seeds from a random start)' })
      .option('shard', { type: 'string', describe: 'Sweep: run only the K-th of N slices of the range (K/N), for CI matrices' })
      .option('workers', { type: 'number', describe: 'Sweep: worker threads (default: all cores)' })
      .option('fail-fast', { type: 'boolean', default: false, describe: 'Sweep: stop at the first failing seed' })
      .option('json', { type: 'boolean', default: false, describe: 'Sweep: print the summary as JSON' })
      .option('junit', { type: 'string', describe: 'Sweep: write a JUnit XML report to this file' })
      .option('save', { type: 'string', default: DEFAULT_CORPUS_DIR, describe: 'Sweep: folder where failing seeds are saved' })
      .group(['seeds', 'shard', 'workers', 'fail-fast', 'json', 'junit', 'save'], 'Sweeps:')
      .example('raft-check --seed 42', 'run seed 42')
      .example('raft-check --seed 42 --nodes 5 --trace', 'seed 42 on five nodes, printing every event')
      .example('raft-check --seed 7 --check-determinism', 'verify that seed 7 replays identically')
      .example('raft-check --seeds 1..10000', 'sweep ten thousand seeds on all cores')
      .example('raft-check --seeds 1..10000 --shard 3/8 --junit out.xml', 'the third of eight CI shards of that sweep')
      .epilog(
        'Exit codes: 0 pass, 1 safety or linearizability violation, 2 usage error, 3 checker gave no verdict, 4 liveness failure, 5 nondeterminism.\n' +
          'Client<->node traffic is delayed and dropped but never partitioned; peer traffic suffers every fault.',
      ) as unknown as Argv<RunArgs>,
  handler: (args) => {
    const print = (line: string): void => void process.stdout.write(`${line}\n`);
    const fail = (error: unknown): void => {
      if (error instanceof UsageError || error instanceof SystemModuleError) exitWithUsageError(error.message);
      throw error;
    };
    try {
      if (args.seeds === undefined) {
        if (args.system === undefined) {
          process.exitCode = executeRun(args, defaultSystem, print);
          return;
        }
        loadSystem(args.system).then((system) => (process.exitCode = executeRun(args, system, print)), fail);
        return;
      }
      // yargs runs handlers synchronously (parseSync): the sweep finishes on its own.
      executeSweep(sweepArgsOf(args), print, process.stderr).then((code) => (process.exitCode = code), fail);
    } catch (error) {
      fail(error);
    }
  },
};

function sweepArgsOf(args: RunArgs): SweepArgs {
  const conflicting = (['seed', 'plan', 'trace', 'check-determinism', 'save-plan', 'save-history', 'report'] as const).filter(
    (name) => args[name] !== undefined && args[name] !== false,
  );
  if (conflicting.length > 0) throw new UsageError(`--seeds runs a sweep; it does not combine with --${conflicting.join(', --')}`);
  return {
    ...args,
    seeds: args.seeds as string,
    shard: args.shard,
    workers: args.workers,
    junit: args.junit,
    'fail-fast': args['fail-fast'] === true,
    json: args.json === true,
    save: args.save ?? DEFAULT_CORPUS_DIR,
    system: args.system,
  };
}

/** Runs the command; returns the exit code. Exported for tests. */
export function executeRun(args: RunArgs, system: System, print: (line: string) => void): number {
  const plan = loadPlan(args);
  if (args.report !== undefined && !existsSync(dirname(resolve(args.report)))) {
    throw new UsageError(`cannot write --report ${args.report}: folder ${dirname(resolve(args.report))} does not exist`);
  }
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
    let plan: Plan;
    try {
      plan = JSON.parse(readFileSync(args.plan, 'utf8')) as Plan;
    } catch (error) {
      throw new UsageError(`cannot read plan ${args.plan}: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      validatePlan(plan);
    } catch (error) {
      if (error instanceof AssertionFailure || error instanceof TypeError) throw new UsageError(`invalid plan ${args.plan}: ${error.message}`);
      throw error;
    }
    return plan;
  }
  if (args.seed === undefined) throw new UsageError('missing --seed N (or --plan FILE)');
  return drawPlan(integerFlag('seed', args.seed, 0, Number.MAX_SAFE_INTEGER), overridesOf(args));
}

/** The command that reproduces this run exactly (same flags that shaped it, nothing else). */
export function replayCommand(args: RunArgs, plan: Plan): string {
  if (args.plan !== undefined) return `raft-check --plan ${args.plan}`;
  return `raft-check --seed ${plan.config.seed}${overrideFlags(overridesOf(args))}`;
}

function writeJson(path: string, value: unknown): void {
  try {
    writeFileSync(path, `${JSON.stringify(value, null, 1)}\n`);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
