/**
 * `raft-check shrink --seed N` (or `raft-check shrink FILE`): find a smaller
 * run that fails the same way, print the sizes before and after and the
 * final plan in words, and save it as a failure file that replays on its own.
 */

import { existsSync, writeFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_CORPUS_DIR, readFailureFile, saveFailureFile } from '../corpus/corpus-dir.js';
import { failureFileOf, FailureFileError, serializeFailureFile, type FailureFile } from '../corpus/failure-file.js';
import { defaultSystem, describeFault, describeInput, drawPlan, EXIT_CODES, exitCodeOf, failureKindLabel, runPlan, type ConfigOverrides, type Plan, type RunResult, type System } from '../sim/index.js';
import { describeSize, planWeight } from '../shrink/plan-size.js';
import { shrinkPlan } from '../shrink/shrink.js';
import { codeVersion } from './fingerprint.js';
import { overridesOf, withOverrideOptions, type OverrideArgs } from './run-options.js';
import { exitWithUsageError, UsageError } from './usage-error.js';

export interface ShrinkArgs extends OverrideArgs {
  file: string | undefined;
  seed: number | undefined;
  budget: number;
  'max-runs': number | undefined;
  save: string;
}

type Print = (line: string) => void;

/** The plan in words: fault schedule, then each client's operations. */
export function describePlanInWords(plan: Plan): string[] {
  const lines = [`${plan.config.nodes} nodes, ${plan.clients.length} clients, safety phase ${plan.config.safetyMs}ms`];
  lines.push(`faults: ${plan.faults.length === 0 ? '(none)' : plan.faults.map(describeFault).join('; ')}`);
  plan.clients.forEach((ops, client) => {
    const words = ops.map((op) => `${op.afterMs > 0 ? `+${op.afterMs}ms ` : ''}${describeInput(op.input)}`);
    lines.push(`client ${client}: ${words.length === 0 ? '(no operations)' : words.join('; ')}`);
  });
  return lines;
}

/** Exported for tests. */
export function executeShrink(args: ShrinkArgs, system: System, print: Print, clock: () => number): number {
  if (!Number.isFinite(args.budget) || args.budget <= 0) throw new UsageError(`--budget must be a positive number of seconds, got ${args.budget}`);
  const version = codeVersion();
  let plan: Plan;
  let overrides: ConfigOverrides;
  let seed: number;
  let sourceFile: string | null = null;
  if (args.file !== undefined) {
    if (args.seed !== undefined) throw new UsageError('give either a failure file or --seed, not both');
    if (!existsSync(args.file)) throw new UsageError(`no such file: ${args.file}`);
    let file: FailureFile;
    try {
      file = readFailureFile(args.file);
    } catch (error) {
      if (error instanceof FailureFileError) throw new UsageError(error.message);
      throw error;
    }
    plan = file.shrunk?.plan ?? drawPlan(file.seed, file.overrides);
    overrides = file.overrides;
    seed = file.seed;
    sourceFile = args.file;
  } else {
    if (args.seed === undefined) throw new UsageError('missing --seed N (or a failure file to shrink)');
    if (!Number.isSafeInteger(args.seed) || args.seed < 0) throw new UsageError(`--seed must be an integer >= 0, got ${args.seed}`);
    seed = args.seed;
    overrides = overridesOf(args);
    plan = drawPlan(seed, overrides);
  }

  const original = runPlan(plan, system, { codeVersion: version });
  if (original.failure === null) {
    print(`seed ${seed} passes: nothing to shrink`);
    return EXIT_CODES.pass;
  }
  const failure = original.failure;
  print(`shrink seed ${seed}: fails with ${failureKindLabel(failure)} at t=${failure.time}ms: ${failure.message}`);
  const started = clock();
  const shrunk = shrinkPlan(plan, failure, {
    system,
    clock,
    budgetMs: args.budget * 1000,
    ...(args['max-runs'] === undefined ? {} : { maxRuns: args['max-runs'] }),
    codeVersion: version,
    onProgress: (step) => print(`  run ${step.runs}: ${step.what} -> ${describeSize(step.size)}`),
  });
  const seconds = ((clock() - started) / 1000).toFixed(1);
  const factor = planWeight(shrunk.from) / Math.max(planWeight(shrunk.to), 1e-9);
  // Plans list more operations than a run gets to issue; say both, so the factor is not flattered.
  const issued = (result: RunResult): number => result.stats.ops.ok + result.stats.ops.gaveUp + result.stats.ops.pending;
  print(`before: ${describeSize(shrunk.from)} (${issued(original)} operations issued)`);
  print(`after:  ${describeSize(shrunk.to)} (${issued(shrunk.result)} issued)  (${factor.toFixed(1)}x smaller by weight, ${shrunk.runs} runs in ${seconds}s${shrunk.budgetExhausted ? ', budget used up: --budget for more' : ''})`);
  print('shrunk plan:');
  for (const line of describePlanInWords(shrunk.plan)) print(`  ${line}`);
  const file = failureFileOf(shrunk.result, overrides, { plan: shrunk.plan, from: shrunk.from, to: shrunk.to }, original);
  const path = sourceFile ?? saveFailureFile(args.save, file);
  // A file given on the command line is re-saved in place: it keeps its name and gains the shrunk plan.
  if (sourceFile !== null) writeFileSync(sourceFile, serializeFailureFile(file));
  print(`saved: ${path}`);
  print(`replay: raft-check replay ${path}`);
  return exitCodeOf(shrunk.result);
}

export const shrinkCommand: CommandModule<object, ShrinkArgs> = {
  command: 'shrink [file]',
  describe: 'Find a smaller run (fewer operations, clients, faults, nodes, less time) that fails the same way',
  builder: (yargs: Argv<object>) =>
    withOverrideOptions(yargs)
      .positional('file', { type: 'string', describe: 'A failure file to shrink (updated in place)' })
      .option('seed', { type: 'number', describe: 'A failing seed to shrink' })
      .option('budget', { type: 'number', default: 60, describe: 'Wall-clock seconds to spend shrinking' })
      .option('max-runs', { type: 'number', describe: 'Stop after this many candidate runs' })
      .option('save', { type: 'string', default: DEFAULT_CORPUS_DIR, describe: 'Folder for the shrunk failure file (with --seed)' })
      .example('raft-check shrink --seed 9 --bug stale-local-read', 'shrink a failing seed and save it to histories/')
      .example('raft-check shrink histories/seed-42.json --budget 120', 'shrink a saved failure in place') as unknown as Argv<ShrinkArgs>,
  handler: (args) => {
    try {
      process.exitCode = executeShrink(args, defaultSystem, (line) => process.stdout.write(`${line}\n`), () => performance.now());
    } catch (error) {
      if (error instanceof UsageError) exitWithUsageError(error.message);
      throw error;
    }
  },
};
