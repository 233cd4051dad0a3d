/**
 * Every failure file in histories/ is replayed on every `npm test`, exactly as
 * `raft-check regress histories` does: a failure of the correct code must pass
 * (the bug stays fixed), a failure with an injected catalog bug must still be
 * caught the same way (the harness keeps its power).
 */

import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { basename } from 'node:path';
import { listFailureFiles, readFailureFile } from '../../src/corpus/corpus-dir.js';
import { replayFailureFile } from '../../src/corpus/replay.js';
import { defaultSystem } from '../../src/sim/index.js';

const corpus = fileURLToPath(new URL('../../histories', import.meta.url));
const files = listFailureFiles(corpus);

describe('the failure corpus (histories/)', () => {
  it('holds only readable failure files', () => {
    for (const path of files) expect(() => readFailureFile(path), path).not.toThrow();
  });

  it.each(files.map((path) => [basename(path), path]))('%s meets its expectation', (_, path) => {
    const file = readFailureFile(path);
    const outcome = replayFailureFile(file, defaultSystem, 'test');
    const got = outcome.result.failure === null ? 'a pass' : `${outcome.result.failure.kind}:${outcome.result.failure.invariant}`;
    expect(outcome.meetsExpectation, `${path} expects ${file.expect} (${file.failure.kind}:${file.failure.invariant}), got ${got}`).toBe(true);
  });
});
