/**
 * The system a failure file runs on: the one it recorded (`system`, a
 * --system spec), or one the user names instead, or our Raft. A recorded
 * module whose code changed since is still run, with a warning, so a replay
 * on edited code never passes for the saved one silently.
 */

import { loadSystem, SystemModuleError } from '../harness/system-module.js';
import { systemRef, type SystemRef } from '../harness/system-ref.js';
import { defaultSystem, type System } from '../sim/index.js';
import type { FailureFile } from './failure-file.js';

export interface FileSystem {
  system: System;
  /** The ref to record for runs of this file (null: our Raft). */
  ref: SystemRef | null;
  /** Warnings to print before the outcome (a changed module, a system other than the saved one). */
  warnings: string[];
}

/**
 * `override` is the --system of the command line, if given (or, from tests, a
 * System to use as it is). Throws SystemModuleError when the module cannot be loaded.
 */
export async function systemForFile(file: FailureFile, override: string | System | undefined, path: string): Promise<FileSystem> {
  if (typeof override === 'object') return { system: override, ref: file.system, warnings: [] };
  const saved = file.system;
  const spec = override ?? saved?.spec;
  if (spec === undefined) return { system: defaultSystem, ref: null, warnings: [] };
  let system: System;
  try {
    system = await loadSystem(spec);
  } catch (error) {
    if (!(error instanceof SystemModuleError) || override !== undefined) throw error;
    throw new SystemModuleError(`${path} was saved with --system ${spec}, which cannot be loaded here (${error.message}); pass --system to say where it is now`);
  }
  const ref = systemRef(spec);
  const warnings: string[] = [];
  if (saved === null) warnings.push(`warning: ${path} was saved with our Raft; running it on --system ${spec}`);
  else if (saved.hash !== ref.hash) {
    const short = (hash: string | null): string => (hash === null ? 'none' : hash.slice(0, 12));
    warnings.push(`warning: the code of --system ${spec} differs from the one that saved ${path} (sha256 ${short(saved.hash)} then, ${short(ref.hash)} now)`);
  }
  return { system, ref, warnings };
}
