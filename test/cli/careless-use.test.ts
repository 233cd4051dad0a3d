/**
 * Round 13: a command line typed in a hurry. Goal: a misspelled command or
 * flag, a flag of another command, a file given without a command, a seed
 * range written with a dash, get the same one-line usage error (exit 2) as
 * before, with the likely meaning added; what has no likely meaning keeps
 * yargs' words; --seed takes every form one end of --seeds takes (`1e3`,
 * blanks around it), and nothing looser. Method: the parser in process
 * (parse-in-process.ts), and one spawn for the exit code and the one line.
 */

import { describe, expect, it } from 'vitest';
import { closest } from '../../src/cli/argument-hints.js';
import { runCheckCommand } from '../../src/cli/check-command.js';
import { FailureFileError, parseFailureFile } from '../../src/corpus/failure-file.js';
import { memoryIo } from '../checker/memory-io.js';
import { parseSeedFlag } from '../../src/cli/run-options.js';
import { parseSeedRange } from '../../src/sweep/seed-range.js';
import { usageErrorOf, runFlagsErrorOf } from './parse-in-process.js';
import { isOneLine, runCli } from './run-cli.js';

/** The sweep reads --seeds when it starts (sweep-mode.ts): its error, as the CLI would print it. */
function seedRangeErrorOf(text: string): string | undefined {
  try {
    parseSeedRange(text, () => 1);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('careless command lines', () => {
  it.each([
    [['chek', 'h.edn'], 'Unknown arguments: chek, h.edn (chek: did you mean raft-check check?; to check a history file: raft-check check h.edn)'],
    [['shrnk'], 'Unknown argument: shrnk (shrnk: did you mean raft-check shrink?)'],
    [['--sed', '3'], 'Unknown argument: sed (--sed: did you mean --seed?)'],
    [['--seeds', '1..3', '--wrkers', '2'], 'Unknown argument: wrkers (--wrkers: did you mean --workers?)'],
    [['check', '--modle', 'kv', 'h.edn'], 'Unknown argument: modle (--modle: did you mean --model?)'],
    [['check', '--seeds', '1..3', 'h.edn'], 'Unknown argument: seeds (--seeds is a flag of a run or sweep (raft-check --seed N, --seeds A..B), not of raft-check check)'],
    [['--seed', '1', '--max-steps', '5'], 'Unknown argument: max-steps (--max-steps is a flag of raft-check check, not of a run or sweep (raft-check --seed N, --seeds A..B))'],
    [['histories/seed-4.json'], 'Unknown argument: histories/seed-4.json (to check a history: raft-check check histories/seed-4.json; to rerun a failure file: raft-check replay histories/seed-4.json; a plan: raft-check --plan histories/seed-4.json)'],
    [['42'], 'Unknown argument: 42 (to run seed 42: raft-check --seed 42)'],
    [['1..9'], 'Unknown argument: 1..9 (to sweep seeds 1..9: raft-check --seeds 1..9)'],
  ])('%j: the unknown word and its likely meaning', (args, message) => {
    expect(usageErrorOf(args)).toBe(message);
  });

  it('keeps yargs\' words when there is nothing likely to add', () => {
    expect(usageErrorOf(['--seed', '1', '--frobnicate'])).toBe('Unknown argument: frobnicate');
    expect(usageErrorOf(['bugs', '--frobnicate'])).toBe('Unknown argument: frobnicate');
  });

  it('suggests only names within a slip of the keyboard, or a name the word begins', () => {
    expect(closest('sed', ['seed', 'seeds'])).toBe('seed');
    expect(closest('work', ['workers'])).toBe('workers');
    expect(closest('xyz', ['seed', 'nodes'])).toBeNull();
    expect(closest('profle', ['profile', 'port'])).toBe('profile');
  });

  it('a spawned CLI prints the hint in one line and exits 2', () => {
    const run = runCli(['chek', 'h.edn']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^raft-check: Unknown arguments: chek, h\.edn \(chek: did you mean raft-check check\?/);
    expect(isOneLine(run.stderr)).toBe(true);
  });

  it('--seed takes what one end of --seeds takes: digits, 1e3, blanks around them', () => {
    expect(parseSeedFlag('1e3')).toBe(1000);
    expect(parseSeedFlag(' 7 ')).toBe(7);
    expect(parseSeedFlag('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    for (const loose of ['0x10', '1_000', '', ' ', '1.5', '-1', '+1', '1e-3', 'Infinity']) {
      expect(() => parseSeedFlag(loose), loose).toThrow(/--seed must be an integer >= 0/);
    }
    for (const huge of ['9007199254740992', '1e16', '1e400', '9'.repeat(30)]) {
      expect(() => parseSeedFlag(huge), huge).toThrow(/--seed must be an integer in \[0, 9007199254740991\]/);
    }
  });

  it.each([
    [['--seeds', '1-5'], '--seeds writes a range with two dots: 1..5, not "1-5"'],
    [['--seeds', '1:5'], '--seeds writes a range with two dots: 1..5, not "1:5"'],
    [['--seeds', '5..1'], /the last seed is below the first \(write 1\.\.5\?\)/],
    [['--seeds', '-3..2'], /the first seed must be a whole number >= 0/],
    [['--seeds', '1..9007199254740993'], /the largest seed is 9007199254740991/],
    [['--seeds', '1..3', '--seed', '2'], /does not combine with --seed/],
    [['--seed', '1', '--seed', '2'], /--seed is given twice/],
  ])('%j: refused in words that say how to write it', (args, message) => {
    const error = runFlagsErrorOf(args) ?? seedRangeErrorOf(args[1]!);
    if (typeof message === 'string') expect(error).toBe(message);
    else expect(error).toMatch(message);
  });

  it.each([
    ['--seeds', ' 1 .. 5 ', { first: 1, last: 5 }],
    ['--seeds', '1..1e2', { first: 1, last: 100 }],
    ['--seeds', '0..3', { first: 0, last: 3 }],
  ] as const)('%s %j: accepted', (flag, text, range) => {
    expect(runFlagsErrorOf([flag, text])).toBeUndefined();
    expect(parseSeedRange(text, () => 1)).toEqual(range);
  });

  it('check refuses --model and --initial for a file they cannot apply to, instead of ignoring them', () => {
    const files = {
      'etcd.log': 'INFO  jepsen.util - 0\t:invoke\t:write\t1\nINFO  jepsen.util - 0\t:ok\t:write\t1\n',
      'h.edn': '[{:process 0, :type :invoke, :f :read, :value nil} {:process 0, :type :ok, :f :read, :value 5}]',
    };
    const io = memoryIo(files);
    expect(runCheckCommand({ files: ['etcd.log', 'h.edn'], format: 'auto', json: false, initial: '5' }, io)).toBe(2);
    expect(io.errLines).toEqual([
      'bad input: etcd.log: --initial applies to Jepsen history.edn and history.txt only, and this file is read as jepsen-etcd; check it without it',
    ]);
    expect(io.outLines).toEqual(['h.edn: linearizable']);
    const auto = memoryIo(files);
    expect(runCheckCommand({ files: ['etcd.log'], format: 'auto', json: false, model: 'auto' }, auto)).toBe(0);
  });

  it('a file of another kind is refused with the command that reads it', () => {
    const plan = '{\n "format": "raft-check/plan@1",\n "config": {}\n}';
    const sweep = '{"format": "raft-check/sweep@1"}';
    const io = memoryIo({ 'plan.json': plan, 'sweep.json': sweep });
    expect(runCheckCommand({ files: ['plan.json', 'sweep.json'], format: 'auto', json: false }, io)).toBe(2);
    expect(io.errLines[0]).toMatch(/got "raft-check\/plan@1" \(a plan runs with raft-check --plan FILE\)$/);
    expect(io.errLines[1]).toMatch(/got "raft-check\/sweep@1" \(a sweep result: raft-check merge FILE\.\.\. gives its verdict\)$/);
    const replayed = (text: string): string => {
      try {
        parseFailureFile(text, 'f');
      } catch (error) {
        expect(error).toBeInstanceOf(FailureFileError);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(replayed(plan)).toMatch(/\(run a plan with raft-check --plan FILE\)$/);
    expect(replayed('{"format": "raft-check/history@1"}')).toMatch(/\(check a history with raft-check check FILE\)$/);
    expect(replayed('0\t:invoke\t:read\tnil\n')).toMatch(/\(a history to check\? raft-check check FILE\)$/);
    expect(replayed('[{:process 0}]')).toMatch(/\(a history to check\? raft-check check FILE\)$/);
    expect(replayed('{"format": ')).not.toMatch(/raft-check check/);
  });
});
