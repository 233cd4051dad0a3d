/**
 * The results store: `raft-check-results/<UTC yyyymmdd-hhmmss>-<range>/`, one
 * folder per sweep, and `raft-check-results/latest` pointing at the newest.
 * A sweep never writes into a folder that already exists, so no earlier
 * result can be touched.
 */

import { mkdirSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';

export const DEFAULT_RESULTS_ROOT = 'raft-check-results';

export class ResultsFolderError extends Error {
  override readonly name = 'ResultsFolderError';
}

/** 20261130-142501 for 2026-11-30T14:25:01Z. */
export function utcStamp(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

/** Fails early (before a sweep runs) when `root` exists and is not a folder. */
export function checkResultsRoot(root: string): void {
  let isFolder = true;
  try {
    isFolder = statSync(root).isDirectory();
  } catch {
    return; // Missing: created when the sweep starts.
  }
  if (!isFolder) throw new ResultsFolderError(`--results ${root} is a file, not a folder`);
}

/** Creates a fresh folder `<stamp>-<label>` (with -2, -3... when two sweeps start in the same second); returns its name. */
export function createResultsFolder(root: string, startedAt: Date, label: string): string {
  mkdirSync(root, { recursive: true });
  const base = `${utcStamp(startedAt)}-${label.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  for (let attempt = 1; ; attempt++) {
    const name = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      mkdirSync(join(root, name));
      mkdirSync(join(root, name, 'failures'));
      return name;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Points `root/latest` at folder `name`: a relative symlink, swapped in by a
 * rename so that readers never see it missing; where symlinks are not allowed
 * (Windows without developer mode), a text file holding the folder's name.
 * `latest` is the store's own pointer, so replacing it is expected.
 */
export function pointLatestAt(root: string, name: string, makeSymlink: (target: string, path: string) => void = (target, path) => symlinkSync(target, path, 'dir')): 'symlink' | 'file' {
  const latest = join(root, 'latest');
  const temporary = join(root, `.latest.${process.pid}.tmp`);
  try {
    rmSync(temporary, { force: true });
    makeSymlink(name, temporary);
    renameSync(temporary, latest);
    return 'symlink';
  } catch {
    rmSync(temporary, { force: true });
  }
  writeFileAtomic(latest, `${name}\n`, 'replace');
  return 'file';
}
