/**
 * RemovedLeaderStepsDown (dissertation section 4.2.2): a leader that the
 * configuration change it leads removes "steps down (returns to follower
 * state) once the Cnew entry is committed". Before that it may lead on
 * without counting itself, for the change still needs committing; after it,
 * it leads servers it no longer belongs to, and its heartbeats keep them
 * from electing one of their own. So after every step, a leader whose
 * committed configuration lacks it has a configuration entry above its
 * commit index (the change it still has to commit: its removal, or, for a
 * server added since, the addition its commit index has not reached yet:
 * commit indexes restart from the snapshot).
 *
 * The committed configuration is read as ConfigurationFollowsLog reads it
 * (configuration-log.ts: entry digests "config <ids>"); where it is unknown
 * the step is not judged.
 * Judged from the view alone; it draws nothing and schedules nothing.
 */

import type { NodeId, NodeView } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';
import { configurationOf } from './configuration-log.js';

/** After a step of `node`: if it leads, `committedVoters` (null: unknown) holds it, or a change above its commit index is pending. */
export function checkRemovedLeaderStepsDown(node: NodeId, view: NodeView, committedVoters: readonly NodeId[] | null): void {
  if (view.role !== 'leader' || committedVoters === null || committedVoters.includes(node)) return;
  for (let index = view.commitIndex + 1; index <= view.lastIndex; index++) if (configurationOf(view.entryDigest(index)) !== null) return;
  throw new InvariantViolation(
    'RemovedLeaderStepsDown',
    node,
    `n${node} leads term ${view.term} after committing up to ${view.commitIndex} a configuration without it ({${committedVoters.map((voter) => `n${voter}`).join(',')}}): a removed leader steps down once its removal commits`,
  );
}
