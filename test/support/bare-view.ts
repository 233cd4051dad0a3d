/**
 * A node view with an empty log, for oracle tests that judge roles, terms and
 * voters only: the log fields say "nothing stored", the digests are fixed.
 */

import type { NodeId, NodeView, Role } from '../../src/harness/api.js';

export function bareView(role: Role, term: number, voters?: readonly NodeId[]): NodeView {
  return {
    role,
    term,
    commitIndex: 0,
    appliedIndex: 0,
    snapshotIndex: 0,
    lastIndex: 0,
    termAt: () => 0,
    entryDigest: () => 'noop',
    stateDigest: () => '',
    ...(voters === undefined ? {} : { configuration: () => voters }),
  };
}
