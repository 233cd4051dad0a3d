/**
 * `raft-check shrink --seed N` (or `raft-check shrink FILE`): find a smaller
 * run that fails the same way, print the sizes before and after and the
 * final plan in words, and save it as a failure file that replays on its own.
 */

import { existsSync } from 'node:fs';
import { checkCorpusFolder, CorpusFolderError } from '../results/corpus-copy.js';
import { readFailureFile, saveFailureFile } from '../corpus/corpus-dir.js';
import { DEFAULT_CORPUS_DIR } from '../corpus/default-corpus-dir.js';
import { failureFileOf, serializeFailureFile } from '../corpus/failure-file.js';
import { systemForFile } from '../corpus/file-system.js';
import { loadSystem } from '../harness/system-module.js';
import { systemRef, type SystemRef } from '../harness/system-ref.js';
import { describeFault, describeInput, drawPlan, EXIT_CODES, exitCodeOf, failureKindLabel, runPlan, type ConfigOverrides, type Plan, type RunResult, type System } from '../sim/index.js';
import { describeSize, planWeight } from '../shrink/plan-size.js';
import { shrinkPlanYielding } from '../shrink/shrink.js';
import { codeVersion } from './fingerprint.js';
import { EXIT_INTERRUPTED, watchInterrupt } from './interrupt.js';
import { integerFlag, overridesOf, type OverrideArgs } from './run-options.js';
import { shellWords } from './shell-quote.js';
import { UsageError } from './usage-error.js';
import { shownName } from './shown-name.js';
import { writeOutputFile } from './write-output.js';

/** The largest --max-runs: a billion candidate runs is past any wall-clock budget. */
const MAX_RUNS = 1_000_000_000;

