/**
 * Goal: shrink's numeric flags are checked before any run, like every other
 * numeric flag. `--max-runs abc` was NaN, which no run count reaches, so the
 * shrink ran to its time budget; `--max-runs -3` ran nothing and blamed
 * --budget. Method: executeShrink in-process with a system that must never
 * be run.
 */

import { describe, expect, it } from 'vitest';
import { executeShrink, type ShrinkArgs } from '../../src/cli/shrink-command.js';
import { isUsageError } from '../../src/cli/usage-error.js';
import type { System } from '../../src/sim/index.js';

const neverRun = new Proxy({} as System, {
  get: () => {
    throw new Error('the system was used: the flags were not checked first');
  },
});

const args: ShrinkArgs = {
  file: undefined,
  seed: 1,
  budget: 60,
  'max-runs': undefined,
  save: 'histories',
  nodes: undefined,
  clients: undefined,
  ops: undefined,
  duration: undefined,
  profile: undefined,
  bug: undefined,
  system: undefined,
};

describe('shrink flags', () => {
  it.each([Number.NaN, -3, 0, 1.5])('--max-runs %s is a usage error before any run', async (maxRuns) => {
    const error = await executeShrink({ ...args, 'max-runs': maxRuns }, neverRun, () => {}, () => 0).catch((thrown: unknown) => thrown);
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^--max-runs must be an integer in \[1, 1000000000\], got /);
  });
});

describe('shrink --save with a failure file', () => {
  it('is refused before any run: the file is shrunk in place, and --save was silently ignored', async () => {
    const error = await executeShrink({ ...args, seed: undefined, file: 'histories/seed-4231.json', save: '/tmp/elsewhere' }, neverRun, () => {}, () => 0).catch((thrown: unknown) => thrown);
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toBe('--save is for --seed: a failure file is shrunk in place (histories/seed-4231.json); copy it first to keep the original');
  });
});
