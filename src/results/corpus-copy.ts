/**
 * `--save DIR`: a copy of each failing seed in a corpus folder such as
 * histories/, only when the user names the folder. A file already there with
 * other content (a shrunk, committed failure, say) is never replaced: the
 * caller reports the skip, and the sweep's own copy stays in its results folder.
 */

import { accessSync, constants, mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { failureFileName } from '../corpus/corpus-dir.js';
import { serializeFailureFile, type FailureFile } from '../corpus/failure-file.js';
import { writeFileAtomic } from '../util/atomic-write.js';

export class CorpusFolderError extends Error {
  override readonly name = 'CorpusFolderError';
}

/**
 * Fails early (before a sweep or a shrink runs) unless failure files can be
 * saved in `dir`: a writable folder, or a missing one whose nearest existing
 * ancestor is a writable folder (it is created at the first failure). Found at
 * the first failure, a file in the way, a symlink loop or a file used as a
 * folder was an internal error that ended the sweep without its summary.
 */
export function checkCorpusFolder(dir: string, flag = '--save'): void {
  let target = resolve(dir);
  for (;;) {
    const stats = lookAt(flag, dir, target);
    if (stats === undefined) {
      const parent = dirname(target);
      if (parent === target) throw new CorpusFolderError(`${flag} ${dir}: no folder on its path exists`);
      target = parent;
      continue;
    }
    if (!stats.isDirectory()) {
      throw new CorpusFolderError(target === resolve(dir) ? `${flag} ${dir} is a file, not a folder` : `${flag} ${dir}: ${target} is a file, not a folder`);
    }
    try {
      accessSync(target, constants.W_OK);
    } catch {
      throw new CorpusFolderError(`${flag} ${dir}: folder ${target} may not be written`);
    }
    return;
  }
}

/** The stats of `path` (undefined: nothing there); a path that cannot even be looked at (ELOOP, ENOTDIR, EACCES) is refused. */
function lookAt(flag: string, dir: string, path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    throw new CorpusFolderError(`${flag} ${dir}: cannot look at ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Writes the failure file (and its report) into `dir`; throws FileExistsError when a different file has its name. */
export function copyToCorpus(dir: string, file: FailureFile, reportHtml: string | null): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, failureFileName(file));
  writeFileAtomic(path, serializeFailureFile(file), 'same-content');
  if (reportHtml !== null) writeFileAtomic(path.replace(/\.json$/, '.html'), reportHtml, 'same-content');
  return path;
}
