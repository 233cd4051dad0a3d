/**
 * Goal: Jepsen's history.txt (jepsen.util/prn-op: process, type, f, value
 * and an optional error, tab-separated, the first four printed as EDN, the
 * error printed for people) is read with history.edn's meaning, is told
 * apart from the other formats by its content, and bad lines are refused in
 * one line that names the line. Method: every Knossos EDN test history and
 * raft-check's own saved failures (exported as EDN) are converted to
 * history.txt here, as Jepsen would print them, and must get the verdict of
 * their EDN; then hand-made lines for the error field, nemesis lines, CRLF,
 * and malformed lines.
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkHistory,
  detectFormat,
  HistoryInputError,
  parseHistory,
  writeJepsenEdn,
  type HistoryFile,
  type ParseOptions,
} from '@raft-check/checker';
import { ednToTxt } from '../support/edn-to-txt.js';
import { REPOSITORY_ROOT } from './shared-data.js';

const verdictOf = (text: string, options: ParseOptions = {}): string => checkHistory(parseHistory(text, options), { maxSteps: 2_000_000 }).verdict;

const problemOf = (text: string): string => {
  try {
    parseHistory(text, { fileName: 'history.txt', format: 'jepsen-txt' });
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryInputError);
    expect((error as Error).message).not.toMatch(/[\r\n]/);
    return (error as Error).message;
  }
  throw new Error('expected bad input');
};

const KNOSSOS = path.join(REPOSITORY_ROOT, 'test/data/knossos');
const knossosExpected = JSON.parse(readFileSync(path.join(KNOSSOS, 'expected.json'), 'utf8')) as Record<string, 'ok' | 'illegal'>;

describe('Jepsen history.txt', () => {
  it.each(Object.entries(knossosExpected))('Knossos %s converted to history.txt gets its verdict (%s)', (file, expected) => {
    const txt = ednToTxt(readFileSync(path.join(KNOSSOS, file), 'utf8'));
    const name = file.replace(/\.edn$/, '.txt');
    expect(detectFormat(txt, name)).toBe('jepsen-txt');
    expect(verdictOf(txt, { fileName: name, jepsenEdn: { initial: '0' } })).toBe(expected === 'ok' ? 'linearizable' : 'not linearizable');
  });

  const failures = readdirSync(path.join(REPOSITORY_ROOT, 'histories')).filter((name) => name.endsWith('.json'));
  it.each(failures)('the saved failure %s, exported as EDN and printed as history.txt, gets the verdict of its EDN', (name) => {
    const failure = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'histories', name), 'utf8')) as { history: HistoryFile };
    const exported = writeJepsenEdn(parseHistory(JSON.stringify(failure.history)));
    const options: ParseOptions = { jepsenEdn: exported.readBack };
    expect(verdictOf(ednToTxt(exported.text), { ...options, fileName: 'h.txt' })).toBe(verdictOf(exported.text, { ...options, fileName: 'h.edn' }));
  });

  const lines = (...rows: string[][]): string => rows.map((row) => `${row.join('\t')}\n`).join('');
  const wroteThenRead = (read: string, ...extra: string[][]): string =>
    lines(['0', ':invoke', ':write', '1'], ['0', ':ok', ':write', '1'], ...extra, ['1', ':invoke', ':read', 'nil'], ['1', ':ok', ':read', read]);

  it('reads the error field as EDN when it is one value and as text otherwise; a cas :cas-mismatch did not swap', () => {
    const casMismatch = lines(['0', ':invoke', ':write', '1'], ['0', ':ok', ':write', '1'], ['1', ':invoke', ':cas', '[1 2]'], ['1', ':fail', ':cas', '[1 2]', ':cas-mismatch']);
    expect(verdictOf(casMismatch)).toBe('not linearizable');
    expect(verdictOf(casMismatch.replace(':cas-mismatch', 'connection reset by peer'))).toBe('linearizable');
    const timedOut = wroteThenRead('1', ['2', ':invoke', ':write', '3'], ['2', ':info', ':write', '3', 'timed out\tafter 5 s']);
    expect(verdictOf(timedOut)).toBe('linearizable');
  });

  it('skips nemesis lines whatever their value, and allows CRLF, blank lines and a trailing line without a newline', () => {
    const nemesis = [':nemesis', ':info', ':start', '{"n1" #{"n2" "n3"}}', '[:isolated "partition"]'];
    expect(verdictOf(wroteThenRead('1', nemesis).replace(/\n/g, '\r\n') + '\r\n\r\n')).toBe('linearizable');
    expect(verdictOf(wroteThenRead('2', nemesis).trimEnd())).toBe('not linearizable');
  });

  it('takes [key value] values to the kv model, as in history.edn', () => {
    const kv = (read: string): string =>
      lines(['0', ':invoke', ':write', '[:x 1]'], ['0', ':ok', ':write', '[:x 1]'], ['1', ':invoke', ':read', '[:y nil]'], ['1', ':ok', ':read', `[:y ${read}]`]);
    expect(parseHistory(kv('nil')).model).toBe('kv');
    expect(verdictOf(kv('nil'))).toBe('linearizable');
    expect(verdictOf(kv('1'))).toBe('not linearizable');
  });

  it.each([
    ['spaces instead of tabs', '0 :invoke :write 1\n', /^history\.txt: line 1: not a Jepsen history\.txt line/],
    ['a value that is two EDN values', lines(['0', ':invoke', ':write', '1 2']), /^history\.txt: line 1: the value field is not one EDN value/],
    ['a value cut short', lines(['0', ':invoke', ':write', '[1 2']), /^history\.txt: line 1: the value field is not one EDN value/],
    ['an unknown type', lines(['0', ':invoke', ':write', '1'], ['0', ':done', ':write', '1']), /^history\.txt: line 2: :type must be/],
    ['a process that is a string', lines(['"p0"', ':invoke', ':write', '1']), /^history\.txt: line 1: :process must be an integer/],
    ['a completion without an invoke', '\n\n' + lines(['4', ':ok', ':write', '1']), /^history\.txt: line 3: process 4 completes/],
    ['an error printed over two lines', lines(['0', ':invoke', ':write', '1'], ['0', ':info', ':write', '1', 'first line']) + 'second line\n', /^history\.txt: line 3: not a Jepsen history\.txt line/],
  ])('refuses %s, naming the line', (_what, text, expected) => {
    expect(problemOf(text)).toMatch(expected);
  });

  it('is detected by content, not by name, and only from a line that starts like one', () => {
    expect(detectFormat('0\t:invoke\t:read\tnil\n', 'anything')).toBe('jepsen-txt');
    expect(detectFormat(':nemesis\t:info\t:start\tnil\n0\t:invoke\t:read\tnil\n')).toBe('jepsen-txt');
    expect(detectFormat('{:process 0, :type :invoke, :f :read, :key "x", :value nil}\n')).toBe('porcupine-kv');
    expect(() => detectFormat('0 :invoke :read nil\n', 'h')).toThrow(HistoryInputError);
  });
});
