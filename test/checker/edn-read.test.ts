/**
 * Goal: Jepsen history.edn is read with Jepsen's semantics, exactly, and bad
 * input is refused in one line. Method: small hand-written histories whose
 * verdict follows from one rule each (:fail did not happen, :info may or may
 * not have, read nil matches anything, the initial value, exact big
 * integers, order by position), and malformed files.
 */

import { describe, expect, it } from 'vitest';
import {
  checkHistory,
  detectFormat,
  HistoryInputError,
  parseHistory,
  parseJepsenEdn,
  writeJepsenEdn,
  type HistoryFile,
  type JepsenEdnOptions,
} from '@raft-check/checker';

const op = (process: number | string, type: string, f: string, value: string, extra = ''): string =>
  `{:process ${process}, :type :${type}, :f :${f}, :value ${value}${extra}}`;
const edn = (...ops: string[]): string => `[${ops.join('\n ')}]`;
const verdict = (text: string, options: JepsenEdnOptions = {}): string => checkHistory(parseJepsenEdn(text, options)).verdict;
const problem = (input: string | Uint8Array, options: JepsenEdnOptions = {}): string => {
  try {
    parseJepsenEdn(input, { fileName: 'h.edn', ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryInputError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected bad input');
};

const wrote1 = [op(0, 'invoke', 'write', '1'), op(0, 'ok', 'write', '1')];

describe('Jepsen EDN: the semantics', () => {
  it('reads :fail as "did not happen"', () => {
    const failed2 = [op(1, 'invoke', 'write', '2'), op(1, 'fail', 'write', '2')];
    expect(verdict(edn(...wrote1, ...failed2, op(2, 'invoke', 'read', 'nil'), op(2, 'ok', 'read', '2')))).toBe('not linearizable');
    expect(verdict(edn(...wrote1, ...failed2, op(2, 'invoke', 'read', 'nil'), op(2, 'ok', 'read', '1')))).toBe('linearizable');
  });

  it('reads :info and a missing completion as "may have happened at any time after the call, or never"', () => {
    for (const pending of [[op(1, 'invoke', 'write', '2'), op(1, 'info', 'write', '2')], [op(1, 'invoke', 'write', '2')]]) {
      const read = (value: string, process = 2): string[] => [op(process, 'invoke', 'read', 'nil'), op(process, 'ok', 'read', value)];
      expect(verdict(edn(...wrote1, ...pending, ...read('1')))).toBe('linearizable'); // never, or not yet
      expect(verdict(edn(...wrote1, ...pending, ...read('2')))).toBe('linearizable'); // took effect
      expect(verdict(edn(...wrote1, ...pending, ...read('2'), ...read('1', 3)))).toBe('not linearizable'); // but not undone
    }
    // Even after its :info line: an indeterminate write may land later.
    expect(verdict(edn(...wrote1, op(1, 'invoke', 'write', '2'), op(1, 'info', 'write', '2'), op(2, 'invoke', 'read', 'nil'), op(2, 'ok', 'read', '1'), op(3, 'invoke', 'read', 'nil'), op(3, 'ok', 'read', '2')))).toBe('linearizable');
  });

  it('takes the initial value from --initial (default nil), and a read of nil matches any value', () => {
    const readZero = edn(op(0, 'invoke', 'read', 'nil'), op(0, 'ok', 'read', '0'));
    expect(verdict(readZero, { initial: '0' })).toBe('linearizable');
    expect(verdict(readZero)).toBe('not linearizable');
    expect(verdict(edn(...wrote1, op(1, 'invoke', 'read', 'nil'), op(1, 'ok', 'read', 'nil')), { initial: '0' })).toBe('linearizable');
    expect(verdict(edn(op(0, 'invoke', 'read', 'nil'), op(0, 'ok', 'read', '"x"')), { initial: '"x"' })).toBe('linearizable');
  });

  it('steps a completed cas only when it matched, and never a cas that completed with :fail', () => {
    const cas = (type: string, value: string): string[] => [op(0, 'invoke', 'cas', value), op(0, type, 'cas', value)];
    const read = (value: string): string[] => [op(1, 'invoke', 'read', 'nil'), op(1, 'ok', 'read', value)];
    expect(verdict(edn(...cas('ok', '[0 1]'), ...read('1')), { initial: '0' })).toBe('linearizable');
    expect(verdict(edn(...cas('ok', '[5 1]')), { initial: '0' })).toBe('not linearizable');
    expect(verdict(edn(...cas('fail', '[0 1]'), ...read('0')), { initial: '0' })).toBe('linearizable');
    expect(verdict(edn(...cas('info', '[0 1]'), ...read('1')), { initial: '0' })).toBe('linearizable');
    expect(verdict(edn(...cas('info', '[5 1]'), ...read('1')), { initial: '0' })).toBe('not linearizable');
    // Unless its :error says the comparison failed (as raft-check writes it): then the register did not hold `from`.
    const mismatch = (value: string): string[] => [op(0, 'invoke', 'cas', value), op(0, 'fail', 'cas', value, ', :error :cas-mismatch')];
    expect(verdict(edn(...mismatch('[0 1]')), { initial: '0' })).toBe('not linearizable');
    expect(verdict(edn(...mismatch('[5 1]'), ...read('0')), { initial: '0' })).toBe('linearizable');
  });

  it('compares big integers exactly (edn-data alone would round them to the same double)', () => {
    const history = (read: string): string =>
      edn(op(0, 'invoke', 'write', '9007199254740992'), op(0, 'ok', 'write', '9007199254740992'), op(1, 'invoke', 'read', 'nil'), op(1, 'ok', 'read', read));
    expect(verdict(history('9007199254740993'))).toBe('not linearizable');
    expect(verdict(history('9007199254740992'))).toBe('linearizable');
    expect(verdict(history('9007199254740992N'))).toBe('linearizable');
    expect(verdict(edn(op(0, 'invoke', 'write', '1'), op(0, 'ok', 'write', '1'), op(1, 'invoke', 'read', 'nil'), op(1, 'ok', 'read', '1.0')))).toBe('not linearizable');
  });

  it('orders calls and returns by position in the vector, not by :time', () => {
    // By :time the read would begin after the write ended; by position they overlap.
    const text = edn(
      op(0, 'invoke', 'write', '1', ', :time 1.5e9'),
      op(1, 'invoke', 'read', 'nil', ', :time 9.9e9'),
      op(0, 'ok', 'write', '1', ', :time 2.5e9'),
      op(1, 'ok', 'read', '0', ', :time 9.99e9'),
    );
    expect(verdict(text, { initial: '0' })).toBe('linearizable');
  });

  it('skips operations of processes that are not clients (the nemesis), and ignores extra keys', () => {
    const text = edn(op(':nemesis', 'info', 'start', 'nil'), ...wrote1, op(':nemesis', 'info', 'stop', '"fully connected"'), op(1, 'invoke', 'read', 'nil', ', :error [:timeout nil], :index 7'), op(1, 'ok', 'read', '1'));
    const history = parseJepsenEdn(text);
    expect(history.operations).toHaveLength(2);
    expect(checkHistory(history).verdict).toBe('linearizable');
  });

  it('reads comments, commas, any whitespace, a list instead of a vector, and tagged op records', () => {
    const text = `; a comment\n(\t{:process 0 :type :invoke :f :write :value 3} ; after\n,,{:type :ok, :process 0, :f :write, :value 3}\r\n #jepsen.history.Op{:process 1, :type :invoke, :f :read, :value nil} {:process 1 :type :ok :f :read :value 3})\n; the end`;
    expect(detectFormat(text)).toBe('jepsen-edn');
    expect(detectFormat('[]', 'history.edn')).toBe('jepsen-edn');
    expect(() => detectFormat('[]', 'history.json')).toThrow(/cannot tell the format/);
    expect(verdict(text)).toBe('linearizable');
  });

  it('takes brackets in strings and comments for text', () => {
    const text = `[{:process 0 :type :invoke :f :write :value "]}) ; ["} ; ] } )\n {:process 0 :type :ok :f :write :value "]}) ; ["}]`;
    expect(parseJepsenEdn(text).operations[0]!.input).toEqual({ op: 'write', value: '"]}) ; ["' });
  });

  it('lets a history@1 file name the Knossos register with its initial value', () => {
    const read = (model: string): HistoryFile => ({
      format: 'raft-check/history@1',
      model,
      operations: [{ client: 0, call: 0, return: 1, input: { op: 'read' }, output: { value: '0' } }],
    });
    expect(checkHistory(read('knossos-cas-register(0)')).verdict).toBe('linearizable');
    expect(checkHistory(read('knossos-cas-register( 0 ; zero\n)')).verdict).toBe('linearizable');
    expect(checkHistory(read('knossos-cas-register(1)')).verdict).toBe('not linearizable');
    expect(() => checkHistory(read('knossos-cas-register([1)'))).toThrow(/unknown model .* \(known: cas-register, knossos-cas-register\(\.\.\.\), knossos-fifo-queue, .*, kv\)/);
    const exported = writeJepsenEdn(read('knossos-cas-register("a\\nb" ; two lines\n)'));
    expect(exported.text.split('\n')[0]).toBe(`; a knossos-cas-register("a\\nb") history written by raft-check as Jepsen EDN; check it with: raft-check check FILE --initial '"a\\nb"'`);
  });

  it('reads Jepsen independent [key value] tuples into the kv model, by key', () => {
    const text = edn(
      op(0, 'invoke', 'write', '[1 5]'), op(0, 'ok', 'write', '[1 5]'),
      op(1, 'invoke', 'cas', '[2 [nil 7]]'), op(1, 'ok', 'cas', '[2 [nil 7]]'),
      op(2, 'invoke', 'read', '[1 nil]'), op(2, 'ok', 'read', '[1 5]'),
      op(3, 'invoke', 'read', '[2 nil]'), op(3, 'ok', 'read', '[2 nil]'),
    );
    const history = parseJepsenEdn(text);
    expect(history.model).toBe('kv');
    expect(history.operations[1]!.input).toEqual({ op: 'cas', key: '2', expect: '', value: '7' });
    expect(history.operations[3]!.output).toBeNull(); // a read of nil matches anything
    expect(checkHistory(history).verdict).toBe('linearizable');
    expect(verdict(text.replace(':ok, :f :read, :value [1 5]', ':ok, :f :read, :value [1 6]'))).toBe('not linearizable');
    expect(parseJepsenEdn(edn(op(0, 'invoke', 'cas', '[1 2]')), {}).model).toBe('knossos-cas-register(nil)');
    expect(problem(edn(op(0, 'invoke', 'cas', '[1 2]')), { model: 'kv' })).toBe('h.edn: operation 0: :invoke :cas [1 2]: the value must be [key [from to]]');
  });

  it('goes through parseHistory with --format and the options', () => {
    const history = parseHistory(edn(op(0, 'invoke', 'read', 'nil')), { format: 'jepsen-edn', jepsenEdn: { initial: '[1 2]' } });
    expect(history.model).toBe('knossos-cas-register([1 2])');
  });
});

describe('Jepsen EDN: bad input, one line each', () => {
  it('refuses a second invoke of a process with one outstanding, naming both', () => {
    const message = problem(edn(op(4, 'invoke', 'write', '1'), op(4, 'invoke', 'read', 'nil')));
    expect(message).toBe(
      'h.edn: operation 1: process 4 invokes :invoke :read nil while its operation 0 (:invoke :write 1) is still outstanding (a process has one operation at a time)',
    );
  });

  it('refuses completions without an invoke, or of another :f', () => {
    expect(problem(edn(op(4, 'ok', 'write', '1')))).toBe('h.edn: operation 0: process 4 completes :ok :write 1, but has no operation outstanding');
    expect(problem(edn(op(4, 'invoke', 'write', '1'), op(4, 'ok', 'read', '1')))).toMatch(/its outstanding operation is operation 0 \(:invoke :write 1\)/);
  });

  it('refuses malformed EDN', () => {
    expect(problem('[{:process 1')).toMatch(/invalid EDN: '}' is never closed/);
    expect(problem('[1 2}')).toMatch(/invalid EDN: line 1: '}' where '\]' was expected/);
    expect(problem('[]\n]')).toMatch(/line 2: '\]' closes nothing/);
    expect(problem('[] []')).toMatch(/one vector of operation maps, or operation maps one per line; found \[\] \(top-level value 0\)/);
    expect(problem('[{:a "b}]')).toMatch(/a string does not end/);
    expect(problem('[{:a "\\q"}]')).toMatch(/invalid EDN: Unexpected escape/);
    expect(problem('{:process 1} [1]')).toMatch(/found \[1\] \(top-level value 1\)/);
    expect(problem('; only a comment')).toMatch(/found nothing/);
    expect(problem(`[${'['.repeat(100_000)}]`)).toBe('h.edn: line 1: values nested more than 1000 deep');
    expect(problem('[1]')).toMatch(/operation 0: expected an operation map, got 1/);
    expect(problem('[{:process 1, :type :done, :f :read}]')).toMatch(/:type must be :invoke, :ok, :fail or :info, got :done/);
  });

  it('refuses operations the model does not know, and values of the wrong shape', () => {
    expect(problem(edn(op(0, 'invoke', 'add', '1')))).toMatch(/operation 0: :invoke :add 1: knossos-cas-register knows :read, :write and :cas/);
    expect(problem(edn(op(0, 'invoke', 'cas', '5')))).toMatch(/the value must be \[from to\]/);
    expect(problem(edn(op(0, 'invoke', 'write', '[1 2]'), op(1, 'invoke', 'write', '["1" 2]')), { model: 'kv' })).toMatch(/the keys mix strings and other values/);
    expect(problem(edn(op(0, 'invoke', 'read', 'nil')), { initial: '[1' })).toMatch(/the initial value is not one EDN value/);
  });

  it('decodes bytes as UTF-8, fatally', () => {
    expect(problem(new Uint8Array([0x5b, 0xff, 0x5d]))).toBe('h.edn: the file is not valid UTF-8');
    expect(parseJepsenEdn(new TextEncoder().encode(edn(op(0, 'invoke', 'write', '"é"')))).operations).toHaveLength(1);
  });
});

describe("Jepsen EDN: the file as Jepsen's store writes it, and processes that are not clients", () => {
  const lines = (...ops: string[]): string => `${ops.join('\n')}\n`;
  const readOf = (value: string): string[] => [...wrote1, op(1, 'invoke', 'read', 'nil'), op(1, 'ok', 'read', value)];

  it('reads history.edn as Jepsen writes it: one op per line, plain maps (0.2) or #jepsen.history.Op records (0.3)', () => {
    const plain = (value: string): string => lines(...readOf(value).map((line) => line.replace('}', ', :time 10, :index 0}')));
    const records = (value: string): string => lines(...readOf(value).map((line) => `#jepsen.history.Op${line}`));
    for (const text of [plain, records]) {
      expect(detectFormat(text('2'), 'history.edn')).toBe('jepsen-edn');
      expect(verdict(text('2'))).toBe('not linearizable');
      expect(verdict(text('1'))).toBe('linearizable');
    }
    // Jepsen's field order is its own; a line in Porcupine's order (with :key) is still a Porcupine kv log.
    expect(detectFormat('{:type :invoke, :f :read, :value nil, :process 0, :time 5, :index 0}\n')).toBe('jepsen-edn');
    expect(detectFormat('{:process 0, :type :invoke, :f :get, :key "1", :value nil}\n')).toBe('porcupine-kv');
  });

  it('refuses a :process that is neither a client number nor a keyword, instead of skipping it as the nemesis', () => {
    // Skipping these would drop every operation and pass a stale read unchecked.
    for (const process of ['"p1"', '1.0', 'nil']) {
      expect(problem(edn(...wrote1, op(process, 'invoke', 'read', 'nil'), op(process, 'ok', 'read', '2')))).toMatch(
        new RegExp(`operation 2: :process must be an integer \\(a client\\) or a keyword \\(:nemesis\\), got ${process.replace('.', '\\.')}`),
      );
    }
    expect(problem(edn('{:type :invoke, :f :read, :value nil}'))).toMatch(/operation 0: :process must be .*, got none/);
  });

  it('refuses a map with a repeated key and a set with a repeated element, anywhere (EDN forbids both; which one counts would be a guess)', () => {
    expect(problem(edn('{:process 0, :process 1, :type :invoke, :f :write, :value 1}'))).toBe('h.edn: invalid EDN: the map {:f :write, :process 0, :process 1, :type :invoke, :value 1} has the key :process twice');
    // Before: #{1 1} was read as a set of two elements.
    expect(problem(edn(op(0, 'invoke', 'write', '#{1 1}')))).toBe('h.edn: invalid EDN: the set #{1 1} has the element 1 twice');
    // Equal as Clojure compares: 1 and 1N are one integer; 1 and 1.0 are not.
    expect(problem(edn(op(0, 'invoke', 'write', '#{1 1N}')))).toBe('h.edn: invalid EDN: the set #{1 1} has the element 1 twice');
    expect(parseJepsenEdn(edn(op(0, 'invoke', 'write', '#{1 1.0}'))).operations).toHaveLength(1);
    expect(problem(edn(op(0, 'invoke', 'write', '{[1] :a, [1] :b}')))).toMatch(/the map .* has the key \[1\] twice$/);
  });

  it('reads ##Inf, ##-Inf and ##NaN, and refuses an impossible #inst or a dangling # (they were internal errors)', () => {
    const wroteInf = edn(op(0, 'invoke', 'write', '##Inf'), op(0, 'ok', 'write', '##Inf'), op(1, 'invoke', 'read', 'nil'), op(1, 'ok', 'read', '##-Inf'));
    expect(verdict(wroteInf)).toBe('not linearizable');
    expect(verdict(wroteInf.replace('##-Inf', '##Inf'))).toBe('linearizable');
    expect(parseJepsenEdn(edn(op(0, 'invoke', 'write', '##NaN'))).operations).toHaveLength(1);
    expect(problem(edn(op(0, 'invoke', 'write', '1', ', :time #inst "yesterday"')))).toBe('h.edn: invalid EDN: #inst needs an RFC 3339 time string, got yesterday');
    for (const dangling of ['[#]', '[#_]', `${edn(...wrote1)} #jepsen.history.Op`]) {
      expect(problem(dangling)).toMatch(/^h\.edn: invalid EDN: (line 1: )?a # tag,? (or )?#_ discard (or \^ metadata )?has no value (after it|before '\]')$/);
    }
  });
});
