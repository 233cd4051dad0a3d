/**
 * Every failure file in histories/ is replayed on every `npm test`, exactly as
 * `raft-check regress histories` does: a failure of the correct code must pass
 * (the bug stays fixed), a failure with an injected catalog bug must still be
 * caught the same way (the harness keeps its power).
 */

import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { basename } from 'node:path';
import { listFailureEntries, readFailureFile } from '../../src/corpus/corpus-dir.js';
import { replayFailureFile } from '../../src/corpus/replay.js';
import { systemForFile } from '../../src/corpus/file-system.js';

const corpus = fileURLToPath(new URL('../../histories', import.meta.url));
const files = listFailureEntries(corpus).map((entry) => entry.path);

describe('the failure corpus (histories/)', () => {
  it('holds only readable failure files', () => {
    for (const path of files) expect(() => readFailureFile(path), path).not.toThrow();
  });

  it.each(files.map((path) => [basename(path), path]))('%s meets its expectation', async (_, path) => {
    const file = readFailureFile(path);
    // On the --system the file recorded, as `regress` does (our Raft when none).
    const { system } = await systemForFile(file, undefined, path);
    const outcome = replayFailureFile(file, system, 'test');
    const got = outcome.result.failure === null ? 'a pass' : `${outcome.result.failure.kind}:${outcome.result.failure.invariant}`;
    expect(outcome.meetsExpectation, `${path} expects ${file.expect} (${file.failure.kind}:${file.failure.invariant}), got ${got}`).toBe(true);
  });
});
