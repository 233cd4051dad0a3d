/**
 * Round 13: every file raft-check reads, edited the ways people and other
 * tools damage files. Starting from a valid file of each format (history@1,
 * Porcupine kv, Jepsen etcd log, Jepsen history.edn for the kv model and the
 * cas-register, Jepsen history.txt, failure@1, plan@1, sweep@1), fast-check
 * applies one to three edits: cut at any byte, a line deleted, repeated or
 * swapped with another, a byte flipped, a number replaced by a huge,
 * negative, fractional or NaN-like text, a keyword or name replaced, a BOM
 * inserted, CRLF line ends, a NUL byte, a very long line. The reading
 * function the CLI uses must give a verdict (or accept the file) or one
 * line of bad input; any other throw fails the property, as it would be an
 * internal error (exit 255) in the CLI. A few cases go through the CLI in
 * process. RAFT_CHECK_NIGHTLY=1 runs ten times as many (support/fuzz-runs.ts).
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHistory, writeJepsenEdn, type HistoryFile } from '@raft-check/checker';
import { runCheckCommand, type CheckArguments } from '../../src/cli/check-command.js';
import { executeMerge, IncompleteSweepError } from '../../src/cli/merge-command.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { readFailureFile } from '../../src/corpus/corpus-dir.js';
import { FailureFileError } from '../../src/corpus/failure-file.js';
import { ednToTxt } from '../support/edn-to-txt.js';
import { memoryIo } from '../checker/memory-io.js';
import { PORCUPINE_DATA, REPOSITORY_ROOT } from '../checker/shared-data.js';
import { isOneLine } from '../cli/run-cli.js';
import { runCliInProcess } from '../cli/run-in-process.js';
import { sweepFile } from '../sweep/sweep-fixtures.js';
import { fuzzRuns } from '../support/fuzz-runs.js';

const read = (...parts: string[]): string => readFileSync(path.join(REPOSITORY_ROOT, ...parts), 'utf8');

const failureText = read('histories', 'seed-1-bug-send-before-fsync.json');
const failureHistory = (JSON.parse(read('histories', 'seed-4-bug-stale-local-read.json')) as { history: HistoryFile }).history;
const kvEdn = writeJepsenEdn(parseHistory(JSON.stringify(failureHistory))).text;
const casEdn = read('test/data/knossos/cas-register/bad/cas-failure.edn');

interface HistorySeed {
  name: string;
  text: string;
  /** The flags a user of this format would give. */
  flags: Partial<CheckArguments>;
}

const histories: HistorySeed[] = [
  { name: 'history.json', text: JSON.stringify(failureHistory, null, 1), flags: {} },
  { name: 'c01-bad.txt', text: readFileSync(path.join(PORCUPINE_DATA, 'kv', 'c01-bad.txt'), 'utf8'), flags: {} },
  { name: 'etcd_039.log', text: readFileSync(path.join(PORCUPINE_DATA, 'jepsen', 'etcd_039.log'), 'utf8'), flags: {} },
  { name: 'kv.edn', text: kvEdn, flags: { model: 'kv' } },
  { name: 'cas.edn', text: casEdn, flags: { model: 'cas-register', initial: '0' } },
  { name: 'cas-auto.edn', text: casEdn, flags: {} },
  { name: 'history.txt', text: ednToTxt(casEdn), flags: { initial: '0' } },
  { name: 'kv-history.txt', text: ednToTxt(kvEdn), flags: { model: 'kv' } },
  { name: 'failure.json', text: failureText, flags: {} },
];

const NUMBERS = ['1e999', '-1', '-0', '0.5', '1.0', 'NaN', '##NaN', 'Infinity', '9007199254740993', '9'.repeat(400), '0x10', '1_000', '1e3', '', '+1'];
const NAMES = [':invoke', ':ok', ':fail', ':info', ':nemesis', ':cas', ':read', ':write', ':append', 'nil', '"op"', '"__proto__"', '[]', '{}', '#{}', '""', 'true', ':cas-mismatch'];
const LONG_LINES = ['7'.repeat(300_000), '['.repeat(5_000), `"${'x'.repeat(300_000)}"`, ' '.repeat(300_000), '\t'.repeat(50_000)];

