/**
 * Goal: an input without a size (a device, a pipe) is read within the cap
 * instead of forever. `check /dev/zero`, `replay /dev/zero`, `merge
 * /dev/zero` and `--plan /dev/zero` read until memory ran out; a pipe
 * (`check <(zcat h.json.gz)`) still reads whole. Method: readBounded on
 * /dev/zero, a pipe and a regular file; the built CLI on /dev/zero.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputTooLargeError, readBounded } from '../../src/corpus/bounded-read.js';
import { isOneLine, runCli } from '../cli/run-cli.js';

describe.skipIf(!existsSync('/dev/zero'))('readBounded', () => {
  it('refuses a device past the cap instead of reading forever', () => {
    expect(() => readBounded('/dev/zero', 1 << 20)).toThrow(InputTooLargeError);
  });

  it('reads a regular file whole, refuses one over the cap by its size, and names a folder EISDIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bounded-'));
    const file = join(dir, 'h.json');
    writeFileSync(file, 'x'.repeat(5000));
    expect(readBounded(file).length).toBe(5000);
    expect(() => readBounded(file, 4999)).toThrow('the file has 5000 bytes, more than the cap of 4999 bytes');
    expect(() => readBounded(dir)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
  });

  it('reads a pipe whole when it ends within the cap', () => {
    const script = `const { readBounded } = await import(${JSON.stringify(new URL('../../dist/src/corpus/bounded-read.js', import.meta.url).href)}); process.stdout.write(String(readBounded('/dev/stdin').length));`;
    // A shell pipe, as `<(...)` gives (spawnSync's own stdin is a socket that may read EAGAIN).
    const child = spawnSync('sh', ['-c', `head -c ${3 << 20} /dev/zero | "${process.execPath}" --input-type=module -e "$0"`, script], { encoding: 'utf8' });
    expect(child.stdout).toBe(String(3 << 20));
  });

  it('check, replay, merge and --plan on /dev/zero: one line, exit 2', () => {
    for (const args of [['check', '/dev/zero', '--max-input-mb', '1'], ['replay', '/dev/zero'], ['merge', '/dev/zero'], ['--plan', '/dev/zero']]) {
      const run = runCli(args);
      expect(run.status).toBe(2);
      expect(isOneLine(run.stderr)).toBe(true);
      expect(run.stderr).toMatch(/\/dev\/zero.*it is not a regular file and gave more than the cap of \d+ bytes/);
    }
  }, 60_000);
});
