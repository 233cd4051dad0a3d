/**
 * writeFileAtomic's refusals: an existing target that is not a regular file
 * (a folder, a device) is never replaced nor read (reading /dev/zero or a pipe
 * to compare would never end), and a same-content target of another size is
 * refused without being read.
 */

import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileExistsError, NotARegularFileError, writeFileAtomic } from '../../src/util/atomic-write.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function scratch(): string {
  const folder = mkdtempSync(join(tmpdir(), 'atomic-write-'));
  folders.push(folder);
  return folder;
}

describe('writeFileAtomic', () => {
  it('refuses a folder or a device as its target, whatever the policy', () => {
    const folder = join(scratch(), 'out');
    mkdirSync(folder);
    for (const policy of ['never', 'same-content', 'html-page', 'replace'] as const) {
      expect(() => writeFileAtomic(folder, 'x', policy)).toThrow(NotARegularFileError);
    }
    // A device: reading /dev/zero to compare would never end (so it is not
    // tried here), and a rename would replace the device node itself (so no
    // policy that could rename is tried on one either).
    if (existsSync('/dev/null')) {
      for (const policy of ['never', 'same-content', 'html-page'] as const) {
        expect(() => writeFileAtomic('/dev/null', 'x', policy)).toThrow(/\/dev\/null exists and is not a regular file; not overwritten/);
      }
    }
  });

  it('writes the same content again as a no-op, and refuses other content of either size', () => {
    const file = join(scratch(), 'a.json');
    writeFileSync(file, 'abc');
    writeFileAtomic(file, 'abc', 'same-content');
    expect(() => writeFileAtomic(file, 'abd', 'same-content')).toThrow(FileExistsError);
    expect(() => writeFileAtomic(file, 'abcd', 'same-content')).toThrow(FileExistsError);
    expect(readFileSync(file, 'utf8')).toBe('abc');
  });

  it('replaces a symlink itself when asked (its target untouched), and compares through one otherwise', () => {
    const folder = scratch();
    mkdirSync(join(folder, 'target-folder'));
    symlinkSync('target-folder', join(folder, 'latest'), 'dir');
    expect(() => writeFileAtomic(join(folder, 'latest'), 'x', 'same-content')).toThrow(NotARegularFileError);
    writeFileAtomic(join(folder, 'latest'), 'x', 'replace');
    expect(readFileSync(join(folder, 'latest'), 'utf8')).toBe('x');
    expect(existsSync(join(folder, 'target-folder'))).toBe(true);
  });

  it('creates a new file and replaces a regular one when asked', () => {
    const file = join(scratch(), 'b.txt');
    writeFileAtomic(file, 'one', 'never');
    writeFileAtomic(file, 'two', 'replace');
    expect(readFileSync(file, 'utf8')).toBe('two');
  });
});
