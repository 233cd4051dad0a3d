/**
 * The operator: sends the plan's membership changes to the cluster and
 * retries them the way a client retries an operation (client-routing.ts).
 *
 * - 'not-leader' with a hint: go there; without one: the next node, after a
 *   back-off.
 * - 'rejected' (another change is in flight, or the leader's term has not
 *   committed an entry yet): ask the same node again after a back-off.
 * - No answer within the request timeout: the next node.
 * - 'ok': the new configuration is committed.
 *
 * A change is never given up. A removed node that missed its removal would go
 * on standing for election, and only the 'ok' lets the simulator stop it; an
 * added node that saw a configuration with itself, later cut from the log,
 * would do the same until the addition goes through and its leader repairs
 * its log (stopping it instead could take down a member). The
 * nodes answer a repeated request idempotently, so a retry of a change that
 * already happened is simply 'ok'. Every attempt gets a fresh admin id, so a
 * late answer to an earlier attempt is ignored.
 *
 * The operator knows the initial nodes and every node it started itself.
 */

import type { AdminOutcome, AdminRequest, NodeId } from '../harness/api.js';
import { assert } from '../util/assert.js';
import { followRedirect, nextNode, type Route } from './client-routing.js';

export interface AdminEnvironment {
  send(node: NodeId, id: number, request: AdminRequest): void;
  wakeAt(at: number, token: number): void;
  note(detail: () => string, target: NodeId): void;
  /** A fresh admin id, unique across the run (leadership transfers draw from the same counter). */
  newId(): number;
  /** The change is committed. */
  finished(request: AdminRequest): void;
}

export interface AdminTiming {
  requestTimeoutMs: number;
  redirectBackoffMs: number;
}

interface AdminOperation extends Route {
  readonly request: AdminRequest;
  /** The id of the latest attempt: only its answer counts. */
  attempt: number;
  /** The latest armed timer, and whether it re-sends (after an answer) or times out (no answer). */
  token: number;
  resend: boolean;
}

export class AdminClient {
  private readonly known: NodeId[];
  private readonly open = new Set<AdminOperation>();
  /** Attempts awaiting an answer. */
  private readonly byAttempt = new Map<number, AdminOperation>();
  private readonly byToken = new Map<number, AdminOperation>();
  private nextToken = 1;
  private leaderGuess: NodeId;

  constructor(
    initial: readonly NodeId[],
    private readonly timing: AdminTiming,
    private readonly env: AdminEnvironment,
  ) {
    assert(initial.length > 0, 'operator needs a cluster');
    this.known = [...initial];
    this.leaderGuess = initial[0] as NodeId;
  }

  /** Changes asked for and not yet answered 'ok' or given up. */
  get pending(): number {
    return this.open.size;
  }

  /** The operator started `node` itself: it may route there. */
  learn(node: NodeId): void {
    if (!this.known.includes(node)) this.known.push(node);
  }

  submit(now: number, request: AdminRequest): void {
    const operation: AdminOperation = { request, target: this.leaderGuess, redirects: 0, attempt: 0, token: 0, resend: false };
    this.open.add(operation);
    this.send(now, operation);
  }

  onReply(now: number, attempt: number, outcome: AdminOutcome, hint: NodeId | null): void {
    const operation = this.byAttempt.get(attempt);
    if (operation === undefined) return;
    this.byAttempt.delete(attempt);
    this.byToken.delete(operation.token);
    if (outcome === 'ok') {
      this.leaderGuess = operation.target;
      this.open.delete(operation);
      this.env.note(() => `admin ${describeRequest(operation.request)}: ok`, operation.target);
      this.env.finished(operation.request);
      return;
    }
    if (hint !== null) this.learn(hint);
    const delay = outcome === 'not-leader' ? followRedirect(operation, hint, this.known, this.timing.redirectBackoffMs) : this.timing.redirectBackoffMs;
    this.env.note(() => `admin ${describeRequest(operation.request)}: ${outcome}, again at n${operation.target}`, operation.target);
    this.arm(now + delay, operation, true);
  }

  onWake(now: number, token: number): void {
    const operation = this.byToken.get(token);
    if (operation === undefined) return;
    this.byToken.delete(token);
    this.byAttempt.delete(operation.attempt);
    if (!operation.resend) {
      operation.target = nextNode(this.known, operation.target);
      operation.redirects = 0;
    }
    this.send(now, operation);
  }

  private send(now: number, operation: AdminOperation): void {
    operation.attempt = this.env.newId();
    this.byAttempt.set(operation.attempt, operation);
    this.env.send(operation.target, operation.attempt, operation.request);
    this.arm(now + this.timing.requestTimeoutMs, operation, false);
  }

  private arm(at: number, operation: AdminOperation, resend: boolean): void {
    operation.token = this.nextToken++;
    operation.resend = resend;
    this.byToken.set(operation.token, operation);
    this.env.wakeAt(at, operation.token);
  }
}

export function describeRequest(request: AdminRequest): string {
  switch (request.kind) {
    case 'add-node':
      return `add n${request.node}`;
    case 'remove-node':
      return `remove n${request.node}`;
    case 'transfer-leadership':
      return `transfer to n${request.to}`;
  }
}
