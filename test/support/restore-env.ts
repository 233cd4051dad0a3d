/**
 * Runs before every test file. With `isolate: false` (vitest.config.ts) the
 * files of one worker share a process, so a variable one file sets (for
 * example RAFT_CHECK_EXEC_TIMEOUT_MS, which a spawned CLI would inherit) would
 * leak into the files after it. Each file gets back the environment it
 * started with when it ends.
 */

import { afterAll } from 'vitest';

const atStart = { ...process.env };

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in atStart)) delete process.env[name];
  Object.assign(process.env, atStart);
});
