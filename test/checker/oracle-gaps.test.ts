/**
 * Goal (issue 10, item 18): close the gaps a mutation audit of the checker
 * found. Each test fails under the mutation named in it:
 * - one partition unknown and the others linearizable is `unknown` overall
 *   (mutation: an unknown partition reported as linearizable), exit 3;
 * - the memo cache decides by state equality when hashes collide (mutation:
 *   a hash match taken as "seen"): a kv model whose every state hashes alike
 *   must still agree with brute force;
 * - the readers take the last line of a file without a final newline
 *   (mutation: dropping the last split piece).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory, checkOperations, kvModel, parseHistory, type HistoryFile, type Model } from '@raft-check/checker';
import { runCheckCommand } from '../../src/cli/check-command.js';
import { bruteForceLinearizable } from './brute-force.js';
import { kvHistoryArbitrary } from './kv-arbitrary.js';
import { append, get } from './kv-history.js';
import { memoryIo } from './memory-io.js';
import { fuzzRuns } from '../support/fuzz-runs.js';

/** Key "easy" first (it finishes in its first slice), then key "hard": 40 sequential appends, more steps than the budget. */
function mixedHistory(): HistoryFile {
  const operations = [get(0, 0, 1, 'easy', '')];
  let value = '';
  for (let index = 0; index < 40; index++) {
    value += String(index % 10);
    operations.push(append(1, 2 * index + 2, 2 * index + 3, 'hard', String(index % 10)));
  }
  operations.push(get(2, 100, 101, 'hard', value));
  return { format: 'raft-check/history@1', model: 'kv', operations };
}

describe('one partition unknown, the others linearizable', () => {
  it('is unknown overall, naming the unknown partition', () => {
    const history = mixedHistory();
    expect(checkHistory(history).verdict).toBe('linearizable');
    const result = checkHistory(history, { maxSteps: 30 });
    expect(result.partitions.map((partition) => [partition.name, partition.verdict])).toEqual([
      ['key "easy"', 'linearizable'],
      ['key "hard"', 'unknown'],
    ]);
    expect(result.verdict).toBe('unknown');
    expect(result.unknownReason).toBe('steps');
    expect(result.summary).toMatch(/^unknown: partition key "hard": unknown after \d+ steps: the step budget ran out/);
  });

  it('exits 3 from the CLI', () => {
    const io = memoryIo({ 'mixed.json': JSON.stringify(mixedHistory()) });
    expect(runCheckCommand({ files: ['mixed.json'], format: 'auto', json: false, maxSteps: 30 }, io)).toBe(3);
    expect(io.outLines[0]).toMatch(/^mixed\.json: unknown: partition key "hard"/);
    expect(runCheckCommand({ files: ['mixed.json'], format: 'auto', json: false }, memoryIo({ 'mixed.json': JSON.stringify(mixedHistory()) }))).toBe(0);
  });
});

describe('memo cache under hash collisions', () => {
  it('a kv model whose states all hash alike still agrees with brute force', () => {
    const colliding: Model<unknown, unknown, unknown> = { ...(kvModel as Model<unknown, unknown, unknown>), hash: () => 12345 };
    const runs = fuzzRuns(500);
    let failing = 0;
    fc.assert(
      fc.property(kvHistoryArbitrary(7), (operations) => {
        const result = checkOperations(colliding, operations);
        const expected = bruteForceLinearizable(operations) ? 'linearizable' : 'not linearizable';
        if (expected === 'not linearizable') failing++;
        expect(result.verdict).toBe(expected);
        expect(checkOperations(kvModel, operations).verdict).toBe(expected);
      }),
      { numRuns: runs, seed: 18 },
    );
    expect(failing).toBeGreaterThan(runs / 10);
  });
});

describe('files without a final newline', () => {
  const porcupine = [
    '{:process 0, :type :invoke, :f :put, :key "x", :value "1"}',
    '{:process 0, :type :ok, :f :put, :key "x", :value "1"}',
    '{:process 1, :type :invoke, :f :get, :key "x", :value nil}',
    '{:process 1, :type :ok, :f :get, :key "x", :value ""}',
  ].join('\n');
  const jepsen = [
    'INFO  jepsen.util - 0\t:invoke\t:write\t1',
    'INFO  jepsen.util - 0\t:ok\t:write\t1',
    'INFO  jepsen.util - 1\t:invoke\t:read\tnil',
    'INFO  jepsen.util - 1\t:ok\t:read\tnil',
  ].join('\n');
  const json = JSON.stringify({
    format: 'raft-check/history@1',
    model: 'kv',
    operations: [
      { client: 0, call: 0, return: 1, input: { op: 'put', key: 'x', value: '1' }, output: {} },
      { client: 1, call: 2, return: 3, input: { op: 'get', key: 'x' }, output: { value: '' } },
    ],
  });

  it.each([
    ['Porcupine kv', porcupine],
    ['Jepsen etcd', jepsen],
    ['history@1', json],
  ])('%s: the last line counts (its stale read is found)', (_format, text) => {
    expect(text.endsWith('\n')).toBe(false);
    for (const variant of [text, `${text}\n`, `${text}\r\n`]) {
      const history = parseHistory(variant);
      expect(history.operations).toHaveLength(2);
      expect(history.operations[1]!.return).not.toBeNull();
      expect(checkHistory(history).verdict).toBe('not linearizable');
    }
  });
});
