/**
 * What follows a storage fault: the damaged node meets an election while it
 * repairs. A storage fault matters when the node restarts without a promise it
 * made (its vote, entries it acknowledged) and is asked to act on its word
 * before it has caught up again: to vote, or to stand. With the leader up, a
 * restarted node catches up within a heartbeat or two and no election comes
 * near it, so the recovery rules (storage-trust.ts) are judged only in the
 * rare seed whose leader happens to fall just then. The dangerous moment in a
 * real cluster is the same: a leader lost while a follower that came back
 * damaged is still catching up.
 *
 * So every restart that finds a storage fault is followed, within a few
 * heartbeats, by a crash of whoever leads then, down for longer than an
 * election timeout, so that the rest elect while the damaged node repairs.
 * The crash is a plain `crash-leader` event (leader-faults.ts): skipped when
 * no node leads or the fault mix's maxDown nodes are down already, and the
 * storage fault budget is untouched (no disk is damaged here). A damaged
 * restart with no election near it still comes: when the crash is skipped,
 * or lands after a quick repair.
 *
 * And half the damaged nodes crash again, briefly, within a few heartbeats of
 * their restart: a recovery interrupted by a second crash must not forget the
 * damage it found (the hard-state copies record it) nor what it already
 * rewrote. A crash of a node already down, or a restart of one that is up,
 * is skipped like any other.
 *
 * Drawn from a stream of its own ('storage-aftermath'), every draw made for
 * every damaged restart whatever the outcome, so the storage faults
 * themselves and every other draw of a seed stay what they were.
 */

import type { NodeId } from '../harness/api.js';
import type { RunConfig } from './config.js';
import type { CrashLeaderFault } from './leader-faults.js';
import type { RandomStream } from './random.js';
import type { StorageFaultEvent } from './storage-faults.js';

/** The plan events this file reads: crashes (maybe aimed, restarting themselves) and restarts. */
interface CrashOrRestart {
  at: number;
  kind: string;
  node?: NodeId | null;
  aim?: { restartAfterMs?: number };
}

/**
 * For each storage fault, the planned restart that will first read the damaged
 * disk: the node's next restart event, or the self-restart of an aimed crash
 * (which lands up to AIMED_CRASH_WAIT_MS late, so this is its earliest time).
 * Faults with no restart before the safety phase ends have none.
 */
export function damagedRestarts(storage: readonly StorageFaultEvent[], faults: readonly CrashOrRestart[]): { node: NodeId; at: number }[] {
  const restarts: { node: NodeId; at: number }[] = [];
  for (const fault of storage) {
    let first = Number.POSITIVE_INFINITY;
    for (const event of faults) {
      if (event.node !== fault.node) continue;
      const at = event.kind === 'restart' ? event.at : event.kind === 'crash' && event.aim?.restartAfterMs !== undefined ? event.at + event.aim.restartAfterMs : Number.NaN;
      if (at >= fault.at && at < first) first = at;
    }
    if (Number.isFinite(first)) restarts.push({ node: fault.node, at: first });
  }
  return restarts;
}

/** Share of damaged restarts whose node crashes again while it repairs. */
const RECRASH_RATE = 0.5;

/** What a damaged restart brings: a crash of the leader, and in some seeds a second crash of the damaged node. */
type Aftermath = CrashLeaderFault | { at: number; kind: 'crash'; node: NodeId; duringFsync: false } | { at: number; kind: 'restart'; node: NodeId };

/** The faults that follow damaged restarts (see the file comment). */
export function drawStorageAftermath(config: RunConfig, restarts: readonly { node: NodeId; at: number }[], random: RandomStream): Aftermath[] {
  const electionTimeoutMs = config.tuning.electionTimeoutMaxTicks * config.tickMs;
  const heartbeatMs = config.tuning.heartbeatTicks * config.tickMs;
  const faults: Aftermath[] = [];
  for (const restart of restarts) {
    // Within a few heartbeats of the restart: the repair has begun (or not even that), seldom ended.
    const delay = random.range(1, 3 * heartbeatMs);
    // Down past an election timeout, so the others must elect without it.
    const restartAfterMs = electionTimeoutMs + random.range(1, 2 * electionTimeoutMs);
    const recrash = random.chance(RECRASH_RATE);
    const recrashDelay = random.range(1, 3 * heartbeatMs);
    const recrashDownMs = random.range(1, electionTimeoutMs);
    const at = restart.at + delay;
    if (at < config.safetyMs) faults.push({ at, kind: 'crash-leader', restartAfterMs });
    const again = restart.at + recrashDelay;
    if (recrash && again + recrashDownMs < config.safetyMs) {
      faults.push({ at: again, kind: 'crash', node: restart.node, duringFsync: false }, { at: again + recrashDownMs, kind: 'restart', node: restart.node });
    }
  }
  return faults;
}
