/**
 * The environment of one simulated client driven by hand in a test: it
 * records what the client sends and when it asks to be woken, holds the
 * history the client writes, and fires the client's latest timer.
 */

import type { KvInput, KvOutput, Operation } from '@raft-check/checker';
import type { ClientRequest, NodeId } from '../../src/harness/api.js';
import type { ClientEnvironment, ClientTiming } from '../../src/sim/client.js';

export const TEST_TIMING: ClientTiming = { requestTimeoutMs: 100, opDeadlineMs: 450, redirectBackoffMs: 20 };

export class RecordingClientEnv implements ClientEnvironment {
  readonly sent: { node: NodeId; request: ClientRequest }[] = [];
  readonly wakes: { at: number; token: number }[] = [];
  readonly history: Operation<KvInput, KvOutput>[] = [];

  send(node: NodeId, request: ClientRequest): void {
    this.sent.push({ node, request });
  }

  wakeAt(at: number, token: number): void {
    this.wakes.push({ at, token });
  }

  note(): void {}

  /** Fires `client`'s latest timer (earlier ones are superseded) and returns its time. */
  fireLatest(client: { onWake(now: number, token: number): void }): number {
    const wake = this.wakes.at(-1)!;
    client.onWake(wake.at, wake.token);
    return wake.at;
  }
}
