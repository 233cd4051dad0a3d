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
 * raised its commit index: a majority of `voters` (its configuration) must hold it.
 */
export function checkCommitQuorum(leader: NodeId, view: NodeView, voters: readonly NodeId[]): void {
  const matchIndex = view.matchIndex;
  if (matchIndex === undefined) return;
  const commit = view.commitIndex;
  let holders = 0;
  for (const voter of voters) if (voter === leader || matchIndex.call(view, voter) >= commit) holders++;
  if (holders >= majorityOf(voters.length)) return;
  const counted = voters.map((voter) => (voter === leader ? `n${voter} (itself)` : `n${voter} at ${matchIndex.call(view, voter)}`)).join(', ');
  throw new InvariantViolation(
    'CommitByVoterQuorum',
    leader,
    `n${leader} (leader of term ${view.term}) committed up to ${commit}, but only ${holders} of the voters of its configuration hold it by its own matchIndex (${counted}; a majority is ${majorityOf(voters.length)})`,
  );
}
