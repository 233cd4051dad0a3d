/**
 * `raft-check --seed N --json`: one run as JSON for scripts. Everything the
 * text output says (configuration, statistics, trace hash, checker verdict,
 * failure, replay command) and nothing it does not: the history and plan have
 * their own flags (--save-history, --save-plan).
 */

import { exitCodeOf, failureKindLabel, type RunResult } from '../sim/index.js';

export const RUN_JSON_FORMAT = 'raft-check/run@1';

export function runJson(result: RunResult, implementation: string, replay: string): unknown {
  return {
    format: RUN_JSON_FORMAT,
    seed: result.seed,
    implementation,
    fingerprint: result.fingerprint,
    config: result.config,
    faultMix: result.faultMix,
    stats: result.stats,
    traceHash: result.traceHash,
    verdict: result.verdict,
    failure: result.failure === null ? null : { label: failureKindLabel(result.failure), ...result.failure },
    exitCode: exitCodeOf(result),
    replay,
  };
}
