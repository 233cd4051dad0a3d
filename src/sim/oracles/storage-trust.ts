/**
 * The storage oracle (issue 14): a node that cannot trust its storage must not
 * vote, nor campaign, from it.
 *
 * The simulator knows when a storage fault struck a node's disk and, through
 * the promise oracle, when the node then restarted without something it had
 * promised (an acknowledged entry, a snapshot, its term): that loss is
 * voided as the disk's doing (promise-voiding.ts). From that restart on, the
 * node is judged as damaged until it holds everything committed before it came
 * back: its commit index reaches the highest commit index any node had at
 * that moment (the entries it may have helped commit, then lost), and also
 * what a leader of the same term commits later on acknowledgements it sent
 * before it crashed (still in flight when it restarted; see `committed`),
 * up to the entry it acknowledged, unless it acknowledges that entry again in
 * the same term (it holds it again). Meanwhile:
 * - StorageTrustVote: it grants no vote (its vote could elect a leader that
 *   lacks an entry committed with its lost acknowledgement; Alagappan et al.,
 *   FAST 2018, section 3);
 * - StorageTrustCampaign: it does not become a candidate.
 * And once its term went back (its term promise was lost), it must never
 * grant a vote in a term at or below the one it had reached: it may have
 * voted there already (StorageTrustVote as well).
 *
 * With the budget (a minority of nodes damaged) a node that abstains costs no
 * committed data, so what the oracles see lost beyond that is the system's.
 */

import type { NodeId, NodeView } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

interface Damaged {
  /** Commit index to reach before its vote counts again: what was committed when it came back. */
  readonly commitToReach: number;
  /**
   * What a leader committed later that may rest on its lost acknowledgement (see `committed`): owed like
   * `commitToReach`, or discharged once it acknowledges those entries again in the same term (`acknowledged`).
   */
  readonly committedOnLostAck: number;
  /** It must never grant a vote in a term <= this (0: its term survived). */
  readonly lostTerm: number;
}

export type StorageTrustInvariant = 'StorageTrustVote' | 'StorageTrustCampaign';

export class StorageTrustOracle {
  private readonly damaged = new Map<NodeId, Damaged>();
  /** The newest acknowledgement each node lost to a storage fault (index, and the term it was sent in). */
  private readonly lostAcks = new Map<NodeId, { readonly index: number; readonly ackTerm: number }>();

  /** `node` restarted after a storage fault, having lost promises; `clusterCommit` is the highest commit index of any node now. */
  restartedDamaged(node: NodeId, clusterCommit: number, lostTerm: number): void {
    const before = this.damaged.get(node);
    // A rise owed to an earlier loss's acknowledgement is kept as owed outright: the entry that could discharge
    // it is replaced by this restart's loss (lostAcknowledgements).
    const owed = Math.max(clusterCommit, before?.commitToReach ?? 0, before?.committedOnLostAck ?? 0);
    this.damaged.set(node, { commitToReach: owed, committedOnLostAck: 0, lostTerm: Math.max(lostTerm, before?.lostTerm ?? 0) });
  }

  /** `node` restarted holding again everything it had lost (promises.ts `recoveredWhole`): it is judged as whole. */
  recoveredWhole(node: NodeId): void {
    this.damaged.delete(node);
    this.lostAcks.delete(node);
  }

  /**
   * `node` lost, with its disk, the entries up to `index` it had acknowledged in term `ackTerm`.
   * Those acknowledgements may still be in flight when it comes back, so the entries they cover
   * may become committed only after its restart, counting its lost copy: see `committed`.
   */
  lostAcknowledgements(node: NodeId, index: number, ackTerm: number): void {
    this.lostAcks.set(node, { index, ackTerm });
  }

  /**
   * `node` acknowledged entries up to `index` in `ackTerm` (after its restart). Once that covers its
   * lost acknowledgement in the same term (one leader's log, so the same entries), it holds them again:
   * a leader counting it later counts a real copy, and its target must not rise for them (seed 1942:
   * repaired and re-acknowledged up to 13, then cut off before it heard 13 was committed).
   */
  acknowledged(node: NodeId, index: number, ackTerm: number): void {
    const lost = this.lostAcks.get(node);
    if (lost === undefined || ackTerm !== lost.ackTerm || index < lost.index) return;
    this.lostAcks.delete(node);
    // What `committed` raised its target to for that acknowledgement lies at or below lost.index: it holds those
    // entries again, so its vote guards them like any holder's (seed 7002178: repaired to 3, its leader committed
    // 6 at t=1143 while its re-acknowledgement of 6 was in flight, and the target stayed at 4).
    const state = this.damaged.get(node);
    if (state !== undefined && state.committedOnLostAck > 0) this.damaged.set(node, { ...state, committedOnLostAck: 0 });
  }

