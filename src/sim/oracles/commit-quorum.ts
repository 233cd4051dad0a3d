/**
 * CommitByVoterQuorum (Figure 2's commit rule, with the membership rules of
 * the dissertation's chapter 4), for systems whose leaders report their
 * matchIndex: a leader advances its commit index to N only when a majority
 * of the voters of the configuration it uses holds N by its own matchIndex,
 * itself counted only while it is one of those voters. A learner still
 * catching up counts for nothing (section 4.2.1), and neither does a leader
 * that has removed itself (section 4.2.2). The matchIndex values are held to
 * the followers' real logs by LeaderMatchIndex (promises.ts), so together the
 * two judge a commit at the step it is made, where CommitSurvivesElection
 * must wait for an election that happens to expose it.
 *
 * Judged from the leader's view alone; it draws nothing and schedules nothing.
 */

import type { NodeId, NodeView } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';
import { majorityOf } from './calm-majority.js';

/**
 * After a step in which `leader`, leading the same term before and after,
 * raised its commit index: a majority of its configuration must hold it.
 * Which configuration: the one in force when the commit index moved, and a
 * step may both commit and then append a configuration entry (a learner that
 * caught up with the very reply that completed a quorum), or commit under the
 * configuration it appended. So the commit stands if a majority of either the
 * configuration before the step (`votersBefore`) or after it (`voters`) holds
 * it; a node that applies a configuration only once committed is judged by
 * the one before.
 */
export function checkCommitQuorum(leader: NodeId, view: NodeView, voters: readonly NodeId[], votersBefore: readonly NodeId[]): void {
  const matchIndex = view.matchIndex;
  if (matchIndex === undefined) return;
  const commit = view.commitIndex;
  const holders = (configuration: readonly NodeId[]): number => {
    let count = 0;
    for (const voter of configuration) if (voter === leader || matchIndex.call(view, voter) >= commit) count++;
    return count;
  };
  const held = holders(voters);
  if (held >= majorityOf(voters.length)) return;
  if (votersBefore !== voters && holders(votersBefore) >= majorityOf(votersBefore.length)) return;
  const counted = voters.map((voter) => (voter === leader ? `n${voter} (itself)` : `n${voter} at ${matchIndex.call(view, voter)}`)).join(', ');
  const before = votersBefore === voters ? '' : `; nor a majority of its configuration before the step, ${votersBefore.map((voter) => `n${voter}`).join(',')}`;
  throw new InvariantViolation(
    'CommitByVoterQuorum',
    leader,
    `n${leader} (leader of term ${view.term}) committed up to ${commit}, but only ${held} of the voters of its configuration hold it by its own matchIndex (${counted}; a majority is ${majorityOf(voters.length)})${before}`,
  );
}
