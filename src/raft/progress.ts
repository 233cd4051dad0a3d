/**
 * The leader's view of one follower (Figure 2 "Volatile state on leaders"):
 * nextIndex, the next entry to send, and matchIndex, the highest entry known
 * to be replicated on it. Both change only through the "maybe" updaters
 * below, which refuse to move backwards on stale, duplicated or reordered
 * replies.
 *
 * A follower is either probed or replicated to (etcd/raft's Progress states;
 * dissertation section 10.2.1 on pipelining). Probing: one AppendEntries at a
 * time from nextIndex, which only a reply moves. Replicating (only with
 * maxInflight > 1, once an acknowledgement showed where the follower matches):
 * nextIndex moves on at each send, and up to maxInflight AppendEntries wait
 * for their acknowledgements at once. A rejection or a window that goes
 * unanswered falls back to probing from what is known.
 */

import { assert } from '../util/assert.js';

export interface Progress {
  nextIndex: number;
  matchIndex: number;
  /** The leader's clock (node.ticks) when it last sent this follower InstallSnapshot, until an answer arrives: no resend before a timeout. */
  snapshotSentAt?: number;
  /** Replicating: the AppendEntries sent and not yet acknowledged, oldest first. Absent while probing. */
  inflight?: Inflight[];
}

/** One pipelined AppendEntries: the last index it carries, and the leader's clock (node.ticks) when it left. */
export interface Inflight {
  lastIndex: number;
  sentAt: number;
}

/** "Reinitialized after election": nextIndex = leader last log index + 1, matchIndex = 0. */
export function newProgress(leaderLastIndex: number): Progress {
  assert(leaderLastIndex >= 0, 'negative last index');
  return { nextIndex: leaderLastIndex + 1, matchIndex: 0 };
}

/**
 * A follower acknowledged everything up to `acknowledgedIndex`, computed from
 * the request it answered (prevLogIndex + entries.length, or the snapshot's
 * last index), never from the leader's log at reply time. matchIndex only
 * rises; nextIndex follows it. Returns whether matchIndex advanced.
 */
export function maybeUpdate(progress: Progress, acknowledgedIndex: number): boolean {
  if (acknowledgedIndex <= progress.matchIndex) return false;
  progress.matchIndex = acknowledgedIndex;
  if (progress.nextIndex <= acknowledgedIndex) progress.nextIndex = acknowledgedIndex + 1;
  // Everything sent up to the acknowledged index has arrived (etcd's inflights.FreeLE): room for more.
  const inflight = progress.inflight;
  if (inflight !== undefined) {
    let acknowledged = 0;
    while (acknowledged < inflight.length && (inflight[acknowledged] as Inflight).lastIndex <= acknowledgedIndex) acknowledged++;
    if (acknowledged > 0) inflight.splice(0, acknowledged);
  }
  assertProgress(progress);
  return true;
}

/** Start pipelining from the known match (etcd's BecomeReplicate): nextIndex = matchIndex + 1, an empty window. */
export function becomeReplicate(progress: Progress): void {
  progress.nextIndex = progress.matchIndex + 1;
  progress.inflight = [];
}

/** An AppendEntries carrying entries up to `lastIndex` left while replicating: nextIndex moves past it at once. */
export function sentInflight(progress: Progress, lastIndex: number, now: number): void {
  assert(progress.inflight !== undefined && lastIndex >= progress.nextIndex, 'pipelined send while probing, or of nothing new');
  progress.inflight.push({ lastIndex, sentAt: now });
  progress.nextIndex = lastIndex + 1;
}

/**
 * The oldest AppendEntries in the window has waited `patience` ticks or more
 * without an acknowledgement (lost, or the follower crashed): probe again from
 * matchIndex + 1. Returns whether it fell back.
 */
export function maybeTimeOut(progress: Progress, now: number, patience: number): boolean {
  const oldest = progress.inflight?.[0];
  if (oldest === undefined || now - oldest.sentAt < patience) return false;
  delete progress.inflight;
  progress.nextIndex = progress.matchIndex + 1;
  return true;
}

/** Back to probing, nextIndex where it is (a snapshot is due, or a rejection already moved it). */
export function stopPipelining(progress: Progress): void {
  delete progress.inflight;
}

/**
 * A follower rejected the AppendEntries whose prevLogIndex was
 * `rejectedPrevIndex`; its log ends at `followerLastIndex`. While probing,
 * only the rejection of the probe we are currently making (prevLogIndex ==
 * nextIndex - 1) counts: a duplicated or reordered older rejection must not
 * lower nextIndex again. While replicating, any rejection above matchIndex
 * counts (it may be of any AppendEntries in the window, each past a lost or
 * conflicting one), and it ends the pipelining: back to probing.
 * nextIndex jumps back to the follower's end when that is shorter, and never
 * below matchIndex + 1, unless the follower reports it lost acknowledged
 * entries: then both move back below the rejected probe and to its end.
 * `hintedNextIndex` is the fast-backoff target the leader computed from the
 * rejection's conflict term and index (leader.ts); it too never takes
 * nextIndex below matchIndex + 1 nor above the rejected probe.
 * Returns whether nextIndex changed.
 */
export function maybeDecrease(progress: Progress, rejectedPrevIndex: number, followerLastIndex: number, followerLostEntries = false, hintedNextIndex = Infinity): boolean {
  const replicating = progress.inflight !== undefined;
  if (!replicating && rejectedPrevIndex !== progress.nextIndex - 1) return false;
  if (rejectedPrevIndex <= progress.matchIndex) {
    // A rejection at or below matchIndex is stale, unless the follower says it lost entries it had
    // acknowledged (storage damage, issue 14): ignoring that one would leave it stuck forever.
    // matchIndex drops below the rejected probe and to the follower's end, so the commit rule stays
    // safe. Not to its end alone: a damaged log may end in an older entry whose overwrite was lost
    // (seeds 4126 and 6459: 4@3 left where 4@4 had been acknowledged), so the probe at its end is
    // rejected too, and a matchIndex left there ignored that rejection for good.
    const matched = Math.min(followerLastIndex, rejectedPrevIndex - 1);
    if (!followerLostEntries || matched >= progress.matchIndex) return false;
    stopPipelining(progress);
    progress.matchIndex = matched;
    progress.nextIndex = matched + 1;
    assertProgress(progress);
    return true;
  }
  stopPipelining(progress);
  progress.nextIndex = Math.max(progress.matchIndex + 1, Math.min(rejectedPrevIndex, followerLastIndex + 1, hintedNextIndex));
  assertProgress(progress);
  return true;
}

export function assertProgress(progress: Progress): void {
  // Checked after every leader step: messages are built only on failure.
  if (progress.matchIndex < 0) assert(false, `matchIndex ${progress.matchIndex} negative`);
  if (progress.nextIndex <= progress.matchIndex) assert(false, `nextIndex ${progress.nextIndex} <= matchIndex ${progress.matchIndex}`);
}
