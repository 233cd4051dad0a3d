/**
 * Turns finished (or stopped) partition searches into the CheckResult: maps
 * partition-local operation numbers back to history indices and writes the
 * plain-words descriptions. Descriptions replay the reported prefix through
 * the model, which costs one pass over a prefix and happens only for
 * partitions that did not pass.
 */

import { assert } from './assert.js';
import type { Operation } from './history.js';
import { ILLEGAL, type Model } from './model.js';
import type { CheckResult, PartitionResult, StuckPrefix, UnknownReason, Verdict } from './result.js';
import type { SearchStatus, StuckAttempt } from './search/partition-search.js';

/** What the report needs from one partition's search. */
export interface SearchOutcome {
  name: string;
  /** History indices of the partition's operations, ascending. */
  operations: number[];
  status: SearchStatus;
  steps: number;
  /** Partition-local indices. */
  linearization: number[] | null;
  longestAttempts: readonly StuckAttempt[];
  /** How many never-answered operations the model let go last, outside the search (Model.movableToEnd). */
  setAside: number;
}

export function buildResult<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  outcomes: readonly SearchOutcome[],
  stopReason: Exclude<UnknownReason, 'cache'> | null,
): CheckResult {
  const partitions = outcomes.map((outcome) => partitionResult(model, operations, outcome, stopReason));
  const failed = partitions.find((partition) => partition.verdict === 'not linearizable');
  const unknown = partitions.find((partition) => partition.verdict === 'unknown');
  const verdict: Verdict = failed !== undefined ? 'not linearizable' : unknown !== undefined ? 'unknown' : 'linearizable';
  const unknownReason = verdict === 'unknown' ? unknown!.unknownReason : null;
  const steps = partitions.reduce((sum, partition) => sum + partition.steps, 0);
  let summary: string;
  if (failed !== undefined) summary = `not linearizable: ${failed.description}`;
  else if (unknown !== undefined) summary = `unknown: ${unknown.description}`;
  else summary = `linearizable (${operations.length} operations in ${partitions.length} ${partitions.length === 1 ? 'partition' : 'partitions'})`;
  return { verdict, model: model.name, unknownReason, partitions, steps, summary };
}

function partitionResult<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  outcome: SearchOutcome,
  stopReason: Exclude<UnknownReason, 'cache'> | null,
): PartitionResult {
  const toHistory = (local: number): number => outcome.operations[local]!;
  const verdict: Verdict =
    outcome.status === 'linearizable' ? 'linearizable' : outcome.status === 'not linearizable' ? 'not linearizable' : 'unknown';
  let unknownReason: UnknownReason | null = null;
  if (outcome.status === 'cache full') unknownReason = 'cache';
  else if (outcome.status === 'running') {
    assert(stopReason !== null, 'a search left running was stopped for a reason');
    unknownReason = stopReason;
  }
  const longestPrefixes: StuckPrefix[] =
    verdict === 'linearizable'
      ? []
      : outcome.longestAttempts.map((attempt) => ({
          operations: attempt.prefix.map(toHistory),
          stuckOperation: toHistory(attempt.stuckOperation),
        }));
  const first = longestPrefixes[0];
  const result: PartitionResult = {
    name: outcome.name,
    verdict,
    unknownReason,
    operations: outcome.operations,
    linearization: outcome.linearization === null ? null : outcome.linearization.map(toHistory),
    longestPrefixes,
    stuckOperation: first === undefined ? null : first.stuckOperation,
    steps: outcome.steps,
    description: '',
  };
  result.description = describePartition(model, operations, result, outcome.setAside);
  return result;
}

const UNKNOWN_BECAUSE: Record<UnknownReason, string> = {
  steps: 'the step budget ran out',
  time: 'the time budget ran out',
  cache: 'the memo cache reached its cap',
  stopped: 'the check stopped once another partition was found not linearizable',
};

function describePartition<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  partition: PartitionResult,
  setAside: number,
): string {
  const total = partition.operations.length;
  const where = `partition ${partition.name}`;
  if (partition.verdict === 'linearizable') return `${where}: linearizable (${total} operations)`;
  const first = partition.longestPrefixes[0];
  if (partition.verdict === 'unknown') {
    const progress =
      first === undefined ? 'no prefix abandoned yet' : `longest abandoned prefix so far: ${first.operations.length} of ${total} operations`;
    const open = partition.operations.filter((index) => operations[index]!.return === null).length;
    return `${where}: unknown after ${partition.steps} steps: ${UNKNOWN_BECAUSE[partition.unknownReason!]} (${progress}; ${openWords(open, setAside)})`;
  }
  assert(first !== undefined, 'a failed search abandoned at least one prefix');
  const stuck = first.stuckOperation;
  const state = statesAlong(model, operations, first.operations).at(-1) ?? model.init();
  return (
    `${where}: operation ${stuck} (${describeOperation(model, operations[stuck]!)}) cannot be linearized: ` +
    `the longest linearizable prefix has ${first.operations.length} of ${total} operations and ends in state ` +
    `${model.describeState(state)}, and from there no legal order of the remaining operations fits operation ${stuck} in before its return`
  );
}

/**
 * The never-answered operations of an unfinished partition: each the search
 * holds may or may not have taken effect, so they are the usual reason it ran
 * out, and the reader should see how many it held.
 */
function openWords(open: number, setAside: number): string {
  if (open === 0) return 'every operation answered';
  const searched = open - setAside;
  return `${open} never answered: ${searched} searched, ${setAside} set aside as unable to matter`;
}

/** `client 3: get("x") -> "1", called at 5, returned at 7`. */
export function describeOperation<State, Input, Output>(model: Model<State, Input, Output>, operation: Operation<Input, Output>): string {
  const returned = operation.return === null ? 'never returned' : `returned at ${operation.return}`;
  return `client ${operation.client}: ${model.describeOperation(operation.input, operation.output)}, called at ${operation.call}, ${returned}`;
}

/** The states after each operation of `prefix` (history indices), from the initial state; the prefix must be legal. */
export function statesAlong<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  prefix: readonly number[],
): State[] {
  const states: State[] = [];
  let state = model.init();
  for (const index of prefix) {
    const operation = operations[index]!;
    const next = model.step(state, operation.input, operation.output);
    assert(next !== ILLEGAL, () => `replaying a reported prefix failed at operation ${index}`);
    state = next;
    states.push(state);
  }
  return states;
}
