/**
 * Goal (issue 10, item 14): no input makes the history readers fail other
 * than with a one-line HistoryInputError (exit 2): never a stack trace, never
 * another error type, never a hang. Method: fast-check mutates real files of
 * each format (history@1, Porcupine kv, Jepsen etcd) at the byte level:
 * truncation, byte flips, deleted and repeated ranges, and insertions of
 * huge or non-integer numbers, bad escapes, raw control characters, deep
 * nesting and long runs. Most runs go through the library (bytes, UTF-8,
 * parse, check under a step budget); a handful go through the CLI.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory, decodeUtf8, HistoryInputError, parseHistory } from '@raft-check/checker';
import { runCheckCommand } from '../../src/cli/check-command.js';
import { memoryIo } from './memory-io.js';
import { PORCUPINE_DATA, REPOSITORY_ROOT } from './shared-data.js';

const failureFile = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'histories', 'seed-4-bug-stale-local-read.json'), 'utf8')) as {
  history: unknown;
};
const registerHistory = JSON.stringify({
  format: 'raft-check/history@1',
  model: 'cas-register',
  operations: [
    { client: 0, call: 1700000000000000000, return: 1700000000000000100, input: { op: 'write', value: 3 }, output: {} },
    { client: 1, call: 1700000000000000050, return: null, input: { op: 'cas', from: 3, to: 4 }, output: null },
    { client: 2, call: 1700000000000000200, return: 1700000000000000300, input: { op: 'read' }, output: { value: 4 } },
  ],
  meta: { note: 'fuzz seed' },
});

const seeds: { name: string; format: string; text: string }[] = [
  { name: 'history.json', format: 'history@1', text: JSON.stringify(failureFile.history) },
  { name: 'register.json', format: 'history@1', text: registerHistory },
  { name: 'c01-bad.txt', format: 'Porcupine kv', text: readFileSync(path.join(PORCUPINE_DATA, 'kv', 'c01-bad.txt'), 'utf8') },
  { name: 'etcd_039.log', format: 'Jepsen etcd', text: readFileSync(path.join(PORCUPINE_DATA, 'jepsen', 'etcd_039.log'), 'utf8') },
];

const SNIPPETS = [
  '1e999', '-1e999', '1.5', '-1', '9007199254740993', '123456789012345678901234567890', '1e-400', '0.1000000000000000000001',
  'NaN', '-0', '00', '1e', '"', '\\', '\\q', '\\u12', '\\ud800', '\t', '\u0000', '\r\n', '\n', 'nil', ':invoke', ':ok', ':info',
  '{', '}', '[', ']', ',', ':', '"format"', '"client":', '"call":', '"return":null', '"output":null', '{:process 1, ',
  'INFO  jepsen.util - 7 :invoke :cas ', '[1 2]', '[1e3 2]', '__proto__', '"__proto__":{}', 'constructor',
  '['.repeat(4000), '{"a":'.repeat(3000), ' '.repeat(20000), 'x'.repeat(50000), '\u00ff\u00fe', '😀',
];

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number }
  | { kind: 'insert'; at: number; snippet: number };

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), snippet: fc.nat(SNIPPETS.length - 1) }),
) as fc.Arbitrary<Mutation>;

function mutate(original: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = Buffer.from(original);
  for (const mutation of mutations) {
    const at = mutation.kind === 'truncate' ? Math.floor(mutation.at * bytes.length) : bytes.length === 0 ? 0 : mutation.at % bytes.length;
    switch (mutation.kind) {
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
      case 'flip':
        if (bytes.length > 0) bytes[at] = mutation.byte;
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + mutation.length)]);
        break;
      case 'repeat':
        bytes = Buffer.concat([bytes.subarray(0, at + mutation.length), bytes.subarray(at)]);
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(SNIPPETS[mutation.snippet]!, 'utf8'), bytes.subarray(at)]);
        break;
    }
  }
  return bytes;
}

const mutationsArbitrary = fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 });

/** Reads and checks like the CLI does; returns the verdict or the one-line problem; any other throw fails the test. */
function readAndCheck(bytes: Uint8Array, fileName: string): string {
  try {
    const history = parseHistory(decodeUtf8(bytes, fileName), { fileName });
    const result = checkHistory(history, { maxSteps: 20_000 }, fileName);
    expect(['linearizable', 'not linearizable', 'unknown']).toContain(result.verdict);
    return result.verdict;
  } catch (error) {
    if (!(error instanceof HistoryInputError)) throw error;
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message.length).toBeLessThan(600);
    return 'bad input';
  }
}

describe('fuzzing the readers', () => {
  it.each(seeds.map((seed) => [seed.format, seed.name, seed] as const))('%s (%s): a verdict or one line, never a crash', (_format, _name, seed) => {
    const original = Buffer.from(seed.text, 'utf8');
    // The unmutated file is fine, so the mutations are what is being tested.
    expect(readAndCheck(original, seed.name)).not.toBe('bad input');
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(mutationsArbitrary, (mutations) => {
        outcomes.add(readAndCheck(mutate(original, mutations), seed.name));
      }),
      { numRuns: 250, seed: 14 },
    );
    // Both kinds of outcome occur: the mutations neither always break the file nor never do.
    expect(outcomes.has('bad input')).toBe(true);
    expect(outcomes.size).toBeGreaterThan(1);
  });

  it('through the CLI: exit 0 to 3 and at most one line on stderr', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), mutationsArbitrary, (seed, mutations) => {
        const io = memoryIo({ [seed.name]: mutate(Buffer.from(seed.text, 'utf8'), mutations) });
        const status = runCheckCommand({ files: [seed.name], format: 'auto', json: false, maxSteps: 20_000 }, io);
        expect([0, 1, 2, 3]).toContain(status);
        expect(io.errLines.length).toBe(status === 2 ? 1 : 0);
        for (const line of io.errLines) expect(line).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 30, seed: 141 },
    );
  });
});
