/**
 * The leader's view of one follower (Figure 2 "Volatile state on leaders"):
 * nextIndex, the next entry to send, and matchIndex, the highest entry known
 * to be replicated on it. Both change only through the "maybe" updaters
 * below, which refuse to move backwards on stale, duplicated or reordered
 * replies.
 */

import { assert } from '../util/assert.js';

export interface Progress {
  nextIndex: number;
  matchIndex: number;
  /** The leader's clock (node.ticks) when it last sent this follower InstallSnapshot, until an answer arrives: no resend before a timeout. */
  snapshotSentAt?: number;
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
  assertProgress(progress);
  return true;
}

/**
 * A follower rejected the AppendEntries whose prevLogIndex was
 * `rejectedPrevIndex`; its log ends at `followerLastIndex`. Only the rejection
 * of the probe we are currently making (prevLogIndex == nextIndex - 1) counts:
 * a duplicated or reordered older rejection must not lower nextIndex again.
 * nextIndex jumps back to the follower's end when that is shorter, and never
 * below matchIndex + 1, unless the follower reports it lost acknowledged
 * entries and ends below matchIndex: then both move back to its end.
 * `hintedNextIndex` is the fast-backoff target the leader computed from the
 * rejection's conflict term and index (leader.ts); it too never takes
 * nextIndex below matchIndex + 1 nor above the rejected probe.
 * Returns whether nextIndex changed.
 */
export function maybeDecrease(progress: Progress, rejectedPrevIndex: number, followerLastIndex: number, followerLostEntries = false, hintedNextIndex = Infinity): boolean {
  if (rejectedPrevIndex !== progress.nextIndex - 1) return false;
  if (rejectedPrevIndex <= progress.matchIndex) {
    // A rejection at or below matchIndex is stale, unless the follower says it lost entries it had
    // acknowledged (storage damage, issue 14): ignoring that one would leave it stuck forever.
    // matchIndex drops to a prefix of what matched, so the commit rule stays safe.
    if (!followerLostEntries || followerLastIndex >= progress.matchIndex) return false;
    progress.matchIndex = followerLastIndex;
    progress.nextIndex = followerLastIndex + 1;
    assertProgress(progress);
    return true;
  }
  progress.nextIndex = Math.max(progress.matchIndex + 1, Math.min(rejectedPrevIndex, followerLastIndex + 1, hintedNextIndex));
  assertProgress(progress);
  return true;
}

export function assertProgress(progress: Progress): void {
  assert(progress.matchIndex >= 0, () => `matchIndex ${progress.matchIndex} negative`);
  assert(progress.nextIndex > progress.matchIndex, () => `nextIndex ${progress.nextIndex} <= matchIndex ${progress.matchIndex}`);
}
