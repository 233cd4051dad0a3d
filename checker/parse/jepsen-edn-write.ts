/**
 * Writes a history as Jepsen's history.edn, so that Knossos or Elle can read
 * what the simulator recorded. The inverse of jepsen-edn.ts:
 * - `kv` becomes independent-key tuples: get `:read [k v]`, put
 *   `:write [k v]`, `:append [k v]`, `:delete [k nil]`, cas
 *   `:cas [k [expect value]]`. Keys start as "" in our kv model, so the
 *   matching Knossos model per key is `(cas-register "")` (for histories
 *   without append and delete, which Knossos's register does not know);
 * - `knossos-cas-register(...)` becomes `:read`, `:write v`, `:cas [from to]`.
 *
 * Time becomes order: every call and return is placed by its time, and a
 * call before a return at the same time (history@1 calls operations that
 * touch in time concurrent). An unanswered operation is invoked in its place
 * and completed by `:info` at the end of the history: indeterminate.
 *
 * A Jepsen process has one operation at a time, and never another after an
 * `:info`. So a client's operation gets a new process number (client + k *
 * number of clients, as Jepsen numbers them) when the client's previous one
 * is unanswered, or returned at the very time this one was called: history@1
 * calls those two concurrent, which one process cannot be.
 *
 * A cas answered "not swapped" becomes `:fail` (Jepsen's way: it did not
 * happen) with `:error :cas-mismatch`, so that jepsen-edn.ts reads it back
 * as it was. Knossos ignores `:error` and drops it, which is sound but loses
 * the evidence that the comparison failed: a history whose only violation
 * is such a cas passes Knossos. `failedCas` counts them.
 */

import { HistoryInputError } from '../errors.js';
import type { HistoryFile, Operation } from '../history.js';
import type { KvInput, KvOutput } from '../models/kv-types.js';
import { KNOSSOS_CAS_REGISTER, type KnossosInput, type KnossosOutput } from '../models/knossos-cas-register.js';
import { ednString } from './edn-value.js';
import type { JepsenEdnModel } from './jepsen-edn-models.js';
import { CAS_MISMATCH } from './jepsen-op.js';
import { findModel } from '../registry.js';

export interface JepsenEdnExport {
  text: string;
  /**
   * How to read it back: EDN does not say which model a history is for (nor
   * a register's initial value), so the reader needs these options; the
   * file's first line, a comment, gives them as command-line flags.
   */
  readBack: { model: JepsenEdnModel; initial?: string };
  /** Cas answered "not swapped", written as `:fail` with `:error :cas-mismatch`: Knossos drops them, we read them back. */
  failedCas: number;
}

/** What one operation looks like in EDN: `:f`, and `:value` at invoke and at completion. */
interface EdnShape {
  f: string;
  invokeValue: string;
  completion: { type: 'ok' | 'fail'; value: string } | null;
}

/** A cas answered "not swapped": Jepsen's :fail, with the reason (jepsen-op.ts). */
const casCompletion = (ok: boolean, value: string): EdnShape['completion'] => ({ type: ok ? 'ok' : 'fail', value });

/** `history` must be valid (validateHistory). Throws HistoryInputError for a model EDN cannot carry. */
export function writeJepsenEdn(history: HistoryFile, fileName?: string): JepsenEdnExport {
  const { shapeOf, readBack } = writerFor(history.model, fileName);
  const shapes = history.operations.map(shapeOf);
  const processes = processNumbers(history.operations);
  const lines: string[] = [];
  const record = (operation: number, type: string, value: string): void => {
    const f = shapes[operation]!.f;
    const error = type === 'fail' ? `, :error :${CAS_MISMATCH}` : '';
    lines.push(`{:process ${processes[operation]}, :type :${type}, :f :${f}, :value ${value}${error}, :index ${lines.length}}`);
  };
  for (const event of eventsInOrder(history.operations)) {
    const shape = shapes[event.operation]!;
    if (event.kind === 'call') record(event.operation, 'invoke', shape.invokeValue);
    else record(event.operation, shape.completion!.type, shape.completion!.value);
  }
  history.operations.forEach((operation, index) => {
    if (operation.return === null) record(index, 'info', shapes[index]!.invokeValue);
  });
  const failedCas = shapes.filter((shape) => shape.completion?.type === 'fail').length;
  const flags = readBack.initial === undefined ? `--model ${readBack.model}` : `--initial ${shellWord(readBack.initial)}`;
  const header = `; a ${readBack.initial === undefined ? 'kv' : `${KNOSSOS_CAS_REGISTER}(${readBack.initial})`} history written by raft-check as Jepsen EDN; check it with: raft-check check FILE ${flags}`;
  return { text: `${header}\n[${lines.join('\n ')}]\n`, readBack, failedCas };
}

