/**
 * What identifies a plugged-in system (`--system SPEC`) in a failure file, a
 * sweep's JSON and a replay command: the spec as the user gave it, and a
 * sha256 of the code it runs, so a replay on changed code can say so.
 *
 * - a module path: the hash of that file;
 * - `exec:CMD ARGS`: the hash of the first word of the command that names an
 *   existing file (the script or binary: `exec:python3 node.py` hashes
 *   node.py), or null when none does.
 */

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';

export interface SystemRef {
  spec: string;
  hash: string | null;
}

export const EXEC_PREFIX = 'exec:';

export function systemRef(spec: string): SystemRef {
  const file = codeFileOf(spec);
  return { spec, hash: file === null ? null : sha256(readFileSync(file)) };
}

/** The file whose bytes stand for the system's code, or null. */
export function codeFileOf(spec: string): string | null {
  if (!spec.startsWith(EXEC_PREFIX)) return isFile(spec) ? spec : null;
  return commandWords(spec).find(isFile) ?? null;
}

/** A short name for file names: "my-node" for ./lib/my-node.mjs, "node" for exec:python3 node.py. */
export function systemLabel(spec: string): string {
  const file = codeFileOf(spec);
  const source = file ?? (spec.startsWith(EXEC_PREFIX) ? (commandWords(spec)[0] ?? 'exec') : spec);
  const label = basename(source, extname(source)).replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+/, '');
  return label === '' ? 'system' : label;
}

function commandWords(spec: string): string[] {
  return spec.slice(EXEC_PREFIX.length).trim().split(/\s+/).filter((word) => word !== '');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
