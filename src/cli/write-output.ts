/**
 * Writing a file the user asked for (a plan, a history, a shrunk failure):
 * atomically (writeFileAtomic), and any failure to do so (a missing folder,
 * ENOSPC, permissions, a file with other content in the way) is one line of
 * bad input, exit 2, with whatever was there before left intact.
 */

import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileHead, FileExistsError, isHtmlPage, writeFileAtomic, type OverwritePolicy } from '../util/atomic-write.js';
import { UsageError } from './usage-error.js';

export function writeOutputFile(path: string, text: string, overwrite: OverwritePolicy): void {
  try {
    writeFileAtomic(path, text, overwrite);
  } catch (error) {
    if (error instanceof FileExistsError) throw new UsageError(`${error.message} (remove it or choose another name)`);
    throw new UsageError(`cannot write ${path}: ${error instanceof Error ? error.message : String(error)}; nothing was changed`);
  }
}

/**
 * Refuses, before any work, an HTML output (--report) whose path holds
 * something it may not replace (see checkOutputTarget), or a file that is not
 * an HTML page (a history or failure file named by a slip). An earlier page is
 * replaced.
 */
export function checkHtmlTarget(flag: string, path: string): void {
  if (checkOutputTarget(flag, path) && !isHtmlPage(fileHead(path))) {
    throw new UsageError(`${flag} ${path} already exists and is not an HTML page; not overwritten (remove it or choose another name)`);
  }
}

/**
 * Refuses, before any work, an output path that can never be written: a
 * folder, something that is not a regular file (/dev/full, a fifo: an atomic
 * write never replaces one), a path the system cannot even look at (a symlink
 * loop, a file used as a folder), or a name in a folder that does not exist or
 * may not be written. Found after the run, these lost the run (a long
 * --duration, an exec system) to a message about a temporary file, or to an
 * internal error. Returns whether a regular file is there already.
 */
export function checkOutputTarget(flag: string, path: string): boolean {
  const stats = statOrRefuse(flag, path);
  if (stats?.isDirectory() === true) throw new UsageError(`${flag} ${path} is a folder; give a file name`);
  if (stats !== undefined && !stats.isFile()) throw new UsageError(`${flag} ${path} exists and is not a regular file; not overwritten`);
  const folder = dirname(resolve(path));
  if (statOrRefuse(flag, folder)?.isDirectory() !== true) throw new UsageError(`${flag} ${path}: folder ${folder} does not exist`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${path}: folder ${folder} may not be written`);
  }
  return stats !== undefined;
}

/** The stats of `path` (undefined when nothing is there); any other failure to look is the user's path, one line. */
function statOrRefuse(flag: string, path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`${flag} ${path}: cannot look at it (${code === 'ELOOP' ? 'ELOOP: a loop of symbolic links' : code === 'ENOTDIR' ? 'ENOTDIR: a file is used as a folder in it' : code})`);
  }
}
