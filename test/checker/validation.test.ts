/**
 * Goal: bad input is refused with a HistoryInputError that names the file,
 * the operation (or log line) and what is wrong, instead of a silently wrong
 * verdict. Method: one malformed history per rule.
 */

import { describe, expect, it } from 'vitest';
import { checkHistory, HistoryInputError, parseHistory, type HistoryFile } from '@raft-check/checker';

const good = {
  format: 'raft-check/history@1',
  model: 'kv',
  operations: [
    { client: 0, call: 0, return: 1, input: { op: 'put', key: 'x', value: '1' }, output: {} },
    { client: 1, call: 2, return: 3, input: { op: 'get', key: 'x' }, output: { value: '1' } },
  ],
};

/** `good` with operation 1 replaced by `change(operation 1)`. */
function withSecond(change: (operation: Record<string, unknown>) => Record<string, unknown>): string {
  const operations = [good.operations[0], change({ ...good.operations[1] })];
  return JSON.stringify({ ...good, operations });
}

function inputError(run: () => unknown): HistoryInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryInputError);
    return error as HistoryInputError;
  }
  throw new Error('expected a HistoryInputError');
}

const parse = (text: string) => (): HistoryFile => parseHistory(text, { fileName: 'h.json' });

describe('input validation', () => {
  it('accepts a well-formed history', () => {
    expect(parseHistory(JSON.stringify(good)).operations).toHaveLength(2);
  });

  it('invalid JSON names the file', () => {
    const error = inputError(parse('{"format": '));
    expect(error.fileName).toBe('h.json');
    expect(error.message).toMatch(/^h\.json: invalid JSON/);
  });

  it.each([
    ['client', (op: Record<string, unknown>) => ({ ...op, client: 'a' }), /"client" must be an integer >= 0/],
    ['call', (op: Record<string, unknown>) => ({ ...op, call: '2' }), /"call" must be a finite number/],
    ['return', (op: Record<string, unknown>) => ({ ...op, return: 'x' }), /"return" must be a finite number or null/],
    ['return < call', (op: Record<string, unknown>) => ({ ...op, call: 5, return: 4 }), /"return" \(4\) is before "call" \(5\)/],
    ['null output when answered', (op: Record<string, unknown>) => ({ ...op, output: null }), /"output" is null, but the operation was answered/],
    ['output when unanswered', (op: Record<string, unknown>) => ({ ...op, return: null }), /"output" must be null for an unanswered operation/],
    ['unknown op', (op: Record<string, unknown>) => ({ ...op, input: { op: 'scan', key: 'x' } }), /unknown kv op "scan"/],
    ['key type', (op: Record<string, unknown>) => ({ ...op, input: { op: 'get', key: 3 } }), /input\.key must be a string, but is a number/],
    ['output type', (op: Record<string, unknown>) => ({ ...op, output: { value: 1 } }), /output\.value must be a string, but is a number/],
    ['missing output', (op: Record<string, unknown>) => ({ ...op, output: undefined }), /"output" is missing/],
    ['missing return', (op: Record<string, unknown>) => ({ ...op, return: undefined }), /^"return" must be a finite number or null, got nothing \(the field is missing\)$/],
    ['missing client', (op: Record<string, unknown>) => ({ ...op, client: undefined }), /^"client" must be .*, got nothing \(the field is missing\)$/],
    // history@1 extends only under meta: an unknown field in input or output is refused, never ignored (a typo judged a different operation).
    ['unknown operation field', (op: Record<string, unknown>) => ({ ...op, process: 3 }), /^the operation has unknown field "process" \(expected client, call, return, input, output\)$/],
    ['unknown input field', (op: Record<string, unknown>) => ({ ...op, input: { op: 'get', key: 'x', consistency: 'weak' } }), /^kv: input has unknown field "consistency" \(expected op, key\)$/],
    ['misspelled input field', (op: Record<string, unknown>) => ({ ...op, input: { op: 'get', key: 'x', vaule: '1' } }), /^kv: input has unknown field "vaule"/],
    ['unknown output field', (op: Record<string, unknown>) => ({ ...op, output: { value: '1', error: 'timeout' } }), /^kv: output has unknown field "error" \(expected value\)$/],
  ])('%s: names operation 1 and the problem', (_rule, change, problem) => {
    const error = inputError(parse(withSecond(change)));
    expect(error.fileName).toBe('h.json');
    expect(error.operationIndex).toBe(1);
    expect(error.problem).toMatch(problem);
    expect(error.message).toMatch(/^h\.json: operation 1: /);
  });

  it('an unknown top-level field (a typo such as "operation") is refused: history@1 extends only under meta', () => {
    expect(inputError(parse(JSON.stringify({ ...good, operation: [] }))).message).toBe('h.json: the history has unknown field "operation" (expected format, model, operations, meta)');
    expect(parseHistory(JSON.stringify({ ...good, meta: { anything: 1 } })).operations).toHaveLength(2);
  });

  it('an unknown field in a put\'s output or a cas-register input is refused too', () => {
    const put = { ...good, operations: [{ ...good.operations[0], output: { ok: true } }] };
    expect(inputError(parse(JSON.stringify(put))).problem).toBe('kv: output has unknown field "ok" (expected none)');
    const register = { format: 'raft-check/history@1', model: 'cas-register', operations: [{ client: 0, call: 0, return: 1, input: { op: 'write', value: 1, key: 'x' }, output: {} }] };
    expect(inputError(parse(JSON.stringify(register))).problem).toBe('cas-register: input has unknown field "key" (expected op, value)');
  });

  it('a key written twice in one object is refused (JSON.parse keeps the last one silently), in any object', () => {
    const text = JSON.stringify(good);
    for (const [written, key] of [
      [text.replace('"client":1,', '"client":1,"client":0,'), '"client"'],
      [text.replace('"op":"get"', '"op":"put","op":"get"'), '"op"'],
      [text.replace('"model":"kv"', '"model":"kv","meta":{"a":1},"meta":{}'), '"meta"'],
    ] as const) {
      expect(inputError(parse(written)).problem).toMatch(new RegExp(`^the key ${key} appears twice in one object \\(at offset \\d+\\)`));
    }
    // The same key in sibling and nested objects, or as a value, is fine.
    const nested = JSON.stringify({ ...good, meta: { client: { client: 'client' }, other: { client: 1 } } });
    expect(parseHistory(nested).operations).toHaveLength(2);
  });

  it('an unknown model or format is refused', () => {
    expect(inputError(parse(JSON.stringify({ ...good, model: 'queue' }))).problem).toMatch(/unknown model "queue"/);
    expect(inputError(parse(JSON.stringify({ ...good, format: 'other' }))).problem).toMatch(/"format" must be/);
    expect(inputError(parse(JSON.stringify({ ...good, operations: {} }))).problem).toMatch(/"operations" must be an array/);
  });

  it('checkHistory validates histories built in memory too', () => {
    const history = JSON.parse(withSecond((op) => ({ ...op, call: 9 }))) as HistoryFile;
    const error = inputError(() => checkHistory(history, {}, 'sim-run'));
    expect(error.message).toBe('sim-run: operation 1: "return" (3) is before "call" (9)');
  });
});

