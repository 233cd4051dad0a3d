/**
 * The package entry point (`import ... from 'raft-check'`): the node
 * interface a plugged-in implementation is written against (`--system`), and
 * our Raft's factory, for wrapping or comparing against. The command line is
 * `raft-check` (dist/bin/raft-check.js, bundled from src/cli/main.ts); the checker is `@raft-check/checker`.
 */

export type {
  ClientId,
  ClientRequest,
  ClientResponse,
  NodeEffect,
  NodeFactory,
  NodeId,
  NodeInput,
  NodeOptions,
  NodeTuning,
  NodeView,
  Role,
  SimNode,
} from './harness/api.js';
export { DEFAULT_TUNING } from './harness/tuning.js';
export { raftFactory } from './raft/index.js';
export type { RaftMessage, RaftMessageKind } from './raft/index.js';
