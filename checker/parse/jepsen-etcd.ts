/**
 * Reads Jepsen's etcd client logs (porcupine-data/README.md, format 1), e.g.
 *   INFO  jepsen.util - 2	:invoke	:cas	[3 0]
 * into a `cas-register` history. Separators are any whitespace (TABs in some
 * files, runs of spaces in others). How the outcomes are read:
 * - `:ok` ends the operation with what was observed;
 * - `:fail :cas` is a definite "cas failed";
 * - `:info` leaves the operation unanswered: it may take effect at any moment
 *   after its call, or never;
 * - `:fail :read` (a timed-out read) is also left unanswered: a read has no
 *   effect and its answer is unknown, which is the same as never answered;
 * - `:fail :write` had no effect and told nothing, so it is dropped.
 */

import { HistoryInputError } from '../errors.js';
import { HISTORY_FORMAT, type HistoryFile } from '../history.js';
import type { CasRegisterInput, CasRegisterOutput, RegisterValue } from '../models/cas-register.js';
import { validateHistory } from '../validate.js';
import { OpenOperations } from './open-operations.js';

const LINE = /jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s+(.*?)\s*$/;

export function parseJepsenEtcd(text: string, fileName?: string): HistoryFile<CasRegisterInput, CasRegisterOutput> {
  const operations = new OpenOperations<CasRegisterInput, CasRegisterOutput>(fileName);
  const lines = text.split('\n');
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex]!.trim();
    if (line === '') continue;
    const lineNumber = lineIndex + 1;
    const fail = (problem: string): never => {
      throw new HistoryInputError(problem, { fileName, line: lineNumber });
    };
    const match = LINE.exec(line);
    if (match === null) return fail(`not a Jepsen client log line: ${line.slice(0, 80)}`);
    const [, process, type, f, valueText] = match as unknown as [string, string, string, string, string];
    const client = Number(process);

    if (type === 'invoke') {
      operations.invoke(client, lineIndex, parseInput(f, valueText, fail), lineNumber);
      continue;
    }
    const open = operations.current(client, lineNumber);
    if (open.input.op !== f) fail(`process ${client} completes :${f}, but its open operation is :${open.input.op}`);
    if (type === 'info' || (type === 'fail' && f === 'read')) operations.abandon(client, lineNumber);
    else if (type === 'fail' && f === 'write') operations.discard(client, lineNumber);
    else if (type === 'fail') operations.complete(client, lineIndex, { ok: false }, lineNumber);
    else if (f === 'read') operations.complete(client, lineIndex, { value: parseValue(valueText, fail) }, lineNumber);
    else if (f === 'write') operations.complete(client, lineIndex, {}, lineNumber);
    else operations.complete(client, lineIndex, { ok: true }, lineNumber);
  }
  return validateHistory(
    { format: HISTORY_FORMAT, model: 'cas-register', operations: operations.finish(), meta: { source: 'jepsen-etcd' } },
    fileName,
  ) as HistoryFile<CasRegisterInput, CasRegisterOutput>;
}

function parseInput(f: string, valueText: string, fail: (problem: string) => never): CasRegisterInput {
  if (f === 'read') return { op: 'read' };
  if (f === 'write') {
    const value = parseValue(valueText, fail);
    return value === null ? fail('a write needs an integer') : { op: 'write', value };
  }
  const pair = /^\[(-?\d+)\s+(-?\d+)\]$/.exec(valueText);
  if (pair === null) return fail(`a cas needs [from to], got ${valueText}`);
  return { op: 'cas', from: Number(pair[1]), to: Number(pair[2]) };
}

function parseValue(valueText: string, fail: (problem: string) => never): RegisterValue {
  if (valueText === 'nil') return null;
  if (!/^-?\d+$/.test(valueText)) return fail(`expected nil or an integer, got ${valueText}`);
  return Number(valueText);
}
