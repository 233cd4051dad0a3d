/**
 * Shrinking a failing run: find a smaller plan that fails the same way.
 *
 * Greedy delta debugging over the plan. Each reduction pass proposes smaller
 * plans; the first one whose run fails with the same signature (failure kind
 * and invariant) becomes the current plan, and the pass starts over on it.
 * Passes repeat until a full round makes no progress or the budget (wall
 * time, supplied as a clock so this stays testable, and a run count) is spent.
 * Every run is deterministic, so the shrunk plan replays exactly.
 */

import { runPlan, validatePlan, type Plan, type RunFailure, type RunResult, type System } from '../sim/index.js';
import { planSize, planWeight, type PlanSize } from './plan-size.js';
import { REDUCTION_PASSES } from './plan-reductions.js';

export interface ShrinkOptions {
  readonly system: System;
  /** Milliseconds since some origin; the shrinker stops when `budgetMs` have passed. */
  readonly clock: () => number;
  readonly budgetMs: number;
  readonly maxRuns?: number;
  readonly codeVersion?: string;
  /** Told about each accepted reduction. */
  readonly onProgress?: (step: { what: string; size: PlanSize; runs: number }) => void;
  /** Asked between runs: true ends the shrink with the smallest failing plan found so far (Ctrl-C). */
  readonly stop?: () => boolean;
}

export interface ShrinkResult {
  readonly original: Plan;
  readonly plan: Plan;
  readonly from: PlanSize;
  readonly to: PlanSize;
  readonly failure: RunFailure;
  readonly result: RunResult;
  readonly runs: number;
  /** True when the budget ran out before the plan stopped shrinking. */
  readonly budgetExhausted: boolean;
  /** True when `stop` ended the shrink early. */
  readonly stopped: boolean;
}

export function failureSignature(failure: RunFailure): string {
  return `${failure.kind}:${failure.invariant}`;
}

export function shrinkPlan(original: Plan, originalFailure: RunFailure, options: ShrinkOptions): ShrinkResult {
  const steps = shrinkSteps(original, originalFailure, options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * The same shrink, handing the event loop a turn after every run, so that a
 * Ctrl-C handler can set `stop` while it works (a synchronous loop of many
 * seconds never lets a signal handler run).
 */
export async function shrinkPlanYielding(original: Plan, originalFailure: RunFailure, options: ShrinkOptions): Promise<ShrinkResult> {
  const steps = shrinkSteps(original, originalFailure, options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The greedy shrink as a generator that yields after each candidate run. */
function* shrinkSteps(original: Plan, originalFailure: RunFailure, options: ShrinkOptions): Generator<void, ShrinkResult> {
  const started = options.clock();
  const maxRuns = options.maxRuns ?? Number.POSITIVE_INFINITY;
  const signature = failureSignature(originalFailure);
  let runs = 0;
  let budgetExhausted = false;
  let stopped = false;
  let current = original;
  let currentResult: RunResult | null = null;
  const outOfBudget = (): boolean => {
    stopped ||= options.stop?.() === true;
    budgetExhausted ||= runs >= maxRuns || options.clock() - started >= options.budgetMs;
    return stopped || budgetExhausted;
  };

  const stillFails = (candidate: Plan): RunResult | null => {
    try {
      validatePlan(candidate);
    } catch {
      return null;
    }
    runs += 1;
    const result = runPlan(candidate, options.system, options.codeVersion === undefined ? {} : { codeVersion: options.codeVersion });
    return result.failure !== null && failureSignature(result.failure) === signature ? result : null;
  };

  let progress = true;
  while (progress && !outOfBudget()) {
    progress = false;
    for (const [, pass] of REDUCTION_PASSES) {
      let restartPass = true;
      while (restartPass && !outOfBudget()) {
        restartPass = false;
        for (const reduction of pass(current)) {
          if (outOfBudget()) break;
          if (planWeight(planSize(reduction.plan)) >= planWeight(planSize(current)) && !isSimplerMix(reduction.plan, current)) continue;
          const result = stillFails(reduction.plan);
          yield;
          if (result === null) continue;
          current = reduction.plan;
          currentResult = result;
          progress = true;
          restartPass = true;
          options.onProgress?.({ what: reduction.what, size: planSize(current), runs });
          break;
        }
      }
    }
  }

  // Make sure the result we hand back is the final plan's own run.
  const finalResult = currentResult ?? runPlan(current, options.system, options.codeVersion === undefined ? {} : { codeVersion: options.codeVersion });
  return {
    original,
    plan: current,
    from: planSize(original),
    to: planSize(current),
    failure: finalResult.failure ?? originalFailure,
    result: finalResult,
    runs,
    budgetExhausted,
    stopped,
  };
}

/** Calming the fault mix does not change the plan's size but is still a simplification. */
function isSimplerMix(candidate: Plan, current: Plan): boolean {
  const a = candidate.config.faults;
  const b = current.config.faults;
  const score = (mix: typeof a): number => mix.dropRate + mix.duplicateRate + mix.delay.tailRate + mix.tornWriteRate;
  const crashesInFsync = (plan: Plan): number => plan.faults.filter((fault) => fault.kind === 'crash' && fault.duringFsync).length;
  return score(a) < score(b) || crashesInFsync(candidate) < crashesInFsync(current) || sumThink(candidate) < sumThink(current);
}

function sumThink(plan: Plan): number {
  return plan.clients.reduce((sum, ops) => sum + ops.reduce((s, op) => s + op.afterMs, 0), 0);
}
