/**
 * The fingerprint hashes only the code that decides a run (issue 10.17): the
 * CLI, the report, sweeps and shrinking are outside it, so editing them does
 * not make every saved failure say "fingerprint differs". The built CLI and
 * the tests (which run the TypeScript) compute the same value, so a fresh
 * clone agrees with the committed corpus.
 */

import { describe, expect, it } from 'vitest';
import { behaviourFiles, codeVersion } from '../../src/cli/fingerprint.js';
import { runCli } from './run-cli.js';

describe('fingerprint', () => {
  const files = behaviourFiles();

  it('covers the simulator, Raft, KV, storage, harness, bugs and the checker search', () => {
    for (const prefix of ['src/raft/', 'src/kv/', 'src/storage/', 'src/sim/', 'src/harness/', 'src/bugs/', 'checker/search/', 'checker/models/']) {
      expect(files.some((file) => file.startsWith(prefix)), prefix).toBe(true);
    }
    expect(files).toContain('checker/check.ts');
  });

  it('leaves out the command line, the report, sweeps, shrinking and the checker parsers and HTML', () => {
    for (const prefix of ['src/cli/', 'src/report/', 'src/sweep/', 'src/shrink/', 'src/corpus/', 'checker/parse/', 'checker/html/', 'dist/', 'test/']) {
      expect(files.filter((file) => file.startsWith(prefix)), prefix).toEqual([]);
    }
  });

  it('is the same from the built CLI as from the sources', () => {
    const run = runCli(['--seed', '1', '--clients', '1', '--ops', '1', '--duration', '100']);
    expect(run.stdout).toMatch(new RegExp(`^fingerprint ${codeVersion().replace(/[.+]/g, '\\$&')}:`, 'm'));
  });
});
