// The skeleton of "Plug in your own implementation" (README), complete and
// runnable: npx raft-check --seed 1 --system examples/my-node.mjs
//
// A node is a synchronous, deterministic state machine: step(input) returns
// the effects (disk writes, fsyncs, sends, replies) for the simulator to
// perform in order, and view() exposes its state to the invariant checkers.
// To keep this file short and correct, MyNode hands each input to our own
// Raft (raftFactory, exported by the package) and returns its effects
// unchanged; your implementation does the work in step() instead.

/** @typedef {import('raft-check').NodeOptions} NodeOptions */
/** @typedef {import('raft-check').NodeView} NodeView */
/** @typedef {import('raft-check').RaftMessage} Message */
import { raftFactory } from 'raft-check';

class MyNode {
  /**
   * @param {NodeOptions} options id, cluster, randomSeed, randomInt, snapshotEvery, bugs, tuning, selfChecks
   * @param {ReadonlyMap<string, Uint8Array>} files what survived on disk (empty on first boot)
   */
  constructor(options, files) {
    this.inner = raftFactory.start(options, files);
  }

  /**
   * @param {import('raft-check').NodeInput<Message>} input a tick, a peer message or a client request
   * @returns {import('raft-check').NodeEffect<Message>[]} performed in order: persist before you send
   */
  step(input) {
    return this.inner.step(input);
  }

  /** @returns {NodeView} role, term, commit/applied/snapshot indexes, entry terms and digests */
  view() {
    return this.inner.view();
  }
}

/** @type {import('raft-check').NodeFactory<Message>} */
export const factory = {
  name: 'my-raft',
  start: (options, files) => new MyNode(options, files),
  describeMessage: (message) => JSON.stringify(message),
  // e.g. "AppendEntries"; a kind containing "snapshot" counts as a snapshot install
  messageKind: (message) => message.kind,
};
