/**
 * A pipelined client: it starts each planned operation `afterMs` after it
 * started the previous one, without waiting for answers, so many of its
 * operations are in flight at once. This is what builds long divergent
 * suffixes: a leader cut off from its peers keeps accepting the stream, and
 * the new leader on the other side gets its own. Every operation runs as its
 * own process (a history allows one open operation per client id): process
 * ids index + clientCount * k, k = 1, 2, ..., never those of the sequential
 * clients. It sends to the node it believes leads and follows not-leader
 * hints like SimClient, but in the safety phase it gives an operation up at
 * its first timeout (left open in the history) and moves its guess on; in the
 * liveness phase it starts nothing new and retries until every operation in
 * flight is answered, a few at a time (LIVENESS_WINDOW, oldest first): a node
 * may take one fsync per proposal, and tens of retries arriving together
 * would hold its heartbeats back past an election timeout, an overload the
 * healed cluster is not there to judge.
 */

/** In the liveness phase, only this many of the oldest operations in flight are (re)sent at a time. */
const LIVENESS_WINDOW = 4;

import type { KvInput, KvOutput, Operation } from '@raft-check/checker';
import type { ClientResponse, NodeId } from '../harness/api.js';
import { assert } from '../util/assert.js';
import { replyProblem, type AcknowledgedWrite, type ClientEnvironment, type ClientTiming, type RunClient } from './client.js';
import { completeOperation, followRedirect, moveOnAfterTimeout, nextNode } from './client-routing.js';
import type { PlanOp } from './plan.js';
import { callDetail, giveUpDetail, retryDetail, returnDetail } from './trace-details.js';

interface PipelinedOp {
  processId: number;
  input: KvInput;
  historyIndex: number;
  target: NodeId;
  attempts: number;
  redirects: number;
  /** Where the hint that sent it to `target` came from, and the hints that failed it (client-routing.ts). */
  hintedBy?: NodeId;
  failedHints?: NodeId[];
  /** The token of this operation's one live timer. */
  token: number;
}

export class PipelinedClient implements RunClient {
  processId: number;
  gaveUp = 0;
  private nextOp = 0;
  private readonly inFlight = new Map<number, PipelinedOp>();
  /** Timer token -> what it wakes: an operation's re-send or timeout, or (null) the next start. */
  private readonly timers = new Map<number, { processId: number; purpose: 'send' | 'timeout' } | null>();
  private nextToken = 0;
  private leaderGuess: NodeId;
  private accepting = true;
  private liveness = false;

  constructor(
    readonly index: number,
    private readonly ops: readonly PlanOp[],
    /** The nodes this client knows of: the initial ones, and any a redirect named since (its own copy). */
    private readonly cluster: NodeId[],
    private readonly clientCount: number,
    private readonly timing: ClientTiming,
    private readonly history: Operation<KvInput, KvOutput>[],
    private readonly env: ClientEnvironment,
  ) {
    assert(cluster.length > 0, 'client needs a cluster');
    this.leaderGuess = cluster[index % cluster.length] as NodeId;
    this.processId = index;
  }

  begin(now: number): void {
    this.armNextStart(now);
  }

  get pending(): boolean {
    return this.inFlight.size > 0;
  }

  get unstarted(): number {
    return this.ops.length - this.nextOp;
  }

  enterLiveness(): void {
    this.accepting = false;
    this.liveness = true;
  }

  describePending(): string | null {
    const first = this.inFlight.values().next();
    if (first.done === true) return null;
    const op = first.value;
    return `pipelined client c${op.processId} (${this.inFlight.size} in flight) ${op.input.op} ${op.input.key} called at ${this.history[op.historyIndex]?.call}`;
  }

