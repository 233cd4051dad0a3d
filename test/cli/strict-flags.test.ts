/**
 * Goal: a flag is read one way or refused, never guessed. yargs made a flag
 * given twice a list (`--faults crash --faults drop` and `--seeds 1..2
 * --seeds 3..4` were internal errors, `--model`, `--initial` and `--html`
 * given twice picked one without a word), switched a switch off when given a
 * value (`--check-determinism=yes` skipped the check), read a number flag's
 * '' as 0 (`--ops ''` ran no operations, `--port ''` took any port), `0x10`
 * as 16, and dropped a number flag without a value. Method: the parser
 * in-process (parse-in-process.ts), every kind of flag and command.
 */

import { describe, expect, it } from 'vitest';
import { usageErrorOf } from './parse-in-process.js';

describe('strict flags', () => {
  it.each([
    [['--seed', '1', '--faults', 'crash', '--faults', 'drop'], '--faults'],
    [['--seeds', '1..2', '--seeds', '3..4'], '--seeds'],
    [['--seed', '1', '--seed', '1'], '--seed'],
    [['--seed', '1', '--nodes', '3', '--nodes', '5'], '--nodes'],
    [['--seed', '1', '--json', '--json'], '--json'],
    [['--seed', '1', '--saveHistory', 'a.json', '--save-history', 'b.json'], '--save-history'],
    [['check', 'h.json', '--model', 'kv', '--model', 'cas-register'], '--model'],
    [['check', 'h.json', '--initial', '0', '--initial', '1'], '--initial'],
    [['check', 'h.json', '--html', 'a.html', '--html', 'b.html'], '--html'],
    [['shrink', '--seed', '1', '--budget', '1', '--budget', '2'], '--budget'],
    [['serve', '--port', '1', '--port', '2'], '--port'],
  ])('%j: a flag given twice is refused', (args, flag) => {
    expect(usageErrorOf(args)).toBe(`${flag} is given twice; give it once`);
  });

  it('lets a list flag repeat', () => {
    expect(usageErrorOf(['--seed', '1', '--bug', 'stale-local-read', '--bug', 'send-before-fsync'])).toBeUndefined();
    expect(usageErrorOf(['check', 'a.json', 'b.json'])).toBeUndefined();
  });

  it.each([
    [['--seed', '1', '--check-determinism=yes'], '--check-determinism is a switch: give it bare or as --no-check-determinism, not "--check-determinism=yes"'],
    [['--seed', '1', '--json=1'], '--json is a switch: give it bare or as --no-json, not "--json=1"'],
    [['--seed', '1', '--no-self-checks=0'], '--no-self-checks is a switch: give it bare, not "--no-self-checks=0"'],
  ])('%j: a switch given a value is refused', (args, message) => {
    expect(usageErrorOf(args)).toBe(message);
  });

  it('takes a switch bare, negated, or as =true/=false', () => {
    expect(usageErrorOf(['--seed', '1', '--json', '--no-self-checks', '--trace=false', '--check-determinism=true'])).toBeUndefined();
  });

  it.each([
    [['--seed', '1', '--no-faults'], '--no-faults: --faults is not a switch, so it cannot be negated; leave it out instead'],
    [['--seed', '1', '--no-nodes'], '--no-nodes: --nodes is not a switch, so it cannot be negated; leave it out instead'],
  ])('%j: --no- of a flag that is not a switch is refused', (args, message) => {
    expect(usageErrorOf(args)).toBe(message);
  });

  it.each([
    [['--seed', '1', '--ops', ''], '--ops must be a decimal number, got ""'],
    [['--seed', '1', '--ops', '0x10'], '--ops must be a decimal number, got "0x10"'],
    [['--seed', '1', '--nodes', 'abc'], '--nodes must be a decimal number, got "abc"'],
    [['--seed', '1', '--duration', 'Infinity'], '--duration must be a decimal number, got "Infinity"'],
    [['--seeds', '1..2', '--workers', ' 2'], '--workers must be a decimal number, got " 2"'],
    [['serve', '--port', ''], '--port must be a decimal number, got ""'],
    [['check', 'h.json', '--timeout', 'NaN'], '--timeout must be a decimal number, got "NaN"'],
    [['power', '--cap='], '--cap must be a decimal number, got ""'],
  ])('%j: a number flag takes a decimal number', (args, message) => {
    expect(usageErrorOf(args)).toBe(message);
  });

  it.each([
    // Judged rounded before: 100000 operations ran, and the seed or the start was reported as another number.
    [['--seed', '1', '--ops', '100000.0000000000001'], '--ops must be written with at most 15 significant digits (a double holds no more exactly), got "100000.0000000000001"'],
    [['power', '--from', '9007199254740993'], '--from must be written with at most 15 significant digits (a double holds no more exactly), got "9007199254740993"'],
    [['--seed', '9007199254740993'], '--seed must be an integer in [0, 9007199254740991], got 9007199254740993'],
  ])('%j: a number is judged as typed, never rounded', (args, message) => {
    expect(usageErrorOf(args)).toBe(message);
  });

  it('takes numbers of 15 significant digits or fewer, trailing and leading zeros aside', () => {
    expect(usageErrorOf(['--seed', '1', '--ops', '00100.000000000000000', '--duration', '3600000'])).toBeUndefined();
    expect(usageErrorOf(['power', '--from', '900719925474099'])).toBeUndefined();
  });

  it.each([
    [['--seed', '1', '--ops'], '--ops'],
    [['--seed', '1', '--ops', '--json'], '--ops'],
    [['--seed'], '--seed'],
    [['--seed', '1', '--profile'], '--profile'],
    [['check', 'h.json', '--model'], '--model'],
  ])('%j: a flag that takes a value is refused without one', (args, flag) => {
    expect(usageErrorOf(args)).toBe(`${flag} needs a value`);
  });

  it('reads negative numbers, exponents and values after = as values (each flag checks its range after)', () => {
    expect(usageErrorOf(['--seed', '1', '--ops', '1e2', '--duration=500'])).toBeUndefined();
    expect(usageErrorOf(['--seed', '1', '--ops', '-5', '--duration', '-0.5'])).toBeUndefined();
    expect(usageErrorOf(['check', 'h.edn', '--initial', '-1'])).toBeUndefined();
  });

  it('leaves unknown flags to the parser', () => {
    expect(usageErrorOf(['--seed', '1', '--frobnicate'])).toMatch(/Unknown argument: frobnicate/);
  });
});
