/**
 * Determinism across processes: the same seed run by two separate node
 * processes (the built CLI) and in this process gives one trace hash. A
 * hidden dependence on process state (module load order, a global counter,
 * hash-seeded iteration) would show up here and not in a single process.
 */

import { describe, expect, it } from 'vitest';
import { defaultSystem } from '../../src/sim/default-system.js';
import { runSeed } from '../../src/sim/run.js';
import { runCli, traceHashOf } from '../cli/run-cli.js';

describe('determinism across processes', () => {
  it.each([4, 19, 1001])('seed %i has one trace hash in two processes and in-process', (seed) => {
    const first = traceHashOf(runCli(['--seed', String(seed)]).stdout);
    const second = traceHashOf(runCli(['--seed', String(seed)]).stdout);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(second).toBe(first);
    expect(runSeed(seed, {}, defaultSystem).traceHash).toBe(first);
  });
});
