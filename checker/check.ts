/** The checking entry points: a history file, or a model plus operations. */

import type { HistoryFile, Operation } from './history.js';
import type { Model, PartitionSpec } from './model.js';
import { resolveOptions, type CheckOptions } from './options.js';
import { assert } from './assert.js';
import { findModel } from './registry.js';
import { buildResult } from './report.js';
import type { CheckResult } from './result.js';
import { runInterleaved } from './search/interleave.js';
import type { CacheAllowance } from './search/memo-cache.js';
import { PartitionSearch } from './search/partition-search.js';
import { CutSearch } from './search/cut-search.js';
import { cutIntoParts } from './search/cuts.js';
import { fullLinearization, partitionAttempts, planSearch } from './search/last-operations.js';
import { validateHistory, validateOperations } from './validate.js';
import { operationsFromEvents, type HistoryEvent } from './events.js';

/** Checks a history against the model its `model` field names. Throws HistoryInputError on bad input. */
export function checkHistory(history: HistoryFile, options: CheckOptions = {}, fileName?: string): CheckResult {
  validateHistory(history, fileName);
  const model = findModel(history.model);
  assert(model !== undefined, 'validateHistory accepts only known models');
  return checkValidOperations(model, history.operations, options);
}

/** Checks operations against a model. Throws HistoryInputError on malformed operations. */
export function checkOperations<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  options: CheckOptions = {},
): CheckResult {
  validateOperations(model, operations);
  return checkValidOperations(model, operations, options);
}

function checkValidOperations<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  options: CheckOptions,
): CheckResult {
  const budget = resolveOptions(options);
  const partitions = partitionOf(model, operations);
  const allowance: CacheAllowance = { remaining: budget.maxCacheEntries };
  const plans = partitions.map((partition) => {
    const partitionOperations = partition.indices.map((index) => operations[index]!);
    const plan = planSearch(model, partitionOperations);
    return { plan, operations: plan.searched.map((local) => partitionOperations[local]!) };
  });
  const searches = plans.map(({ operations: searched }) => searchOf(model, searched, allowance, budget.cutAbove));
  const stopReason = runInterleaved(searches, budget);
  return buildResult(
    model,
    operations,
    partitions.map((partition, position) => {
      const search = searches[position]!;
      const plan = plans[position]!.plan;
      return {
        name: partition.name,
        operations: partition.indices,
        status: search.status,
        steps: search.steps,
        linearization: fullLinearization(plan, search.linearization),
        longestAttempts: partitionAttempts(plan, search.longestAttempts),
        setAside: plan.last.length,
      };
    }),
    stopReason,
  );
}

/**
 * The search of one partition: cut where nothing is concurrent (search/cuts.ts)
 * when it is long, or Porcupine's whole search when it is short or has no cut.
 */
function searchOf<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  allowance: CacheAllowance,
  cutAbove: number,
): PartitionSearch<State, Input, Output> | CutSearch<State, Input, Output> {
  if (operations.length <= cutAbove) return new PartitionSearch(model, operations, allowance);
  const parts = cutIntoParts(operations);
  return parts.length > 1 ? new CutSearch(model, operations, parts, allowance) : new PartitionSearch(model, operations, allowance);
}

/** The model's partitions, checked to cover every operation exactly once; one partition without a partition function. */
function partitionOf<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
): PartitionSpec[] {
  if (model.partition === undefined) {
    return [{ name: 'all operations', indices: operations.map((_, index) => index) }];
  }
  const partitions = model.partition(operations);
  const seen = new Uint8Array(operations.length);
  for (const partition of partitions) {
    for (const index of partition.indices) {
      assert(
        index >= 0 && index < operations.length && seen[index] === 0,
        () => `model ${model.name}: its partition function put operation ${index} in several parts, or it does not exist`,
      );
      seen[index] = 1;
    }
  }
  assert(seen.every((flag) => flag === 1), `model ${model.name}: its partition function left an operation out`);
  return partitions;
}

/** Checks a history given as call and return events (see events.ts). */
export function checkEvents<State, Input, Output>(
  model: Model<State, Input, Output>,
  events: readonly HistoryEvent<Input, Output>[],
  options: CheckOptions = {},
): CheckResult {
  return checkOperations(model, operationsFromEvents(events), options);
}
