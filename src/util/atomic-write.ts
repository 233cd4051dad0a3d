/**
 * How every file the tool writes reaches the disk: into a temporary file
 * beside the target, fsynced, then renamed over it. A crash, ENOSPC or any
 * other error leaves the old file exactly as it was, never a truncated one.
 *
 * `overwrite` says what may happen to an existing target:
 * - 'never': refuse if it exists at all;
 * - 'same-content': refuse if it exists with other bytes (writing the same bytes again is a no-op);
 * - 'replace': replace it (the caller has made sure the user asked for that).
 */

import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserInputError } from './user-input-error.js';

export type OverwritePolicy = 'never' | 'same-content' | 'replace';

export class FileExistsError extends UserInputError {
  override readonly name = 'FileExistsError';
  constructor(readonly path: string) {
    super(`${path} already exists with other content; not overwritten`);
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array, overwrite: OverwritePolicy): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (existsSync(path)) {
    if (overwrite === 'never') throw new FileExistsError(path);
    if (overwrite === 'same-content') {
      if (Buffer.compare(readFileSync(path), bytes) === 0) return;
      throw new FileExistsError(path);
    }
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temporary, 'w');
    try {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
