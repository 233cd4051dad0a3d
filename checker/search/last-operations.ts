/**
 * Leaves out of a partition's search the unanswered operations its model says
 * can go last (Model.movableToEnd), and puts them back after the search: they
 * go at the end of a linearization, in any order, and never appear in an
 * abandoned prefix (the history is linearizable exactly when the rest is, so a
 * prefix of the rest that cannot be extended is where the check got stuck).
 */

import type { Operation } from '../history.js';
import type { Model } from '../model.js';
import type { StuckAttempt } from './partition-search.js';

export interface SearchPlan {
  /** Partition-local indices of the operations searched, ascending. */
  searched: number[];
  /** Partition-local indices of the operations that go last, ascending. */
  last: number[];
}

export function planSearch<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
): SearchPlan {
  const movable = model.movableToEnd?.(operations);
  const plan: SearchPlan = { searched: [], last: [] };
  for (let index = 0; index < operations.length; index++) {
    if (movable?.[index] === true && operations[index]!.return === null) plan.last.push(index);
    else plan.searched.push(index);
  }
  return plan;
}

/** A linearization of the searched operations (their own indices) as partition-local indices, with the others last. */
export function fullLinearization(plan: SearchPlan, linearization: readonly number[] | null): number[] | null {
  return linearization === null ? null : [...linearization.map((searched) => plan.searched[searched]!), ...plan.last];
}

/** Abandoned attempts over the searched operations, in partition-local indices. */
export function partitionAttempts(plan: SearchPlan, attempts: readonly StuckAttempt[]): StuckAttempt[] {
  return attempts.map((attempt) => ({
    prefix: attempt.prefix.map((searched) => plan.searched[searched]!),
    stuckOperation: plan.searched[attempt.stuckOperation]!,
  }));
}
