/**
 * CommitSurvivesElection: the moment a leader's commit index reaches N, no
 * node that lacks entry N may be able to win an election. Raft's commit rule
 * (section 5.4.2) exists for exactly this: an entry of the leader's own term
 * stored on a majority can never be out-voted, while an entry of an earlier
 * term counted on a majority can (Figure 8). Waiting for a later leader to
 * actually overwrite such an entry (LeaderCompleteness) needs a rare schedule;
 * asking whether one *could* is immediate.
 *
 * Judged from the views of the running nodes only: a candidate C lacking
 * entry N (its log ends before N, or holds another term there) that is at
 * least as up-to-date (section 5.4.1: last term, then last index) as a
 * majority of the cluster, itself included, would win their votes. Down
 * nodes are left out on both sides, so the check never blames a log it cannot
 * see. With the correct rule the majority holding N in the leader's term
 * refuses every such C, so the correct code never trips it.
 *
 * "The cluster" is C's own configuration (NodeView.configuration: a
 * candidate counts votes in the configuration it uses). A node outside its
 * own configuration stands only while its log holds uncommitted entries (its
 * removal may be among them, and it may be needed to commit it, section
 * 4.2.2); a new node never added, or one whose removal committed, does not.
 * With single-server changes made one at a time, C's configuration and the
 * leader's differ by at most one server, so their majorities meet; two
 * changes in flight at once break exactly that.
 */

import type { NodeId, NodeView } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

export const COMMIT_SAFETY_INVARIANT = 'CommitSurvivesElection';

interface LogEnd {
  lastIndex: number;
  lastTerm: number;
}

function logEnd(view: NodeView): LogEnd {
  return { lastIndex: view.lastIndex, lastTerm: view.termAt(view.lastIndex) };
}

/** Section 5.4.1: may `candidate` collect `voter`'s vote on the logs alone? */
function atLeastAsUpToDate(candidate: LogEnd, voter: LogEnd): boolean {
  return candidate.lastTerm > voter.lastTerm || (candidate.lastTerm === voter.lastTerm && candidate.lastIndex >= voter.lastIndex);
}

/** Does `view` hold the entry of term `term` at `index`? Compacted entries are committed ones, so held. */
function holds(view: NodeView, index: number, term: number): boolean {
  if (index <= view.snapshotIndex) return true;
  return index <= view.lastIndex && view.termAt(index) === term;
}

/**
 * `leader` (whose view is `views.get(leader)`) just advanced its commit index
 * to `index`; `initial` is the configuration of a node whose view does not
 * report one. Throws on a node that could be elected without the entry.
 */
export function checkCommitSurvivesElection(leader: NodeId, index: number, views: ReadonlyMap<NodeId, NodeView>, initial: readonly NodeId[]): void {
  const leaderView = views.get(leader);
  if (leaderView === undefined || index <= leaderView.snapshotIndex) return;
  const term = leaderView.termAt(index);
  for (const [candidate, view] of views) {
    if (holds(view, index, term)) continue;
    const configuration = view.configuration?.() ?? initial;
    if (!configuration.includes(candidate) && view.lastIndex <= view.commitIndex) continue;
    const end = logEnd(view);
    const grants = (id: NodeId): boolean => {
      const voter = views.get(id);
      return voter !== undefined && atLeastAsUpToDate(end, logEnd(voter));
    };
    let votes = 0;
    for (const id of configuration) if (grants(id)) votes++;
    if (votes < Math.floor(configuration.length / 2) + 1) continue;
    const voters = configuration.filter(grants);
    throw new InvariantViolation(
      COMMIT_SAFETY_INVARIANT,
      leader,
      `n${leader} committed index ${index} (term ${term}) in term ${leaderView.term}, but n${candidate} lacks it and could still be elected ` +
        `(its log ends at ${end.lastIndex}@${end.lastTerm}, at least as up-to-date as ${voters.map((id) => `n${id}`).join(', ')}, ` +
        `a majority of its configuration ${configuration.map((id) => `n${id}`).join(',')})`,
    );
  }
}
