/** The end-of-sweep summary, as text for people and as sweep@1 JSON / JUnit for machines. */

import { MARKS } from '../util/marks.js';
import { EXIT_CODES, failureKindLabel, type ConfigOverrides } from '../sim/index.js';
import type { SeedOutcome } from './seed-outcome.js';
import { formatRange, type SeedRange, type Shard } from './seed-range.js';
import { SWEEP_FORMAT, type SweepJson } from './sweep-json.js';
import type { SweepReport } from './sweep.js';
import type { JunitCase } from './junit.js';
import type { SystemRef } from './system-identity.js';

/** Where a failing seed's files went: relative to the results folder, and the --save copy. */
export interface SavedFailure {
  readonly file: string | null;
  readonly report: string | null;
  /** The copy in --save DIR, or why there is none. */
  readonly saved: string | null;
}

export interface SweepContext {
  /** The whole sweep's range; the report's range is this shard's slice of it. */
  readonly range: SeedRange;
  readonly shard: Shard | null;
  readonly overrides: ConfigOverrides;
  readonly system: SystemRef | null;
  readonly fingerprint: string;
  readonly workers: number;
  readonly wallMs: number;
  readonly replayFlags: string;
  /** "10m" when the sweep had a --time-limit. */
  readonly timeLimit: string | null;
  readonly saved: ReadonlyMap<number, SavedFailure>;
}

export function replayCommandOf(outcome: SeedOutcome, replayFlags: string): string {
  return `raft-check --seed ${outcome.seed}${replayFlags}`;
}

function shardLabel(context: SweepContext): string {
  return context.shard === null ? '' : ` (shard ${context.shard.index}/${context.shard.count} of ${formatRange(context.range)})`;
}

/** The seeds actually run: a prefix of the slice (see sweep.ts). */
export function seedsRunRange(report: SweepReport): SeedRange | null {
  return report.seedsRun === 0 ? null : { first: report.range.first, last: report.range.first + report.seedsRun - 1 };
}

function stopNote(report: SweepReport, context: SweepContext): string {
  if (report.stoppedBy === 'fail-fast') return ' (stopped at the first failure: --fail-fast)';
  if (report.stoppedBy === 'time-limit') return ` (time limit ${context.timeLimit ?? ''} reached)`;
  if (report.stoppedBy === 'interrupted') return ' (interrupted: Ctrl-C)';
  return '';
}

