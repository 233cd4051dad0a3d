/**
 * Reads Porcupine's key/value test logs (porcupine-data/README.md, format 2):
 * one EDN map per line, e.g.
 *   {:process 1, :type :ok, :f :get, :key "9", :value "x 4 4 y"}
 * into a `kv` history. `:info` leaves the operation unanswered; `:fail`
 * means it had no effect, so it is dropped.
 */

import { HistoryInputError, shortened } from '../errors.js';
import { HISTORY_FORMAT, type HistoryFile } from '../history.js';
import type { KvInput, KvOutput } from '../models/kv-types.js';
import { validateHistory } from '../validate.js';
import { OpenOperations } from './open-operations.js';
import { readProcessId } from './process-id.js';

// Unrolled ("normal* (special normal*)*"): linear, and without a backtracking
// entry per character, which overflowed V8's stack on a 10-million-character value.
const EDN_STRING = String.raw`"[^"\\]*(?:\\.[^"\\]*)*"`;
const LINE = new RegExp(
  String.raw`^\{:process (\d+), :type :(invoke|ok|fail|info), :f :(get|put|append), :key (${EDN_STRING}), :value (nil|${EDN_STRING})\}$`,
);

export function parsePorcupineKv(text: string, fileName?: string): HistoryFile<KvInput, KvOutput> {
  const operations = new OpenOperations<KvInput, KvOutput>(fileName);
  const lines = text.split('\n');
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex]!.trim();
    if (line === '') continue;
    const lineNumber = lineIndex + 1;
    const match = LINE.exec(line);
    const fail = (problem: string): never => {
      throw new HistoryInputError(problem, { fileName, line: lineNumber });
    };
    if (match === null) return fail(`not a Porcupine kv log line: ${shortened(line)}`);
    const [, process, type, f, keyText, valueText] = match as unknown as [string, string, string, string, string, string];
    const client = readProcessId(process, fail);
    const key = readString(keyText, fail);
    const value = valueText === 'nil' ? null : readString(valueText, fail);
    const op = f as 'get' | 'put' | 'append';
    if (type === 'invoke') {
      if (op !== 'get' && value === null) fail(`${op} needs a string value`);
      const input: KvInput = op === 'get' ? { op, key } : { op, key, value: value! };
      operations.invoke(client, lineIndex, input, lineNumber);
      continue;
    }
    const open = operations.current(client, lineNumber);
    if (open.input.op !== op || open.input.key !== key) {
      fail(`process ${client} completes :${op} on ${shortened(keyText)}, but its open operation is different`);
    }
    // A put or append completed with another value has two readings (the invoke's, as Porcupine reads it, or the answer's): refused, not guessed.
    if (type === 'ok' && (open.input.op === 'put' || open.input.op === 'append') && value !== open.input.value) {
      fail(`process ${client} completes :${op} with ${shortened(valueText)}, but invoked it with another value`);
    }
    if (type === 'ok') operations.complete(client, lineIndex, op === 'get' ? { value: value ?? '' } : {}, lineNumber);
    else if (type === 'info') operations.abandon(client, lineNumber);
    else operations.discard(client, lineNumber);
  }
  return validateHistory(
    { format: HISTORY_FORMAT, model: 'kv', operations: operations.finish(), meta: { source: 'porcupine-kv' } },
    fileName,
  ) as HistoryFile<KvInput, KvOutput>;
}

/**
 * A string literal of these logs, which Go writes with JSON's escapes. An
 * unknown escape such as `\q`, or a raw TAB or other control character, is
 * refused rather than guessed at.
 */
function readString(literal: string, fail: (problem: string) => never): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return fail(`bad string ${shortened(literal)}: only the escapes \\" \\\\ \\b \\f \\n \\r \\t \\uXXXX and no raw control characters`);
  }
}
