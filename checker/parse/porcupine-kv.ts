/**
 * Reads Porcupine's key/value test logs (porcupine-data/README.md, format 2):
 * one EDN map per line, e.g.
 *   {:process 1, :type :ok, :f :get, :key "9", :value "x 4 4 y"}
 * into a `kv` history. `:info` leaves the operation unanswered; `:fail`
 * means it had no effect, so it is dropped.
 */

import { HistoryInputError } from '../errors.js';
import { HISTORY_FORMAT, type HistoryFile } from '../history.js';
import type { KvInput, KvOutput } from '../models/kv-types.js';
import { validateHistory } from '../validate.js';
import { OpenOperations } from './open-operations.js';

const EDN_STRING = String.raw`"(?:[^"\\]|\\.)*"`;
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
    if (match === null) {
      throw new HistoryInputError(`not a Porcupine kv log line: ${line.slice(0, 80)}`, { fileName, line: lineNumber });
    }
    const [, process, type, f, keyText, valueText] = match as unknown as [string, string, string, string, string, string];
    const client = Number(process);
    const key = JSON.parse(keyText) as string;
    const value = valueText === 'nil' ? null : (JSON.parse(valueText) as string);
    const op = f as 'get' | 'put' | 'append';
    if (type === 'invoke') {
      if (op !== 'get' && value === null) {
        throw new HistoryInputError(`${op} needs a string value`, { fileName, line: lineNumber });
      }
      const input: KvInput = op === 'get' ? { op, key } : { op, key, value: value! };
      operations.invoke(client, lineIndex, input, lineNumber);
      continue;
    }
    const open = operations.current(client, lineNumber);
    if (open.input.op !== op || open.input.key !== key) {
      throw new HistoryInputError(`process ${client} completes :${op} on ${keyText}, but its open operation is different`, {
        fileName,
        line: lineNumber,
      });
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