export function formatSweepSummary(report: SweepReport, context: SweepContext): string[] {
  const lines: string[] = [];
  const seconds = context.wallMs / 1000;
  lines.push(
    `sweep ${formatRange(report.range)}${shardLabel(context)}: ${report.seedsRun} seeds run, ${report.passed} passed, ${report.failures.length} failed${stopNote(report, context)}`,
  );
  const ran = seedsRunRange(report);
  if ((report.stoppedBy === 'time-limit' || report.stoppedBy === 'interrupted') && ran !== null) {
    // A time-boxed or interrupted run is only worth something if it can be run again exactly.
    lines.push(`seeds run: ${formatRange(ran)} (repeat exactly: raft-check --seeds ${formatRange(ran)}${context.replayFlags})`);
  }
  lines.push(
    `time: ${seconds.toFixed(1)}s wall on ${context.workers} worker${context.workers === 1 ? '' : 's'}, ${(report.seedsRun / Math.max(seconds, 1e-9)).toFixed(1)} seeds/s` +
      `, ${(report.totals.simulatedMs / 1000).toFixed(0)}s simulated (${(report.totals.simulatedMs / Math.max(context.wallMs, 1e-9)).toFixed(0)}x)`,
  );
  const kinds = Object.entries(report.failuresByKind).sort(([a], [b]) => (a < b ? -1 : 1));
  if (kinds.length > 0) lines.push(`failures by kind: ${kinds.map(([kind, count]) => `${kind} ${count}`).join(', ')}`);
  const t = report.totals;
  lines.push(
    `faults: ${t.crashes} crashes (${t.leaderCrashes} of leaders), ${t.restarts} restarts (${t.tornRestarts} on a torn disk), ${t.tornWrites} torn writes, ` +
      `${t.partitions} partitions, ${t.leaderIsolations} leader isolations, ${t.bursts} bursts, ${t.reorderStorms} reorder storms, ${t.pauses} pauses (${t.leaderPauses} of leaders), ${t.transitionFaults} transition faults, ${t.messagesDropped} messages dropped, ${t.messagesDuplicated} duplicated, ${t.messagesCut} cut, ` +
      `${t.nodesAdded} nodes added, ${t.nodesRemoved} removed`,
  );
  lines.push(
    `storage faults: ${t.storageBitFlips} bit flips, ${t.storageGarbage} garbage blocks, ${t.storageMisdirected} misdirected writes, ` +
      `${t.storageLostWrites} lost writes, ${t.storageReadErrors} latent read errors`,
  );
  lines.push(
    `knobs: ${t.seedsSmallBatch} seeds with a batch cap <= 4, ${t.seedsSnapshotsNever} never snapshotting, ${t.seedsPipelinedClient} with a pipelined client, ` +
      `${t.seedsFiveNodes} on five nodes, ${t.seedsPipelining} pipelining AppendEntries; ${t.aimedCrashes} aimed crashes`,
  );
  lines.push(`features: ${t.seedsPreVote} seeds with PreVote, ${t.seedsCheckQuorum} with CheckQuorum; ${t.transfers} leadership transfers asked of a leader, ${t.transfersCompleted} completed`);
  lines.push(`reads and clocks: ${t.seedsReadIndex} seeds reading by ReadIndex, ${t.seedsLease} by lease; ${t.seedsClockDrift} on drifting clocks, ${t.clockDrifts} drift bursts`);
  lines.push(`raft: ${t.elections} elections, ${t.snapshotsTaken} snapshots taken, ${t.snapshotsInstalled} installed; ops ${t.opsOk} ok, ${t.opsGaveUp} gave up, ${t.opsPending} pending`);
  const marks = markNames(report.marks);
  const neverHit = marks.filter((name) => (report.marks[name] ?? 0) === 0);
  lines.push(`coverage marks: ${marks.length - neverHit.length}/${marks.length} hit${neverHit.length > 0 ? `; never hit: ${neverHit.join(', ')}` : ''}`);
  for (const outcome of report.failures.slice(0, 50)) {
    const failure = outcome.failure;
    if (failure === null) continue;
    const saved = context.saved.get(outcome.seed)?.saved ?? null;
    lines.push(
      `  FAIL seed ${outcome.seed}: ${failureKindLabel(failure)} at t=${failure.time}ms${failure.node === null ? '' : ` on n${failure.node}`}: ${failure.message}`,
    );
    lines.push(`       replay: ${replayCommandOf(outcome, context.replayFlags)}${saved === null ? '' : `  (saved: ${saved})`}`);
  }
  if (report.failures.length > 50) lines.push(`  ... and ${report.failures.length - 50} more failing seeds (see sweep.json)`);
  lines.push(report.failures.length === 0 && report.stoppedBy !== 'fail-fast' ? 'verdict: PASS' : 'verdict: FAIL');
  return lines;
}

/** Every declared coverage mark (and any undeclared one that was hit), sorted. */
export function markNames(marks: Readonly<Record<string, number>>): string[] {
  return [...new Set([...Object.keys(MARKS), ...Object.keys(marks)])].sort();
}

export function sweepJson(report: SweepReport, context: SweepContext): SweepJson {
  const { bugs, ...overrides } = context.overrides;
  return {
    format: SWEEP_FORMAT,
    range: context.range,
    shard: context.shard,
    slice: report.range,
    overrides,
    bugs: [...(bugs ?? [])].sort(),
    system: context.system,
    fingerprint: context.fingerprint,
    seedsRun: report.seedsRun,
    passed: report.passed,
    failed: report.failures.length,
    stoppedBy: report.stoppedBy,
    workers: context.workers,
    wallMs: Math.round(context.wallMs),
    failuresByKind: report.failuresByKind,
    failures: report.failures.flatMap((outcome) => {
      const failure = outcome.failure;
      if (failure === null) return [];
      const saved = context.saved.get(outcome.seed);
      return [
        {
          seed: outcome.seed,
          kind: failure.kind,
          invariant: failure.invariant,
          message: failure.message,
          time: failure.time,
          node: failure.node,
          replay: replayCommandOf(outcome, context.replayFlags),
          file: saved?.file ?? null,
          report: saved?.report ?? null,
        },
      ];
    }),
    totals: report.totals,
    marks: report.marks,
  };
}

/** The exit code of a set of failures: the most serious kind wins. */
export function sweepExitCode(failureKinds: ReadonlyArray<string>): number {
  if (failureKinds.length === 0) return EXIT_CODES.pass;
  const kinds = new Set(failureKinds);
  if (kinds.has('safety') || kinds.has('linearizability')) return EXIT_CODES.violation;
  if (kinds.has('liveness')) return EXIT_CODES.liveness;
  return EXIT_CODES.unknown;
}

/** The JUnit suite name: distinct per shard, so that a CI dashboard shows every shard. */
export function junitSuiteName(context: SweepContext): string {
  return `raft-check sweep ${formatRange(context.range)}${context.shard === null ? '' : ` shard ${context.shard.index}/${context.shard.count}`}`;
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
