/**
 * The winner reader (src/sim/winner-reader.ts), driven by hand: at an
 * election won it reads the latest acknowledged write back at the winner at
 * once, sends nothing while a read is in flight or in the liveness phase, and
 * finishes its read like any client (a hint followed, a silent node left for
 * the next). latestWrittenKey (src/sim/latest-write.ts) picks the write
 * answered last, whatever order the calls came in.
 */

import type { KvInput, KvOutput, Operation } from '@raft-check/checker';
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../src/harness/api.js';
import { latestWrittenKey, sharedKeys } from '../../src/sim/latest-write.js';
import { WINNER_READER_PROCESS, WinnerReader, type WinnerReadMoment } from '../../src/sim/winner-reader.js';
import { RecordingClientEnv, TEST_TIMING } from '../support/recording-client-env.js';

class Harness extends RecordingClientEnv {
  readonly reader: WinnerReader;

  constructor(moment: WinnerReadMoment = 'won') {
    super();
    this.reader = new WinnerReader(WINNER_READER_PROCESS, moment, [1, 2, 3], 4, TEST_TIMING, this.history, this);
  }

  fire(): number {
    return this.fireLatest(this.reader);
  }

  answer(now: number, response: { kind: 'ok'; output: KvOutput } | { kind: 'not-leader'; leaderHint: NodeId | null }): void {
    const { request } = this.sent.at(-1)!;
    this.reader.onReply(now, request.client, { ...response, seq: request.seq });
  }
}

const write = (key: string, call: number, answered: number | null): Operation<KvInput, KvOutput> => ({
  client: 0,
  call,
  return: answered,
  input: { op: 'put', key, value: `0.${call}` },
  output: answered === null ? null : {},
});

describe('winner reader', () => {
  it('reads the latest acknowledged write back at the winner, one read at a time', () => {
    const h = new Harness();
    h.history.push(write('k1', 0, 30), write('k2', 10, 20), write('k3', 40, null));
    h.reader.electionWon(50, 2);
    expect(h.sent).toEqual([{ node: 2, request: { client: WINNER_READER_PROCESS, seq: 1, op: { op: 'get', key: 'k1' } } }]);
    h.reader.electionWon(55, 3);
    expect(h.sent).toHaveLength(1);
    h.answer(58, { kind: 'ok', output: { value: '0.0' } });
    expect(h.reader.pending).toBe(false);
    h.reader.electionWon(90, 3);
    expect(h.sent.at(-1)).toMatchObject({ node: 3, request: { seq: 2 } });
  });

  it('follows a hint, and leaves a silent node for the next', () => {
    const h = new Harness();
    h.reader.electionWon(0, 2);
    h.answer(4, { kind: 'not-leader', leaderHint: 1 });
    h.fire();
    expect(h.sent.at(-1)).toMatchObject({ node: 1, request: { seq: 1 } });
    expect(h.fire()).toBe(104);
    expect(h.sent.at(-1)).toMatchObject({ node: 2, request: { seq: 1 } });
    h.answer(110, { kind: 'ok', output: { value: '' } });
    expect(h.history.map((op) => [op.input, op.call, op.return])).toEqual([[{ op: 'get', key: 'k0' }, 0, 110]]);
  });

  it("at the moment 'first-answer', reads at the winner's first peer answer only if its term is uncommitted then", () => {
    const h = new Harness('first-answer');
    h.reader.electionWon(0, 2);
    h.reader.leaderAnswered(3, 1, false);
    expect(h.sent).toEqual([]);
    h.reader.leaderAnswered(5, 2, false);
    expect(h.sent).toEqual([{ node: 2, request: { client: WINNER_READER_PROCESS, seq: 1, op: { op: 'get', key: 'k0' } } }]);
    h.reader.leaderAnswered(7, 2, false);
    expect(h.sent).toHaveLength(1);
    h.answer(9, { kind: 'ok', output: { value: '' } });
    h.reader.electionWon(20, 3);
    h.reader.leaderAnswered(25, 3, true);
    expect(h.sent).toHaveLength(1);
  });

  it('sends nothing in the liveness phase', () => {
    const h = new Harness();
    h.reader.enterLiveness();
    h.reader.electionWon(0, 2);
    expect(h.sent).toEqual([]);
  });

  it('latestWrittenKey: the put or cas of a shared key answered last; reads, appends, private keys and unanswered writes skipped', () => {
    const shared = sharedKeys(4);
    expect(latestWrittenKey([], shared)).toBeNull();
    const read: Operation<KvInput, KvOutput> = { client: 1, call: 5, return: 99, input: { op: 'get', key: 'k9' }, output: { value: '' } };
    const append: Operation<KvInput, KvOutput> = { client: 2, call: 6, return: 98, input: { op: 'append', key: 'p8', value: '2.1;' }, output: {} };
    expect(latestWrittenKey([write('k1', 0, 30), write('k2', 10, 20), read, append, write('k3', 40, null)], shared)).toBe('k1');
    // A pipelined client's own key is never read back, however late its write.
    expect(latestWrittenKey([write('k1', 0, 30), write('p3', 10, 50)], shared)).toBe('k1');
  });
});
