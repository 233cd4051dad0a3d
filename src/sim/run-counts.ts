/** What a run counts as it goes, and the stats (result.ts) made of those counts at its end. */

import type { RunStats } from './result.js';
import type { Simulation } from './simulation.js';
import type { StorageFaultKind } from './storage-faults.js';

export type RunCounts = ReturnType<typeof newRunCounts>;

export function newRunCounts() {
  return {
    events: 0,
    crashes: 0,
    restarts: 0,
    tornRestarts: 0,
    tornWrites: 0,
    elections: 0,
    snapshotsTaken: 0,
    snapshotsInstalled: 0,
    sent: 0,
    delivered: 0,
    dropped: 0,
    duplicated: 0,
    cut: 0,
    clientSent: 0,
    clientDropped: 0,
    partitions: 0,
    bursts: 0,
    pauses: 0,
    transfersRequested: 0,
    transfersCompleted: 0,
    transfersSkipped: 0,
    storageFaults: { 'bit-flip': 0, garbage: 0, misdirected: 0, 'lost-write': 0, 'read-error': 0 } as Record<StorageFaultKind, number>,
    clockDrifts: 0,
    leaderIsolations: 0,
    leaderCrashes: 0,
    leaderPauses: 0,
    reorderStorms: 0,
    transitionFaults: 0,
    electionStorms: 0,
  };
}

/** The run's stats at its end (the coverage marks are added by run.ts). */
export function runStats(sim: Simulation, undecidedAcks: number): Omit<RunStats, 'marks'> {
  const c = sim.counts;
  const clients = sim.clients;
  const judges = sim.judges;
  return {
    simulatedMs: sim.now,
    events: c.events,
    steps: [...sim.hosts.values()].reduce((sum, host) => sum + host.steps, 0),
    traceEvents: sim.trace.count,
    ops: {
      ok: sim.operations.filter((op) => op.return !== null).length,
      gaveUp: clients.reduce((sum, client) => sum + client.gaveUp, 0),
      pending: clients.filter((client) => client.pending).length,
      unstarted: clients.reduce((sum, client) => sum + client.unstarted, 0),
    },
    crashes: c.crashes,
    restarts: c.restarts,
    tornRestarts: c.tornRestarts,
    tornWrites: c.tornWrites,
    elections: c.elections,
    snapshotsTaken: c.snapshotsTaken,
    snapshotsInstalled: c.snapshotsInstalled,
    messages: { sent: c.sent, delivered: c.delivered, dropped: c.dropped, duplicated: c.duplicated, cut: c.cut },
    clientMessages: { sent: c.clientSent, dropped: c.clientDropped },
    partitions: c.partitions,
    bursts: c.bursts,
    pauses: c.pauses,
    transfers: { requested: c.transfersRequested, completed: c.transfersCompleted, skipped: c.transfersSkipped },
    reconfigurations: { ...sim.membership.counts },
    storageFaults: { ...c.storageFaults },
    clockDrifts: c.clockDrifts,
    leaderIsolations: c.leaderIsolations,
    leaderCrashes: c.leaderCrashes,
    leaderPauses: c.leaderPauses,
    transitionFaults: c.transitionFaults,
    electionStorms: c.electionStorms,
    reorderStorms: c.reorderStorms,
    committed: judges.invariants.committedLength,
    stateComparisons: judges.invariants.stateComparisons,
    undecidedAcks,
    recoveryMs: sim.recoveryMs,
    availability: judges.availability.finish(sim.now, sim.operations, clients.reduce((sum, client) => sum + client.gaveUp, 0)),
  };
}
