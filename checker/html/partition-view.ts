/**
 * What the HTML view draws for one partition, computed from the check result
 * and the history: a compressed time axis (ranks of the distinct times, so
 * long idle gaps take no room), one row per client, and for every operation
 * its place in the shown prefix and the model state after it.
 */

import type { Operation } from '../history.js';
import type { AnyModel } from '../model.js';
import { statesAlong } from '../report.js';
import type { PartitionResult } from '../result.js';

/**
 * Longest state description drawn for each operation. The view shows the
 * state after every operation of the prefix; in full, 300 appends of 1 KB
 * would give 45 MB of states. Only the state the search got stuck in is
 * shown whole.
 */
const STATE_CHARACTERS = 160;

export interface OperationView {
  index: number;
  client: number;
  row: number;
  /** Rank of the call and of the return on the partition's time axis; an unanswered return is past the end. */
  startRank: number;
  endRank: number;
  pending: boolean;
  description: string;
  times: string;
  /** 1-based position in the shown prefix or linearization, or null when outside it. */
  order: number | null;
  stateAfter: string | null;
  stuck: boolean;
}

export interface PartitionView {
  result: PartitionResult;
  operations: OperationView[];
  byIndex: Map<number, OperationView>;
  clients: number[];
  ranks: number;
  /** The prefix (or full linearization) drawn, in order, and the state before it. */
  shown: number[];
  initialState: string;
  /** The state after the whole prefix, in full: where the stuck operation could not go on. */
  finalState: string;
}

export function partitionView(model: AnyModel, operations: readonly Operation[], result: PartitionResult): PartitionView {
  const shown = result.linearization ?? result.longestPrefixes[0]?.operations ?? [];
  const stuck = result.verdict === 'not linearizable' ? result.stuckOperation : null;

  const order = new Map<number, number>();
  const stateAfter = new Map<number, string>();
  const states = statesAlong(model, operations, shown);
  states.forEach((state, position) => {
    order.set(shown[position]!, position + 1);
    stateAfter.set(shown[position]!, shortState(model.describeState(state, STATE_CHARACTERS)));
  });

  const times = new Set<number>();
  for (const index of result.operations) {
    const operation = operations[index]!;
    times.add(operation.call);
    if (operation.return !== null) times.add(operation.return);
  }
  const sortedTimes = [...times].sort((a, b) => a - b);
  const rankOf = new Map(sortedTimes.map((time, rank) => [time, rank]));
  const clients = [...new Set(result.operations.map((index) => operations[index]!.client))].sort((a, b) => a - b);
  const rowOf = new Map(clients.map((client, row) => [client, row]));

  const views = result.operations.map((index): OperationView => {
    const operation = operations[index]!;
    const pending = operation.return === null;
    return {
      index,
      client: operation.client,
      row: rowOf.get(operation.client)!,
      startRank: rankOf.get(operation.call)!,
      endRank: pending ? sortedTimes.length : rankOf.get(operation.return!)!,
      pending,
      description: model.describeOperation(operation.input, operation.output),
      times: `called at ${operation.call}, ${pending ? 'never returned' : `returned at ${operation.return}`}`,
      order: order.get(index) ?? null,
      stateAfter: stateAfter.get(index) ?? null,
      stuck: index === stuck,
    };
  });
  return {
    result,
    operations: views,
    byIndex: new Map(views.map((view) => [view.index, view])),
    clients,
    ranks: sortedTimes.length + 1,
    shown,
    initialState: shortState(model.describeState(model.init(), STATE_CHARACTERS)),
    finalState: model.describeState(states.at(-1) ?? model.init()),
  };
}

/** Cuts a description from a model that ignored the length asked for. */
function shortState(description: string): string {
  const limit = 2 * STATE_CHARACTERS;
  return description.length <= limit ? description : `${description.slice(0, limit)}… (${description.length} characters)`;
}
