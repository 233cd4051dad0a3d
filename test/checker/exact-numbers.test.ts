/**
 * Goal (issue 10, item 1): times and integer values are judged exactly, far
 * above 2^53. Nanosecond clocks (about 1.7e18) rounded to doubles lose the
 * order of events 100 ns apart, which turned a stale read into a pass.
 * Method: the same put-then-stale-get history with small and with nanosecond
 * times, through the library and the CLI; Jepsen and history@1 register values
 * one apart above 2^53; values that are not integers where one is required;
 * and the exact comparison against bigint on random integers.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory, HistoryInputError, parseHistory, renderHtml } from '@raft-check/checker';
import { compareDecimal, exactDecimal } from '../../checker/parse/exact-number.js';
import { runCheckCommand } from '../../src/cli/check-command.js';
import { memoryIo } from './memory-io.js';

/** A put of "1", then, strictly later, a get that still sees "": not linearizable. */
function staleGet(times: [string, string, string, string]): string {
  const [putCall, putReturn, getCall, getReturn] = times;
  return `{"format":"raft-check/history@1","model":"kv","operations":[
 {"client":0,"call":${putCall},"return":${putReturn},"input":{"op":"put","key":"x","value":"1"},"output":{}},
 {"client":1,"call":${getCall},"return":${getReturn},"input":{"op":"get","key":"x"},"output":{"value":""}}]}`;
}

const verdictOf = (text: string): string => checkHistory(parseHistory(text)).verdict;

describe('exact times', () => {
  it('a put, then a get at a later nanosecond time returning the old value, is not linearizable', () => {
    expect(verdictOf(staleGet(['0', '1', '100', '101']))).toBe('not linearizable');
    const nanoseconds = staleGet(['1700000000000000000', '1700000000000000001', '1700000000000000100', '1700000000000000101']);
    // As doubles all four times are the same number, so the operations would look concurrent.
    expect(Number('1700000000000000001')).toBe(Number('1700000000000000100'));
    expect(verdictOf(nanoseconds)).toBe('not linearizable');
    const history = parseHistory(nanoseconds);
    expect(history.meta).toEqual({ timeAxis: { kind: 'rebased', origin: '1700000000000000000' } });
    expect(history.operations.map((operation) => [operation.call, operation.return])).toEqual([
      [0, 1],
      [100, 101],
    ]);
  });

  it('the HTML view says how to read the renumbered times', () => {
    const history = parseHistory(staleGet(['1700000000000000000', '1700000000000000001', '1700000000000000100', '1700000000000000101']));
    expect(renderHtml(checkHistory(history), history)).toContain('Times are counted from 1700000000000000000');
  });

  it('the CLI says so too (exit 1)', () => {
    const nanoseconds = staleGet(['1700000000000000000', '1700000000000000001', '1700000000000000100', '1700000000000000101']);
    const io = memoryIo({ 'ns.json': nanoseconds });
    expect(runCheckCommand({ files: ['ns.json'], format: 'auto', json: false }, io)).toBe(1);
    expect(io.outLines[0]).toMatch(/^ns\.json: not linearizable: .*called at 100, returned at 101.* \(times are counted from 1700000000000000000\)$/);
  });

  it('times that touch stay concurrent, however large', () => {
    const touching = staleGet(['1700000000000000000', '1700000000000000100', '1700000000000000100', '1700000000000000101']);
    expect(verdictOf(touching)).toBe('linearizable');
  });

  it('decimals beyond a double and spans beyond 2^53 are ranked exactly', () => {
    expect(verdictOf(staleGet(['0.1', '0.10000000000000000001', '0.10000000000000000002', '0.2']))).toBe('not linearizable');
    expect(verdictOf(staleGet(['0.1', '0.10000000000000000002', '0.10000000000000000002', '0.2']))).toBe('linearizable');
    const wide = staleGet(['-1e30', '1700000000000000001', '1700000000000000100', '1e30']);
    expect(verdictOf(wide)).toBe('not linearizable');
    expect(parseHistory(wide).meta).toEqual({ timeAxis: { kind: 'ranks', origin: null } });
  });

  it('small times are kept as written', () => {
    const history = parseHistory(staleGet(['0', '1.5', '2', '3']));
    expect(history.meta).toBeUndefined();
    expect(history.operations[0]!.return).toBe(1.5);
  });

  it.each([
    ['call 1e999', staleGet(['1e999', '1', '2', '3']), /operation 0: "call" must be a finite number, got 1e999/],
    ['return -1e999', staleGet(['0', '1', '2', '-1e999']), /operation 1: "return" must be a finite number/],
  ])('%s: exit 2', (_name, text, message) => {
    expect(() => parseHistory(text)).toThrow(message);
    const io = memoryIo({ 'bad.json': text });
    expect(runCheckCommand({ files: ['bad.json'], format: 'auto', json: false }, io)).toBe(2);
    expect(io.errLines).toHaveLength(1);
  });

  it.each(['1.5', '-1', '1e999', '9007199254740993', '"1"'])('client %s is refused', (client) => {
    const text = staleGet(['0', '1', '2', '3']).replace('"client":0', `"client":${client}`);
    expect(() => parseHistory(text)).toThrow(/operation 0: "client" must be an integer >= 0 and below 2\^53/);
  });

  it('compares decimals exactly, as bigint does for integers', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (a, b) => {
        const expected = a < b ? -1 : a > b ? 1 : 0;
        expect(Math.sign(compareDecimal(exactDecimal(a.toString())!, exactDecimal(b.toString())!))).toBe(expected);
        // The same values written with an exponent and a fraction compare the same.
        const scaled = (value: bigint): string => `${value.toString()}00e-2`;
        expect(Math.sign(compareDecimal(exactDecimal(scaled(a))!, exactDecimal(b.toString())!))).toBe(expected);
      }),
      { numRuns: 300, seed: 10 },
    );
  });
});

