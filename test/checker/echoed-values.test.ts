/**
 * Goal: a Jepsen history in which an `:ok` write or cas does not repeat its
 * invoke's value is bad input, not a silent verdict. Knossos checks the
 * `:ok` value (knossos.history/complete copies it onto the invoke), Porcupine
 * the invoke's: we read the invoke's, so `:invoke :write 3` then `:ok :write
 * 4` and a read of 4 was "not linearizable" here and linearizable in
 * Knossos. Method: the parsers, EDN (both models) and etcd logs.
 */

import { describe, expect, it } from 'vitest';
import { HistoryInputError, checkHistory, parseHistory, parseJepsenEdn } from '@raft-check/checker';

const op = (process: number, type: string, f: string, value: string): string => `{:process ${process}, :type :${type}, :f :${f}, :value ${value}}`;
const edn = (...ops: string[]): string => `[${ops.join('\n ')}]`;

function problem(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryInputError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected bad input');
}

describe('an :ok write or cas repeats its invoke value', () => {
  it('EDN cas-register: a write or cas whose :ok value differs (or is missing) is refused, naming both values', () => {
    const read4 = [op(1, 'invoke', 'read', 'nil'), op(1, 'ok', 'read', '4')];
    expect(problem(() => parseJepsenEdn(edn(op(0, 'invoke', 'write', '3'), op(0, 'ok', 'write', '4'), ...read4), { fileName: 'h.edn' }))).toBe(
      "h.edn: operation 1: :ok :write 4: an :ok write must repeat its invoke's value 3 (Knossos would check the :ok value, Porcupine the :invoke value)",
    );
    expect(problem(() => parseJepsenEdn(edn(op(0, 'invoke', 'write', '3'), '{:process 0, :type :ok, :f :write}')))).toMatch(/operation 1: :ok :write nil: an :ok write must repeat its invoke's value 3/);
    expect(problem(() => parseJepsenEdn(edn(op(0, 'invoke', 'cas', '[1 2]'), op(0, 'ok', 'cas', '[1 3]')), { initial: '1' }))).toMatch(/operation 1: :ok :cas \[1 3\]: an :ok cas must repeat its invoke's value \[1 2\]/);
  });

  it('EDN kv: the same for [key value] tuples', () => {
    expect(problem(() => parseJepsenEdn(edn(op(0, 'invoke', 'write', '["k" 1]'), op(0, 'ok', 'write', '["k" 2]')), { model: 'kv' }))).toMatch(/operation 1: :ok :write \["k" 2\]: an :ok write must repeat its invoke's value \["k" 1\]/);
  });

  it('accepts an echo that is equal as EDN (1 and 1N), and reads whose :ok value is the answer', () => {
    const history = parseJepsenEdn(edn(op(0, 'invoke', 'write', '1'), op(0, 'ok', 'write', '1N'), op(1, 'invoke', 'read', 'nil'), op(1, 'ok', 'read', '1')));
    expect(checkHistory(history).verdict).toBe('linearizable');
  });

  it('etcd logs: a write or cas completed with another value is refused', () => {
    const log = (...lines: string[]): string => lines.map((line) => `INFO  jepsen.util - ${line}`).join('\n');
    expect(problem(() => parseHistory(log('0\t:invoke\t:write\t3', '0\t:ok\t:write\t4'), { fileName: 'e.log' }))).toBe(
      'e.log: line 2: process 0 completes :ok :write 4, but invoked it with another value',
    );
    expect(problem(() => parseHistory(log('0\t:invoke\t:cas\t[1 2]', '0\t:ok\t:cas\t[1 3]')))).toMatch(/line 2: process 0 completes :ok :cas \[1 3\], but invoked it with another value/);
    expect(parseHistory(log('0\t:invoke\t:cas\t[1 2]', '0\t:ok\t:cas\t[1  2]')).operations).toHaveLength(1);
  });

  it('Porcupine kv logs: a put or append completed with another value is refused', () => {
    const line = (type: string, f: string, value: string): string => `{:process 0, :type :${type}, :f :${f}, :key "k", :value ${value}}`;
    expect(problem(() => parseHistory([line('invoke', 'put', '"x"'), line('ok', 'put', '"y"')].join('\n'), { fileName: 'c.txt' }))).toBe(
      'c.txt: line 2: process 0 completes :put with "y", but invoked it with another value',
    );
    expect(problem(() => parseHistory([line('invoke', 'append', '"x"'), line('ok', 'append', 'nil')].join('\n')))).toMatch(/line 2: process 0 completes :append with nil, but invoked it/);
    expect(parseHistory([line('invoke', 'put', '"x"'), line('ok', 'put', '"x"'), line('invoke', 'get', 'nil'), line('ok', 'get', '"x"')].join('\n')).operations).toHaveLength(2);
  });
});
