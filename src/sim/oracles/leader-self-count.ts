/**
 * A leader's commit is an acknowledgement to itself. A leader counts its own
 * copy of an entry toward the majority that commits it (Figure 2: "a majority
 * of matchIndex[i] >= N", the leader among them), and that copy must be on
 * stable storage like any follower's (Raft thesis, section 10.2.1: the leader
 * may write in parallel with replication, but counts itself only once its own
 * write is durable). So when the acknowledgements its peers sent do not make a
 * majority on their own, the leader's commit promises that it keeps the entry,
 * across crashes, just as a follower's acknowledgement does; its recovered
 * state must reproduce it (RestartKeepsAckedEntries). Without this, a leader
 * whose durable files cannot rebuild its log (a WAL compacted before the
 * snapshot that covers it is durable, say) loses committed entries that a
 * majority no longer holds, and no outside oracle notices until a later
 * election happens to overwrite them.
 *
 * When the peers' acknowledgements already make a majority, the leader's own
 * copy was not needed and promises nothing: a leader writing in parallel may
 * lose it in a crash, safely.
 */

import type { NodeId, NodeView } from '../../harness/api.js';
import { majorityOf } from './calm-majority.js';

/** What a peer is held to keep: its highest acknowledgement still in force, and the snapshot it reported installed. */
export interface PeerPromises {
  readonly acked: { readonly index: number; readonly term: number } | null;
  readonly snapshotIndex: number;
}

/**
 * Whether the leader (its `view`) must have counted its own copy to commit
 * `view.commitIndex` in `configuration`: fewer than a majority of its peers there
 * promised to hold that entry of the leader's log.
 */
export function leaderCountedItself(
  leader: NodeId,
  view: NodeView,
  configuration: readonly NodeId[],
  promisesOf: (peer: NodeId) => PeerPromises | undefined,
): boolean {
  if (!configuration.includes(leader)) return false;
  const commit = view.commitIndex;
  let holders = 0;
  for (const peer of configuration) {
    if (peer === leader) continue;
    const promised = promisesOf(peer);
    if (promised !== undefined && promisesEntry(promised, view, commit)) holders++;
  }
  return holders < majorityOf(configuration.length);
}

/**
 * Whether a peer's promises cover the leader's entry `index`: a snapshot past
 * it (a snapshot holds committed state only), or an acknowledged entry at or
 * past it that is in the leader's log (by Log Matching the peer then holds the
 * leader's log up to there).
 */
function promisesEntry(promised: PeerPromises, leader: NodeView, index: number): boolean {
  if (promised.snapshotIndex >= index) return true;
  const acked = promised.acked;
  if (acked === null || acked.index < index) return false;
  if (acked.index <= leader.snapshotIndex) return true;
  return acked.index <= leader.lastIndex && leader.termAt(acked.index) === acked.term;
}
