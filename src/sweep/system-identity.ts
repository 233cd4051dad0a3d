/**
 * How a sweep names the system it ran: the `--system` spec and a hash of its
 * code (src/harness/system-ref.ts), so that `merge` can refuse shards of
 * different systems. Our built-in Raft is `null` (the fingerprint already
 * covers our own code).
 */

import { systemRef, type SystemRef } from '../harness/system-ref.js';

export type { SystemRef };

export function sweepSystemRef(spec: string | undefined): SystemRef | null {
  return spec === undefined ? null : systemRef(spec);
}
