/**
 * Goal: history.edn files as real Jepsen versions and hand edits leave them
 * are read as Clojure would read them, or refused in one line. Method: one
 * history written in each of the forms the EDN reader met in the wild or in
 * round 13's fuzzing (metadata, namespaced maps, records with :index and
 * :time, #_ discards, comments, #inst and #uuid values, errors of any shape,
 * CRLF), each giving the verdict of its plain form; and the malformed forms
 * edn-data once read as something else (a map's key without a value, a tag
 * or discard with no value before a closing bracket).
 */

import { describe, expect, it } from 'vitest';
import { checkHistory, HistoryInputError, parseHistory } from '@raft-check/checker';
import { readEdnValues } from '../../checker/parse/edn-reader.js';
import { ednText } from '../../checker/parse/edn-value.js';

/** Client 0 writes 1, then client 1 reads `read`: linearizable only when `read` is 1. */
const plain = (read: string): string =>
  [
    '{:process 0, :type :invoke, :f :write, :value 1}',
    '{:process 0, :type :ok, :f :write, :value 1}',
    '{:process 1, :type :invoke, :f :read, :value nil}',
    `{:process 1, :type :ok, :f :read, :value ${read}}`,
  ].join('\n');

const verdictOf = (text: string, fileName = 'h.edn'): string => checkHistory(parseHistory(text, { fileName })).verdict;

const problemOf = (text: string): string => {
  try {
    parseHistory(text, { fileName: 'h.edn' });
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryInputError);
    expect((error as Error).message).not.toMatch(/[\r\n]/);
    return (error as Error).message;
  }
  throw new Error('expected bad input');
};

/** Each form of the same history; `read` is the value client 1 read. */
const FORMS: Record<string, (read: string) => string> = {
  'metadata on the vector': (read) => `^{:generated-by "jepsen"} [${plain(read)}]`,
  'metadata on each op': (read) => plain(read).replace(/^\{/gm, '^:op {'),
  'records with :index and :time': (read) =>
    plain(read)
      .split('\n')
      .map((line, index) => `#jepsen.history.Op{:index ${index}, :time ${1000 * index}, ${line.slice(1)}`)
      .join('\n'),
  'a namespaced map in an :error': (read) => plain(read).replace(':f :write, :value 1}', ':f :write, :value 1, :error #:db{:code 7, :_/why "slow"}}'),
  'nemesis ops and their errors': (read) =>
    `{:process :nemesis, :type :info, :f :start, :value nil}\n${plain(read)}\n{:process :nemesis, :type :info, :f :stop, :value [:isolated {"n1" #{"n2"}}], :error [:timeout 5]}`,
  '#_ discards and ; comments': (read) => `; jepsen 0.3\n#_{:process 9, :type :invoke}\n[${plain(read).replace('\n', ' #_ :gone ; a comment ]\n')}]`,
  '#inst and #uuid in fields': (read) => plain(read).replace(/\}$/gm, ', :wall #inst "2024-05-01T10:00:00.000-00:00", :id #uuid "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"}'),
  'CRLF line ends and trailing blank lines': (read) => `${plain(read).replace(/\n/g, '\r\n')}\r\n\r\n\r\n`,
  'a trailing vector after a BOM': (read) => `\uFEFF[${plain(read)}]\n\n`,
};

describe('Jepsen EDN in the forms real files have', () => {
  it.each(Object.keys(FORMS))('%s: the same verdicts as the plain form', (form) => {
    const write = FORMS[form]!;
    expect(verdictOf(write('1'))).toBe('linearizable');
    expect(verdictOf(write('2'))).toBe('not linearizable');
  });

  it('reads a namespaced map as the map with its keys qualified, so it equals the map written out', () => {
    const written = (value: string): string =>
      `[{:process 0, :type :invoke, :f :write, :value ${value}} {:process 0, :type :ok, :f :write, :value ${value}}
        {:process 1, :type :invoke, :f :read, :value nil} {:process 1, :type :ok, :f :read, :value {:a/x 1, :y 2}}]`;
    expect(verdictOf(written('#:a{:x 1, :_/y 2}'))).toBe('linearizable');
    expect(verdictOf(written('#:a{:x 1, :y 2}'))).toBe('not linearizable');
  });

  it('reads names of Object\'s own properties as plain EDN: symbols and tags named constructor, __proto__, toString', () => {
    // Found by the round-13 fuzz: the symbol __proto__ was read as Object.prototype, #toString 1 as "[object Undefined]".
    const values = readEdnValues('[__proto__ constructor #constructor 5 #toString 1 #hasOwnProperty 2 valueOf]');
    expect(ednText(values[0])).toBe('[__proto__ constructor #constructor 5 #toString 1 #hasOwnProperty 2 valueOf]');
    const read = (value: string): string =>
      `[{:process 0, :type :invoke, :f :write, :value ${value}} {:process 0, :type :ok, :f :write, :value ${value}}
        {:process 1, :type :invoke, :f :read, :value nil} {:process 1, :type :ok, :f :read, :value #constructor 5}]`;
    expect(verdictOf(read('#constructor 5'))).toBe('linearizable');
    expect(verdictOf(read('#toString 5'))).toBe('not linearizable');
  });

  it.each([
    ['a map key without a value', '[{:process 0, :type :invoke, :f :write, :value 1 :error}]', /a map has a key with no value before '\}'/],
    ['a discard with nothing before ]', `[${plain('1')} #_]`, /has no value before '\]'/],
    ['a tag with nothing before }', '[{:process 0, :type :invoke, :f :write, :value #foo}]', /has no value before '\}'/],
    ['a bare ^ before )', '(1 ^)', /has no value before '\)'/],
    // Metadata belongs to the value after it; with none, the file is cut, not a history without that value.
    ['metadata with no value before ]', `[${plain('1')} ^:m]`, /line 4: \^ metadata has no value after it before '\]'/],
    ['metadata at the end of the file', `${plain('1')}\n^:m\n`, /line 5: \^ metadata has no value after it before the end/],
    ['an auto-resolved namespaced map', '[#::{:process 0}]', /#:: namespaced maps/],
    ['a namespaced tag on a non-map', '[#:a 1]', /#:a must be followed by a map/],
  ])('refuses %s in one line', (_what, text, expected) => {
    expect(problemOf(text)).toMatch(expected);
  });
});