export interface ShrinkArgs extends OverrideArgs {
  file: string | undefined;
  seed: number | undefined;
  budget: number;
  'max-runs': number | undefined;
  /** The corpus folder for a shrunk --seed (default histories/); with a failure file, refused: it is shrunk in place. */
  save: string | undefined;
  system: string | undefined;
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

/** What to shrink: a failure file's run (on the system it recorded) or a seed's (on --system or our Raft). */
interface ShrinkTarget {
  plan: Plan;
  overrides: ConfigOverrides;
  seed: number;
  sourceFile: string | null;
  system: System;
  systemRef: SystemRef | null;
}

/** `injected`: a System object from a test, used instead of --system. */
async function shrinkTarget(args: ShrinkArgs, injected: System | undefined, print: Print): Promise<ShrinkTarget> {
  if (args.file !== undefined) {
    if (args.seed !== undefined) throw new UsageError('give either a failure file or --seed, not both');
    // Silently ignored before: the user who named a folder expected the file left as it is.
    if (args.save !== undefined) throw new UsageError(`--save is for --seed: a failure file is shrunk in place (${args.file}); copy it first to keep the original`);
    if (!existsSync(args.file)) throw new UsageError(`no such file: ${shownName(args.file)}`);
    const file = readFailureFile(args.file);
    const { system, ref, warnings } = await systemForFile(file, injected ?? args.system, args.file);
    for (const warning of warnings) print(warning);
    return { plan: file.shrunk?.plan ?? drawPlan(file.seed, file.overrides), overrides: file.overrides, seed: file.seed, sourceFile: args.file, system, systemRef: ref };
  }
  if (args.seed === undefined) throw new UsageError('missing --seed N (or a failure file to shrink)');
  // Found only when saving, a file in the way lost the whole budget of shrinking.
  try {
    checkCorpusFolder(args.save ?? DEFAULT_CORPUS_DIR);
  } catch (error) {
    if (error instanceof CorpusFolderError) throw new UsageError(error.message);
    throw error;
  }
  const overrides = overridesOf(args);
  const system = injected ?? (await loadSystem(args.system));
  const ref = args.system === undefined ? null : systemRef(args.system);
  return { plan: drawPlan(args.seed, overrides), overrides, seed: args.seed, sourceFile: null, system, systemRef: ref };
}

/** Exported for tests (which may pass a System; the command passes undefined and uses --system or the file's). */
export async function executeShrink(args: ShrinkArgs, injected: System | undefined, print: Print, clock: () => number): Promise<number> {
  if (!Number.isFinite(args.budget) || args.budget <= 0) throw new UsageError(`--budget must be a positive number of seconds, got ${args.budget}`);
  // Unchecked, NaN (--max-runs abc) meant no limit at all and -3 meant none, both silently.
  if (args['max-runs'] !== undefined) integerFlag('max-runs', args['max-runs'], 1, MAX_RUNS);
  const target = await shrinkTarget(args, injected, print);
  const version = codeVersion();
  const { plan, overrides, seed, sourceFile, system } = target;

  const original = runPlan(plan, system, { codeVersion: version });
  if (original.failure === null) {
    print(`seed ${seed} passes: nothing to shrink`);
    return EXIT_CODES.pass;
  }
  const failure = original.failure;
  print(`shrink seed ${seed}: fails with ${failureKindLabel(failure)} at t=${failure.time}ms: ${failure.message}`);
  const started = clock();
  const interrupt = watchInterrupt('saving the smallest failing plan found so far');
  const shrunk = await shrinkPlanYielding(plan, failure, {
    system,
    clock,
    budgetMs: args.budget * 1000,
    ...(args['max-runs'] === undefined ? {} : { maxRuns: args['max-runs'] }),
    codeVersion: version,
    onProgress: (step) => print(`  run ${step.runs}: ${step.what} -> ${describeSize(step.size)}`),
    stop: interrupt.interrupted,
  }).finally(interrupt.stop);
  const seconds = ((clock() - started) / 1000).toFixed(1);
  const factor = planWeight(shrunk.from) / Math.max(planWeight(shrunk.to), 1e-9);
  // Plans list more operations than a run gets to issue; say both, so the factor is not flattered.
  const issued = (result: RunResult): number => result.stats.ops.ok + result.stats.ops.gaveUp + result.stats.ops.pending;
  print(`before: ${describeSize(shrunk.from)} (${issued(original)} operations issued)`);
  const limit = shrunk.runs >= (args['max-runs'] ?? Number.POSITIVE_INFINITY) ? '--max-runs' : '--budget';
  print(`after:  ${describeSize(shrunk.to)} (${issued(shrunk.result)} issued)  (${factor.toFixed(1)}x smaller by weight, ${shrunk.runs} runs in ${seconds}s${shrunk.stopped ? ', interrupted: Ctrl-C' : shrunk.budgetExhausted ? `, budget used up: ${limit} for more` : ''})`);
  print('shrunk plan:');
  for (const line of describePlanInWords(shrunk.plan)) print(`  ${line}`);
  const file = failureFileOf(shrunk.result, overrides, { plan: shrunk.plan, from: shrunk.from, to: shrunk.to }, original, target.systemRef);
  // A file given on the command line is re-saved in place (atomically: on any error it stays as it was): it keeps its name and gains the shrunk plan.
  if (sourceFile !== null) writeOutputFile(sourceFile, serializeFailureFile(file), 'replace');
  const path = sourceFile ?? saveFailureFile(args.save ?? DEFAULT_CORPUS_DIR, file);
  print(`saved: ${path}`);
  print(`replay: ${shellWords(['raft-check', 'replay', path])}`);
  return shrunk.stopped ? EXIT_INTERRUPTED : exitCodeOf(shrunk.result);
}

/** What `raft-check shrink` does with its flags (src/cli/commands/shrink.ts declares them). */
export function handleShrink(args: ShrinkArgs): Promise<number> {
  const print: Print = (line) => process.stdout.write(`${line}\n`);
  return executeShrink(args, undefined, print, () => performance.now()).then((code) => (process.exitCode = code));
}
