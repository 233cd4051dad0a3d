/** writeRunReport: what the CLI and sweeps call to save a run's HTML report. */

import { writeFileAtomic } from '../util/atomic-write.js';
import type { RunResult } from '../sim/index.js';
import { buildReportData, type RunReportOptions } from './from-run.js';
import { renderReport } from './render-report.js';

/** The report could not be written to its path (bad folder, permissions): the caller's input, not a bug. */
export class ReportWriteError extends Error {
  override readonly name = 'ReportWriteError';
}

/**
 * Writes the report of `result` (which must carry its trace) to `path`, atomically; an
 * earlier HTML page there is replaced, any other file is refused. Returns the file size in bytes.
 */
export function writeRunReport(result: RunResult, path: string, options: RunReportOptions = {}): number {
  const html = renderReport(buildReportData(result, options));
  try {
    writeFileAtomic(path, html, 'html-page');
  } catch (error) {
    throw new ReportWriteError(`cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return Buffer.byteLength(html);
}
