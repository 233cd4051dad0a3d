/**
 * Convergence at rest: the liveness phase ends only once every running member
 * has caught up with the leader's commit index, not as soon as a leader stands
 * and no operation waits.
 *
 * Why. Section 5.3: the leader "includes [its commit index] in future
 * AppendEntries RPCs (including heartbeats) so that the other servers
 * eventually find out". A cluster at rest whose followers never learn what
 * was committed (a heartbeat that carries no commit, ktoso/akka-raft #33,
 * hashicorp/raft PR #412; a follower the leader stopped serving) answers
 * every client through its leader, so neither the checker nor the
 * availability oracle sees it, and FollowerCatchesUp (oracles/follower-catch-up.ts)
 * needs a lag of a whole window W, which a run under load seldom leaves
 * before the phase ended at the first healthy moment. Jepsen's final reads
 * and etcd's robustness tests end the same way: every replica at rest must
 * hold what was committed.
 *
 * Members are those healthy() already waits for: the voters of the
 * configuration the leader of the highest term has committed, when known,
 * else every running node. A member still catching up keeps the phase going;
 * one that never does fails the run when the phase runs out, named in the
 * message. For the correct code it costs one heartbeat round at the end of
 * each run.
 */

import type { NodeId } from '../harness/api.js';
import type { NodeHost } from './node-host.js';

/** A running member (`members` null: every running node) whose commit index is below the leader's. */
export function lagsBehind(host: NodeHost, members: readonly NodeId[] | null, leader: NodeHost): boolean {
  return !host.retired && host.node !== null && (members === null || members.includes(host.id)) && host.commitIndex < leader.commitIndex;
}

/** Whether every running member holds a commit index at least the leader's (asked after every event of the phase: no list made). */
export function membersCaughtUp(hosts: Iterable<NodeHost>, members: readonly NodeId[] | null, leader: NodeHost): boolean {
  for (const host of hosts) if (lagsBehind(host, members, leader)) return false;
  return true;
}

/** The members behind the leader's commit index, for the liveness phase's failure message ('' if none). */
export function describeLaggards(hosts: Iterable<NodeHost>, members: readonly NodeId[] | null, leader: NodeHost | null): string {
  if (leader === null) return '';
  const behind: string[] = [];
  for (const host of hosts) if (lagsBehind(host, members, leader)) behind.push(`n${host.id} at ${host.commitIndex}`);
  return behind.length === 0 ? '' : `members behind the commit index ${leader.commitIndex} of leader n${leader.id}: ${behind.join(', ')}`;
}
