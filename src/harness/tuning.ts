/**
 * The default implementation knobs (NodeTuning): the values our Raft used
 * before they became per-seed draws, and what a run uses when nothing is drawn.
 */

import type { NodeFeatures, NodeTuning } from './api.js';

export const DEFAULT_TUNING: NodeTuning = Object.freeze({
  maxEntriesPerAppend: 64,
  heartbeatTicks: 3,
  electionTimeoutMinTicks: 10,
  electionTimeoutMaxTicks: 20,
  maxInflight: 1,
});

/** No optional feature: Figure 2 as written, every read through the log. */
export const DEFAULT_FEATURES: NodeFeatures = Object.freeze({
  preVote: false,
  checkQuorum: false,
  readMode: 'log',
});