function shellWord(text: string): string {
  return /^[\w:.+-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

interface ModelWriter {
  shapeOf: (operation: Operation) => EdnShape;
  readBack: JepsenEdnExport['readBack'];
}

function writerFor(named: string, fileName: string | undefined): ModelWriter {
  // The canonical name: its initial value prints on one line, in canonical EDN.
  const model = findModel(named)?.name ?? named;
  if (model === 'kv') {
    return { shapeOf: (operation) => kvShape(operation as Operation<KvInput, KvOutput>), readBack: { model: 'kv' } };
  }
  const initial = new RegExp(`^${KNOSSOS_CAS_REGISTER}\\((.*)\\)$`, 's').exec(model)?.[1];
  if (initial !== undefined) {
    return {
      shapeOf: (operation) => registerShape(operation as Operation<KnossosInput, KnossosOutput>),
      readBack: { model: 'cas-register', initial },
    };
  }
  throw new HistoryInputError(
    `model ${model} cannot be written as Jepsen EDN (kv and ${KNOSSOS_CAS_REGISTER}(...) can)`,
    { fileName },
  );
}

function kvShape({ input, output }: Operation<KvInput, KvOutput>): EdnShape {
  const key = ednString(input.key);
  const tuple = (value: string): string => `[${key} ${value}]`;
  const ok = (value: string): EdnShape['completion'] => (output === null ? null : { type: 'ok', value });
  switch (input.op) {
    case 'get':
      return { f: 'read', invokeValue: tuple('nil'), completion: ok(tuple(output === null ? 'nil' : ednString(output.value!))) };
    case 'put':
      return { f: 'write', invokeValue: tuple(ednString(input.value)), completion: ok(tuple(ednString(input.value))) };
    case 'append':
      return { f: 'append', invokeValue: tuple(ednString(input.value)), completion: ok(tuple(ednString(input.value))) };
    case 'delete':
      return { f: 'delete', invokeValue: tuple('nil'), completion: ok(tuple('nil')) };
    case 'cas': {
      const value = tuple(`[${ednString(input.expect)} ${ednString(input.value)}]`);
      return { f: 'cas', invokeValue: value, completion: output === null ? null : casCompletion(output.ok === true, value) };
    }
  }
}

function registerShape({ input, output }: Operation<KnossosInput, KnossosOutput>): EdnShape {
  const ok = (value: string): EdnShape['completion'] => (output === null ? null : { type: 'ok', value });
  switch (input.op) {
    case 'read':
      return { f: 'read', invokeValue: 'nil', completion: ok(output?.value ?? 'nil') };
    case 'write':
      return { f: 'write', invokeValue: input.value, completion: ok(input.value) };
    case 'cas': {
      const value = `[${input.from} ${input.to}]`;
      return { f: 'cas', invokeValue: value, completion: output === null ? null : casCompletion(output.ok !== false, value) };
    }
  }
}

interface TimedEvent {
  time: number;
  kind: 'call' | 'return';
  operation: number;
}

/** Calls and returns by time; at equal times calls first, so that touching operations stay concurrent. */
function eventsInOrder(operations: readonly Operation[]): TimedEvent[] {
  const events: TimedEvent[] = [];
  operations.forEach((operation, index) => {
    events.push({ time: operation.call, kind: 'call', operation: index });
    if (operation.return !== null) events.push({ time: operation.return, kind: 'return', operation: index });
  });
  return events.sort(
    (a, b) => a.time - b.time || (a.kind === b.kind ? a.operation - b.operation : a.kind === 'call' ? -1 : 1),
  );
}

/**
 * The process of each operation: its client, plus a multiple of the client
 * count for every time the client needed a new process before it (see the
 * file's comment). Within one process every operation returned strictly
 * before the next was called, so the events never overlap.
 */
function processNumbers(operations: readonly Operation[]): number[] {
  const stride = operations.reduce((largest, operation) => Math.max(largest, operation.client), -1) + 1;
  const byCall = operations.map((_, index) => index).sort((a, b) => operations[a]!.call - operations[b]!.call || a - b);
  const last = new Map<number, { generation: number; returned: number | null }>();
  const processes: number[] = new Array<number>(operations.length);
  for (const index of byCall) {
    const operation = operations[index]!;
    const previous = last.get(operation.client);
    const fresh = previous !== undefined && (previous.returned === null || previous.returned >= operation.call);
    const generation = previous === undefined ? 0 : previous.generation + (fresh ? 1 : 0);
    processes[index] = operation.client + generation * stride;
    last.set(operation.client, { generation, returned: operation.return });
  }
  return processes;
}
