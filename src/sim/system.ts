/**
 * The two things a run plugs in: the system under test (a NodeFactory) and
 * the linearizability checker. Passed in rather than imported so that the
 * simulator runs any implementation (see src/harness/api.ts) and tests can
 * run it against small hand-written nodes.
 */

import type { HistoryFile, KvInput, KvOutput } from '@raft-check/checker';
import type { NodeFactory } from '../harness/api.js';
import type { Verdict } from './result.js';

export type HistoryChecker = (history: HistoryFile<KvInput, KvOutput>, options: { maxSteps: number }) => { verdict: Verdict };

export interface System {
  factory: NodeFactory<unknown>;
  checkHistory: HistoryChecker;
}
