/**
 * The data Raft replicates and persists. Entries are immutable once created:
 * the leader's log, messages and followers' logs share the same objects.
 */

import type { ClientRequest, NodeId } from '../harness/api.js';

/**
 * A log entry's payload: a client command, the no-op a leader appends at the
 * start of its term, or a cluster configuration (membership.ts): the voters
 * from this entry on.
 */
export type Command =
  | { readonly kind: 'noop' }
  | { readonly kind: 'client'; readonly request: ClientRequest }
  | { readonly kind: 'config'; readonly voters: readonly NodeId[] };

export interface Entry {
  readonly term: number;
  readonly command: Command;
}

/** Figure 2 "Persistent state on all servers" (the log is persisted separately, entry by entry). */
export interface HardState {
  readonly term: number;
  readonly votedFor: NodeId | null;
}

export const NOOP_COMMAND: Command = { kind: 'noop' };

/**
 * Identifies a command, equal for two entries exactly when they carry the same
 * command (client, seq and operation). The term is not part of it: NodeView
 * compares commands, and log positions carry their term separately.
 */
export function commandDigest(command: Command): string {
  if (command.kind === 'noop') return 'noop';
  if (command.kind === 'config') return `config ${command.voters.join(',')}`;
  let digest = digests.get(command);
  if (digest === undefined) {
    const request = command.request;
    digest = `c${request.client}#${request.seq} ${JSON.stringify(request.op)}`;
    digests.set(command, digest);
  }
  return digest;
}

/** Commands are immutable and shared by every log, message and view that holds them, so each is stringified once. */
const digests = new WeakMap<Command, string>();
