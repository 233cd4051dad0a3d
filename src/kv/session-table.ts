/**
 * Client sessions (Raft dissertation 6.3): for each client, the sequence
 * number of its last applied command and the response it got. A command whose
 * (client, seq) was already applied is answered from here and not applied
 * again, which makes client retries exactly-once. The table is replicated
 * state: it is changed only by applying log entries and travels in snapshots.
 */

import type { KvOutput } from '@raft-check/checker';
import type { ClientId } from '../harness/api.js';
import { assert } from '../util/assert.js';

export interface Session {
  readonly seq: number;
  readonly output: KvOutput;
}

export class SessionTable {
  private readonly sessions = new Map<ClientId, Session>();

  get(client: ClientId): Session | undefined {
    return this.sessions.get(client);
  }

  record(client: ClientId, seq: number, output: KvOutput): void {
    const previous = this.sessions.get(client);
    if (previous !== undefined && previous.seq >= seq) assert(false, `client ${client}: seq ${seq} not above ${previous.seq}`);
    this.sessions.set(client, { seq, output });
  }

  clear(): void {
    this.sessions.clear();
  }

  /** Sorted by client so that equal tables give equal snapshots and digests. */
  entries(): [ClientId, Session][] {
    return [...this.sessions.entries()].sort((a, b) => a[0] - b[0]);
  }
}