  onWake(now: number, token: number): void {
    const purpose = this.timers.get(token);
    if (purpose === undefined) return;
    this.timers.delete(token);
    if (purpose === null) {
      this.start(now);
      return;
    }
    const op = this.inFlight.get(purpose.processId);
    if (op === undefined || op.token !== token) return;
    if (purpose.purpose === 'send') {
      this.send(now, op);
      return;
    }
    // Impatient in the safety phase: one timeout and the operation is left open, so that a stream
    // of hundreds cannot turn into a retry storm that starves the nodes of everything else.
    if (!this.liveness) {
      this.inFlight.delete(op.processId);
      this.gaveUp++;
      this.leaderGuess = nextNode(this.cluster, op.target);
      this.env.note('give-up', giveUpDetail(1, op.attempts), op.target, op.processId);
      return;
    }
    moveOnAfterTimeout(op, this.cluster, this.liveness);
    this.leaderGuess = op.target;
    this.send(now, op);
  }

  replyProblem(processId: number, response: ClientResponse): string | null {
    const op = this.inFlight.get(processId);
    return replyProblem(response, op !== undefined && response.seq === 1 ? op.input : null);
  }

  onReply(now: number, processId: number, response: ClientResponse): AcknowledgedWrite | null {
    const op = this.inFlight.get(processId);
    if (op === undefined || response.seq !== 1) return null;
    if (response.kind === 'not-leader') {
      const delay = followRedirect(op, response.leaderHint, this.cluster, this.timing.redirectBackoffMs);
      this.leaderGuess = op.target;
      this.arm(now + delay, op, 'send');
      return null;
    }
    completeOperation(this.history, op.historyIndex, now, response.output);
    this.leaderGuess = op.target;
    this.inFlight.delete(processId);
    if (this.liveness) this.sendNewlyInWindow(now);
    this.env.note('return', returnDetail(1, response.output), op.target, processId);
    return op.input.op === 'get' ? null : { client: processId, seq: 1, input: op.input };
  }

  private start(now: number): void {
    if (!this.accepting) return;
    const planned = this.ops[this.nextOp];
    assert(planned !== undefined, 'start without a planned operation');
    this.nextOp++;
    const processId = this.index + this.clientCount * this.nextOp;
    this.processId = processId;
    const historyIndex = this.history.length;
    this.history.push({ client: processId, call: now, return: null, input: planned.input, output: null });
    const op: PipelinedOp = { processId, input: planned.input, historyIndex, target: this.leaderGuess, attempts: 0, redirects: 0, token: 0 };
    this.inFlight.set(processId, op);
    this.env.note('call', callDetail(1, planned.input), op.target, processId);
    this.send(now, op);
    this.armNextStart(now);
  }

  private send(now: number, op: PipelinedOp): void {
    if (this.liveness && !this.inWindow(op)) {
      // Waits for its turn; it is sent when it enters the window, or at this timeout if it has by then.
      this.arm(now + this.timing.requestTimeoutMs, op, 'timeout');
      return;
    }
    if (op.attempts > 0) this.env.note('retry', retryDetail(1, op.attempts + 1), op.target, op.processId);
    op.attempts++;
    this.env.send(op.target, { client: op.processId, seq: 1, op: op.input });
    this.arm(now + this.timing.requestTimeoutMs, op, 'timeout');
  }

  private inWindow(op: PipelinedOp): boolean {
    let rank = 0;
    for (const processId of this.inFlight.keys()) {
      if (processId === op.processId) return true;
      if (++rank >= LIVENESS_WINDOW) return false;
    }
    return false;
  }

  /** An operation was answered: the one that just entered the window goes out now, toward the last known leader. */
  private sendNewlyInWindow(now: number): void {
    let rank = 0;
    for (const op of this.inFlight.values()) {
      if (++rank < LIVENESS_WINDOW) continue;
      op.target = this.leaderGuess;
      op.redirects = 0;
      this.send(now, op);
      return;
    }
  }

  private armNextStart(now: number): void {
    const planned = this.ops[this.nextOp];
    if (planned === undefined) return;
    const token = ++this.nextToken;
    this.timers.set(token, null);
    this.env.wakeAt(now + planned.afterMs, token);
  }

  private arm(at: number, op: PipelinedOp, purpose: 'send' | 'timeout'): void {
    const token = ++this.nextToken;
    op.token = token;
    this.timers.set(token, { processId: op.processId, purpose });
    this.env.wakeAt(at, token);
  }
}