type Edit =
  | { kind: 'cut'; at: number }
  | { kind: 'delete line' | 'repeat line'; line: number }
  | { kind: 'swap lines'; line: number; other: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'number'; which: number; by: number }
  | { kind: 'name'; which: number; by: number }
  | { kind: 'bom' | 'nul'; at: number }
  | { kind: 'crlf' }
  | { kind: 'long line'; line: number; by: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constantFrom('delete line' as const, 'repeat line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swap lines' as const), line: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('number' as const), which: fc.nat(), by: fc.nat(NUMBERS.length - 1) }),
  fc.record({ kind: fc.constant('name' as const), which: fc.nat(), by: fc.nat(NAMES.length - 1) }),
  fc.record({ kind: fc.constantFrom('bom' as const, 'nul' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('crlf' as const) }),
  fc.record({ kind: fc.constant('long line' as const), line: fc.nat(), by: fc.nat(LONG_LINES.length - 1) }),
);

const edits = fc.array(edit, { minLength: 1, maxLength: 3 });

/** Replaces the `which`-th match of `pattern` (modulo their count) with `by`. */
function replaceMatch(text: string, pattern: RegExp, which: number, by: string): string {
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return text;
  const match = matches[which % matches.length]!;
  return text.slice(0, match.index) + by + text.slice(match.index + match[0].length);
}

function applyEdit(bytes: Buffer, change: Edit): Buffer {
  const at = (position: number): number => (bytes.length === 0 ? 0 : position % (bytes.length + 1));
  if (change.kind === 'cut') return bytes.subarray(0, Math.floor(change.at * bytes.length));
  if (change.kind === 'flip') {
    const copy = Buffer.from(bytes);
    if (copy.length > 0) copy[change.at % copy.length] = change.byte;
    return copy;
  }
  if (change.kind === 'bom' || change.kind === 'nul') {
    const insert = Buffer.from(change.kind === 'bom' ? [0xef, 0xbb, 0xbf] : [0]);
    // A BOM mostly at the start, where editors put it.
    const position = change.kind === 'bom' && change.at % 2 === 0 ? 0 : at(change.at);
    return Buffer.concat([bytes.subarray(0, position), insert, bytes.subarray(position)]);
  }
  const text = bytes.toString('latin1');
  const lines = text.split('\n');
  const line = (index: number): number => index % lines.length;
  switch (change.kind) {
    case 'delete line':
      lines.splice(line(change.line), 1);
      break;
    case 'repeat line':
      lines.splice(line(change.line), 0, lines[line(change.line)]!);
      break;
    case 'swap lines': {
      const [a, b] = [line(change.line), line(change.other)];
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      break;
    }
    case 'long line':
      lines.splice(line(change.line), 0, LONG_LINES[change.by]!);
      break;
    case 'crlf':
      return Buffer.from(lines.join('\r\n'), 'latin1');
    case 'number':
      return Buffer.from(replaceMatch(text, /-?\d+(\.\d+)?/g, change.which, NUMBERS[change.by]!), 'latin1');
    case 'name':
      return Buffer.from(replaceMatch(text, /:[a-z][a-z-]*|"[a-z]+"|nil\b|null\b/g, change.which, NAMES[change.by]!), 'latin1');
  }
  return Buffer.from(lines.join('\n'), 'latin1');
}

/** Text edits first (they work on lines), byte edits last (they may break the UTF-8 the text edits keep). */
function edited(original: string, changes: readonly Edit[]): Buffer {
  const isByteEdit = (change: Edit): boolean => change.kind === 'cut' || change.kind === 'flip' || change.kind === 'nul' || change.kind === 'bom';
  const ordered = [...changes.filter((change) => !isByteEdit(change)), ...changes.filter(isByteEdit)];
  // latin1 keeps every byte as one character, so line edits never break a multi-byte character apart.
  let bytes: Buffer = Buffer.from(original, 'utf8');
  for (const change of ordered) bytes = applyEdit(bytes, change);
  return bytes;
}

