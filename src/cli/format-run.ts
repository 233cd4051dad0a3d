/** The human-readable run output: header, summary, verdict and replay command. */

import { describeFaultMix, describeFault, describeTuning, type AvailabilityStats, type Plan, type RunResult } from '../sim/index.js';

export function formatHeader(plan: Plan, factoryName: string, fingerprint: string): string[] {
  const config = plan.config;
  const counts = new Map<string, number>();
  for (const fault of plan.faults) counts.set(fault.kind, (counts.get(fault.kind) ?? 0) + 1);
  const faultCounts = [...counts].map(([kind, count]) => `${count} ${kind}`).join(', ') || 'none';
  const ops = plan.clients.reduce((sum, list) => sum + list.length, 0);
  return [
    `raft-check seed ${config.seed}  (${factoryName}, ${config.nodes} nodes, ${config.clients} clients${config.pipelinedClients > 0 ? ` (${config.pipelinedClients} pipelined)` : ''}, ${ops} planned ops over ${config.keys} keys, ${describeTuning(config)})`,
    `fingerprint ${fingerprint}`,
    `phases: safety ${config.safetyMs}ms with faults, then liveness (budget ${config.livenessMs}ms); tick ${config.tickMs}ms, request timeout ${config.requestTimeoutMs}ms, give up after ${config.opDeadlineMs}ms`,
    `faults: ${describeFaultMix(config.faults)}`,
    `plan: ${faultCounts}${config.bugs.length > 0 ? `; injected bugs: ${config.bugs.join(', ')}` : ''}`,
  ];
}

export function formatPlanFaults(plan: Plan): string[] {
  return plan.faults.map((fault) => `  ${describeFault(fault)}`);
}

export function formatSummary(result: RunResult, wallMs: number): string[] {
  const s = result.stats;
  const ratio = wallMs > 0 ? Math.round(s.simulatedMs / wallMs) : 0;
  const marks = Object.entries(s.marks);
  const neverHit = marks.filter(([, count]) => count === 0).map(([name]) => name);
  return [
    `simulated ${s.simulatedMs}ms in ${wallMs.toFixed(0)}ms wall (${ratio}x): ${s.events} events, ${s.steps} node steps`,
    `ops: ${s.ops.ok} ok, ${s.ops.gaveUp} gave up, ${s.ops.pending} pending, ${s.ops.unstarted} not started; ${s.committed} entries committed`,
    `faults: ${s.crashes} crashes (${s.leaderCrashes} of leaders), ${s.restarts} restarts (${s.tornRestarts} on a torn disk, ${s.tornWrites} torn writes), ${s.partitions} partitions, ${s.leaderIsolations} leader isolations, ${s.bursts} bursts, ${s.reorderStorms} reorder storms, ${s.pauses} pauses (${s.leaderPauses} of leaders), ${s.transitionFaults} transition faults, ${s.clockDrifts} clock drifts, ${s.transfers.requested} leadership transfers (${s.transfers.completed} completed, ${s.transfers.skipped} skipped: no leader), ${s.reconfigurations.added} nodes added, ${s.reconfigurations.removed} removed` +
      (s.storageFaults === undefined ? '' : `, storage faults ${Object.entries(s.storageFaults).map(([kind, count]) => `${count} ${kind}`).join(', ')}`),
    `raft: ${s.elections} elections, ${s.snapshotsTaken} snapshots taken, ${s.snapshotsInstalled} installed, ${s.stateComparisons} state digests compared`,
    `messages: ${s.messages.sent} sent, ${s.messages.delivered} delivered, ${s.messages.dropped} dropped, ${s.messages.duplicated} duplicated, ${s.messages.cut} cut by partitions; client messages ${s.clientMessages.sent} sent, ${s.clientMessages.dropped} dropped`,
    ...(s.availability === undefined ? [] : [formatAvailability(s.availability)]),
    `marks: ${marks.length - neverHit.length}/${marks.length} hit${neverHit.length > 0 ? `; never hit: ${neverHit.join(', ')}` : ''}`,
  ];
}

/** One line of the availability figures (src/sim/oracles/availability.ts). */
export function formatAvailability(a: AvailabilityStats): string {
  const calmMs = a.calmWindows.reduce((sum, span) => sum + span.end - span.start, 0);
  const latency = a.latencyMs.median === null ? 'no latency (nothing completed)' : `latency median ${a.latencyMs.median}ms, p99 ${a.latencyMs.p99}ms`;
  return [
    `availability: a followed leader ${(a.leaderFraction * 100).toFixed(1)}% of the time`,
    `${a.calmElectionsPerSecond} elections/s in calm windows (${a.calmWindows.length} windows, ${calmMs}ms)`,
    latency,
    `${a.completed} ops completed, ${a.gaveUp} given up`,
  ].join('; ');
}

export function formatVerdict(result: RunResult): string {
  const failure = result.failure;
  if (failure === null) {
    const recovered = result.stats.recoveryMs === null ? '' : `, healthy ${result.stats.recoveryMs}ms after healing`;
    return `verdict: PASS (invariants held, history ${result.verdict}${recovered})`;
  }
  const where = failure.node === null ? '' : ` on n${failure.node}`;
  const checker = result.verdict === null ? '' : ` [checker: ${result.verdict}]`;
  return `verdict: FAIL ${failure.kind}: ${failure.invariant} at t=${failure.time}${where} (seed ${result.seed}): ${failure.message}${checker}`;
}
