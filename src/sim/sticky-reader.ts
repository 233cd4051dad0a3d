/**
 * The sticky reader: a client that holds its connection to the node it last
 * got answers from and polls it (a dashboard, a configuration watcher, an etcd
 * client that keeps its connection to the leader it found). Such a client
 * does not move when the cluster changes leaders: it moves when its node
 * stops answering or answers not-leader. So it is the client a deposed
 * leader keeps meeting (raft-bugs.md #16), and the one that sees whatever
 * that leader answers after the majority moved on: reads under a lease that
 * outlasts the followers' election timers, or served without a round.
 *
 * A real one polls all the time; elsewhere its reads would be the same reads
 * the other clients make, at a cost. So the simulator runs its polls where
 * they can tell something new: from the moment a deposition
 * (leader-depositions.ts) cuts the leader off, at that leader, every `pollMs`
 * (a per-seed draw from a stream of its own), until the deposition ends or
 * the leader answers not-leader; a read it does not answer in time is asked
 * again there while the deposition lasts (clients drop requests too). The
 * read then in flight follows redirects and retries like any client's until
 * it is answered; no new poll starts until the next deposition.
 *
 * Each poll reads the key of the latest acknowledged write (latest-write.ts):
 * once the majority side has written, that is a key the deposed leader
 * missed, so a read it should not serve returns what the checker can tell
 * is stale (polling keys in turn, as until round 9, mostly read keys neither
 * side had touched since the deposition began).
 *
 * Its process ids are its own range (STICKY_PROCESS_BASE and up, one process
 * for the whole run: one read in flight at a time), so the other clients'
 * ids, and every other draw, stay what they were.
 */

import type { KvInput, KvOutput, Operation } from '@raft-check/checker';
import type { ClientResponse, NodeId } from '../harness/api.js';
import { declareMarks, mark } from '../util/marks.js';
import { replyProblem, type AcknowledgedWrite, type ClientEnvironment, type ClientTiming, type RunClient } from './client.js';
import { completeOperation, followRedirect, nextNode } from './client-routing.js';
import { callLatestRead, sharedKeys } from './latest-write.js';
import { RandomStream } from './random.js';

declareMarks({
  'sim.sticky-read-at-deposed-leader': "a sticky reader's poll was answered ok by a leader a deposition had cut off",
});

/** The sticky reader's process id: above any id the planned clients reach. */
export const STICKY_PROCESS_BASE = 1_000_000;

/** The per-seed poll interval, ms (a dashboard refreshing a few to a few dozen times a second). */
export function drawPollMs(seed: number): number {
  return new RandomStream(seed, 'sticky-reader').range(5, 25);
}

interface Poll {
  seq: number;
  input: Extract<KvInput, { op: 'get' }>;
  historyIndex: number;
  target: NodeId;
  attempts: number;
  redirects: number;
}

type Timer = 'poll' | 'send' | 'timeout';

export class StickyReader implements RunClient {
  readonly processId = STICKY_PROCESS_BASE;
  readonly gaveUp = 0;
  readonly unstarted = 0;
  private seq = 0;
  private current: Poll | null = null;
  /** The node it holds on to while a deposition lasts, or null: it polls nothing new. */
  private watching: { node: NodeId; until: number } | null = null;
  private timerToken = 0;
  private timer: Timer | null = null;
  private liveness = false;
  private readonly shared: ReadonlySet<string>;

  constructor(
    /** The nodes it knows of (its own copy: redirects teach it new ones). */
    private readonly cluster: NodeId[],
    keys: number,
    private readonly pollMs: number,
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
    this.watching = null;
  }

  /** A deposition cut `node` off until `until`: poll it (after the read in flight, if any). */
  watch(now: number, node: NodeId, until: number): void {
    if (this.liveness) return;
    this.watching = { node, until };
    if (this.current === null) this.poll(now);
  }

  describePending(): string | null {
    const poll = this.current;
    return poll === null ? null : `sticky reader c${this.processId} seq ${poll.seq} (get ${poll.input.key}) called at ${this.history[poll.historyIndex]?.call}`;
  }

  onWake(now: number, token: number): void {
    if (token !== this.timerToken || this.timer === null) return;
    const timer = this.timer;
    this.timer = null;
    if (timer === 'poll') this.poll(now);
    else if (timer === 'send') this.send(now);
    else this.onTimeout(now);
  }

  replyProblem(processId: number, response: ClientResponse): string | null {
    const poll = this.current;
    return replyProblem(response, poll !== null && processId === this.processId && response.seq === poll.seq ? poll.input : null);
  }

  onReply(now: number, processId: number, response: ClientResponse): AcknowledgedWrite | null {
    const poll = this.current;
    if (poll === null || processId !== this.processId || response.seq !== poll.seq) return null;
    if (response.kind === 'not-leader') {
      // Its node no longer leads: the connection is done with; the read in flight goes where it is sent.
      this.watching = null;
      this.arm('send', now + followRedirect(poll, response.leaderHint, this.cluster, this.timing.redirectBackoffMs));
      return null;
    }
    completeOperation(this.history, poll.historyIndex, now, response.output);
    this.current = null;
    this.disarm();
    this.env.note('return', () => `seq ${poll.seq} ${JSON.stringify(response.output)}`, poll.target);
    const watching = this.watching;
    if (watching !== null && poll.target === watching.node) mark('sim.sticky-read-at-deposed-leader');
    if (watching !== null && now + this.pollMs < watching.until) this.arm('poll', now + this.pollMs);
    else this.watching = null;
    return null;
  }

  private poll(now: number): void {
    const watching = this.watching;
    if (watching === null || this.liveness || now >= watching.until) return;
    this.seq++;
    const { input, historyIndex } = callLatestRead(this.history, this.shared, this.processId, now);
    this.current = { seq: this.seq, input, historyIndex, target: watching.node, attempts: 0, redirects: 0 };
    this.env.note('call', () => `seq ${this.seq} ${JSON.stringify(input)}`, watching.node);
    this.send(now);
  }

  private send(now: number): void {
    const poll = this.current;
    if (poll === null) return;
    if (poll.attempts > 0) this.env.note('retry', () => `seq ${poll.seq} attempt ${poll.attempts + 1}`, poll.target);
    poll.attempts++;
    this.env.send(poll.target, { client: this.processId, seq: poll.seq, op: poll.input });
    this.arm('timeout', now + this.timing.requestTimeoutMs);
  }

  /**
   * No answer in time. While the deposition lasts it asks its node again (a
   * request or an answer lost on the way, the connection held); after that it
   * reconnects elsewhere to finish the read, and polls no more.
   */
  private onTimeout(now: number): void {
    const poll = this.current;
    if (poll === null) return;
    if (this.watching !== null && now < this.watching.until) {
      this.send(now);
      return;
    }
    this.watching = null;
    poll.target = nextNode(this.cluster, poll.target);
    poll.redirects = 0;
    this.send(now);
  }

  /** The read is answered: its timeout wakes nothing. */
  private disarm(): void {
    this.timerToken++;
    this.timer = null;
  }

  private arm(timer: Timer, at: number): void {
    this.timerToken++;
    this.timer = timer;
    this.env.wakeAt(at, this.timerToken);
  }
}
