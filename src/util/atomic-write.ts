/**
 * How every file the tool writes reaches the disk: into a temporary file
 * beside the target, fsynced, then renamed over it. A crash, ENOSPC or any
 * other error leaves the old file exactly as it was, never a truncated one.
 *
 * `overwrite` says what may happen to an existing target:
 * - 'never': refuse if it exists at all;
 * - 'same-content': refuse if it exists with other bytes (writing the same bytes again is a no-op);
 * - 'html-page': replace it only if it is an HTML page (an earlier report or
 *   view at the same path), never another file: `--html h.json` or `--report
 *   histories/seed-9.json` is a slip of the keyboard, not a wish to lose it;
 * - 'replace': replace it (the caller has made sure the user asked for that).
 */

import { closeSync, fsyncSync, linkSync, lstatSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserInputError } from './user-input-error.js';

export type OverwritePolicy = 'never' | 'same-content' | 'html-page' | 'replace';

export class FileExistsError extends UserInputError {
  override readonly name = 'FileExistsError';
  constructor(readonly path: string) {
    super(`${path} already exists with other content; not overwritten`);
  }
}

/** An existing file that an HTML output may not replace. */
export class NotAnHtmlPageError extends UserInputError {
  override readonly name = 'NotAnHtmlPageError';
  constructor(readonly path: string) {
    super(`${path} already exists and is not an HTML page; not overwritten`);
  }
}

/**
 * An existing target that is not a regular file (a folder, a device such as
 * /dev/full, a pipe): the rename would replace the node itself, and reading it
 * to compare could never end.
 */
export class NotARegularFileError extends UserInputError {
  override readonly name = 'NotARegularFileError';
  constructor(readonly path: string) {
    super(`${path} exists and is not a regular file; not overwritten`);
  }
}

/** The metadata of the target (`follow`: of what a symlink names), or null when nothing is there. */
function statOrNull(path: string, follow: boolean): Stats | null {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const HTML_START = /^(\uFEFF)?\s*<!doctype html/i;

/** Whether `bytes`, a file's content (its first kilobyte is enough), is an HTML page. */
export function isHtmlPage(bytes: Uint8Array): boolean {
  return HTML_START.test(Buffer.from(bytes.subarray(0, 1024)).toString('utf8'));
}

/** The first kilobyte of a file: enough to tell an HTML page, without reading a large file whole. */
export function fileHead(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(1024);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array, overwrite: OverwritePolicy): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  // The rename replaces the directory entry itself: a symlink may go (its
  // target is untouched), a folder or a device may not.
  const entry = statOrNull(path, false);
  if (entry !== null && !entry.isFile() && !entry.isSymbolicLink()) throw new NotARegularFileError(path);
  // What the path reads as (a dangling symlink: nothing, as before).
  const existing = entry?.isSymbolicLink() === true ? statOrNull(path, true) : entry;
  if (existing !== null) {
    if (!existing.isFile() && overwrite !== 'replace') throw new NotARegularFileError(path);
    if (overwrite === 'never') throw new FileExistsError(path);
    if (overwrite === 'same-content') {
      // Sizes first: a large file of another size is never read whole.
      if (existing.size === bytes.length && Buffer.compare(readFileSync(path), bytes) === 0) return;
      throw new FileExistsError(path);
    }
    if (overwrite === 'html-page' && !isHtmlPage(fileHead(path))) throw new NotAnHtmlPageError(path);
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
    if (entry === null) publishNew(temporary, path, bytes, overwrite);
    else renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Puts the written temporary file at `path`, where nothing was when we looked.
 * A rename would replace whatever another process put there since (two runs
 * saving different histories to one name both "succeeded", the first lost):
 * a hard link is created only if the name is still free, atomically. A file
 * system without hard links falls back to the rename.
 */
function publishNew(temporary: string, path: string, bytes: Uint8Array, overwrite: OverwritePolicy): void {
  try {
    linkSync(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (overwrite === 'same-content' && Buffer.compare(readFileSync(path), bytes) === 0) return rmSync(temporary, { force: true });
      if (overwrite === 'never' || overwrite === 'same-content') throw new FileExistsError(path);
      return renameSync(temporary, path);
    }
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV') return renameSync(temporary, path);
    throw error;
  }
  rmSync(temporary, { force: true });
}
