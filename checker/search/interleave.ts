/**
 * Runs the searches of all partitions on one thread, round-robin in slices of
 * a few thousand steps, so that one hard partition cannot hold up the answer:
 * the first partition found not linearizable decides the whole history, and
 * the others stop right there (unless `verbose`). Checking partitions one by
 * one instead would spend tens of seconds on one hard but linearizable key of
 * kv/c50-bad before reaching a key that fails in milliseconds.
 *
 * The clock, when given, is polled between slices only.
 */

import type { Budget } from '../options.js';
import type { UnknownReason } from '../result.js';
import type { SearchStatus } from './partition-search.js';

/** Steps one partition runs before the next gets its turn (and the clock is polled). */
export const SLICE_STEPS = 2048;

/** The part of a partition search the scheduler drives. */
export interface ResumableSearch {
  readonly status: SearchStatus;
  run(maxSteps: number): number;
}

/** Why the scheduler stopped before every search finished, or null when all did. */
export type StopReason = Exclude<UnknownReason, 'cache'> | null;

export function runInterleaved(searches: readonly ResumableSearch[], budget: Budget): StopReason {
  const deadline = budget.clock === null ? Number.POSITIVE_INFINITY : budget.clock() + budget.timeoutMs;
  let stepsLeft = budget.maxSteps;
  let stepsSinceClock = 0;
  let active = searches.filter((search) => search.status === 'running');

  while (active.length > 0) {
    for (const search of active) {
      // Budgets are checked before a slice, so a search that finishes on the
      // very last step still counts as finished.
      if (stepsLeft <= 0) return 'steps';
      if (budget.clock !== null && stepsSinceClock >= SLICE_STEPS) {
        stepsSinceClock = 0;
        if (budget.clock() >= deadline) return 'time';
      }
      const steps = search.run(Math.min(SLICE_STEPS, stepsLeft));
      stepsLeft -= steps;
      stepsSinceClock += steps;
      if (search.status === 'not linearizable' && !budget.verbose) return 'stopped';
    }
    active = active.filter((search) => search.status === 'running');
  }
  return null;
}
