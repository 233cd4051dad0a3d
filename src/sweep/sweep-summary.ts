/** The end-of-sweep summary, as text for people and as JSON / JUnit for machines. */

import { MARKS } from '../util/marks.js';
import { failureKindLabel } from '../sim/index.js';
import type { SeedOutcome } from './seed-outcome.js';
import { formatRange } from './seed-range.js';
import type { SweepReport } from './sweep.js';
import type { JunitCase } from './junit.js';

export interface SweepContext {
  readonly shard: string | null;
  readonly workers: number;
  readonly wallMs: number;
  readonly replayFlags: string;
  readonly saved: ReadonlyMap<number, string>;
}

export function replayCommandOf(outcome: SeedOutcome, replayFlags: string): string {
  return `raft-check --seed ${outcome.seed}${replayFlags}`;
}

export function formatSweepSummary(report: SweepReport, context: SweepContext): string[] {
  const lines: string[] = [];
  const seconds = context.wallMs / 1000;
  const shard = context.shard === null ? '' : ` (shard ${context.shard})`;
  lines.push(
    `sweep ${formatRange(report.range)}${shard}: ${report.seedsRun} seeds run, ${report.passed} passed, ${report.failures.length} failed` +
      (report.stoppedEarly ? ' (stopped at the first failure: --fail-fast)' : ''),
  );
  lines.push(
    `time: ${seconds.toFixed(1)}s wall on ${context.workers} worker${context.workers === 1 ? '' : 's'}, ${(report.seedsRun / Math.max(seconds, 1e-9)).toFixed(1)} seeds/s` +
      `, ${(report.totals.simulatedMs / 1000).toFixed(0)}s simulated (${(report.totals.simulatedMs / Math.max(context.wallMs, 1e-9)).toFixed(0)}x)`,
  );
  const kinds = Object.entries(report.failuresByKind).sort(([a], [b]) => (a < b ? -1 : 1));
  if (kinds.length > 0) lines.push(`failures by kind: ${kinds.map(([kind, count]) => `${kind} ${count}`).join(', ')}`);
  const t = report.totals;
  lines.push(
    `faults: ${t.crashes} crashes, ${t.restarts} restarts (${t.tornRestarts} on a torn disk), ${t.tornWrites} torn writes, ` +
      `${t.partitions} partitions, ${t.bursts} bursts, ${t.messagesDropped} messages dropped, ${t.messagesDuplicated} duplicated, ${t.messagesCut} cut`,
  );
  lines.push(`raft: ${t.elections} elections, ${t.snapshotsTaken} snapshots taken, ${t.snapshotsInstalled} installed; ops ${t.opsOk} ok, ${t.opsGaveUp} gave up, ${t.opsPending} pending`);
  const marks = Object.keys(MARKS).length > 0 ? Object.keys(MARKS) : Object.keys(report.marks);
  const neverHit = marks.filter((name) => (report.marks[name] ?? 0) === 0).sort();
  lines.push(`coverage marks: ${marks.length - neverHit.length}/${marks.length} hit${neverHit.length > 0 ? `; never hit: ${neverHit.join(', ')}` : ''}`);
  for (const outcome of report.failures.slice(0, 50)) {
    const failure = outcome.failure;
    if (failure === null) continue;
    const saved = context.saved.get(outcome.seed);
    lines.push(
      `  FAIL seed ${outcome.seed}: ${failureKindLabel(failure)} at t=${failure.time}ms${failure.node === null ? '' : ` on n${failure.node}`}: ${failure.message}`,
    );
    lines.push(`       replay: ${replayCommandOf(outcome, context.replayFlags)}${saved === undefined ? '' : `  (saved: ${saved})`}`);
  }
  if (report.failures.length > 50) lines.push(`  ... and ${report.failures.length - 50} more failing seeds (see --json)`);
  lines.push(report.failures.length === 0 && !report.stoppedEarly ? 'verdict: PASS' : 'verdict: FAIL');
  return lines;
}

export function sweepJson(report: SweepReport, context: SweepContext): unknown {
  return {
    range: report.range,
    shard: context.shard,
    workers: context.workers,
    wallMs: Math.round(context.wallMs),
    seedsRun: report.seedsRun,
    passed: report.passed,
    failed: report.failures.length,
    stoppedEarly: report.stoppedEarly,
    failuresByKind: report.failuresByKind,
    failures: report.failures.map((outcome) => ({
      seed: outcome.seed,
      kind: outcome.failure?.kind,
      invariant: outcome.failure?.invariant,
      message: outcome.failure?.message,
      time: outcome.failure?.time,
      node: outcome.failure?.node,
      replay: replayCommandOf(outcome, context.replayFlags),
      saved: context.saved.get(outcome.seed) ?? null,
    })),
    totals: report.totals,
    marks: report.marks,
  };
}

/** One JUnit test case per seed; failing seeds carry the failure kind, message and replay command. */
export function sweepJunitCases(report: SweepReport, context: SweepContext): JunitCase[] {
  const failures = new Map(report.failures.map((outcome) => [outcome.seed, outcome]));
  return report.seedTimes.map(([seed, wallMs]): JunitCase => {
    const outcome = failures.get(seed);
    const failure = outcome?.failure ?? null;
    const base = { name: `seed ${seed}`, classname: 'raft-check.sweep', seconds: wallMs / 1000 };
    if (outcome === undefined || failure === null) return base;
    return {
      ...base,
      failure: {
        type: failureKindLabel(failure),
        message: failure.message,
        details: `t=${failure.time}ms${failure.node === null ? '' : ` node n${failure.node}`}\nreplay: ${replayCommandOf(outcome, context.replayFlags)}`,
      },
    };
  });
}
