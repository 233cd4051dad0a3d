/**
 * Replication replies retransmitted into a later leadership. A transport that
 * retransmits what it had buffered (a reconnecting stream, a resend-until-acked
 * layer, a flapping link) can hand a node the AppendEntries and InstallSnapshot
 * answers of its earlier leadership after it has been elected again. A correct
 * leader discards them by their term (the Students' Guide's "term confusion");
 * a buggy one takes their acknowledgement for this term's, and a follower whose
 * log another leader has rewritten in between is counted as holding entries it
 * does not hold. Reordering alone seldom builds that schedule: the answer must
 * be held back past the leader's step-down, another leader's term and the new
 * election.
 *
 * So, in seeds whose network duplicates messages (the transport that would
 * retransmit), the network remembers the latest replication answer of each
 * kind each node sent to each peer, and when a node starts leading again in
 * the safety phase, the answers it was sent before are delivered once more,
 * within a heartbeat, as a network copy (a partition still cuts them): early,
 * for a stale acknowledgement misleads only while the leader has not yet
 * heard the real one. Their delays come from a stream of their own
 * ('leader-reply-replays'), and their deliveries are tagged as replays, so
 * that the faults and readers that wait for a new leader's first real answer
 * (winner-reader.ts, the renewal fault of waiting-strikes.ts) do not take one
 * for it: a seed's other draws and moments stay what they were.
 */

import type { NodeId } from '../harness/api.js';
import { declareMarks, mark } from '../util/marks.js';
import type { RunConfig } from './config.js';
import type { RandomStream } from './random.js';
import type { Simulation } from './simulation.js';
import { messageDetail } from './trace-details.js';

declareMarks({ 'sim.leader-reply-replayed': 'a replication reply of an earlier leadership was delivered again as its receiver started leading again (src/sim/leader-reply-replays.ts)' });

/** Appended to a replayed reply's tag (traces show it; the step observer tells replays from real answers by it). */
const REPLAY = ' (replay)';

/** Whether a delivery tagged `tag` is a replay (the tag of the input of a node's step). */
export function isReplayedReply(tag: string): boolean {
  return tag.endsWith(REPLAY);
}

export interface ReplayedReply {
  from: NodeId;
  message: unknown;
  tag: string;
  delayMs: number;
}

export class LeaderReplyReplays {
  /** Whether the seed's network duplicates: only such a transport retransmits. */
  readonly on: boolean;
  private readonly maxDelayMs: number;
  /** Per (receiver, sender) pair (pairKey), the latest replication reply of each kind. */
  private readonly held = new Map<number, Map<string, unknown>>();
  /** Message kinds already classified (a kind is a replication reply or not for the whole run). */
  private readonly kinds = new Map<string, boolean>();

  constructor(config: RunConfig, private readonly random: () => RandomStream) {
    const mix = config.faults;
    this.on = mix.duplicateRate > 0 || (mix.burstGapMs > 0 && mix.burstDuplicate > 0);
    this.maxDelayMs = Math.max(1, config.tuning.heartbeatTicks * config.tickMs);
  }

  /** A peer message was sent: keep it if it is a replication reply (on the path of every peer message). */
  sent(from: NodeId, to: NodeId, message: unknown, tag: string): void {
    if (!this.on) return;
    let isReply = this.kinds.get(tag);
    if (isReply === undefined) {
      isReply = isReplicationReply(tag);
      this.kinds.set(tag, isReply);
    }
    if (!isReply) return;
    const pair = pairKey(to, from);
    let replies = this.held.get(pair);
    if (replies === undefined) {
      replies = new Map();
      this.held.set(pair, replies);
    }
    replies.set(tag, message);
  }

  /** `leader` just started leading: the replies it was sent before, each with its delay (each is replayed once). */
  take(leader: NodeId): ReplayedReply[] {
    const replayed: ReplayedReply[] = [];
    for (const [pair, replies] of this.held) {
      if (receiverOf(pair) !== leader) continue;
      this.held.delete(pair);
      for (const [tag, message] of replies) {
        mark('sim.leader-reply-replayed');
        replayed.push({ from: senderOf(pair), message, tag, delayMs: this.random().range(1, this.maxDelayMs) });
      }
    }
    return replayed;
  }
}

/** One number per (receiver, sender) pair: a Map keyed by it costs one lookup per reply sent, not two. */
const PAIR = 1 << 16;
function pairKey(to: NodeId, from: NodeId): number {
  return to * PAIR + from;
}
function receiverOf(pair: number): NodeId {
  return Math.floor(pair / PAIR);
}
function senderOf(pair: number): NodeId {
  return pair % PAIR;
}

/** `leader` just started leading: in the safety phase, the replies of its earlier leaderships arrive again. */
export function replayLeaderReplies(sim: Simulation, leader: NodeId): void {
  if (sim.phase !== 'safety' || !sim.leaderReplies.on) return;
  for (const { from, message, tag, delayMs } of sim.leaderReplies.take(leader)) {
    sim.counts.duplicated++;
    sim.trace.record(sim.now, 'duplicate', leader, from, tag + REPLAY, sim.trace.describes ? messageDetail(sim.system.factory, from, leader, message) : undefined);
    sim.queue.push(sim.now + delayMs, { kind: 'message', from, to: leader, message, tag: tag + REPLAY });
  }
}

/**
 * "AppendEntriesReply", "InstallSnapshotResponse", "MsgAppResp", "append_ack":
 * an answer to a replication request (a vote reply is vote-replays.ts's).
 */
export function isReplicationReply(kind: string): boolean {
  return /append|appresp|snapshot|heartbeat|replicat/i.test(kind) && /reply|resp|ack/i.test(kind) && !/vote/i.test(kind);
}
