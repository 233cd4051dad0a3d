/**
 * The winner reader: a client that reads back what was just written, at the
 * node that has just won an election. A client whose write the old leader
 * acknowledged loses that leader (crashed, cut off, deposed), finds the new
 * one and reads its write back (read-your-writes, the commonest check a
 * client makes). Its read meets the new leader in the one window where a
 * leader's commit index may lag what was acknowledged: before an entry of
 * its own term commits, the new leader does not know which of its entries the
 * old leader committed (dissertation section 6.4 step 1). A ReadIndex or a
 * lease that skips that wait answers from the lagging state; so does a read
 * that arrives later and never got the chance.
 *
 * Clients that find the new leader on their own seldom get there inside that
 * window (a timeout, a redirect, a back-off first), so in seeds that draw it
 * (a stream of its own) this client is told of every election won in the
 * safety phase and sends its read to the winner, of the key of the latest
 * acknowledged put of a shared key (latest-write.ts). Two of them, at two
 * moments: one at once, in the winning step (a ReadIndex that takes the
 * lagging commit index then); one at the winner's first step that takes in
 * a peer's answer other than a vote, if its term has still not committed
 * then (a lease that a first answered round starts before that commit: the
 * round's answers may acknowledge only earlier terms' entries, or refuse,
 * when a follower lags). Each has one read in flight at a time (an election
 * won while it waits sends nothing); the read then follows redirects and
 * retries like any client's until it is answered.
 *
 * Their process ids are their own (WINNER_READER_PROCESS and the next), so
 * the other clients' ids, and every other draw, stay what they were.
 */

import type { KvInput, KvOutput, Operation } from '@raft-check/checker';
import type { ClientResponse, NodeId } from '../harness/api.js';
import { declareMarks, mark } from '../util/marks.js';
import { replyProblem, type AcknowledgedWrite, type ClientEnvironment, type ClientTiming, type RunClient } from './client.js';
import { completeOperation, followRedirect, nextNode, type Route } from './client-routing.js';
import { callLatestRead, sharedKeys } from './latest-write.js';
import { RandomStream } from './random.js';
import { STICKY_PROCESS_BASE } from './sticky-reader.js';

declareMarks({
  'sim.winner-read-answered-by-winner': 'a read sent to a new leader as it won its election was answered ok by that leader',
  'sim.winner-read-at-first-answer-answered-by-winner': "a read sent to a new leader at its first peer answer, its term uncommitted, was answered ok by that leader",
});

/** The first winner reader's process id: the one after the sticky reader's; the second's is the next. */
export const WINNER_READER_PROCESS = STICKY_PROCESS_BASE + 1;

/** When a winner reader reads: as the winner wins, or at its first answer from a peer while its term is uncommitted. */
export type WinnerReadMoment = 'won' | 'first-answer';

/** Share of seeds with a winner reader. */
const WINNER_READER_SEEDS = 0.6;

/** Whether the seed has a winner reader (a draw of its own stream). */
export function drawWinnerReader(seed: number): boolean {
  return new RandomStream(seed, 'winner-reader').chance(WINNER_READER_SEEDS);
}

interface Read extends Route {
  seq: number;
  input: Extract<KvInput, { op: 'get' }>;
  historyIndex: number;
  /** The node that had just won (or first heard back, its term uncommitted) when the read was sent. */
  winner: NodeId;
}

type Timer = 'send' | 'timeout';

export class WinnerReader implements RunClient {
  readonly gaveUp = 0;
  readonly unstarted = 0;
  private seq = 0;
  private current: Read | null = null;
  private timerToken = 0;
  private timer: Timer | null = null;
  private liveness = false;
  private readonly shared: ReadonlySet<string>;
  /** The winner whose first peer answer it waits for (moment 'first-answer'), or null. */
  private awaiting: NodeId | null = null;

  constructor(
    readonly processId: number,
    private readonly moment: WinnerReadMoment,
    /** The nodes it knows of (its own copy: redirects teach it new ones). */
    private readonly cluster: NodeId[],
    keys: number,
    private readonly timing: ClientTiming,
    private readonly history: Operation<KvInput, KvOutput>[],
    private readonly env: ClientEnvironment,
  ) {
    this.shared = sharedKeys(keys);
  }

  get pending(): boolean {
    return this.current !== null;
  }

  begin(): void {}

  enterLiveness(): void {
    this.liveness = true;
    this.awaiting = null;
  }

  /** `node` has just won an election: read the latest write back there now, or at its first peer answer. */
  electionWon(now: number, node: NodeId): void {
    if (this.moment === 'won') this.read(now, node);
    else this.awaiting = node;
  }

  /** Leader `node` took in a peer's answer other than a vote; `termCommitted`: an entry of its term is committed. */
  leaderAnswered(now: number, node: NodeId, termCommitted: boolean): void {
    if (this.awaiting !== node) return;
    this.awaiting = null;
    if (!termCommitted) this.read(now, node);
  }

  /** Reads the latest write back at `node`, unless a read is in flight. */
  private read(now: number, node: NodeId): void {
    if (this.liveness || this.current !== null) return;
    this.seq++;
    const { input, historyIndex } = callLatestRead(this.history, this.shared, this.processId, now);
    this.current = { seq: this.seq, input, historyIndex, target: node, redirects: 0, winner: node };
    this.env.note('call', () => `seq ${this.seq} ${JSON.stringify(input)}`, node);
    this.send(now);
  }

  describePending(): string | null {
    const read = this.current;
    return read === null ? null : `winner reader c${this.processId} seq ${read.seq} (get ${read.input.key}) called at ${this.history[read.historyIndex]?.call}`;
  }

  onWake(now: number, token: number): void {
    if (token !== this.timerToken || this.timer === null) return;
    const timer = this.timer;
    this.timer = null;
    if (timer === 'timeout') {
      const read = this.current;
      if (read !== null) read.target = nextNode(this.cluster, read.target);
    }
    this.send(now);
  }

  replyProblem(processId: number, response: ClientResponse): string | null {
    const read = this.current;
    return replyProblem(response, read !== null && processId === this.processId && response.seq === read.seq ? read.input : null);
  }

  onReply(now: number, processId: number, response: ClientResponse): AcknowledgedWrite | null {
    const read = this.current;
    if (read === null || processId !== this.processId || response.seq !== read.seq) return null;
    if (response.kind === 'not-leader') {
      this.arm('send', now + followRedirect(read, response.leaderHint, this.cluster, this.timing.redirectBackoffMs));
      return null;
    }
    completeOperation(this.history, read.historyIndex, now, response.output);
    this.current = null;
    this.timerToken++;
    this.timer = null;
    this.env.note('return', () => `seq ${read.seq} ${JSON.stringify(response.output)}`, read.target);
    if (read.target === read.winner) mark(this.moment === 'won' ? 'sim.winner-read-answered-by-winner' : 'sim.winner-read-at-first-answer-answered-by-winner');
    return null;
  }

  private send(now: number): void {
    const read = this.current;
    if (read === null) return;
    this.env.send(read.target, { client: this.processId, seq: read.seq, op: read.input });
    this.arm('timeout', now + this.timing.requestTimeoutMs);
  }

  private arm(timer: Timer, at: number): void {
    this.timerToken++;
    this.timer = timer;
    this.env.wakeAt(at, this.timerToken);
  }
}