/** check, as the CLI runs it: exit 0 to 3, and exactly one line on stderr when (and only when) it is 2. */
function checkExits(seed: HistorySeed, bytes: Uint8Array): number {
  const io = memoryIo({ [seed.name]: bytes });
  const status = runCheckCommand({ files: [seed.name], format: 'auto', json: false, maxSteps: 20_000, ...seed.flags }, io);
  expect([0, 1, 2, 3]).toContain(status);
  expect(io.errLines).toHaveLength(status === 2 ? 1 : 0);
  for (const line of [...io.errLines, ...io.outLines]) {
    expect(line).not.toMatch(/[\r\n]/);
    expect(line.length).toBeLessThan(2_000);
  }
  return status;
}

/** Accepted, or refused by `expected` in one line; anything else is rethrown to fail the property. */
function acceptedOrOneLine(run: () => unknown, expected: readonly (new (...args: never[]) => Error)[]): 'accepted' | 'refused' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (!expected.some((type) => error instanceof type)) throw error;
    expect((error as Error).message).not.toMatch(/[\r\n]/);
    expect((error as Error).message.length).toBeLessThan(2_000);
    return 'refused';
  }
}

const folder = mkdtempSync(path.join(tmpdir(), 'careless-edits-'));

describe('careless edits of every file raft-check reads', () => {
  it.each(histories.map((seed) => [seed.name, seed] as const))('check %s: a verdict or one line of bad input', (_name, seed) => {
    expect(checkExits(seed, Buffer.from(seed.text))).not.toBe(2);
    const statuses = new Set<number>();
    fc.assert(
      fc.property(edits, (changes) => {
        statuses.add(checkExits(seed, edited(seed.text, changes)));
      }),
      { numRuns: fuzzRuns(120), seed: 1313 },
    );
    // The edits both break files and leave some readable: both ends are exercised.
    expect(statuses.has(2)).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
  });

  it('failure@1: readFailureFile accepts the file or refuses it in one line', () => {
    const file = path.join(folder, 'failure.json');
    fc.assert(
      fc.property(edits, (changes) => {
        writeFileSync(file, edited(failureText, changes));
        acceptedOrOneLine(() => readFailureFile(file), [FailureFileError]);
      }),
      { numRuns: fuzzRuns(120), seed: 1313 },
    );
  });

  it('sweep@1: merge gives its exit code or refuses in one line', () => {
    const sweepText = JSON.stringify(sweepFile({ first: 1, last: 100 }, null, [7, 42]), null, 1);
    const file = path.join(folder, 'sweep.json');
    fc.assert(
      fc.property(edits, (changes) => {
        writeFileSync(file, edited(sweepText, changes));
        acceptedOrOneLine(() => executeMerge([file], false, () => undefined), [UsageError, IncompleteSweepError]);
      }),
      { numRuns: fuzzRuns(120), seed: 1313 },
    );
  });

  it('through the CLI: check, replay, regress, --plan and merge exit with a verdict or 2 in one line, never 255', async () => {
    const planText = JSON.stringify((JSON.parse(failureText) as { shrunk: { plan: unknown } }).shrunk.plan, null, 1);
    const sweepText = JSON.stringify(sweepFile({ first: 1, last: 100 }, null, [7]), null, 1);
    const samples = fc.sample(edits, { numRuns: 6, seed: 1313 });
    for (const [index, changes] of samples.entries()) {
      const runs: { args: string[]; allowed: number[] }[] = [];
      const write = (name: string, text: string): string => {
        const file = path.join(folder, `cli-${index}-${name}`);
        writeFileSync(file, edited(text, changes));
        return file;
      };
      const seed = histories[index % histories.length]!;
      runs.push({ args: ['check', '--max-steps', '20000', write(seed.name, seed.text)], allowed: [0, 1, 2, 3] });
      runs.push({ args: ['replay', write('failure.json', failureText)], allowed: [0, 1, 2, 3, 4] });
      runs.push({ args: ['--plan', write('plan.json', planText)], allowed: [0, 1, 2, 3, 4] });
      runs.push({ args: ['merge', write('sweep.json', sweepText)], allowed: [0, 1, 2, 3, 4, 6] });
      for (const { args, allowed } of runs) {
        const run = await runCliInProcess(args);
        const context = `${args.join(' ')}: ${run.stderr}`;
        expect(allowed, context).toContain(run.status);
        if (run.status === 2) expect(isOneLine(run.stderr), context).toBe(true);
      }
    }
  }, 120_000);
});
