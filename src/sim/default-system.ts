/** Our system under test: the Raft KV node (src/raft) checked by our linearizability checker. */

import { checkHistory } from '@raft-check/checker';
import { raftFactory } from '../raft/index.js';
import type { System } from './system.js';

export const defaultSystem: System = {
  factory: raftFactory,
  checkHistory: (history, options) => checkHistory(history, options),
};
