/**
 * `raft-check check --export-edn OUT`: writes each history read as Jepsen
 * EDN (checker/parse/jepsen-edn-write.ts), through writeFileAtomic. An
 * existing file is left alone unless it already holds exactly these bytes.
 */

import path from 'node:path';
import { HistoryInputError, writeJepsenEdn, type HistoryFile } from '@raft-check/checker';
import { FileExistsError, writeFileAtomic } from '../util/atomic-write.js';

export interface EdnExported {
  path: string;
  /** Cas answered "not swapped", written as :fail (Jepsen: did not happen). */
  failedCas: number;
}

/** Throws HistoryInputError (naming `sourceFile`) when the history cannot be written or the file not created. */
export function exportEdn(history: HistoryFile, sourceFile: string, output: string, fileCount: number): EdnExported {
  const target = ednPathFor(output, sourceFile, fileCount);
  const { text, failedCas } = writeJepsenEdn(history, sourceFile);
  try {
    writeFileAtomic(target, text, 'same-content');
  } catch (error) {
    if (error instanceof FileExistsError) throw new HistoryInputError(`--export-edn: ${error.message}`, { fileName: sourceFile });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new HistoryInputError(`--export-edn: cannot write ${target} (${code})`, { fileName: sourceFile });
  }
  return { path: target, failedCas };
}

/** With several files, each gets the file's base name before the extension: out.seed-9.edn. */
function ednPathFor(output: string, file: string, fileCount: number): string {
  if (fileCount === 1) return output;
  const extension = path.extname(output);
  const stem = output.slice(0, output.length - extension.length);
  return `${stem}.${path.basename(file, path.extname(file))}${extension || '.edn'}`;
}

export function describeExport(sourceFile: string, exported: EdnExported): string {
  const note =
    exported.failedCas === 0
      ? ''
      : `; ${exported.failedCas} cas that did not swap are :fail with :error :cas-mismatch (Knossos drops them, raft-check reads them back)`;
  return `${sourceFile}: wrote Jepsen EDN to ${exported.path}${note}`;
}
