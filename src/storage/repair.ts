/**
 * When a node whose storage was damaged may trust itself again (CTRL,
 * Alagappan et al., FAST 2018, section 4.2).
 *
 * A 'repairing' node lost entries it may have acknowledged, so it must not
 * vote or campaign: its vote could elect a leader that lacks an entry
 * committed with its lost acknowledgement. It takes its log back from a
 * leader, which by Leader Completeness holds every committed entry; entries
 * come only from a leader (never another follower), and only from one of a
 * term at least the node's recovered term (an older leader may be a deposed
 * one whose log misses entries committed since).
 *
 * The repair is complete when the node's log matches such a leader's up to
 * the leader's commit index and that index holds an entry of the leader's own
 * term: a leader commits its first entry only once everything committed
 * before its term is below it, and what it committed since is below its
 * commit index. So the node then holds every entry committed before it
 * restarted, and its vote is as good as anyone's. That reasoning holds only for an
 * append the leader sent after the node restarted: the node's lost-entries
 * replies carry a token naming this damaged restart, and only an append that
 * echoes it counts.
 */

import type { StorageTrust } from './hard-state-copies.js';

export interface RepairProgress {
  readonly trust: StorageTrust;
  /** The term the node recovered with: repair comes only from a leader of this term or newer. */
  readonly recoveredTerm: number;
  /** Names this damaged restart: the hard-state slot sequence recovery wrote (recovery.ts writes one at every damaged restart). */
  readonly token: number;
}

export interface LeaderAppendOutcome {
  /** The leader's term. */
  readonly term: number;
  readonly leaderCommit: number;
  /** The token the leader echoes from the node's lost-entries reply (undefined: sent before it heard of the damage). */
  readonly repairFor: number | undefined;
  /** The node's commit index after the append (at most leaderCommit). */
  readonly commitIndex: number;
  /** The term of the node's entry at its commit index. */
  readonly termAtCommit: number | undefined;
}

/**
 * Bug `repair-done-before-commit`: the first append whose log check passes
 * counts as the repair, before the node holds the leader's committed entries.
 */
export function repairComplete(progress: RepairProgress, append: LeaderAppendOutcome, doneOnFirstAppend = false): boolean {
  if (progress.trust !== 'repairing') return false;
  if (append.term < progress.recoveredTerm) return false;
  if (doneOnFirstAppend) return true;
  // Only an append sent after the leader heard of this damage: one sent before the restart (still in
  // flight, or duplicated) carries the leader's commit index of then, which may miss entries committed
  // since on the node's now-lost acknowledgements (seed 6575: an append of commit 53 "repaired" a node
  // that had acknowledged, then lost, entry 61, committed before it restarted).
  if (append.repairFor !== progress.token) return false;
  return append.commitIndex >= append.leaderCommit && append.termAtCommit === append.term;
}
