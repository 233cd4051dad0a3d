/**
 * The rules a recovered node is held to: what it promised before a crash, its
 * recovered state must still honour (RestartKeepsTerm, RestartKeepsAckedEntries,
 * RestartKeepsSnapshot). One place, so that a real restart (promises.ts) and a
 * ghost recovery (ghost-recovery.ts) are judged alike; whether a breach was
 * legitimately voided is promise-voiding.ts's call, made by the caller.
 */

import type { NodeId, NodeView } from '../../harness/api.js';
import type { HeldPromise } from './promise-voiding.js';

export type AckedEntry = Extract<HeldPromise, { kind: 'acked-entry' }>;

export type RestartInvariant = 'RestartKeepsTerm' | 'RestartKeepsAckedEntries' | 'RestartKeepsSnapshot';

/** What a node promised that outlives a crash. */
export interface RestartPromises {
  /** The highest term it sent. */
  readonly sentTerm: number;
  /** The highest acknowledged entry still in force (by Log Matching it vouches for the prefix). */
  readonly acked: AckedEntry | null;
  /** The highest snapshot it reported installed. */
  readonly snapshotIndex: number;
}

/** A promise the recovered state does not honour. */
export interface RestartBreach {
  readonly invariant: RestartInvariant;
  readonly promise: HeldPromise;
  /** What was promised and what came back, for the failure message. */
  readonly detail: string;
}

/** Every promise of `held` that the recovered `view` breaks, in the order term, acknowledgement, snapshot. */
export function restartBreaches(node: NodeId, held: RestartPromises, view: NodeView): RestartBreach[] {
  const breaches: RestartBreach[] = [];
  if (view.term < held.sentTerm) {
    breaches.push({
      invariant: 'RestartKeepsTerm',
      promise: { kind: 'term', term: held.sentTerm },
      detail: `n${node} restarted in term ${view.term} but had sent messages of term ${held.sentTerm}`,
    });
  }
  const acked = held.acked;
  if (acked !== null && !holdsEntry(view, acked)) {
    breaches.push({ invariant: 'RestartKeepsAckedEntries', promise: acked, detail: `n${node} ${describeAck(acked)} but restarted without it (${describeLog(view)})` });
  }
  const installed = held.snapshotIndex;
  if (Math.max(view.snapshotIndex, view.lastIndex) < installed) {
    breaches.push({
      invariant: 'RestartKeepsSnapshot',
      promise: { kind: 'snapshot', index: installed },
      detail: `n${node} reported a snapshot installed up to ${installed} but restarted with ${describeLog(view)}`,
    });
  }
  return breaches;
}

/** Whether the view still holds an acknowledged entry (compacted entries are committed, so held). */
export function holdsEntry(view: NodeView, acked: AckedEntry): boolean {
  if (acked.index <= view.snapshotIndex) return true;
  return acked.index <= view.lastIndex && view.termAt(acked.index) === acked.term;
}

export function describeAck(acked: AckedEntry): string {
  return acked.counted === true
    ? `counted its own copy of entry ${acked.index} (term ${acked.term}) to commit it as leader of term ${acked.ackTerm}`
    : `acknowledged entry ${acked.index} of term ${acked.term} in term ${acked.ackTerm}`;
}

export function describeLog(view: NodeView): string {
  return `term ${view.term}, snapshot at ${view.snapshotIndex}, log to ${view.lastIndex}`;
}
