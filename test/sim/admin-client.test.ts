import { describe, expect, it } from 'vitest';
import type { AdminRequest, NodeId } from '../../src/harness/api.js';
import { AdminClient } from '../../src/sim/admin-client.js';

/** An operator whose sends and timers are recorded, and time is advanced by hand. */
function operator() {
  const sent: { node: NodeId; id: number; request: AdminRequest }[] = [];
  const timers: { at: number; token: number }[] = [];
  const finished: string[] = [];
  let nextId = 1;
  const client = new AdminClient(
    [1, 2, 3],
    { requestTimeoutMs: 100, redirectBackoffMs: 20 },
    {
      send: (node, id, request) => sent.push({ node, id, request }),
      wakeAt: (at, token) => timers.push({ at, token }),
      note: () => {},
      newId: () => nextId++,
      finished: (request) => finished.push(`${request.kind} ok`),
    },
  );
  const fire = (): void => {
    const timer = timers.shift()!;
    client.onWake(timer.at, timer.token);
  };
  return { client, sent, timers, finished, fire };
}

describe('the operator client', () => {
  it('follows a hint, learning a node it did not know, and finishes on ok', () => {
    const { client, sent, finished, fire, timers } = operator();
    client.submit(0, { kind: 'add-node', node: 4 });
    expect(sent[0]!.node).toBe(1);
    client.onReply(5, sent[0]!.id, 'not-leader', 5);
    timers.shift(); // the request timeout, superseded
    fire();
    expect(sent[1]!.node).toBe(5);
    client.onReply(9, sent[1]!.id, 'ok', 5);
    expect(finished).toEqual(['add-node ok']);
    expect(client.pending).toBe(0);
  });

  it('asks the same node again after a rejection, the next node after a timeout, and ignores stale answers', () => {
    const { client, sent, finished, fire, timers } = operator();
    client.submit(0, { kind: 'remove-node', node: 2 });
    client.onReply(3, sent[0]!.id, 'rejected', 1);
    timers.shift();
    fire();
    expect(sent[1]!.node).toBe(1);
    fire(); // no answer: time out
    expect(sent[2]!.node).toBe(2);
    client.onReply(200, sent[1]!.id, 'ok', 1);
    expect(finished).toEqual([]);
    expect(client.pending).toBe(1);
  });

  it('never gives up a change: it keeps trying until the change is answered ok', () => {
    const { client, finished, fire, timers } = operator();
    client.submit(0, { kind: 'add-node', node: 4 });
    client.submit(0, { kind: 'remove-node', node: 3 });
    for (let k = 0; k < 200; k++) fire();
    expect(finished).toEqual([]);
    expect(timers.length).toBe(2);
    expect(client.pending).toBe(2);
  });
});
