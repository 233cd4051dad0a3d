/**
 * Writing a file the user asked for (a plan, a history, a shrunk failure):
 * atomically (writeFileAtomic), and any failure to do so (a missing folder,
 * ENOSPC, permissions, a file with other content in the way) is one line of
 * bad input, exit 2, with whatever was there before left intact.
 */

import { FileExistsError, writeFileAtomic, type OverwritePolicy } from '../util/atomic-write.js';
import { UsageError } from './usage-error.js';

export function writeOutputFile(path: string, text: string, overwrite: OverwritePolicy): void {
  try {
    writeFileAtomic(path, text, overwrite);
  } catch (error) {
    if (error instanceof FileExistsError) throw new UsageError(`${error.message} (remove it or choose another name)`);
    throw new UsageError(`cannot write ${path}: ${error instanceof Error ? error.message : String(error)}; nothing was changed`);
  }
}
