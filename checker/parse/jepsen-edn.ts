/**
 * Reads Jepsen's `history.edn`: one EDN vector (or list) of operation maps,
 *   [{:process 4, :type :invoke, :f :write, :value 2}
 *    {:process 4, :type :ok, :f :write, :value 2} ...]
 * as Knossos's test data has it, or the operation maps alone, one per line,
 * as Jepsen's store writes the file (each op `prn`ed; Jepsen 0.3 prints them
 * as `#jepsen.history.Op{...}` records). Jepsen's meaning:
 * - `:invoke` starts an operation of its `:process`, which may have only one
 *   outstanding at a time (a second invoke is bad input, naming both);
 * - `:ok` completes it with what was observed;
 * - `:fail` means it did not happen: it is left out (except a cas with
 *   `:error :cas-mismatch`, see jepsen-op.ts, which did not swap);
 * - `:info` is indeterminate: it may take effect at any point after its
 *   invoke, or never, so it stays unanswered; an invoke that is never
 *   completed is indeterminate in the same way.
 * Call and return order is the position in the vector, exactly; `:time` and
 * `:index` are not needed. Operations whose `:process` is a keyword (Jepsen's
 * `:nemesis`) are not client operations, and are skipped, as Knossos does; a
 * missing `:process` or one of another type (a string, a float) is bad input,
 * since skipping it would drop client operations and pass what was not
 * checked. Other keys (`:error`, `:time`, ...) are ignored.
 *
 * Two models, see jepsen-edn-models.ts: Knossos's cas-register (with an
 * initial value) and our kv model over Jepsen's independent `[key value]`
 * tuples.
 */

import { HistoryInputError } from '../errors.js';
import { HISTORY_FORMAT, type HistoryFile, type Operation } from '../history.js';
import { validateHistory } from '../validate.js';
import { EdnSyntaxError, readEdnValues } from './edn-reader.js';
import { ednText, isKeyword, keywordMapOf, sequenceOf } from './edn-value.js';
import { chooseJepsenModel, type JepsenEdnModel, type JepsenTranslation } from './jepsen-edn-models.js';
import { EdnOperationError, describeJepsenOp, nameJepsenOp, shownValue, type JepsenOp } from './jepsen-op.js';

export { JEPSEN_EDN_MODELS, type JepsenEdnModel } from './jepsen-edn-models.js';

export interface JepsenEdnOptions {
  fileName?: string | undefined;
  /** 'auto' (default): kv when every client operation's value is a `[key value]` tuple and not all are cas. */
  model?: JepsenEdnModel | 'auto' | undefined;
  /** The cas-register's initial value as EDN text; nil when absent, as Knossos's `(cas-register)`. */
  initial?: string | undefined;
}

const TYPES = new Set(['invoke', 'ok', 'fail', 'info']);

/** `input` is the file's text, or its bytes, which must be UTF-8. Throws HistoryInputError on bad input. */
export function parseJepsenEdn(input: string | Uint8Array, options: JepsenEdnOptions = {}): HistoryFile {
  const { fileName } = options;
  const fail = (problem: string, position?: number): never => {
    throw new HistoryInputError(problem, { fileName, operationIndex: position });
  };
  const text = typeof input === 'string' ? input : decodeUtf8(input, fail);
  let documents: unknown[];
  try {
    documents = readEdnValues(text);
  } catch (error) {
    if (error instanceof EdnSyntaxError) return fail(error.message);
    throw error;
  }
  const values = operationValues(documents, fail);
  const records = values.map((value, position) => readOperation(value, position, fail));
  return historyOfJepsenOps(records, options, 'jepsen-edn', fail);
}

/**
 * The history of Jepsen operations in the order the file has them (shared
 * with history.txt, jepsen-txt.ts): nemesis operations left out, the model
 * chosen, invokes paired with their completions. `fail` locates a problem at
 * an operation's position.
 */
export function historyOfJepsenOps(
  records: readonly JepsenOp[],
  options: JepsenEdnOptions,
  source: string,
  fail: (problem: string, position?: number) => never,
): HistoryFile {
  const clientRecords = records.filter((record) => record.process !== null);
  try {
    const model = chooseJepsenModel(clientRecords, options.model ?? 'auto', options.initial);
    const operations = pairOperations(clientRecords, model.translate);
    return validateHistory({ format: HISTORY_FORMAT, model: model.name, operations, meta: { source } }, options.fileName);
  } catch (error) {
    if (error instanceof EdnOperationError) return fail(error.message, error.position);
    throw error;
  }
}

