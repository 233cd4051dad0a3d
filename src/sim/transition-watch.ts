/**
 * Watches for the moment a transition fault (transition-faults.ts) waits for,
 * from what the simulator sees of the nodes: one fault at a time, armed by its
 * plan event, seen when its moment opens, due `delayMs` later if the moment
 * still holds then.
 */

import type { NodeId } from '../harness/api.js';
import { TRANSITION_WAIT_MS, type TransitionFault } from './transition-faults.js';

/** What the watch needs to know of a node: the simulator's last look at its view. */
export interface WatchedNode {
  readonly id: NodeId;
  readonly node: unknown;
  readonly paused: boolean;
  readonly role: string;
  readonly term: number;
  readonly commitIndex: number;
}

interface Moment {
  leader: NodeId;
  term: number;
  /** The index the leader must commit to close the moment (its configuration entry, or its term's first entry; none while a learner catches up). */
  index: number;
  /** A transfer's target. */
  to: NodeId | null;
  at: number;
}

export interface Strike {
  fault: TransitionFault;
  /** The node to strike. */
  node: NodeId;
  leader: NodeId;
}

export class TransitionWatch {
  private fault: TransitionFault | null = null;
  private until = 0;
  private moment: Moment | null = null;
  /** The transfer in flight, if any: a transfer fault armed during it sees it at once. */
  private transfer: Moment | null = null;

  /** A plan event arms `fault`; one whose moment is open already keeps its place. */
  arm(fault: TransitionFault, now: number): void {
    if (this.moment !== null) return;
    this.fault = fault;
    this.until = now + TRANSITION_WAIT_MS;
    if (fault.moment === 'transfer' && this.transfer !== null) this.moment = { ...this.transfer, at: now };
  }

  get armed(): boolean {
    return this.fault !== null;
  }

  /** `leader` won term `term`; its log ended at `lastIndex` before its term's first entry. */
  leaderWon(leader: NodeId, term: number, lastIndex: number, now: number): void {
    this.open('new-term', { leader, term, index: lastIndex + 1, to: null, at: now });
  }

  /** `leader` appended a configuration change at `index`. */
  leaderReconfigured(leader: NodeId, term: number, index: number, now: number): void {
    this.open('config-pending', { leader, term, index, to: null, at: now });
  }

  /**
   * An operator's addition reached `leader`: the new server catches up as a learner before any configuration
   * entry exists, so the moment holds for as long as this leader leads its term.
   */
  leaderAdding(leader: NodeId, term: number, now: number): void {
    this.open('config-pending', { leader, term, index: Number.POSITIVE_INFINITY, to: null, at: now });
  }

  transferRequested(leader: NodeId, term: number, to: NodeId, now: number): void {
    this.transfer = { leader, term, index: 0, to, at: now };
    this.open('transfer', this.transfer);
  }

  transferEnded(): void {
    this.transfer = null;
  }

  /** The strike due at `now`, if any (the fault is spent then); a moment that closed before its delay lapses the fault. */
  due(now: number, nodes: ReadonlyMap<NodeId, WatchedNode>): Strike | null {
    const fault = this.fault;
    if (fault === null) return null;
    const moment = this.moment;
    if (moment === null) {
      if (now > this.until) this.clear();
      return null;
    }
    if (now < moment.at + fault.delayMs) return null;
    this.clear();
    const leader = nodes.get(moment.leader);
    if (leader === undefined || !this.holds(fault, moment, leader)) return null;
    const node = fault.target === 'leader' ? moment.leader : this.peer(fault, moment, nodes);
    return node === null ? null : { fault, node, leader: moment.leader };
  }

  clear(): void {
    this.fault = null;
    this.moment = null;
  }

  private open(kind: TransitionFault['moment'], moment: Moment): void {
    if (this.fault?.moment === kind && this.moment === null) this.moment = moment;
  }

  private holds(fault: TransitionFault, moment: Moment, leader: WatchedNode): boolean {
    if (leader.node === null || leader.paused || leader.role !== 'leader' || leader.term !== moment.term) return false;
    return fault.moment === 'transfer' ? this.transfer !== null : leader.commitIndex < moment.index;
  }

  private peer(fault: TransitionFault, moment: Moment, nodes: ReadonlyMap<NodeId, WatchedNode>): NodeId | null {
    const running = [...nodes.values()].filter((host) => host.node !== null && !host.paused && host.id !== moment.leader);
    if (moment.to !== null) return running.some((host) => host.id === moment.to) ? moment.to : null;
    return running.length === 0 ? null : (running[fault.pick % running.length] as WatchedNode).id;
  }
}
