/**
 * The read-only NodeView the simulator's checkers observe after every step.
 * One object per node, reading the live fields: no per-step allocation.
 *
 * A class rather than an object literal with getters: literal accessors make
 * every node's view an object of its own shape, so each property read in the
 * checkers (several per step) was a polymorphic lookup; instances of one
 * class share a shape and the reads inline.
 */

import type { NodeId, NodeView, Role } from '../harness/api.js';
import { assert } from '../util/assert.js';
import type { RaftNode } from './node.js';
import { LogEntry, type Entry } from './types.js';

export function createNodeView(node: RaftNode): NodeView {
  return new RaftNodeView(node);
}

class RaftNodeView implements NodeView {
  /** The entry last asked for by `entryDigest` and its digest: the invariants ask for the same tail entry step after step. */
  private digestEntry: Entry | null = null;
  private digest = '';

  constructor(private readonly node: RaftNode) {}

  get role(): Role {
    return this.node.role;
  }

  get term(): number {
    return this.node.currentTerm;
  }

  get commitIndex(): number {
    return this.node.commitIndex;
  }

  get appliedIndex(): number {
    return this.node.appliedIndex;
  }

  get snapshotIndex(): number {
    return this.node.log.snapshotIndex;
  }

  get lastIndex(): number {
    return this.node.log.lastIndex;
  }

  termAt(index: number): number {
    const log = this.node.log;
    const term = log.termAt(index);
    if (term === undefined) assert(false, `termAt(${index}) outside ${log.snapshotIndex}..${log.lastIndex}`);
    return term;
  }

  entryDigest(index: number): string {
    const entry = this.node.log.entryAt(index);
    if (entry !== this.digestEntry) {
      this.digest = LogEntry.digestOf(entry);
      this.digestEntry = entry;
    }
    return this.digest;
  }

  stateDigest(): string {
    return this.node.kv.digest();
  }

  matchIndex(peer: NodeId): number {
    const node = this.node;
    return node.role === 'leader' ? (node.progress.get(peer)?.matchIndex ?? 0) : 0;
  }

  nextIndex(peer: NodeId): number {
    const node = this.node;
    return node.role === 'leader' ? (node.progress.get(peer)?.nextIndex ?? 0) : 0;
  }

  configuration(): readonly NodeId[] {
    return this.node.membership.voters;
  }
}
