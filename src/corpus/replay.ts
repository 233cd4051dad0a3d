/**
 * Replaying a saved failure: run exactly what the file describes (its shrunk
 * plan if any, else its seed and overrides), compare with what was saved, and
 * judge it against the file's expectation for regression runs.
 */

import { drawPlan, runPlan, type Plan, type RunResult, type System } from '../sim/index.js';
import { failureSignature } from '../shrink/shrink.js';
import type { FailureFile } from './failure-file.js';

export type ReplayStatus = 'reproduced' | 'passes' | 'fails-differently';

export interface ReplayOutcome {
  readonly status: ReplayStatus;
  readonly result: RunResult;
  readonly plan: Plan;
  readonly usedShrunkPlan: boolean;
  /** Whether the code is the one that saved the file (the config part of a fingerprint is compared separately). */
  readonly fingerprintMatches: boolean;
  /** Null, or why the seed no longer draws the saved configuration. */
  readonly configDrift: string | null;
  /** Whether this meets the file's `expect` (what `regress` requires). */
  readonly meetsExpectation: boolean;
}

export function replayFailureFile(file: FailureFile, system: System, codeVersion: string): ReplayOutcome {
  const usedShrunkPlan = file.shrunk !== null;
  const plan = file.shrunk?.plan ?? drawPlan(file.seed, file.overrides);
  const configDrift = usedShrunkPlan || JSON.stringify(plan.config) === JSON.stringify(file.config)
    ? null
    : 'this seed now draws a different configuration than the saved one (the code that draws runs changed)';
  const result = runPlan(plan, system, { codeVersion });
  const status: ReplayStatus =
    result.failure === null ? 'passes' : failureSignature(result.failure) === failureSignature(file.failure) ? 'reproduced' : 'fails-differently';
  return {
    status,
    result,
    plan,
    usedShrunkPlan,
    fingerprintMatches: codePart(result.fingerprint) === codePart(file.fingerprint),
    configDrift,
    meetsExpectation: file.expect === 'pass' ? status === 'passes' : status === 'reproduced',
  };
}

/** A fingerprint is "<code version>:<config hash>". */
export function codePart(fingerprint: string): string {
  return fingerprint.split(':')[0] ?? fingerprint;
}
