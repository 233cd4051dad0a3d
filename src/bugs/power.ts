/**
 * Power of the harness: for one injected bug, run seeds from 1 upward (the
 * drawn swarm worlds, nothing pinned) until the first one that fails, up to a
 * cap. The number of seeds that took is the bug's "seeds to first failure";
 * a bug not caught within the cap is a hole in the harness (or its swarm).
 * The first failure is one draw of a geometric variable, so a window of seeds
 * that starts elsewhere (`raft-check power --from N`) gives another draw of
 * the same power: the spread across windows says how much a table is luck.
 *
 * Pure and deterministic: no clocks here (shrinking gets its clock from the
 * caller), so the same code answers the same way in the CLI and in tests.
 */

import type { ConfigOverrides, Plan, RunFailure, RunResult, System } from '../sim/index.js';
import { runSeed } from '../sim/index.js';
import type { BugName } from './catalog.js';

export interface FirstFailure {
  readonly seed: number;
  readonly result: RunResult;
}

/**
 * The first seed in [from, cap] whose run with `bug` switched on fails, or null.
 * `selfChecks` false runs the nodes without their own assertions (power with assertions off).
 */
export function firstFailingSeed(bug: BugName | null, cap: number, system: System, from = 1, selfChecks = true): FirstFailure | null {
  const overrides: ConfigOverrides = bug === null ? {} : { bugs: [bug] };
  if (!selfChecks) overrides.selfChecks = false;
  for (let seed = from; seed <= cap; seed++) {
    const result = runSeed(seed, overrides, system);
    if (result.failure !== null) return { seed, result };
  }
  return null;
}

/** One row of the power table. */
export interface BugPower {
  readonly bug: BugName;
  /** Seeds run until the first failure (counted from the window's first seed), or null if none failed within the cap. */
  readonly seedsToFailure: number | null;
  /** The failing seed itself (seedsToFailure when the window starts at seed 1), or null. */
  readonly seed: number | null;
  readonly cap: number;
  readonly failure: RunFailure | null;
  readonly failureKind: string | null;
  /** Operations + fault events of the failing plan, and of the shrunk plan (null when not shrunk). */
  readonly size: number | null;
  readonly shrunkSize: number | null;
  /** Wall time of the search (for the table only; never part of a verdict). */
  readonly wallMs: number;
}

export function planOpsAndFaults(plan: Plan): number {
  return plan.clients.reduce((sum, ops) => sum + ops.length, 0) + plan.faults.length;
}

/** Median of the seeds-to-failure of caught bugs (an uncaught bug counts as infinitely many). */
export function medianSeeds(rows: readonly BugPower[]): number {
  const values = rows.map((row) => row.seedsToFailure ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
  if (values.length === 0) return 0;
  const middle = Math.floor(values.length / 2);
  return values.length % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
}
