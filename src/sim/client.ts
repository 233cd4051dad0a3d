/**
 * A simulated client: runs its plan's operations one at a time.
 *
 * It sends each operation to the node it believes leads, follows
 * `not-leader` hints, and after `requestTimeoutMs` without an answer retries
 * the same (client, seq) at the next node. In the safety phase it gives up an
 * operation `opDeadlineMs` after its call: the operation stays open in the
 * history (return null, outcome unknown) and the client continues as a new
 * process with a fresh client id, as Jepsen does, because a history allows at
 * most one open operation per client id. In the liveness phase it never gives
 * up, and starts no new operation.
 *
 * The client owns exactly one timer at a time (start / resend / timeout); each
 * arming gets a fresh token and only the latest token's wake-up counts.
 */

import { KV_OUTPUT_FIELDS, type KvInput, type KvOutput, type Operation } from '@raft-check/checker';
import type { ClientId, ClientRequest, ClientResponse, NodeId } from '../harness/api.js';
import { assert } from '../util/assert.js';
import { completeOperation, followRedirect, moveOnAfterTimeout } from './client-routing.js';
import type { PlanOp } from './plan.js';
import { callDetail, giveUpDetail, retryDetail, returnDetail } from './trace-details.js';

/** What the client asks of the simulation around it. */
export interface ClientEnvironment {
  send(node: NodeId, request: ClientRequest): void;
  /** Wake this client with `token` at time `at`. */
  wakeAt(at: number, token: number): void;
  /** Observability: call / retry / return / give-up notes for the trace (of the client's current process, unless named). */
  note(kind: 'call' | 'retry' | 'return' | 'give-up', detail: () => string, target: NodeId, processId?: number): void;
}

/** What the simulation drives: a sequential SimClient or a PipelinedClient. */
export interface RunClient {
  /** The client id of its latest process (trace notes name it when they name no other). */
  readonly processId: number;
  readonly gaveUp: number;
  readonly pending: boolean;
  readonly unstarted: number;
  begin(now: number): void;
  enterLiveness(): void;
  describePending(): string | null;
  onWake(now: number, token: number): void;
  replyProblem(processId: number, response: ClientResponse): string | null;
  onReply(now: number, processId: number, response: ClientResponse): AcknowledgedWrite | null;
  /** Optional: send the next operation to `node` first (a client reconnecting elsewhere, src/sim/leader-faults.ts). */
  steerTo?(node: NodeId): void;
}

export interface ClientTiming {
  requestTimeoutMs: number;
  opDeadlineMs: number;
  /** Wait before re-sending after a not-leader answer with no new hint (an election is probably running). */
  redirectBackoffMs: number;
}

type TimerPurpose = 'start' | 'send' | 'timeout';

interface InFlight {
  seq: number;
  input: KvInput;
  /** Index of this operation in the shared history. */
  historyIndex: number;
  deadline: number;
  target: NodeId;
  attempts: number;
  /** Redirects followed in a row without a timeout in between. */
  redirects: number;
  /** Where the hint that sent it to `target` came from, and the hints that failed it (client-routing.ts). */
  hintedBy?: NodeId;
  failedHints?: NodeId[];
}

/** A write whose ok the client received; the simulation checks it is durably committed. */
export interface AcknowledgedWrite {
  client: ClientId;
  seq: number;
  input: KvInput;
}

