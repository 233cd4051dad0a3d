/**
 * CheckQuorum steps down only a leader that did not hear from a majority
 * (dissertation section 6.2), for systems that implement CheckQuorum and run
 * with it on. The check runs once per election timeout, at least the minimum
 * one, over the messages of the leader's term that reached it since the last
 * check; so a leader that got an acknowledgement of its term from enough
 * voters within the last minimum election timeout (its own vote making up
 * the majority, as every CheckQuorum counts it) cannot fail the check. One
 * that steps down anyway, on a timer tick in the same term, throws away a
 * leader that a majority follows: with one follower down or cut off, a
 * cluster that miscounts loses its leader every election timeout.
 *
 * Judged from the node's ticks (a late tick with the ones it stands for, as
 * the node's CheckQuorum counts them) and the acknowledgements delivered to
 * it (`MessagePromises.acknowledgedIndex`, `snapshotInstalledIndex`): only
 * those, because every CheckQuorum counts a follower's answers to its
 * appends, whatever else it counts. A leader outside its own configuration
 * (stepping down after removing itself, section 4.2.2) is not judged.
 * Reported as an availability failure.
 */

import type { MessagePromises, NodeId, NodeInput, NodeView, Role } from '../../harness/api.js';
import { AvailabilityViolation } from './availability.js';

interface Heard {
  readonly term: number;
  /** Peer -> the leader's tick count when an acknowledgement of `term` from it last reached the leader. */
  readonly at: Map<NodeId, number>;
}

export class CheckQuorumHeardOracle {
  /** Per node (by id: an array slot, read on every tick, is cheaper than a Map), the ticks it got, across its incarnations (a node leads a term at most once). */
  private readonly ticks: (number | undefined)[] = [];
  /** Per leader, who acknowledged what it sent in its latest term of leadership, and when. */
  private readonly heard = new Map<NodeId, Heard>();

  constructor(
    private readonly promisesOf: (message: unknown) => MessagePromises | null,
    /** The voters of a node whose view does not name its configuration. */
    private readonly initialCluster: readonly NodeId[],
    private readonly minTicks: number,
  ) {}

  /** After a step of `node` that handled `input`, with its role and term before the step and its view after. */
  afterStep(node: NodeId, input: NodeInput<unknown>, roleBefore: Role, termBefore: number, view: NodeView): void {
    if (input.kind === 'tick') {
      const now = (this.ticks[node] ?? 0) + 1 + (input.missed ?? 0);
      this.ticks[node] = now;
      if (roleBefore === 'leader' && view.role !== 'leader' && view.term === termBefore) this.judgeStepDown(node, view, now);
      return;
    }
    if (input.kind !== 'message' || view.role !== 'leader') return;
    const promise = this.promisesOf(input.message);
    if (promise === null || promise.term !== view.term || (promise.acknowledgedIndex === undefined && promise.snapshotInstalledIndex === undefined)) return;
    let heard = this.heard.get(node);
    if (heard === undefined || heard.term !== view.term) {
      heard = { term: view.term, at: new Map() };
      this.heard.set(node, heard);
    }
    heard.at.set(input.from, this.ticks[node] ?? 0);
  }

  private judgeStepDown(node: NodeId, view: NodeView, now: number): void {
    const voters = view.configuration?.() ?? this.initialCluster;
    if (!voters.includes(node)) return;
    const heard = this.heard.get(node);
    if (heard === undefined || heard.term !== view.term) return;
    // An acknowledgement delivered at tick count >= now - minTicks came after the previous check, which ran
    // at least a minimum election timeout of ticks before this one (or the term's leadership began).
    const recent = voters.filter((voter) => voter !== node && (heard.at.get(voter) ?? -Infinity) >= now - this.minTicks);
    if (recent.length + 1 <= voters.length / 2) return;
    throw new AvailabilityViolation(
      node,
      `n${node} stepped down as leader of term ${view.term} on a timer tick though ${recent.map((id) => `n${id}`).join(', ')} acknowledged its appends within the last ${this.minTicks} ticks: with itself a majority of the voters [${voters.join(', ')}], so CheckQuorum must keep it leading`,
    );
  }
}
