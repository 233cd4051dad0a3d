/**
 * `--save DIR`: a copy of each failing seed in a corpus folder such as
 * histories/, only when the user names the folder. A file already there with
 * other content (a shrunk, committed failure, say) is never replaced: the
 * caller reports the skip, and the sweep's own copy stays in its results folder.
 */

import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { failureFileName } from '../corpus/corpus-dir.js';
import { serializeFailureFile, type FailureFile } from '../corpus/failure-file.js';
import { writeFileAtomic } from '../util/atomic-write.js';

export class CorpusFolderError extends Error {
  override readonly name = 'CorpusFolderError';
}

/** Fails early (before a sweep runs) when `dir` exists and is not a folder. */
export function checkCorpusFolder(dir: string): void {
  let isFolder = true;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch {
    return; // Missing: created at the first failure.
  }
  if (!isFolder) throw new CorpusFolderError(`--save ${dir} is a file, not a folder`);
}

/** Writes the failure file (and its report) into `dir`; throws FileExistsError when a different file has its name. */
export function copyToCorpus(dir: string, file: FailureFile, reportHtml: string | null): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, failureFileName(file));
  writeFileAtomic(path, serializeFailureFile(file), 'same-content');
  if (reportHtml !== null) writeFileAtomic(path.replace(/\.json$/, '.html'), reportHtml, 'same-content');
  return path;
}