describe('exact integer values', () => {
  const jepsen = (written: string, read: string): string =>
    [
      `INFO  jepsen.util - 1\t:invoke\t:write\t${written}`,
      `INFO  jepsen.util - 1\t:ok\t:write\t${written}`,
      'INFO  jepsen.util - 1\t:invoke\t:read\tnil',
      `INFO  jepsen.util - 1\t:ok\t:read\t${read}`,
    ].join('\n');

  it('Jepsen register values one apart above 2^53 differ', () => {
    expect(verdictOf(jepsen('9007199254740993', '9007199254740992'))).toBe('not linearizable');
    expect(verdictOf(jepsen('9007199254740993', '9007199254740993'))).toBe('linearizable');
    expect(verdictOf(jepsen('-123456789012345678901234567890', '-123456789012345678901234567890'))).toBe('linearizable');
  });

  it('a Jepsen cas compares its expected value exactly', () => {
    const text = [
      jepsen('9007199254740993', '9007199254740993'),
      'INFO  jepsen.util - 1\t:invoke\t:cas\t[9007199254740992 5]',
      'INFO  jepsen.util - 1\t:ok\t:cas\t[9007199254740992 5]',
    ].join('\n');
    expect(verdictOf(text)).toBe('not linearizable');
  });

  it('history@1 register values above 2^53 compare exactly; non-integers are refused', () => {
    const register = (written: string, read: string): string => `{"format":"raft-check/history@1","model":"cas-register","operations":[
 {"client":0,"call":0,"return":1,"input":{"op":"write","value":${written}},"output":{}},
 {"client":0,"call":2,"return":3,"input":{"op":"read"},"output":{"value":${read}}}]}`;
    expect(verdictOf(register('9007199254740993', '9007199254740992'))).toBe('not linearizable');
    expect(verdictOf(register('9007199254740993', '9007199254740993'))).toBe('linearizable');
    expect(verdictOf(register('9007199254740992', '9007199254740992'))).toBe('linearizable');
    expect(() => parseHistory(register('1.5', '1.5'))).toThrow(/input\.value must be an integer, but is 1\.5/);
    expect(() => parseHistory(register('1e999', '1'))).toThrow(HistoryInputError);
  });

  it('a bigint where a kv string belongs is named in one line (it cannot go through JSON.stringify)', () => {
    for (const field of ['"op":9007199254740993', '"op":{"x":9007199254740993}', '"op":"get","key":9007199254740993']) {
      const text = `{"format":"raft-check/history@1","model":"kv","operations":[{"client":0,"call":0,"return":1,"input":{${field}},"output":{"value":""}}]}`;
      expect(() => parseHistory(text)).toThrow(HistoryInputError);
    }
  });

  it('Jepsen and Porcupine process ids above 2^53 are refused, not rounded together', () => {
    expect(() => parseHistory('INFO  jepsen.util - 9007199254740993\t:invoke\t:read\tnil')).toThrow(/process id must be an integer/);
    expect(() => parseHistory('{:process 9007199254740993, :type :invoke, :f :get, :key "k", :value nil}')).toThrow(
      /process id must be an integer/,
    );
  });
});
