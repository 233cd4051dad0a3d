/**
 * Snapshot echoes: an InstallSnapshot delivered once more, late. The snapshot
 * bugs that the swarm reaches last need a snapshot message to arrive after
 * the follower has moved past it: a copy that comes once the follower has
 * committed beyond its index (installing it would move the state machine
 * back), or once the follower holds the snapshot's last entry and entries
 * after it without knowing them committed, as after a restart (dropping the
 * log there loses entries it acknowledged). A leader sends a snapshot only
 * to a follower that lags, and the follower catches up within a heartbeat,
 * so a plain duplicate, a few ms behind the first copy, almost never finds
 * it there; a retransmitting transport or a flapping link delivers such
 * copies much later, and a snapshot is the one message a follower must judge
 * against everything it learned since.
 *
 * So in seeds whose network duplicates messages, a share of the snapshot
 * requests a node sends get one extra copy, held back by a heartbeat up to a
 * few election timeouts (in the seed's own timeouts). Only the safety phase
 * echoes. The draws come from a stream of their own ('snapshot-echoes'),
 * made only for snapshot requests, so every other draw of a seed is
 * unchanged; a seed that sends no snapshot runs exactly as before.
 */

import { declareMarks, mark } from '../util/marks.js';
import type { RunConfig } from './config.js';
import { isSnapshotRequest } from './crash-points.js';
import type { RandomStream } from './random.js';

declareMarks({ 'sim.snapshot-echoed': 'a snapshot request was delivered again, a heartbeat to a few election timeouts late' });

/** Share of snapshot requests that are echoed, in a seed whose network duplicates. */
const ECHO_RATE = 0.5;

export class SnapshotEchoes {
  private readonly on: boolean;
  private readonly minMs: number;
  private readonly maxMs: number;
  /** Message kinds already classified: every peer message asks, and the test is two regular expressions. */
  private readonly snapshotKinds = new Map<string, boolean>();

  constructor(config: RunConfig, private readonly random: RandomStream) {
    const mix = config.faults;
    this.on = mix.duplicateRate > 0 || (mix.burstGapMs > 0 && mix.burstDuplicate > 0);
    this.minMs = config.tuning.heartbeatTicks * config.tickMs;
    this.maxMs = config.tuning.electionTimeoutMaxTicks * config.tickMs;
  }

  /** How long after its first copy a message of kind `tag` is delivered again, or null for no echo. */
  echoDelay(tag: string): number | null {
    if (!this.on || !this.isSnapshotRequest(tag)) return null;
    const echoed = this.random.chance(ECHO_RATE);
    const delay = this.random.range(this.minMs, this.maxMs);
    if (!echoed) return null;
    mark('sim.snapshot-echoed');
    return delay;
  }

  private isSnapshotRequest(tag: string): boolean {
    let snapshot = this.snapshotKinds.get(tag);
    if (snapshot === undefined) {
      snapshot = isSnapshotRequest(tag);
      this.snapshotKinds.set(tag, snapshot);
    }
    return snapshot;
  }
}