describe('log formats', () => {
  it('reads a Jepsen etcd log: ok, fail cas, timed-out read and info', () => {
    const log = [
      'INFO  jepsen.util - 0\t:invoke\t:read\tnil',
      'INFO  jepsen.util - 0\t:ok\t:read\tnil',
      'INFO  jepsen.util - 1   :invoke :cas    [0 3]',
      'INFO  jepsen.util - 2\t:invoke\t:write\t4',
      'INFO  jepsen.util - 1\t:fail\t:cas\t[0 3]',
      'INFO  jepsen.util - 2\t:info\t:write\t:timed-out',
      'INFO  jepsen.util - 3\t:invoke\t:read\tnil',
      'INFO  jepsen.util - 3\t:fail\t:read\t:timed-out',
    ].join('\n');
    const history = parseHistory(log, { fileName: 'x.log' });
    expect(history.model).toBe('cas-register');
    expect(history.operations).toEqual([
      { client: 0, call: 0, return: 1, input: { op: 'read' }, output: { value: null } },
      { client: 1, call: 2, return: 4, input: { op: 'cas', from: 0, to: 3 }, output: { ok: false } },
      { client: 2, call: 3, return: null, input: { op: 'write', value: 4 }, output: null },
      { client: 3, call: 6, return: null, input: { op: 'read' }, output: null },
    ]);
    expect(checkHistory(history).verdict).toBe('linearizable');
  });

  it("skips the nemesis's lines of a Jepsen log (they share its logger), but no other line that is not an operation", () => {
    const log = (middle: string): string =>
      ['INFO  jepsen.util - 0\t:invoke\t:write\t1', middle, 'INFO  jepsen.util - 0\t:ok\t:write\t1', 'INFO  jepsen.util - 1\t:invoke\t:read\tnil', 'INFO  jepsen.util - 1\t:ok\t:read\t2'].join('\n');
    const history = parseHistory(log('INFO  jepsen.util - :nemesis\t:info\t:start\t[:isolated {"n1" #{"n2"}}]'), { fileName: 'x.log' });
    expect(history.operations).toHaveLength(2);
    expect(checkHistory(history).verdict).toBe('not linearizable');
    expect(inputError(() => parseHistory(log('INFO  jepsen.util - p1\t:info\t:read\tnil'), { fileName: 'x.log' })).line).toBe(2);
  });

  it('reads a Porcupine kv log', () => {
    const log = [
      '{:process 0, :type :invoke, :f :append, :key "1", :value "x 0 0 y"}',
      '{:process 1, :type :invoke, :f :get, :key "1", :value nil}',
      '{:process 0, :type :ok, :f :append, :key "1", :value "x 0 0 y"}',
      '{:process 1, :type :ok, :f :get, :key "1", :value ""}',
    ].join('\n');
    const history = parseHistory(log);
    expect(history.model).toBe('kv');
    expect(history.operations).toEqual([
      { client: 0, call: 0, return: 2, input: { op: 'append', key: '1', value: 'x 0 0 y' }, output: {} },
      { client: 1, call: 1, return: 3, input: { op: 'get', key: '1' }, output: { value: '' } },
    ]);
  });

  it('names the line of a malformed log entry', () => {
    const error = inputError(() =>
      parseHistory('INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:read\tbanana', {
        fileName: 'bad.log',
      }),
    );
    expect(error.line).toBe(2);
    expect(error.message).toBe('bad.log: line 2: expected nil or an integer, got banana');
    const unmatched = inputError(() => parseHistory('{:process 0, :type :ok, :f :get, :key "1", :value ""}'));
    expect(unmatched.problem).toMatch(/never invoked/);
  });

  it('a blank file is an empty history for .log and .txt names, and an input error otherwise', () => {
    expect(parseHistory('', { fileName: 'etcd_095.log' }).operations).toEqual([]);
    expect(parseHistory('\n', { fileName: 'c00.txt' }).model).toBe('kv');
    expect(inputError(() => parseHistory('', { fileName: 'h.json' })).problem).toMatch(/empty/);
    expect(inputError(() => parseHistory('hello')).problem).toMatch(/cannot tell the format/);
  });
});
