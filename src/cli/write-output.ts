/**
 * Writing a file the user asked for (a plan, a history, a shrunk failure):
 * atomically (writeFileAtomic), and any failure to do so (a missing folder,
 * ENOSPC, permissions, a file with other content in the way) is one line of
 * bad input, exit 2, with whatever was there before left intact.
 */

import { statSync } from 'node:fs';
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
 * something it may not replace: a folder, or a file that is not an HTML page
 * (a history or failure file named by a slip). An earlier page is replaced.
 */
export function checkHtmlTarget(flag: string, path: string): void {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return;
  if (stats.isDirectory()) throw new UsageError(`${flag} ${path} is a folder; give a file name`);
  if (!isHtmlPage(fileHead(path))) throw new UsageError(`${flag} ${path} already exists and is not an HTML page; not overwritten (remove it or choose another name)`);
}

/**
 * Refuses, before any work, an output path that can never be written: a
 * folder, or a name in a folder that does not exist. Found after the run,
 * these lost the run (a long --duration, an exec system) to a message about
 * a temporary file.
 */
export function checkOutputTarget(flag: string, path: string): void {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory() === true) throw new UsageError(`${flag} ${path} is a folder; give a file name`);
  const folder = dirname(resolve(path));
  if (statSync(folder, { throwIfNoEntry: false })?.isDirectory() !== true) throw new UsageError(`${flag} ${path}: folder ${folder} does not exist`);
}
