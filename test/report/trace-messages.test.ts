import { describe, expect, it } from 'vitest';
import type { TraceEvent, TraceKind } from '../../src/sim/index.js';
import { messagesFromTrace } from '../../src/report/trace-messages.js';

function ev(time: number, kind: string, node: number, peer: number, tag: string, detail: string): TraceEvent {
  return { time, kind: kind as TraceKind, node, peer, tag, detail };
}

describe('messagesFromTrace with send events', () => {
  const trace = [
    ev(10, 'send', 1, 2, 'AppendEntries', 'n1->n2 AppendEntries t1 prev=0+0'),
    ev(10, 'send', 1, 3, 'AppendEntries', 'n1->n3 AppendEntries t1 prev=0+0'),
    ev(10, 'drop', 3, 1, 'AppendEntries', 'n1->n3 AppendEntries t1 prev=0+0'),
    ev(14, 'deliver', 2, 1, 'AppendEntries', 'n1->n2 AppendEntries t1 prev=0+0'),
    ev(15, 'send', 2, 1, 'AppendEntriesReply', 'n2->n1 AppendEntriesReply t1 ok'),
    ev(15, 'duplicate', 1, 2, 'AppendEntriesReply', 'n2->n1 AppendEntriesReply t1 ok'),
    ev(19, 'deliver', 1, 2, 'AppendEntriesReply', 'n2->n1 AppendEntriesReply t1 ok'),
    ev(23, 'deliver', 1, 2, 'AppendEntriesReply', 'n2->n1 AppendEntriesReply t1 ok'),
    ev(30, 'send', 1, 2, 'RequestVote', 'n1->n2 RequestVote t2'),
    ev(33, 'drop', 2, 1, 'RequestVote (partition)', 'n1->n2 RequestVote t2'),
    ev(40, 'send', 1, 3, 'RequestVote', 'n1->n3 RequestVote t2'),
    ev(44, 'drop', 3, 1, 'RequestVote (down)', 'n1->n3 RequestVote t2'),
  ];

  it('pairs every delivery and loss with its send', () => {
    const { messages, sendsTraced, unpaired } = messagesFromTrace(trace);
    expect(sendsTraced).toBe(true);
    expect(unpaired).toEqual([]);
    expect(messages.map((m) => [m.from, m.to, m.sent, m.received, m.kind, m.dropped, m.duplicate])).toEqual([
      [1, 2, 10, 14, 'AppendEntries', false, false],
      [1, 3, 10, null, 'AppendEntries', true, false],
      [2, 1, 15, 19, 'AppendEntriesReply', false, false],
      [2, 1, 15, 23, 'AppendEntriesReply', false, true],
      [1, 2, 30, null, 'RequestVote', true, false],
      [1, 3, 40, null, 'RequestVote', false, false],
    ]);
    expect(messages[0]!.description).toBe('AppendEntries t1 prev=0+0');
    expect(messages[4]!.description).toContain('cut by the partition at 33 ms');
    expect(messages[5]!.description).toContain('receiver down at 44 ms');
  });

  it('pairs identical messages first in, first out', () => {
    const same = 'n1->n2 AppendEntries t1 heartbeat';
    const { messages } = messagesFromTrace([
      ev(0, 'send', 1, 2, 'AppendEntries', same),
      ev(5, 'send', 1, 2, 'AppendEntries', same),
      ev(7, 'deliver', 2, 1, 'AppendEntries', same),
      ev(9, 'deliver', 2, 1, 'AppendEntries', same),
    ]);
    expect(messages.map((m) => [m.sent, m.received])).toEqual([
      [0, 7],
      [5, 9],
    ]);
  });
});

describe('messagesFromTrace without send events (the trace as the simulator records it today)', () => {
  it('draws what has a known send time, drops and duplicates, and counts the rest', () => {
    const { messages, sendsTraced, unpaired } = messagesFromTrace([
      ev(10, 'drop', 3, 1, 'AppendEntries', 'n1->n3 AppendEntries t1'),
      ev(14, 'deliver', 2, 1, 'AppendEntries', 'n1->n2 AppendEntries t1'),
      ev(15, 'duplicate', 1, 2, 'AppendEntriesReply', 'n2->n1 AppendEntriesReply t1 ok'),
      ev(19, 'deliver', 1, 2, 'AppendEntriesReply', 'n2->n1 AppendEntriesReply t1 ok'),
      ev(23, 'deliver', 1, 2, 'AppendEntriesReply', 'n2->n1 AppendEntriesReply t1 ok'),
    ]);
    expect(sendsTraced).toBe(false);
    expect(unpaired).toEqual([14]);
    expect(messages.map((m) => [m.from, m.to, m.sent, m.received, m.dropped, m.duplicate])).toEqual([
      [1, 3, 10, null, true, false],
      [2, 1, 15, 19, false, false],
      [2, 1, 15, 23, false, true],
    ]);
  });
});
