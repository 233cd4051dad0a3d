/**
 * ConfigChangeOneAtATime (dissertation section 4.1, and the fix of the
 * single-server bug Ongaro posted to raft-dev in 2015): a leader appends a
 * configuration change only once the previous configuration in its log is
 * committed and an entry of its own term has committed. Two single-server
 * changes in flight can leave the oldest and newest configurations with
 * disjoint majorities; a new leader that changes the configuration on top of
 * an uncommitted change of an earlier term, one it may not even know about,
 * can too. For systems whose views report their configuration (single-server
 * changes: the latest in the log, in force at once).
 *
 * Seen from the leader's views: a step (leading the same term before and
 * after) that changes its configuration appended a change, at the end of its
 * log. The previous one is committed if it came from an earlier term (an
 * entry of this term committed after it) or, if this leader appended it, its
 * index is committed. Judged on the commit index after the step, which only
 * errs towards leniency. Draws nothing and schedules nothing.
 */

import type { NodeId, NodeView } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

export class ConfigChangeOracle {
  /** Per leader: the term it leads and the index of the last configuration change it appended in it. */
  private readonly appended = new Map<NodeId, { term: number; index: number }>();

  /** `leader` changed its configuration in a step it led throughout: it appended a change at its last index. */
  changed(leader: NodeId, view: NodeView): void {
    const previous = this.appended.get(leader);
    const previousIndex = previous !== undefined && previous.term === view.term ? previous.index : 0;
    this.appended.set(leader, { term: view.term, index: view.lastIndex });
    const termCommitted = view.commitIndex >= view.snapshotIndex && view.termAt(view.commitIndex) === view.term;
    if (termCommitted && view.commitIndex >= previousIndex) return;
    const why = termCommitted ? `its previous change at ${previousIndex} is not committed` : 'no entry of its term is committed';
    throw new InvariantViolation(
      'ConfigChangeOneAtATime',
      leader,
      `n${leader} (leader of term ${view.term}) appended a configuration change at ${view.lastIndex} with commit index ${view.commitIndex}: ${why}, so the change before it may still be in flight`,
    );
  }
}
