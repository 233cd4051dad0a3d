/**
 * Aimed crash points (in the spirit of FoundationDB's BUGGIFY): a plan's crash
 * may wait for the node's next step of a given kind and strike right after it,
 * or between two of its effects. Where durability bugs live is right after a
 * node promised something: a vote, an acknowledgement, an installed snapshot.
 *
 * The harness is pluggable, so a step is classified only from what the
 * simulator sees: the input (and the NodeFactory's messageKind of a message)
 * and the effects the node returned. It never looks inside the node.
 */

import type { NodeEffect, NodeInput } from '../harness/api.js';

export const STEP_KINDS = ['vote', 'ack', 'install', 'compact', 'answer', 'write'] as const;
/**
 * - vote: answered a vote request (granted or denied: the answer's content is the node's business);
 * - ack: answered a replication request after an fsync (acknowledged entries);
 * - install: handled a snapshot message with a rename (installed a snapshot);
 * - compact: renamed a file onto its WAL or log (compacted it);
 * - answer: answered a client ok;
 * - write: any step with two or more effects, one of them on disk (for cuts between effects).
 */
export type StepKind = (typeof STEP_KINDS)[number];

/** A crash waiting for a step of `after`; it strikes once `cut` effects of that step are done (all of them when absent). */
export interface CrashAim {
  after: StepKind;
  cut?: number;
  /** Restart the node this long after the crash actually landed (absent: stays down until the liveness phase). */
  restartAfterMs?: number;
  /** Strike whichever node takes such a step first (the event's node is the one crashed if none does). */
  anyNode?: boolean;
}

/** How long an aimed crash waits for its step before the node is crashed plainly. */
export const AIMED_CRASH_WAIT_MS = 600;

export function isStepKind(value: unknown): value is StepKind {
  return typeof value === 'string' && (STEP_KINDS as readonly string[]).includes(value);
}

/** Whether the step that took `input` and returned `effects` is of `kind`. `inputKind` is messageKind of a message input. */
export function stepIs(kind: StepKind, input: NodeInput<unknown>, inputKind: string | null, effects: readonly NodeEffect<unknown>[]): boolean {
  switch (kind) {
    case 'vote':
      // No fsync needed: a node that keeps its vote only in memory grants without one.
      return isRequest(inputKind, /vote/i) && input.kind === 'message' && effects.some((effect) => effect.kind === 'send' && effect.to === input.from);
    case 'ack':
      return isRequest(inputKind, /append|replicat|entries/i) && input.kind === 'message' && persistedThenSent(effects, input.from);
    case 'install':
      return inputKind !== null && isSnapshotRequest(inputKind) && effects.some((effect) => effect.kind === 'rename');
    case 'compact':
      return effects.some((effect) => effect.kind === 'rename' && /wal|log/i.test(effect.to));
    case 'answer':
      return effects.some((effect) => effect.kind === 'reply' && effect.response.kind === 'ok');
    case 'write':
      return effects.length >= 2 && effects.some((effect) => effect.kind !== 'send' && effect.kind !== 'reply');
  }
}

/** A vote request (a message kind such as "RequestVote"), not the answer to one. */
export function isVoteRequest(inputKind: string): boolean {
  return isRequest(inputKind, /vote/i);
}

/** A snapshot request (a message kind such as "InstallSnapshot"), not the answer to one. */
export function isSnapshotRequest(inputKind: string): boolean {
  return isRequest(inputKind, /snapshot/i);
}

/** A request, not the reply to one: kinds such as "RequestVoteReply" or "AppendEntriesResponse" do not count. */
function isRequest(inputKind: string | null, pattern: RegExp): boolean {
  return inputKind !== null && pattern.test(inputKind) && !/reply|response|ack/i.test(inputKind);
}

/** An fsync, then a send to `peer`: the node made something durable and told the requester. */
function persistedThenSent(effects: readonly NodeEffect<unknown>[], peer: number): boolean {
  const fsync = effects.findIndex((effect) => effect.kind === 'fsync');
  return fsync >= 0 && effects.some((effect, index) => index > fsync && effect.kind === 'send' && effect.to === peer);
}

export function describeAim(aim: CrashAim): string {
  const whose = aim.anyNode === true ? 'the first node\'s' : 'its';
  const where = aim.cut === undefined ? `right after ${whose} next ${aim.after} step` : `after ${aim.cut} effect(s) of ${whose} next ${aim.after} step`;
  return aim.restartAfterMs === undefined ? where : `${where}, restart ${aim.restartAfterMs}ms later`;
}
