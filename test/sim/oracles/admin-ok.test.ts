/**
 * AdminOkCommitted fed by hand: an operator's add-node or remove-node is
 * answered ok only while the answering node's committed configuration holds
 * the change (read as ConfigurationFollowsLog reads it). An ok while the
 * entry is above the commit index fails; a refusal, a transfer, or an answer
 * whose committed configuration is unknown is not judged.
 */

import { describe, expect, it } from 'vitest';
import type { NodeId, NodeView } from '../../../src/harness/api.js';
import { AdminOkOracle } from '../../../src/sim/oracles/admin-ok.js';
import { ConfigurationOracle } from '../../../src/sim/oracles/configuration-log.js';
import { violationOf } from './violation-of.js';

/** A leader's view of a log whose entry 2 adds n4 to {n1,n2,n3}, committed up to `commitIndex`. */
function leaderView(commitIndex: number): NodeView {
  const digests = ['noop', 'config 1,2,3,4'];
  return {
    role: 'leader',
    term: 1,
    commitIndex,
    appliedIndex: commitIndex,
    snapshotIndex: 0,
    lastIndex: digests.length,
    termAt: (index) => (index === 0 ? 0 : 1),
    entryDigest: (index) => digests[index - 1] as string,
    stateDigest: () => '',
    configuration: () => [1, 2, 3, 4],
  };
}

function judged(commitIndex: number): { oracle: AdminOkOracle; view: NodeView } {
  const configurations = new ConfigurationOracle([1, 2, 3]);
  configurations.started(1);
  const view = leaderView(commitIndex);
  configurations.afterStep(1, view);
  return { oracle: new AdminOkOracle((node, at) => configurations.committedConfiguration(node, at)), view };
}

describe('AdminOkCommitted', () => {
  it('fails an ok to add-node while the configuration that adds it is uncommitted', () => {
    const { oracle, view } = judged(1);
    oracle.asked(7, { kind: 'add-node', node: 4 });
    expect(violationOf(() => oracle.replied(1, 7, 'ok', view))).toBe(
      'n1 answered ok to add-node n4 (admin #7) while its committed configuration {n1,n2,n3} lacks it (commit index 1): ok means the change is committed',
    );
  });

  it('passes an ok once it is committed, and fails an ok to a removal the committed configuration still holds', () => {
    const { oracle, view } = judged(2);
    oracle.asked(7, { kind: 'add-node', node: 4 });
    expect(violationOf(() => oracle.replied(1, 7, 'ok', view))).toBeNull();
    oracle.asked(8, { kind: 'remove-node', node: 2 });
    expect(violationOf(() => oracle.replied(1, 8, 'ok', view))).toContain('still holds it');
  });

  it('judges neither refusals, transfers, nor an unknown committed configuration', () => {
    const { oracle, view } = judged(1);
    oracle.asked(7, { kind: 'add-node', node: 4 });
    oracle.asked(8, { kind: 'transfer-leadership', to: 4 });
    expect(violationOf(() => oracle.replied(1, 7, 'rejected', view))).toBeNull();
    expect(violationOf(() => oracle.replied(1, 8, 'ok', view))).toBeNull();
    const unknown = new AdminOkOracle((): readonly NodeId[] | null => null);
    unknown.asked(9, { kind: 'add-node', node: 4 });
    expect(violationOf(() => unknown.replied(1, 9, 'ok', view))).toBeNull();
  });
});
