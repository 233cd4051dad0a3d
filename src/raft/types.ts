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

/**
 * An entry as Raft makes it (a leader's append, a WAL record decoded at
 * recovery). Entries are immutable and stay at one index for their whole life
 * (a leader and, in simulation, its followers share the object), so the WAL
 * frame (storage/wal-record.ts) and the command digest of each are computed
 * once and kept on it, in private fields: invisible to JSON, spreads and
 * equality checks, so an entry still reads as `{ term, command }`. Two
 * WeakMaps kept them before: an insert into each per entry, weak tables the
 * collector processes at every scavenge, and a lookup per use. Any other
 * object with an Entry's fields (tests build them as literals) is just
 * encoded and digested each time.
 */
export class LogEntry implements Entry {
  readonly term: number;
  readonly command: Command;
  #frameIndex = 0;
  #frame: Uint8Array | null = null;
  #digest: string | null = null;

  constructor(term: number, command: Command) {
    this.term = term;
    this.command = command;
  }

  /** The WAL frame of `entry` at `index`, if made before (storage/wal-record.ts). */
  static frameAt(entry: Entry, index: number): Uint8Array | null {
    return #frame in entry && entry.#frameIndex === index ? entry.#frame : null;
  }

  /** Keeps the WAL frame of `entry` at `index`, if it is a LogEntry; the frame is shared, never modified. */
  static keepFrame(entry: Entry, index: number, frame: Uint8Array): void {
    if (!(#frame in entry)) return;
    entry.#frameIndex = index;
    entry.#frame = frame;
  }

  /** `commandDigest(entry.command)`, computed once per LogEntry. */
  static digestOf(entry: Entry): string {
    if (!(#digest in entry)) return commandDigest(entry.command);
    let digest = entry.#digest;
    if (digest === null) {
      digest = commandDigest(entry.command);
      entry.#digest = digest;
    }
    return digest;
  }
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
  const request = command.request;
  return `c${request.client}#${request.seq} ${JSON.stringify(request.op)}`;
}
