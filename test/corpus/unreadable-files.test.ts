/**
 * Goal: a failure file path that cannot be read as one (a folder, bytes that
 * are not UTF-8) is bad input for replay, shrink and regress: one line, exit
 * 2, not an internal error (`replay DIR` and `shrink DIR` exited 255 with
 * EISDIR), and never decoded leniently into something other than what was
 * saved. `regress FILE` says the path is a file, not that it is missing.
 */

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeRegress, executeReplay } from '../../src/cli/corpus-commands.js';
import { isUsageError } from '../../src/cli/usage-error.js';
import { readFailureFile } from '../../src/corpus/corpus-dir.js';
import { FailureFileError } from '../../src/corpus/failure-file.js';

async function usageMessage(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(isUsageError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('failure files that cannot be read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unreadable-'));
  const folder = join(dir, 'seed-1.json');
  mkdirSync(folder);
  const latin1 = join(dir, 'latin1.json');
  writeFileSync(latin1, Buffer.from('{"format":"raft-check/failure@1","note":"caf\xe9"}', 'latin1'));

  it('a folder or non-UTF-8 bytes are a FailureFileError naming the path', () => {
    expect(() => readFailureFile(folder)).toThrow(new FailureFileError(`${folder}: cannot read it (it is a folder)`));
    expect(() => readFailureFile(latin1)).toThrow(new FailureFileError(`${latin1}: not valid UTF-8`));
  });

  it('replay of a folder is a usage error; regress of a file says it is a file', async () => {
    expect(await usageMessage(() => executeReplay(folder, undefined, () => {}))).toBe(`${folder}: cannot read it (it is a folder)`);
    expect(await usageMessage(() => executeRegress(latin1, undefined, () => {}))).toMatch(/latin1\.json is a file, not a folder \(raft-check replay .* runs one failure file\)/);
  });
});
