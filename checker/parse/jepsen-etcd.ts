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
 * Lines of a process that is a keyword (Jepsen's `:nemesis`, which logs its
 * faults through the same logger) are not client operations and are skipped,
 * as in Jepsen EDN; any other line that is not an operation is refused.
 *
 * Lines are split into whitespace-separated fields by hand, in one pass: a
 * regular expression with a lazy group before `\s*$` backtracks quadratically
 * on a long run of spaces. Values are integers read exactly (bigint above
 * 2^53), so that two large values never compare equal by rounding.
 */

import { HistoryInputError, shortened } from '../errors.js';
import { HISTORY_FORMAT, type HistoryFile } from '../history.js';
import type { CasRegisterInput, CasRegisterOutput, RegisterValue } from '../models/cas-register.js';
import { validateHistory } from '../validate.js';
import { OpenOperations } from './open-operations.js';
import { readProcessId } from './process-id.js';

const MARKER = 'jepsen.util';
const TYPES = ['invoke', 'ok', 'fail', 'info'] as const;
const FUNCTIONS = ['read', 'write', 'cas'] as const;
const INTEGER = /^-?\d+$/;
/** Integers of at most this many characters (sign included) are safe integers. */
const SAFE_DIGITS = 15;

interface LogLine {
  process: string;
  type: (typeof TYPES)[number];
  f: (typeof FUNCTIONS)[number];
  /** Everything after the function, trimmed: `nil`, `3`, `[3 0]`, or empty. */
  value: string;
}

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
    const fields = splitLine(line) ?? fail(`not a Jepsen client log line: ${shortened(line)}`);
    if (fields === NOT_A_CLIENT) continue;
    const client = readProcessId(fields.process, fail);
    const { type, f, value } = fields;

    if (type === 'invoke') {
      operations.invoke(client, lineIndex, parseInput(f, value, fail), lineNumber);
      continue;
    }
    const open = operations.current(client, lineNumber);
    if (open.input.op !== f) fail(`process ${client} completes :${f}, but its open operation is :${open.input.op}`);
    if (type === 'info' || (type === 'fail' && f === 'read')) operations.abandon(client, lineNumber);
    else if (type === 'fail' && f === 'write') operations.discard(client, lineNumber);
    else if (type === 'fail') operations.complete(client, lineIndex, { ok: false }, lineNumber);
    else if (f === 'read') operations.complete(client, lineIndex, { value: parseValue(value, fail) }, lineNumber);
    else {
      // Porcupine checks a write's or cas's invoke value, Knossos its :ok value: they must be the same, or the verdict is a guess.
      if (!sameInput(open.input, parseInput(f, value, fail))) fail(`process ${client} completes :ok :${f} ${shortened(value)}, but invoked it with another value`);
      operations.complete(client, lineIndex, f === 'write' ? {} : { ok: true }, lineNumber);
    }
  }
  return validateHistory(
    { format: HISTORY_FORMAT, model: 'cas-register', operations: operations.finish(), meta: { source: 'jepsen-etcd' } },
    fileName,
  ) as HistoryFile<CasRegisterInput, CasRegisterOutput>;
}

/** A line of the nemesis (`… jepsen.util - :nemesis :info :start nil`). */
const NOT_A_CLIENT = Symbol('not a client');

/** `… jepsen.util - PROCESS :TYPE :F VALUE…`, NOT_A_CLIENT for a keyword process, or null when the line is not of that shape. */
function splitLine(line: string): LogLine | typeof NOT_A_CLIENT | null {
  const marker = line.indexOf(MARKER);
  if (marker < 0) return null;
  const cursor = new FieldCursor(line, marker + MARKER.length);
  if (cursor.field() !== '-') return null;
  const process = cursor.field();
  const type = keyword(cursor.field(), TYPES);
  if (process !== null && /^:[^:]/.test(process) && type !== null) return NOT_A_CLIENT;
  const f = keyword(cursor.field(), FUNCTIONS);
  if (process === null || type === null || f === null) return null;
  return { process, type, f, value: cursor.rest() };
}

function keyword<T extends string>(field: string | null, choices: readonly T[]): T | null {
  if (field === null || !field.startsWith(':')) return null;
  const name = field.slice(1);
  return (choices as readonly string[]).includes(name) ? (name as T) : null;
}

/** Whitespace-separated fields of a line, each found in time linear in its length. */
class FieldCursor {
  constructor(
    private readonly line: string,
    private position: number,
  ) {}

  /** The next field, which must be preceded by whitespace; null at the end of the line or without a separator. */
  field(): string | null {
    if (!this.skipSpace()) return null;
    const start = this.position;
    while (this.position < this.line.length && !isSpace(this.line.charCodeAt(this.position))) this.position++;
    return start === this.position ? null : this.line.slice(start, this.position);
  }

  /** What is left after whitespace; the line is already trimmed at the end. */
  rest(): string {
    this.skipSpace();
    return this.line.slice(this.position);
  }

  private skipSpace(): boolean {
    const start = this.position;
    while (this.position < this.line.length && isSpace(this.line.charCodeAt(this.position))) this.position++;
    return this.position > start;
  }
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0b || code === 0x0c;
}

function parseInput(f: LogLine['f'], valueText: string, fail: (problem: string) => never): CasRegisterInput {
  if (f === 'read') return { op: 'read' };
  if (f === 'write') {
    const value = parseValue(valueText, fail);
    return value === null ? fail('a write needs an integer') : { op: 'write', value };
  }
  const pair = /^\[(-?\d+)\s+(-?\d+)\]$/.exec(valueText);
  if (pair === null) return fail(`a cas needs [from to], got ${shortened(valueText)}`);
  return { op: 'cas', from: exactInteger(pair[1]!, fail), to: exactInteger(pair[2]!, fail) };
}

function sameInput(a: CasRegisterInput, b: CasRegisterInput): boolean {
  if (a.op === 'write' && b.op === 'write') return a.value === b.value;
  if (a.op === 'cas' && b.op === 'cas') return a.from === b.from && a.to === b.to;
  return a.op === b.op;
}

function parseValue(valueText: string, fail: (problem: string) => never): RegisterValue {
  if (valueText === 'nil') return null;
  if (!INTEGER.test(valueText)) return fail(`expected nil or an integer, got ${shortened(valueText)}`);
  return exactInteger(valueText, fail);
}

/** A number when a double holds it exactly, else a bigint. */
function exactInteger(digits: string, fail: (problem: string) => never): number | bigint {
  if (digits.length <= SAFE_DIGITS) return Number(digits);
  if (!Number.isFinite(Number(digits))) fail(`${shortened(digits)} is out of range for a register value (more than 308 digits)`);
  const value = BigInt(digits);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
