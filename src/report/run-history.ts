/**
 * The client history and the checker's findings in report terms: operations
 * with short display strings and their routing (which nodes were asked, which
 * answered), and the failing partition's longest linearizable prefix and
 * stuck operation.
 */

import type { CheckResult, KvInput, KvOutput, Operation, Verdict } from '@raft-check/checker';
import type { TraceEvent } from '../sim/index.js';
import { rowsBySlot } from './client-rows.js';
import type { CheckerInfo, HistoryData, ReportOp } from './report-data.js';

export function describeKvInput(input: KvInput): string {
  switch (input.op) {
    case 'get':
      return `get ${input.key}`;
    case 'put':
      return `put ${input.key}=${JSON.stringify(input.value)}`;
    case 'append':
      return `append ${input.key}+=${JSON.stringify(input.value)}`;
    case 'delete':
      return `delete ${input.key}`;
    case 'cas':
      return `cas ${input.key} ${JSON.stringify(input.expect)}→${JSON.stringify(input.value)}`;
  }
}

export function describeKvOutput(input: KvInput, output: KvOutput | null): string | null {
  if (output === null) return null;
  if (input.op === 'get') return JSON.stringify(output.value ?? '');
  if (input.op === 'cas') return output.ok === true ? 'ok' : 'not swapped';
  return 'ok';
}

interface Routing {
  attempts: Array<[number, number]>;
  answeredBy: number | null;
}

/**
 * Where each operation's requests went and which node answered, from the
 * clients' trace events (node = client process, peer = the node): `call` and
 * `retry` send a request, `return` is the answer that completed the op.
 * An op is found by its client and call time, unique since a client has at
 * most one op outstanding.
 */
function routingOf(trace: readonly TraceEvent[], operations: readonly Operation<KvInput, KvOutput>[]): Map<number, Routing> {
  const indexOf = new Map<string, number>();
  operations.forEach((operation, index) => indexOf.set(`${operation.client}@${operation.call}`, index));
  const routing = new Map<number, Routing>();
  const current = new Map<number, Routing>();
  for (const event of trace) {
    if (event.kind === 'call') {
      const index = indexOf.get(`${event.node}@${event.time}`);
      if (index === undefined) continue;
      const entry: Routing = { attempts: [[event.time, event.peer]], answeredBy: null };
      routing.set(index, entry);
      current.set(event.node, entry);
    } else if (event.kind === 'retry') {
      current.get(event.node)?.attempts.push([event.time, event.peer]);
    } else if (event.kind === 'return') {
      const entry = current.get(event.node);
      if (entry !== undefined) entry.answeredBy = event.peer;
      current.delete(event.node);
    } else if (event.kind === 'give-up') {
      current.delete(event.node);
    }
  }
  return routing;
}

/**
 * Operations keep their place in the recorded history: op id = history index,
 * the numbering the checker and the CLI use ("operation 42"), so the report,
 * the checker's words and the history file all name an op the same way.
 */
export function historyFromRun(
  operations: readonly Operation<KvInput, KvOutput>[],
  check: CheckResult | Verdict | null,
  clientSlots: number,
  trace: readonly TraceEvent[],
): HistoryData {
  const routing = routingOf(trace, operations);
  const ops: ReportOp[] = operations.map((operation, id) => ({
    id,
    client: operation.client,
    call: operation.call,
    return: operation.return,
    key: operation.input.key,
    input: describeKvInput(operation.input),
    output: describeKvOutput(operation.input, operation.output),
    outcome: operation.return === null ? 'unknown' : 'ok',
    attempts: routing.get(id)?.attempts ?? [],
    answeredBy: routing.get(id)?.answeredBy ?? null,
  }));
  const clients = [...new Set(ops.map((op) => op.client))].sort((a, b) => a - b);
  return { ops, clients, rows: rowsBySlot(clients, clientSlots), checker: checkerInfoOf(check, operations) };
}

function checkerInfoOf(check: CheckResult | Verdict | null, operations: readonly Operation<KvInput, KvOutput>[]): CheckerInfo | null {
  if (check === null) return null;
  if (typeof check !== 'string') return checkerInfo(check, operations);
  // Only the verdict is known (enough for a linearizable or undecided history).
  const message = check === 'unknown' ? 'unknown: the checker ran out of its budget' : check;
  return { result: resultOf(check), partition: null, longestPrefix: [], stuckOp: null, message };
}

function resultOf(verdict: Verdict): CheckerInfo['result'] {
  return verdict === 'linearizable' ? 'linearizable' : verdict === 'not linearizable' ? 'not-linearizable' : 'unknown';
}

function checkerInfo(check: CheckResult, operations: readonly Operation<KvInput, KvOutput>[]): CheckerInfo {
  const result = resultOf(check.verdict);
  const failing = check.partitions.find((partition) => partition.verdict === 'not linearizable') ?? null;
  if (failing === null) {
    return { result, partition: null, longestPrefix: [], stuckOp: null, message: check.summary };
  }
  const first = operations[failing.operations[0] as number];
  const longest = failing.longestPrefixes[0];
  return {
    result,
    partition: first === undefined ? null : first.input.key,
    longestPrefix: [...(longest?.operations ?? [])],
    stuckOp: failing.stuckOperation,
    message: check.summary,
  };
}
