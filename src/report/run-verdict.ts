/** The report's verdict from a run's failure, worded as the CLI words it. */

import type { RunFailure, RunResult } from '../sim/index.js';
import type { Verdict, VerdictKind } from './report-data.js';

function kindOf(failure: RunFailure | null): VerdictKind {
  if (failure === null) return 'pass';
  switch (failure.kind) {
    case 'safety':
      // The simulator files an exception thrown by the node code as a safety failure.
      return failure.invariant === 'NodeException' ? 'crash' : 'invariant';
    case 'linearizability':
      return 'linearizability';
    case 'liveness':
      return 'liveness';
    case 'unknown':
      return 'unknown';
  }
}

/** The command that replays a seed with the same injected bugs (the CLI knows the exact flags and may pass its own). */
export function defaultReplayCommand(result: RunResult): string {
  return [`raft-check --seed ${result.seed}`, ...result.config.bugs.map((bug) => `--bug ${bug}`)].join(' ');
}

export function verdictFromRun(result: RunResult, stuckOp: number | null, replayCommand: string): Verdict {
  const failure = result.failure;
  const kind = kindOf(failure);
  const passMessage = `all invariants held; history ${result.verdict ?? 'not checked'}` +
    (result.stats.recoveryMs === null ? '' : `; healthy ${result.stats.recoveryMs} ms after healing`);
  return {
    status: failure === null ? 'pass' : 'fail',
    kind,
    invariant: failure === null || kind === 'linearizability' ? null : failure.invariant,
    message: failure === null ? passMessage : failure.message,
    time: failure === null ? null : failure.time,
    node: failure === null ? null : failure.node,
    stuckOp: kind === 'linearizability' ? stuckOp : null,
    seed: result.seed,
    fingerprint: result.fingerprint,
    replayCommand,
  };
}
