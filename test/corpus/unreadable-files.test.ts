/**
 * Goal: a failure file path that cannot be read as one (a folder, bytes that
 * are not UTF-8) is bad input for replay, shrink and regress: one line, exit
 * 2, not an internal error (`replay DIR` and `shrink DIR` exited 255 with
 * EISDIR), and never decoded leniently into something other than what was
 * saved. `regress FILE` says the path is a file, not that it is missing.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

  it('regress follows symbolic links, and reports a .json that is not a regular file instead of skipping it (or hanging on a fifo)', async () => {
    // Before: a folder of links to failure files passed with "no failure files, nothing to replay" (exit 0).
    const dir = mkdtempSync(join(tmpdir(), 'linked-corpus-'));
    symlinkSync(fileURLToPath(new URL('../../histories/seed-4231.json', import.meta.url)), join(dir, 'seed-4231.json'));
    symlinkSync(join(dir, 'gone.json'), join(dir, 'dangling.json'));
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    const lines: string[] = [];
    const code = await executeRegress(dir, undefined, (line) => lines.push(line));
    expect(lines).toContain(`BAD  ${join(dir, 'dangling.json')}: a link to nothing, not a failure file`);
    expect(lines).toContain(`BAD  ${join(dir, 'pipe.json')}: not a regular file (a fifo, a socket or a device), not a failure file`);
    expect(lines.some((line) => line.startsWith(`ok   ${join(dir, 'seed-4231.json')}`))).toBe(true);
    expect(lines.at(-1)).toBe(`regress ${dir}: 1 passed, 0 failed, 2 bad`);
    expect(code).toBe(2);
  }, 60_000);
});
