/**
 * The read-only NodeView the simulator's checkers observe after every step.
 * One object per node, reading the live fields: no per-step allocation.
 */

import type { NodeView } from '../harness/api.js';
import { assert } from '../util/assert.js';
import type { RaftNode } from './node.js';
import { commandDigest } from './types.js';

export function createNodeView(node: RaftNode): NodeView {
  return {
    get role() {
      return node.role;
    },
    get term() {
      return node.currentTerm;
    },
    get commitIndex() {
      return node.commitIndex;
    },
    get appliedIndex() {
      return node.appliedIndex;
    },
    get snapshotIndex() {
      return node.log.snapshotIndex;
    },
    get lastIndex() {
      return node.log.lastIndex;
    },
    termAt(index: number): number {
      const term = node.log.termAt(index);
      assert(term !== undefined, () => `termAt(${index}) outside ${node.log.snapshotIndex}..${node.log.lastIndex}`);
      return term;
    },
    entryDigest(index: number): string {
      return commandDigest(node.log.entryAt(index).command);
    },
    stateDigest(): string {
      return node.kv.digest();
    },
    matchIndex(peer) {
      return node.role === 'leader' ? (node.progress.get(peer)?.matchIndex ?? 0) : 0;
    },
    configuration() {
      return node.membership.voters;
    },
    nextIndex(peer) {
      return node.role === 'leader' ? (node.progress.get(peer)?.nextIndex ?? 0) : 0;
    },
  };
}
