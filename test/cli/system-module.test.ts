/**
 * `--system MODULE`: a user's NodeFactory is run and checked like ours, in a
 * single run and in a sweep (where each worker thread loads the module); the
 * sweep that finds the module's bug and saves it is the first test of
 * system-end-to-end.test.ts, whose other tests use the seed it finds.
 */

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from './run-in-process.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('--system', () => {
  it('runs a plugged-in implementation and names it in the header', async () => {
    const run = await runCliInProcess(['--seed', '1', '--system', fixture('send-before-persist.mjs')]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^raft-check seed 1 {2}\(raft-send-before-persist, /m);
    expect(run.stdout).toMatch(/^verdict: /m);
  });

  it.each([
    [fixture('not-a-factory.mjs'), /must export a NodeFactory/],
    ['no/such/module.mjs', /cannot load --system/],
  ])('rejects %s in one line with exit 2, in runs and sweeps', async (module, message) => {
    for (const args of [['--seed', '1'], ['--seeds', '1..3']]) {
      const run = await runCliInProcess([...args, '--system', module]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
