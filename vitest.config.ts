import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import SlowFirstSequencer from './test/support/slow-first-sequencer.js';

// Tests import the checker from its TypeScript source, so a test run never
// depends on a stale build of checker/dist.
//
// Speed on a 2-core machine (issue 13): vitest's default for `run` is one
// worker less than the cores, which is a single worker here, so two are
// asked for (many tests wait on a spawned CLI or Chromium meanwhile). Most
// files share their worker's module graph (`isolate: false`) instead of
// importing src/ afresh for each of the ~115 files, which took about half the
// CPU of the unit-test folders; test/support/restore-env.ts hands every file
// the environment it started with, so a variable one file sets never reaches
// the next. The exec-protocol tests stay isolated: src/harness/exec keeps one
// workspace per thread (its answer timeout is read once, from the
// environment, when the first node process starts) and a pool of idle node
// processes, and each of those files wants its own.
//
// The shared files run in worker threads, the isolated ones in child
// processes (vitest's default pool): two threads of the one vitest process
// took 9 to 14% less CPU than two forks on the same files (round 7, measured
// in turns: the unit folders 27 against 31.5 s, the CLI, report and sweep
// folders 76 against 84 s). The exec-protocol files stay in forks, as they
// were measured.
const ISOLATED = ['test/harness/**/*.test.ts'];

export default defineConfig({
  resolve: {
    alias: {
      '@raft-check/checker': fileURLToPath(new URL('./checker/index.ts', import.meta.url)),
    },
  },
  test: {
    reporters: ['default', './test/support/summary-line-reporter.ts'],
    setupFiles: ['./test/support/restore-env.ts'],
    globalSetup: ['./test/support/working-tree-guard.ts'],
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false, pool: 'threads' } },
      { extends: true, test: { name: 'isolated', include: ISOLATED, isolate: true, pool: 'forks' } },
    ],
  },
});
