/**
 * Reports for saved failures: a sweep runs its seeds on worker threads and
 * keeps only a small failure file per failing seed (no trace), so the report
 * is made by replaying that failure once more, deterministically, with the
 * trace kept: its shrunk plan when it has one, else its seed and overrides.
 */

import type { FailureFile } from '../corpus/failure-file.js';
import { defaultSystem, drawPlan, runPlan, type RunResult, type System } from '../sim/index.js';
import { writeRunReport } from './write-run-report.js';

export interface FailureReportOptions {
  /** The code version for the fingerprint (the CLI's codeVersion()). */
  codeVersion?: string;
  /** The command that replays the failure, as the sweep prints it. */
  replayCommand?: string;
  system?: System;
}

/** Where the report of a saved failure goes: next to it, seed-17.json -> seed-17.html. */
export function reportPathFor(failureFilePath: string): string {
  return `${failureFilePath.replace(/\.json$/, '')}.html`;
}

/** Replays the failure with its trace kept; the result is the run the failure file describes. */
export function replayForReport(file: FailureFile, options: FailureReportOptions = {}): RunResult {
  const plan = file.shrunk?.plan ?? drawPlan(file.seed, file.overrides);
  return runPlan(plan, options.system ?? defaultSystem, {
    keepTrace: true,
    ...(options.codeVersion === undefined ? {} : { codeVersion: options.codeVersion }),
  });
}

/** Writes the HTML report of a saved failure to `path`; returns its size in bytes. */
export function writeFailureReport(file: FailureFile, path: string, options: FailureReportOptions = {}): number {
  const result = replayForReport(file, options);
  return writeRunReport(result, path, {
    implementation: (options.system ?? defaultSystem).factory.name,
    ...(options.replayCommand === undefined ? {} : { replayCommand: options.replayCommand }),
  });
}
