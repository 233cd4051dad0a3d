/** Reading and writing failure files in a corpus folder (histories/ by default). */

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFailureFile, serializeFailureFile, type FailureFile } from './failure-file.js';

export const DEFAULT_CORPUS_DIR = 'histories';

/** seed-17.json, seed-17-bug-stale-local-read.json, seed-17-n5-c3.json ... */
export function failureFileName(file: FailureFile): string {
  const parts = [`seed-${file.seed}`];
  const o = file.overrides;
  if (o.nodes !== undefined) parts.push(`n${o.nodes}`);
  if (o.clients !== undefined) parts.push(`c${o.clients}`);
  if (o.opsPerClient !== undefined) parts.push(`ops${o.opsPerClient}`);
  if (o.safetyMs !== undefined) parts.push(`${o.safetyMs}ms`);
  if (o.profile !== undefined) parts.push(o.profile);
  for (const bug of o.bugs ?? []) parts.push(`bug-${bug}`);
  return `${parts.join('-')}.json`;
}

export function saveFailureFile(dir: string, file: FailureFile): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, failureFileName(file));
  writeFileSync(path, serializeFailureFile(file));
  return path;
}

export function readFailureFile(path: string): FailureFile {
  return parseFailureFile(readFileSync(path, 'utf8'), path);
}

/** The failure files of a folder, sorted by name; other files are ignored. */
export function listFailureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(dir, entry.name))
    .sort();
}
