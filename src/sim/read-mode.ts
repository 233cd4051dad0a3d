/**
 * The per-seed read mode (NodeOptions.features.readMode): every mode gets
 * tested, each seed on one. Drawn from the 'read-mode' stream alone, so that
 * the other feature draws (PreVote, CheckQuorum) stay what they are.
 */

import type { ReadMode } from '../harness/api.js';
import type { RandomStream } from './random.js';

export function drawReadMode(random: RandomStream): ReadMode {
  return random.weighted<ReadMode>({ log: 1, 'read-index': 1, lease: 1 });
}