export class SimClient implements RunClient {
  /** The client id used in requests and the history; changes when the client gives up an operation. */
  processId: number;
  private seq = 0;
  private nextOp = 0;
  private current: InFlight | null = null;
  private leaderGuess: NodeId;
  private timerToken = 0;
  private timerPurpose: TimerPurpose | null = null;
  private accepting = true;
  private liveness = false;
  gaveUp = 0;

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
    assert(index >= 0 && index < clientCount, () => `client index ${index} out of range`);
    this.processId = index;
    this.leaderGuess = cluster[index % cluster.length] as NodeId;
  }

  /** Arms the first operation (call once, at time 0). */
  begin(now: number): void {
    assert(this.timerPurpose === null && this.nextOp === 0, 'client begun twice');
    this.armNextOp(now);
  }

  get pending(): boolean {
    return this.current !== null;
  }

  get unstarted(): number {
    return this.ops.length - this.nextOp;
  }

  /** Liveness phase: no new operations, no giving up. */
  enterLiveness(): void {
    this.accepting = false;
    this.liveness = true;
  }

  /** The in-flight operation, for liveness failure messages. */
  describePending(): string | null {
    const op = this.current;
    return op === null ? null : `client c${this.processId} seq ${op.seq} (${op.input.op} ${op.input.key}) called at ${this.history[op.historyIndex]?.call}`;
  }

  onWake(now: number, token: number): void {
    if (token !== this.timerToken || this.timerPurpose === null) return; // superseded timer
    const purpose = this.timerPurpose;
    this.timerPurpose = null;
    switch (purpose) {
      case 'start':
        this.startOp(now);
        return;
      case 'send':
        this.send(now);
        return;
      case 'timeout':
        this.onTimeout(now);
        return;
    }
  }

  /** What is wrong with a reply addressed to `processId`, or null when it is well formed. */
  replyProblem(processId: number, response: ClientResponse): string | null {
    const op = this.current;
    const current = op !== null && processId === this.processId && response.seq === op.seq;
    return replyProblem(response, current ? op.input : null);
  }

  /** Handles a (well-formed) reply addressed to `processId`; returns the acknowledged write, if this reply completed one. */
  onReply(now: number, processId: number, response: ClientResponse): AcknowledgedWrite | null {
    const op = this.current;
    // Late answers for an earlier operation or a given-up process are ignored.
    if (op === null || processId !== this.processId || response.seq !== op.seq) return null;
    if (response.kind === 'not-leader') {
      const delay = followRedirect(op, response.leaderHint, this.cluster, this.timing.redirectBackoffMs);
      this.leaderGuess = op.target;
      this.arm('send', now + delay);
      return null;
    }
    completeOperation(this.history, op.historyIndex, now, response.output);
    this.leaderGuess = op.target;
    this.current = null;
    this.env.note('return', returnDetail(op.seq, response.output), op.target);
    this.armNextOp(now);
    return op.input.op === 'get' ? null : { client: processId, seq: op.seq, input: op.input };
  }

  private startOp(now: number): void {
    if (!this.accepting) return;
    const planned = this.ops[this.nextOp];
    assert(planned !== undefined, 'start without a planned operation');
    this.nextOp++;
    this.seq++;
    const historyIndex = this.history.length;
    this.history.push({ client: this.processId, call: now, return: null, input: planned.input, output: null });
    this.current = {
      seq: this.seq,
      input: planned.input,
      historyIndex,
      deadline: now + this.timing.opDeadlineMs,
      target: this.leaderGuess,
      attempts: 0,
      redirects: 0,
    };
    this.env.note('call', callDetail(this.seq, planned.input), this.leaderGuess);
    this.send(now);
  }

  steerTo(node: NodeId): void {
    this.leaderGuess = node;
  }

  private send(now: number): void {
    const op = this.current;
    assert(op !== null, 'send without an operation');
    if (op.attempts > 0) this.env.note('retry', retryDetail(op.seq, op.attempts + 1), op.target);
    op.attempts++;
    this.env.send(op.target, { client: this.processId, seq: op.seq, op: op.input });
    this.arm('timeout', now + this.timing.requestTimeoutMs);
  }

  private onTimeout(now: number): void {
    const op = this.current;
    assert(op !== null, 'timeout without an operation');
    if (!this.liveness && now >= op.deadline) {
      this.current = null;
      this.gaveUp++;
      this.env.note('give-up', giveUpDetail(op.seq, op.attempts), op.target);
      // A new process: fresh id (same logical client), fresh sequence numbers.
      this.processId += this.clientCount;
      this.seq = 0;
      this.armNextOp(now);
      return;
    }
    moveOnAfterTimeout(op, this.cluster, this.liveness);
    this.leaderGuess = op.target;
    this.send(now);
  }

  /** Arms the start of the next planned operation, or leaves the client idle with no timer. */
  private armNextOp(now: number): void {
    this.timerToken++;
    this.timerPurpose = null;
    const planned = this.ops[this.nextOp];
    if (planned === undefined) return;
    this.arm('start', now + planned.afterMs);
  }

  private arm(purpose: TimerPurpose, at: number): void {
    this.timerToken++;
    this.timerPurpose = purpose;
    this.env.wakeAt(at, this.timerToken);
  }

}

/**
 * Checks a reply against the node contract and, when the operation is known,
 * against the kv output shapes (history-format.md): a node that answers a get
 * without a string value is broken, and the history could not even be recorded.
 */
export function replyProblem(response: unknown, input: KvInput | null): string | null {
  if (typeof response !== 'object' || response === null) return 'the reply is not an object';
  const reply = response as Record<string, unknown>;
  if (!Number.isSafeInteger(reply['seq'])) return 'the reply has no integer seq';
  if (reply['kind'] === 'not-leader') {
    const hint = reply['leaderHint'];
    return hint === null || Number.isSafeInteger(hint) ? null : 'leaderHint must be a node id or null';
  }
  if (reply['kind'] !== 'ok') return `unknown reply kind ${JSON.stringify(reply['kind'])}`;
  const output = reply['output'];
  if (typeof output !== 'object' || output === null) return 'an ok reply needs an output object';
  const fields = output as Record<string, unknown>;
  if (input === null) return null;
  if (input.op === 'get' && typeof fields['value'] !== 'string') return `get ${input.key} answered without a string value: ${JSON.stringify(output)}`;
  if (input.op === 'cas' && typeof fields['ok'] !== 'boolean') return `cas ${input.key} answered without a boolean ok: ${JSON.stringify(output)}`;
  // The output goes into the history as it is, and history@1 holds only the model's fields (an answer
  // carrying another operation's output, a put answered { ok }, is a mix-up the checker would refuse to read).
  const answered = KV_OUTPUT_FIELDS[input.op];
  for (const field in fields) {
    if (!answered.includes(field)) return `${input.op} ${input.key} answered with a field its output does not have (${JSON.stringify(field)}): ${JSON.stringify(output)}`;
  }
  return null;
}

