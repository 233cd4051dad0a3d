/** Reading and writing failure files in a corpus folder (histories/ by default). */

import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { InputTooLargeError, readBounded } from './bounded-read.js';
import { strictUtf8, StrictJsonError } from './strict-json.js';
import { join } from 'node:path';
import { systemLabel } from '../harness/system-ref.js';
import { FileExistsError, writeFileAtomic } from '../util/atomic-write.js';
import { UserInputError } from '../util/user-input-error.js';
import { FailureFileError, parseFailureFile, serializeFailureFile, type FailureFile } from './failure-file.js';

export { DEFAULT_CORPUS_DIR } from './default-corpus-dir.js';

/** A failure file that could not be saved (the folder is a file, the disk is full, ...): one line, nothing half-written. */
export class CorpusWriteError extends UserInputError {
  override readonly name = 'CorpusWriteError';
}

/** seed-17.json, seed-17-bug-stale-local-read.json, seed-17-n5-c3.json, seed-17-sys-my-node.json ... */
export function failureFileName(file: FailureFile): string {
  const parts = [`seed-${file.seed}`];
  if (file.system !== null) parts.push(`sys-${systemLabel(file.system.spec)}`);
  const o = file.overrides;
  if (o.nodes !== undefined) parts.push(`n${o.nodes}`);
  if (o.clients !== undefined) parts.push(`c${o.clients}`);
  if (o.opsPerClient !== undefined) parts.push(`ops${o.opsPerClient}`);
  if (o.safetyMs !== undefined) parts.push(`${o.safetyMs}ms`);
  if (o.profile !== undefined) parts.push(o.profile);
  for (const bug of o.bugs ?? []) parts.push(`bug-${bug}`);
  return `${parts.join('-')}.json`;
}

/**
 * Saves atomically and never overwrites another file: the same bytes again are
 * a no-op, and when the name holds a different failure the file gets the first
 * free name with a counter (seed-17-2.json). Returns the path written.
 */
export function saveFailureFile(dir: string, file: FailureFile): string {
  const text = serializeFailureFile(file);
  const name = failureFileName(file);
  try {
    mkdirSync(dir, { recursive: true });
    for (let counter = 1; ; counter++) {
      const path = join(dir, counter === 1 ? name : name.replace(/\.json$/, `-${counter}.json`));
      try {
        writeFileAtomic(path, text, 'same-content');
        return path;
      } catch (error) {
        if (!(error instanceof FileExistsError) || !existsSync(path)) throw error;
      }
    }
  } catch (error) {
    throw new CorpusWriteError(`cannot save ${name} in ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads and validates one failure file; anything wrong with it (a folder, bytes that are not UTF-8, ...) is a FailureFileError. */
export function readFailureFile(path: string): FailureFile {
  let bytes: Buffer;
  try {
    bytes = readBounded(path);
  } catch (error) {
    if (error instanceof InputTooLargeError) throw new FailureFileError(`${path}: ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    throw new FailureFileError(`${path}: cannot read it (${code === 'EISDIR' ? 'it is a folder' : code === 'ENOENT' ? 'no such file' : (code ?? String(error))})`);
  }
  let text: string;
  try {
    text = strictUtf8(bytes);
  } catch (error) {
    if (error instanceof StrictJsonError) throw new FailureFileError(`${path}: ${error.message}`);
    throw error;
  }
  return parseFailureFile(text, path);
}

/** A `.json` entry of a corpus folder: a failure file to read, or why it cannot be one (never opened then). */
export interface CorpusEntry {
  path: string;
  problem: string | null;
}

/**
 * The `.json` entries of a folder, sorted by name; folders and other names are
 * ignored. A symbolic link counts as what it names: skipped before, a folder of
 * links to failure files passed `regress` with "nothing to replay". A `.json`
 * that is not a regular file (a fifo, a dangling link, a loop) comes with its
 * problem, so that `regress` reports it instead of hanging on it or passing over it.
 */
export function listFailureEntries(dir: string): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.name.endsWith('.json') || entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (entry.isFile()) {
      entries.push({ path, problem: null });
      continue;
    }
    let problem: string | null;
    try {
      const stats = statSync(path);
      problem = stats.isDirectory() ? 'a link to a folder' : stats.isFile() ? null : 'not a regular file (a fifo, a socket or a device)';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problem = code === 'ENOENT' ? 'a link to nothing' : code === 'ELOOP' ? 'a loop of symbolic links' : `cannot look at it (${code ?? String(error)})`;
    }
    if (problem !== 'a link to a folder') entries.push({ path, problem });
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
