/**
 * Goal: exporting a history as Jepsen EDN and reading it back gives the same
 * verdict, for linearizable and non-linearizable histories and for
 * histories with unanswered operations; a cas answered "not swapped" comes
 * back as such (Jepsen's :fail with :error :cas-mismatch).
 * Method: hand-written kv histories; thousands of random small kv histories
 * (fast-check); the simulator's recorded failing histories in histories/;
 * Knossos's register histories read, written and read again.
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkHistory,
  HISTORY_FORMAT,
  parseHistory,
  parseJepsenEdn,
  writeJepsenEdn,
  type HistoryFile,
  type KvInput,
  type KvOutput,
  type Operation,
} from '@raft-check/checker';
import { cas, get, put } from './kv-history.js';
import { kvHistoryArbitrary } from './kv-arbitrary.js';
import { REPOSITORY_ROOT } from './shared-data.js';

type KvOperation = Operation<KvInput, KvOutput>;

const kvHistory = (operations: KvOperation[]): HistoryFile => ({ format: HISTORY_FORMAT, model: 'kv', operations });
const roundTrip = (history: HistoryFile): HistoryFile => {
  const { text, readBack } = writeJepsenEdn(history);
  return parseJepsenEdn(text, readBack);
};
const verdictOf = (history: HistoryFile): string => checkHistory(history).verdict;
const isFailedCas = (operation: Operation): boolean =>
  (operation.input as KvInput).op === 'cas' && (operation.output as KvOutput | null)?.ok === false;

describe('Jepsen EDN round trip', () => {
  it('keeps the verdict of hand-written kv histories, answered and unanswered', () => {
    const cases: [string, KvOperation[], string][] = [
      ['a stale read', [put(0, 0, 1, 'x', '1'), get(1, 2, 3, 'x', '')], 'not linearizable'],
      ['a fresh read', [put(0, 0, 1, 'x', '1'), get(1, 2, 3, 'x', '1')], 'linearizable'],
      ['an unanswered put seen later', [put(0, 0, null, 'x', '1'), get(1, 5, 6, 'x', '1'), get(1, 7, 8, 'x', '1')], 'linearizable'],
      ['an unanswered put seen, then unseen', [put(0, 0, null, 'x', '1'), get(1, 5, 6, 'x', '1'), get(1, 7, 8, 'x', '')], 'not linearizable'],
      ['a client that goes on after an unanswered op', [put(0, 0, null, 'x', '1'), put(0, 3, 4, 'x', '2'), get(1, 5, 6, 'x', '1')], 'linearizable'],
      ['touching ops of one client are concurrent', [put(0, 0, 2, 'x', '1'), put(0, 2, 3, 'x', '2'), get(1, 4, 5, 'x', '1')], 'linearizable'],
      ['a swapped cas', [put(0, 0, 1, 'x', 'a'), cas(1, 2, 3, 'x', 'a', 'b', true), get(2, 4, 5, 'x', 'b')], 'linearizable'],
      ['an unanswered get', [put(0, 0, 1, 'x', '1'), get(1, 2, null, 'x', null)], 'linearizable'],
      ['strings that need escapes', [put(0, 0, 1, 'k "1"\n', 'é\\;[]'), get(1, 2, 3, 'k "1"\n', 'é\\;[]')], 'linearizable'],
    ];
    for (const [what, operations, verdict] of cases) {
      const history = kvHistory(operations);
      expect(verdictOf(history), what).toBe(verdict);
      expect(verdictOf(roundTrip(history)), what).toBe(verdict);
    }
  });

  it('writes a cas that did not swap as :fail with :error :cas-mismatch, reads it back, and counts it', () => {
    const history = kvHistory([put(0, 0, 1, 'x', 'a'), cas(1, 2, 3, 'x', 'a', 'b', false)]);
    expect(verdictOf(history)).toBe('not linearizable');
    const exported = writeJepsenEdn(history);
    expect(exported.failedCas).toBe(1);
    expect(exported.text).toContain('{:process 1, :type :fail, :f :cas, :value ["x" ["a" "b"]], :error :cas-mismatch, :index 3}');
    expect(verdictOf(parseJepsenEdn(exported.text, exported.readBack))).toBe('not linearizable');
    // Knossos ignores :error: a :fail is dropped, and this history passes it.
    expect(verdictOf(parseJepsenEdn(exported.text.replace(', :error :cas-mismatch', ''), exported.readBack))).toBe('linearizable');
    expect(exported.text.split('\n')[0]).toBe('; a kv history written by raft-check as Jepsen EDN; check it with: raft-check check FILE --model kv');
  });

  it('keeps the verdict of random small kv histories', () => {
    const verdicts = { linearizable: 0, 'not linearizable': 0, unanswered: 0, failedCas: 0 };
    fc.assert(
      fc.property(kvHistoryArbitrary(8), (operations) => {
        const history = kvHistory(operations);
        const imported = roundTrip(history);
        expect(imported.model).toBe('kv');
        expect(imported.operations).toHaveLength(operations.length);
        const verdict = verdictOf(imported) as 'linearizable' | 'not linearizable';
        expect(verdict).toBe(verdictOf(history));
        verdicts[verdict]++;
        if (operations.some((operation) => operation.return === null)) verdicts.unanswered++;
        if (operations.some(isFailedCas)) verdicts.failedCas++;
      }),
      { numRuns: 500, seed: 11 },
    );
    expect(verdicts.linearizable).toBeGreaterThan(50);
    expect(verdicts['not linearizable']).toBeGreaterThan(50);
    expect(verdicts.unanswered).toBeGreaterThan(50);
    expect(verdicts.failedCas).toBeGreaterThan(50);
  });

  it('keeps the verdict of the simulator histories saved in histories/', () => {
    const directory = path.join(REPOSITORY_ROOT, 'histories');
    const files = readdirSync(directory).filter((file) => file.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    let notLinearizable = 0;
    for (const file of files) {
      const history = (JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as { history: HistoryFile }).history;
      const imported = roundTrip(history);
      expect(imported.operations.length, file).toBe(history.operations.length);
      expect(verdictOf(imported), file).toBe(verdictOf(history));
      if (verdictOf(history) === 'not linearizable') notLinearizable++;
    }
    expect(notLinearizable).toBeGreaterThan(0);
  });

  it('keeps the verdict of Knossos register histories read, written and read again', () => {
    const directory = path.join(REPOSITORY_ROOT, 'test/data/knossos');
    const expected = JSON.parse(readFileSync(path.join(directory, 'expected.json'), 'utf8')) as Record<string, string>;
    const files = Object.keys(expected).filter((file, index) => file.includes('/bad/') || index % 8 === 0);
    for (const file of files) {
      const history = parseHistory(readFileSync(path.join(directory, file), 'utf8'), { jepsenEdn: { initial: '0' } });
      const again = roundTrip(history);
      expect(again.model, file).toBe('knossos-cas-register(0)');
      expect(verdictOf(again), file).toBe(expected[file] === 'ok' ? 'linearizable' : 'not linearizable');
    }
  });
});
