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

/** Message kinds, matched case-blind: a vote request, a replication request, a snapshot request, an answer to any. */
const VOTE = /vote/i;
const REPLICATION = /append|replicat|entries/i;
const SNAPSHOT = /snapshot/i;
const ANSWER = /reply|response|ack/i;
/** A file a node compacts onto. */
const LOG_FILE = /wal|log/i;

export function isStepKind(value: unknown): value is StepKind {
  return typeof value === 'string' && (STEP_KINDS as readonly string[]).includes(value);
}

/**
 * Whether the step that took `input` and returned `effects` is of `kind`. `inputKind` is messageKind of a message input.
 * Asked after every step while an aimed crash waits, mostly in unoptimized code: index loops rather than callbacks (a
 * closure context per call) or iterators, and the patterns made once below (a regular expression literal is a new
 * object each time it is evaluated).
 */
export function stepIs(kind: StepKind, input: NodeInput<unknown>, inputKind: string | null, effects: readonly NodeEffect<unknown>[]): boolean {
  switch (kind) {
    case 'vote':
      // No fsync needed: a node that keeps its vote only in memory grants without one.
      return isRequest(inputKind, VOTE) && input.kind === 'message' && sendsTo(effects, input.from, 0);
    case 'ack':
      return isRequest(inputKind, REPLICATION) && input.kind === 'message' && persistedThenSent(effects, input.from);
    case 'install':
      return inputKind !== null && isSnapshotRequest(inputKind) && renames(effects, null);
    case 'compact':
      return renames(effects, LOG_FILE);
    case 'answer':
      for (let index = 0; index < effects.length; index++) {
        const effect = effects[index] as NodeEffect<unknown>;
        if (effect.kind === 'reply' && effect.response.kind === 'ok') return true;
      }
      return false;
    case 'write':
      if (effects.length < 2) return false;
      for (let index = 0; index < effects.length; index++) {
        const effect = effects[index] as NodeEffect<unknown>;
        if (effect.kind !== 'send' && effect.kind !== 'reply') return true;
      }
      return false;
  }
}

/** Whether an effect from index `from` on sends to `peer`. */
function sendsTo(effects: readonly NodeEffect<unknown>[], peer: number, from: number): boolean {
  for (let index = from; index < effects.length; index++) {
    const effect = effects[index] as NodeEffect<unknown>;
    if (effect.kind === 'send' && effect.to === peer) return true;
  }
  return false;
}

/** Whether an effect renames a file (onto a name `onto` matches, when given). */
function renames(effects: readonly NodeEffect<unknown>[], onto: RegExp | null): boolean {
  for (let index = 0; index < effects.length; index++) {
    const effect = effects[index] as NodeEffect<unknown>;
    if (effect.kind === 'rename' && (onto === null || onto.test(effect.to))) return true;
  }
  return false;
}

/** A vote request (a message kind such as "RequestVote"), not the answer to one. */
export function isVoteRequest(inputKind: string): boolean {
  return isRequest(inputKind, VOTE);
}

/** A snapshot request (a message kind such as "InstallSnapshot"), not the answer to one. */
export function isSnapshotRequest(inputKind: string): boolean {
  return isRequest(inputKind, SNAPSHOT);
}

/** A request, not the reply to one: kinds such as "RequestVoteReply" or "AppendEntriesResponse" do not count. */
function isRequest(inputKind: string | null, pattern: RegExp): boolean {
  return inputKind !== null && pattern.test(inputKind) && !ANSWER.test(inputKind);
}

/** An fsync, then a send to `peer`: the node made something durable and told the requester. */
function persistedThenSent(effects: readonly NodeEffect<unknown>[], peer: number): boolean {
  for (let index = 0; index < effects.length; index++) if ((effects[index] as NodeEffect<unknown>).kind === 'fsync') return sendsTo(effects, peer, index + 1);
  return false;
}

export function describeAim(aim: CrashAim): string {
  const whose = aim.anyNode === true ? 'the first node\'s' : 'its';
  const where = aim.cut === undefined ? `right after ${whose} next ${aim.after} step` : `after ${aim.cut} effect(s) of ${whose} next ${aim.after} step`;
  return aim.restartAfterMs === undefined ? where : `${where}, restart ${aim.restartAfterMs}ms later`;
}
