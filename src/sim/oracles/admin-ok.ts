/**
 * AdminOkCommitted (dissertation section 4.1; api.ts, AdminOutcome): a node
 * answers an operator's add-node or remove-node 'ok' only once the
 * configuration it asked for is committed, so at that moment the committed
 * configuration of the answering node holds the added server, or no longer
 * holds the removed one. An 'ok' given while the entry is still uncommitted
 * (a retried request that finds the change already in the log, answered at
 * once) tells the operator a change is done that a new leader may still cut;
 * the simulator, like an operator, then stops a removed server for good.
 *
 * The committed configuration is read as ConfigurationFollowsLog reads it
 * (configuration-log.ts: entry digests "config <ids>"); where it is unknown
 * (another convention, or a committed entry the simulator never saw), the
 * answer is not judged.
 */

import type { AdminOutcome, AdminRequest, NodeId, NodeView } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

type MembershipRequest = Extract<AdminRequest, { kind: 'add-node' | 'remove-node' }>;

export class AdminOkOracle {
  /** Membership requests sent and not yet answered, by admin id. */
  private readonly requests = new Map<number, MembershipRequest>();

  constructor(
    /** The configuration `node` has committed by `view`, or null when unknown (ConfigurationOracle). */
    private readonly committedConfiguration: (node: NodeId, view: NodeView) => readonly NodeId[] | null,
  ) {}

  /** The operator sends `request` under admin id `id`. */
  asked(id: number, request: AdminRequest): void {
    if (request.kind !== 'transfer-leadership') this.requests.set(id, request);
  }

  /** `node` answers admin id `id` with `outcome`, its view being `view` (the step that answered is done). */
  replied(node: NodeId, id: number, outcome: AdminOutcome, view: NodeView): void {
    const request = this.requests.get(id);
    if (request === undefined) return;
    this.requests.delete(id);
    if (outcome !== 'ok') return;
    const voters = this.committedConfiguration(node, view);
    const adding = request.kind === 'add-node';
    if (voters === null || voters.includes(request.node) === adding) return;
    throw new InvariantViolation(
      'AdminOkCommitted',
      node,
      `n${node} answered ok to ${request.kind} n${request.node} (admin #${id}) while its committed configuration {${voters.map((voter) => `n${voter}`).join(',')}} ${adding ? 'lacks' : 'still holds'} it (commit index ${view.commitIndex}): ok means the change is committed`,
    );
  }
}
