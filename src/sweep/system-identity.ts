/**
 * How a sweep names the system it ran: the `--system` spec and a hash of its
 * code, so that `merge` can refuse shards of different systems. Our built-in
 * Raft is `null` (the fingerprint already covers our own code).
 */

export interface SystemRef {
  readonly spec: string;
  /** sha256 of the module (or of the exec: command's program); null when unknown. */
  readonly hash: string | null;
}

/** The one place that asks for a system's identity; hashing is src/harness/system-ref.ts's job once it exists. */
export function sweepSystemRef(spec: string | undefined): SystemRef | null {
  if (spec === undefined) return null;
  return { spec, hash: null };
}
