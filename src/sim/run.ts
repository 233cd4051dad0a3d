/**
 * Entry points: run a plan, run a seed, compare two traces.
 *
 * `runPlan` is the whole pipeline of one run: simulate (safety phase, then
 * liveness phase), then check the recorded history for linearizability with a
 * deterministic step budget, so that a seed's verdict never depends on how
 * loaded the machine is.
 */

import { HISTORY_FORMAT, type HistoryFile, type KvInput, type KvOutput } from '@raft-check/checker';
import { markCounts, resetMarks } from '../util/marks.js';
import type { ConfigOverrides, RunConfig } from './config.js';
import { hashText } from './hash.js';
import { drawPlan, validatePlan, type Plan } from './plan.js';
import type { RunFailure, RunResult, Verdict } from './result.js';
import { Simulation } from './simulation.js';
import type { System } from './system.js';
import type { TraceEvent } from './trace.js';

export interface RunOptions {
  /** Keep every trace event in the result (for --trace, reports, determinism checks). */
  keepTrace?: boolean;
  /** Called with each trace event as it happens (e.g. to print it). */
  onTraceEvent?: (event: TraceEvent) => void;
  /** Identifies the code (the CLI hashes the built files); part of the fingerprint. */
  codeVersion?: string;
}

export function configHash(config: RunConfig): string {
  return hashText(JSON.stringify(config));
}

export function runSeed(seed: number, overrides: ConfigOverrides, system: System, options: RunOptions = {}): RunResult {
  // drawPlan validates what it drew: no second pass over the plan.
  return runValidPlan(drawPlan(seed, overrides), system, options);
}

export function runPlan(plan: Plan, system: System, options: RunOptions = {}): RunResult {
  validatePlan(plan);
  return runValidPlan(plan, system, options);
}

function runValidPlan(plan: Plan, system: System, options: RunOptions): RunResult {
  const config = plan.config;
  const fingerprint = `${options.codeVersion ?? 'dev'}:${configHash(config)}`;
  resetMarks();
  const simulation = new Simulation(plan, system, { keepTrace: options.keepTrace === true, onTraceEvent: options.onTraceEvent ?? null });
  const outcome = simulation.run();
  const marks = markCounts();
  const history: HistoryFile<KvInput, KvOutput> = {
    format: HISTORY_FORMAT,
    model: 'kv',
    operations: outcome.operations,
    meta: { seed: config.seed, config, fingerprint, traceHash: outcome.trace.hash() },
  };

  let failure: RunFailure | null = outcome.failure;
  let verdict: Verdict | null = null;
  // A safety violation stops the run early; its history proves nothing more.
  if (failure === null || failure.kind === 'liveness') {
    verdict = system.checkHistory(history, { maxSteps: config.checkerMaxSteps }).verdict;
    const time = outcome.stats.simulatedMs;
    if (verdict === 'not linearizable') {
      failure = { kind: 'linearizability', invariant: 'Linearizability', message: `the history of ${history.operations.length} operations is not linearizable`, time, node: null };
    } else if (verdict === 'unknown' && failure === null) {
      failure = { kind: 'unknown', invariant: 'CheckerBudget', message: `the checker ran out of its ${config.checkerMaxSteps} steps on ${history.operations.length} operations (${history.operations.filter((op) => op.return === null).length} never answered): no verdict (never a pass); raft-check check FILE --max-steps N on its history (the saved failure, or --save-history) names the key and can try longer`, time, node: null };
    }
  }
  if (history.meta !== undefined) {
    history.meta['verdict'] = verdict;
    history.meta['failure'] = failure;
  }
  return {
    seed: config.seed,
    config,
    faultMix: config.faults,
    plan,
    fingerprint,
    stats: { ...outcome.stats, marks },
    traceHash: outcome.trace.hash(),
    trace: outcome.trace.events,
    history,
    verdict,
    failure,
  };
}

export interface Divergence {
  index: number;
  first: TraceEvent | null;
  second: TraceEvent | null;
}

/** The first event where two kept traces differ, or null when identical. */
export function firstDivergence(first: readonly TraceEvent[], second: readonly TraceEvent[]): Divergence | null {
  const length = Math.max(first.length, second.length);
  for (let index = 0; index < length; index++) {
    const a = first[index];
    const b = second[index];
    if (a === undefined || b === undefined || !sameEvent(a, b)) return { index, first: a ?? null, second: b ?? null };
  }
  return null;
}

function sameEvent(a: TraceEvent, b: TraceEvent): boolean {
  return a.time === b.time && a.kind === b.kind && a.node === b.node && a.peer === b.peer && a.tag === b.tag && a.detail === b.detail;
}
