/** The outcome of one run: what the CLI prints, sweeps aggregate, and reports render. */

import type { HistoryFile, KvInput, KvOutput } from '@raft-check/checker';
import type { NodeId } from '../harness/api.js';
import { unreachable } from '../util/assert.js';
import type { FaultMix, RunConfig } from './config.js';
import type { Plan } from './plan.js';
import type { StorageFaultKind } from './storage-faults.js';
import type { TraceEvent } from './trace.js';

export type Verdict = 'linearizable' | 'not linearizable' | 'unknown';

export type FailureKind = 'safety' | 'linearizability' | 'liveness' | 'unknown';

export interface RunFailure {
  kind: FailureKind;
  /** Invariant name (e.g. "ElectionSafety", "NodeException", "Linearizability", "Liveness", "CheckerBudget"). */
  invariant: string;
  message: string;
  /** Simulated ms at which it was detected. */
  time: number;
  node: NodeId | null;
}

export interface RunStats {
  simulatedMs: number;
  /** Events popped from the event queue. */
  events: number;
  /** Node steps (inputs handled). */
  steps: number;
  traceEvents: number;
  ops: { ok: number; gaveUp: number; pending: number; unstarted: number };
  crashes: number;
  restarts: number;
  /** Restarts that found a torn (partially written) file on disk. */
  tornRestarts: number;
  tornWrites: number;
  elections: number;
  snapshotsTaken: number;
  snapshotsInstalled: number;
  messages: { sent: number; delivered: number; dropped: number; duplicated: number; cut: number };
  clientMessages: { sent: number; dropped: number };
  partitions: number;
  bursts: number;
  pauses: number;
  /** Leadership transfers the plan asked of a leader, those answered 'ok', and those skipped for want of a leader. */
  transfers: { requested: number; completed: number; skipped: number };
  /** Membership changes the operator asked for, and those answered ok (src/sim/cluster-membership.ts). */
  reconfigurations: { asked: number; added: number; removed: number };
  /** Storage faults that struck, by kind (storage-faults.ts). */
  storageFaults: Record<StorageFaultKind, number>;
  /** Drift bursts: a node's clock ran fast or slow for a while (src/sim/clocks.ts). */
  clockDrifts: number;
  /** Leaders (or election winners) cut off from every peer (src/sim/leader-faults.ts). */
  leaderIsolations: number;
  /** Leaders (or election winners) crashed by a leader fault. */
  leaderCrashes: number;
  /** Leaders (or election winners) paused by a leader fault (counted in `pauses` too). */
  leaderPauses: number;
  /** Reorder storms (src/sim/reorder-storms.ts). */
  reorderStorms: number;
  /** Faults that struck a node in a protocol transition (src/sim/transition-faults.ts). */
  transitionFaults: number;
  /** Storms of duplicated and held-back messages started at a candidacy (src/sim/election-storms.ts). */
  electionStorms: number;
  committed: number;
  stateComparisons: number;
  /** Acknowledged writes the checker could not decide (digests without "c<client>#<seq>"). */
  undecidedAcks: number;
  /** Time from the liveness phase start until the cluster was healthy again (null if never / not reached). */
  recoveryMs: number | null;
  /** Coverage marks of this run (src/util/marks.ts). */
  marks: Record<string, number>;
  /** What the availability oracle measured (absent only in results of older builds). */
  availability?: AvailabilityStats;
}

/** A stretch of simulated time, [start, end) in ms. */
export interface TimeSpan {
  start: number;
  end: number;
}

/** Availability of one run: the figures a Jepsen user expects, and the spans behind them. */
export interface AvailabilityStats {
  /** Fraction of simulated time during which some leader was followed by a majority. */
  leaderFraction: number;
  /** Elections per simulated second, counted inside calm windows only. */
  calmElectionsPerSecond: number;
  /** Client operation latency, call to ok (ms); null when no operation completed. */
  latencyMs: { median: number | null; p99: number | null };
  completed: number;
  gaveUp: number;
  /** Spans when a majority was up, connected both ways and calm, so the oracle applied. */
  calmWindows: TimeSpan[];
  /** Spans during which `leader` was followed by a majority. */
  leaderSpans: (TimeSpan & { leader: NodeId })[];
  /**
   * How close the run came to the availability oracle's bounds: the longest
   * calm stretch without a followed leader, the slowest answer the leader owed,
   * the most elections in one span (src/sim/oracles/availability.ts).
   */
  worst?: { leaderlessMs: number; leaderlessShare: number; leaderlessVoteChance: number; answerMs: number; electionsPerSpan: number };
}

export interface RunResult {
  seed: number;
  config: RunConfig;
  faultMix: FaultMix;
  /** The executed plan (replayable with runPlan; shrinkable by deleting items). */
  plan: Plan;
  /** `${codeVersion}:${configHash}`. */
  fingerprint: string;
  stats: RunStats;
  traceHash: string;
  /** Kept trace events (only with `keepTrace`). */
  trace: TraceEvent[] | null;
  history: HistoryFile<KvInput, KvOutput>;
  /** Null when the checker did not run (a safety violation stopped the run first). */
  verdict: Verdict | null;
  failure: RunFailure | null;
}

/** The invariant name of a failure of the availability oracle (src/sim/oracles/availability.ts). */
export const AVAILABILITY_INVARIANT = 'Availability';

/** How failures are named and grouped: "safety:ElectionSafety", "linearizability", "liveness", "liveness:availability", "unknown". */
export function failureKindLabel(failure: { readonly kind: string; readonly invariant: string }): string {
  if (failure.kind === 'safety') return `safety:${failure.invariant}`;
  if (failure.kind === 'liveness' && failure.invariant === AVAILABILITY_INVARIANT) return 'liveness:availability';
  return failure.kind;
}

export const EXIT_CODES = {
  pass: 0,
  violation: 1,
  usage: 2,
  unknown: 3,
  liveness: 4,
  nondeterminism: 5,
  /** `merge`: the shards do not cover the sweep's range exactly once (one missing or given twice). */
  incompleteSweep: 6,
  /** A bug in raft-check, or a throw from a user's module outside a node step (as Jepsen does). */
  internal: 255,
} as const;

export function exitCodeOf(result: RunResult): number {
  const failure = result.failure;
  if (failure === null) return EXIT_CODES.pass;
  switch (failure.kind) {
    case 'safety':
    case 'linearizability':
      return EXIT_CODES.violation;
    case 'liveness':
      return EXIT_CODES.liveness;
    case 'unknown':
      return EXIT_CODES.unknown;
    default:
      return unreachable(failure.kind);
  }
}