  /**
   * A leader of `term` advanced its commit index to `commit`. The commit target fixed at a damaged
   * node's restart (the highest commit index then) misses entries committed afterwards on its
   * acknowledgements sent before it crashed: only a leader of the acknowledgements' term counts them,
   * and then the node may be part of the only majority holding them. It must hold them again before
   * its vote counts: raise its target to the part of its lost acknowledgement that is now committed.
   */
  committed(leader: NodeId, term: number, commit: number): void {
    for (const [node, lost] of this.lostAcks) {
      if (node === leader || lost.ackTerm !== term) continue;
      const target = Math.min(commit, lost.index);
      const before = this.damaged.get(node);
      if (before !== undefined && Math.max(before.commitToReach, before.committedOnLostAck) >= target) continue;
      this.damaged.set(node, { commitToReach: before?.commitToReach ?? 0, committedOnLostAck: target, lostTerm: before?.lostTerm ?? 0 });
    }
  }

  /** A vote `node` granted in `term`. */
  voteGranted(node: NodeId, term: number, view: NodeView): void {
    const state = this.damaged.get(node);
    if (state === undefined) return;
    if (term <= state.lostTerm) {
      throw new InvariantViolation('StorageTrustVote', node, `n${node} lost its term ${state.lostTerm} to a storage fault, then granted a vote in term ${term}, where it may have voted already`);
    }
    if (this.stillDamaged(node, state, view)) {
      throw new InvariantViolation('StorageTrustVote', node, `n${node} restarted from damaged storage and granted a vote in term ${term} before holding what was committed (commit ${view.commitIndex} < ${owedCommit(state)})`);
    }
  }

  afterStep(node: NodeId, view: NodeView): void {
    // Once its commit index reaches the end of its lost acknowledgement it holds every entry that
    // acknowledgement covered, as committed: a leader counting it later takes nothing the node
    // lacks. Kept past that, `committed` would mark the node damaged again on every later commit
    // of that leader, and a later restart that lost nothing (commit index back to 0) would be
    // judged against the old loss (seed 4122: repaired at t=408, restarted whole at t=1316).
    // Most runs never lose an acknowledgement to a storage fault: no lookups on every step then.
    if (this.lostAcks.size === 0 && this.damaged.size === 0) return;
    const lost = this.lostAcks.get(node);
    if (lost !== undefined && view.commitIndex >= lost.index) this.lostAcks.delete(node);
    const state = this.damaged.get(node);
    if (state === undefined || !this.stillDamaged(node, state, view)) return;
    if (view.role === 'candidate' || view.role === 'leader') {
      throw new InvariantViolation('StorageTrustCampaign', node, `n${node} restarted from damaged storage and became ${view.role} before holding what was committed (commit ${view.commitIndex} < ${owedCommit(state)})`);
    }
  }

  /** Removes from `views` every node still held to abstain (judged on its view there). */
  dropAbstainers(views: Map<NodeId, NodeView>): void {
    if (this.damaged.size === 0) return;
    for (const [node, state] of this.damaged) {
      const view = views.get(node);
      if (view !== undefined && this.stillDamaged(node, state, view)) views.delete(node);
    }
  }

  /** Whether it still has to catch up; once it has, only the lost-term rule remains. */
  private stillDamaged(node: NodeId, state: Damaged, view: NodeView): boolean {
    if (view.commitIndex < owedCommit(state)) return true;
    if (state.lostTerm === 0) this.damaged.delete(node);
    else if (owedCommit(state) > 0) this.damaged.set(node, { commitToReach: 0, committedOnLostAck: 0, lostTerm: state.lostTerm });
    return false;
  }
}

/** The commit index a damaged node must reach before it may vote or stand. */
function owedCommit(state: Damaged): number {
  return Math.max(state.commitToReach, state.committedOnLostAck);
}
