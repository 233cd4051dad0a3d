/** writeRunReport: what the CLI and sweeps call to save a run's HTML report. */

import { writeFileSync } from 'node:fs';
import type { RunResult } from '../sim/index.js';
import { buildReportData, type RunReportOptions } from './from-run.js';
import { renderReport } from './render-report.js';

/** Writes the report of `result` (which must carry its trace) to `path`; returns the file size in bytes. */
export function writeRunReport(result: RunResult, path: string, options: RunReportOptions = {}): number {
  const html = renderReport(buildReportData(result, options));
  writeFileSync(path, html);
  return Buffer.byteLength(html);
}
