/**
 * What a sweep keeps of one seed's run: pass/fail, the failure, the counters
 * that are summed into fault/coverage totals, and (for failures only) the
 * failure file ready to save. Small, so that workers can post it cheaply.
 */

import type { RunFailure, RunResult } from '../sim/index.js';
import { failureFileOf, type FailureFile } from '../corpus/failure-file.js';
import { SNAPSHOT_NEVER, type ConfigOverrides } from '../sim/index.js';

/** A batch cap this small makes a lagging follower's repair take many AppendEntries. */
const SMALL_BATCH = 4;
import type { SystemRef } from '../harness/system-ref.js';

/** Counters summed over a sweep (the "did the faults bite" totals). */
export const TOTAL_NAMES = [
  'simulatedMs',
  'events',
  'opsOk',
  'opsGaveUp',
  'opsPending',
  'crashes',
  'restarts',
  'tornRestarts',
  'tornWrites',
  'elections',
  'snapshotsTaken',
  'snapshotsInstalled',
  'messagesSent',
  'messagesDropped',
  'messagesDuplicated',
  'messagesCut',
  'partitions',
  'bursts',
  'transfers',
  'transfersCompleted',
  'nodesAdded',
  'nodesRemoved',
  // Storage faults beyond crashes (src/sim/storage-faults.ts), by kind.
  'storageBitFlips',
  'storageGarbage',
  'storageMisdirected',
  'storageLostWrites',
  'storageReadErrors',
  'leaderIsolations',
  'leaderCrashes',
  'pauses',
  'leaderPauses',
  'reorderStorms',
  'transitionFaults',
  // The per-seed implementation knobs (issue 9): how many seeds drew each corner.
  'seedsSmallBatch',
  'seedsSnapshotsNever',
  'seedsPipelinedClient',
  'seedsFiveNodes',
  'aimedCrashes',
  // Seeds whose leaders pipeline AppendEntries (maxInflight > 1).
  'seedsPipelining',
  // The protocol features (issue 12): how many seeds ran each.
  'seedsPreVote',
  'seedsCheckQuorum',
  // Issue 12: how many seeds read outside the log, ran on drifting clocks, and how many drift bursts struck.
  'seedsReadIndex',
  'seedsLease',
  'seedsClockDrift',
  'clockDrifts',
] as const;
export type TotalName = (typeof TOTAL_NAMES)[number];

export interface SeedOutcome {
  seed: number;
  failure: RunFailure | null;
  wallMs: number;
  totals: Record<TotalName, number>;
  marks: Record<string, number>;
  /** Present exactly when the seed failed. */
  failureFile: FailureFile | null;
  /** The failing run's HTML report (when the sweep asked for reports), to save beside the failure file. */
  reportHtml: string | null;
}

/** `system`: the --system the sweep runs, recorded in failure files (null: our Raft). */
export function seedOutcomeOf(result: RunResult, overrides: ConfigOverrides, wallMs: number, system: SystemRef | null = null): SeedOutcome {
  const stats = result.stats;
  const totals: Record<TotalName, number> = {
    simulatedMs: stats.simulatedMs,
    events: stats.events,
    opsOk: stats.ops.ok,
    opsGaveUp: stats.ops.gaveUp,
    opsPending: stats.ops.pending,
    crashes: stats.crashes,
    restarts: stats.restarts,
    tornRestarts: stats.tornRestarts,
    tornWrites: stats.tornWrites,
    elections: stats.elections,
    snapshotsTaken: stats.snapshotsTaken,
    snapshotsInstalled: stats.snapshotsInstalled,
    messagesSent: stats.messages.sent,
    messagesDropped: stats.messages.dropped,
    messagesDuplicated: stats.messages.duplicated,
    messagesCut: stats.messages.cut,
    partitions: stats.partitions,
    bursts: stats.bursts,
    transfers: stats.transfers.requested,
    transfersCompleted: stats.transfers.completed,
    nodesAdded: stats.reconfigurations.added,
    nodesRemoved: stats.reconfigurations.removed,
    storageBitFlips: stats.storageFaults?.['bit-flip'] ?? 0,
    storageGarbage: stats.storageFaults?.garbage ?? 0,
    storageMisdirected: stats.storageFaults?.misdirected ?? 0,
    storageLostWrites: stats.storageFaults?.['lost-write'] ?? 0,
    storageReadErrors: stats.storageFaults?.['read-error'] ?? 0,
    leaderIsolations: stats.leaderIsolations,
    leaderCrashes: stats.leaderCrashes,
    pauses: stats.pauses,
    leaderPauses: stats.leaderPauses,
    reorderStorms: stats.reorderStorms,
    transitionFaults: stats.transitionFaults ?? 0,
    seedsSmallBatch: result.config.tuning.maxEntriesPerAppend <= SMALL_BATCH ? 1 : 0,
    seedsSnapshotsNever: result.config.snapshotEvery >= SNAPSHOT_NEVER ? 1 : 0,
    seedsPipelinedClient: result.config.pipelinedClients > 0 ? 1 : 0,
    seedsFiveNodes: result.config.nodes === 5 ? 1 : 0,
    aimedCrashes: result.plan.faults.filter((fault) => fault.kind === 'crash' && fault.aim !== undefined).length,
    seedsPipelining: result.config.tuning.maxInflight > 1 ? 1 : 0,
    seedsPreVote: result.config.features.preVote ? 1 : 0,
    seedsCheckQuorum: result.config.features.checkQuorum ? 1 : 0,
    seedsReadIndex: result.config.features.readMode === 'read-index' ? 1 : 0,
    seedsLease: result.config.features.readMode === 'lease' ? 1 : 0,
    seedsClockDrift: result.config.clocks.maxDrift > 0 ? 1 : 0,
    clockDrifts: stats.clockDrifts,
  };
  return {
    seed: result.seed,
    failure: result.failure,
    wallMs,
    totals,
    marks: stats.marks,
    failureFile: result.failure === null ? null : failureFileOf(result, overrides, null, result, system),
    reportHtml: null,
  };
}