/** The history's entries: the one vector (or list) of the file, or its top-level operation maps. */
function operationValues(documents: readonly unknown[], fail: (problem: string) => never): readonly unknown[] {
  const only = documents.length === 1 ? sequenceOf(documents[0]) : null;
  if (only !== null) return only;
  const stray = documents.findIndex((value) => keywordMapOf(value) === null);
  if (documents.length > 0 && stray === -1) return documents;
  const found = documents.length === 0 ? 'nothing' : `${shownValue(documents[stray])} (top-level value ${stray})`;
  return fail(`a Jepsen history is one vector of operation maps, or operation maps one per line; found ${found}`);
}

function decodeUtf8(bytes: Uint8Array, fail: (problem: string) => never): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('the file is not valid UTF-8');
  }
}

function readOperation(value: unknown, position: number, fail: (problem: string, position: number) => never): JepsenOp {
  const map = keywordMapOf(value);
  if (map === null) return fail(`expected an operation map, got ${shownValue(value)}`, position);
  return checkedJepsenOp(
    { type: map.get('type'), process: map.get('process'), f: map.get('f'), value: map.get('value'), error: map.get('error') },
    position,
    fail,
  );
}

/** An operation's fields as read (undefined when absent), held to Jepsen's rules; `fail` locates a problem at `position`. */
export function checkedJepsenOp(
  fields: { type: unknown; process: unknown; f: unknown; value: unknown; error: unknown },
  position: number,
  fail: (problem: string, position: number) => never,
): JepsenOp {
  const { type, process, f } = fields;
  if (!isKeyword(type) || !TYPES.has(type.key)) {
    return fail(`:type must be :invoke, :ok, :fail or :info, got ${shownValue(type)}`, position);
  }
  const isClient = typeof process === 'bigint';
  if (!isClient && !isKeyword(process)) {
    return fail(`:process must be an integer (a client) or a keyword (:nemesis), got ${process === undefined ? 'none' : shownValue(process)}`, position);
  }
  if (isClient && !isKeyword(f)) return fail(`:f must be a keyword, got ${shownValue(f)}`, position);
  if (isClient && (process < 0n || process > BigInt(Number.MAX_SAFE_INTEGER))) {
    return fail(`:process ${process} is not a client number (0 to 2^53 - 1)`, position);
  }
  return {
    position,
    process: isClient ? Number(process) : null,
    type: type.key as JepsenOp['type'],
    f: isKeyword(f) ? f.key : ednText(f),
    value: fields.value ?? null,
    error: fields.error ?? null,
  };
}

function pairOperations(records: readonly JepsenOp[], translate: JepsenTranslation): Operation[] {
  const open = new Map<number, { invoke: JepsenOp; operation: Operation }>();
  const operations: Operation[] = [];
  const dropped = new Set<Operation>();
  for (const record of records) {
    const client = record.process!;
    const outstanding = open.get(client);
    if (record.type === 'invoke') {
      if (outstanding !== undefined) {
        throw new EdnOperationError(
          `process ${client} invokes ${describeJepsenOp(record)} while its ${nameJepsenOp(outstanding.invoke)} is still outstanding (a process has one operation at a time)`,
          record.position,
        );
      }
      const operation: Operation = { client, call: record.position, return: null, input: translate.input(record), output: null };
      open.set(client, { invoke: record, operation });
      operations.push(operation);
      continue;
    }
    if (outstanding === undefined) {
      throw new EdnOperationError(`process ${client} completes ${describeJepsenOp(record)}, but has no operation outstanding`, record.position);
    }
    if (outstanding.invoke.f !== record.f) {
      throw new EdnOperationError(
        `process ${client} completes ${describeJepsenOp(record)}, but its outstanding operation is ${nameJepsenOp(outstanding.invoke)}`,
        record.position,
      );
    }
    open.delete(client);
    if (record.type === 'info') continue;
    const output = record.type === 'ok' ? translate.output(outstanding.invoke, record) : translate.failed(outstanding.invoke, record);
    if (output === undefined) dropped.add(outstanding.operation);
    // A completion that observed nothing checkable (a kv read of nil) stays unanswered: it matches anything.
    if (output === undefined || output === null) continue;
    outstanding.operation.return = record.position;
    outstanding.operation.output = output;
  }
  return dropped.size === 0 ? operations : operations.filter((operation) => !dropped.has(operation));
}
