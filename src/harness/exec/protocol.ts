/**
 * The exec step protocol, as TypeScript types: one JSON object per line, the
 * harness writes to the node's stdin and reads the node's stdout. It mirrors
 * src/harness/api.ts; docs/protocol.md explains it and docs/protocol/ has a
 * JSON Schema per message.
 *
 * harness -> node: `init`, `step`, `state-digest`.
 * node -> harness: `ready` (after init), `effects` (after step), `state-digest`,
 * and `error` (instead of any of these: the node failed).
 */

import type { AdminOutcome, AdminRequest, ClientRequest, ClientResponse, ImplementableFeature, MessagePromises, NodeFeatures, NodeId, NodeTuning, Role } from '../api.js';

export const PROTOCOL_VERSION = 1;

/** Start a node from its durable files (base64), forgetting anything from before. */
export interface InitRequest {
  type: 'init';
  /** This request's number for its process (1, 2, ...); an answer may echo it (request-ids.ts). */
  requestId: number;
  protocol: typeof PROTOCOL_VERSION;
  /** Simulated time, ms. */
  time: number;
  id: NodeId;
  cluster: NodeId[];
  /** The node's random seed (NodeOptions.randomSeed): its only source of randomness. */
  randomSeed: string;
  snapshotEvery: number;
  bugs: string[];
  tuning: NodeTuning;
  selfChecks: boolean;
  features: NodeFeatures;
  maxClockDrift: number;
  files: Record<string, string>;
}

export type WireInput =
  | { kind: 'tick'; missed?: number }
  | { kind: 'message'; from: NodeId; message: unknown }
  | { kind: 'client-request'; request: ClientRequest }
  | { kind: 'admin'; id: number; request: AdminRequest };

export interface StepRequest {
  type: 'step';
  requestId: number;
  time: number;
  /** Ticks held back under the node's last `quietTicks` promise: apply them first, then `input`. */
  ticks?: number;
  input: WireInput;
}

export interface StateDigestRequest {
  type: 'state-digest';
  requestId: number;
}

export type HarnessLine = InitRequest | StepRequest | StateDigestRequest;

/** The node's log since the last view: entries from index `from` on, as [term, digest] pairs. */
export interface WireLogUpdate {
  from: number;
  entries: [number, string][];
}

export interface WireView {
  role: Role;
  term: number;
  commitIndex: number;
  appliedIndex: number;
  snapshotIndex: number;
  /** Term of the entry at snapshotIndex (0 when snapshotIndex is 0). */
  snapshotTerm: number;
  lastIndex: number;
  /** Omitted: no entry changed (entries above lastIndex are gone all the same). */
  log?: WireLogUpdate;
  /** NodeView.configuration (the voters it uses now); omitted: unchanged since the last view (never sent: none). */
  configuration?: NodeId[];
  /**
   * A leader's [peer, matchIndex, nextIndex] for each peer it replicates to (NodeView.matchIndex and
   * nextIndex; a peer not listed has 0 and 0). Omitted: this view reports none.
   */
  progress?: [NodeId, number, number][];
}

export type WireEffect =
  | { kind: 'append'; file: string; bytes: string }
  | { kind: 'write'; file: string; bytes: string }
  | { kind: 'fsync'; file: string }
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'delete'; file: string }
  /** `promises`: NodeFactory.promises of this message (absent or null: it promises nothing); only from a node whose ready declared `promises`. */
  | { kind: 'send'; to: NodeId; message: unknown; promises?: MessagePromises | null }
  | { kind: 'reply'; to: number; response: ClientResponse }
  | { kind: 'admin-reply'; id: number; outcome: AdminOutcome; leaderHint?: NodeId | null };

export interface ReadyAnswer {
  type: 'ready';
  /** The field of every message that names its kind (e.g. "kind" or "type"); messages are otherwise opaque. */
  messageKind: string;
  /** This process may host a fresh node after `init` again (it keeps no state outside the node). */
  reuse?: boolean;
  /** See EffectsAnswer.quietTicks. */
  quietTicks?: number;
  /** Its `send` effects may carry what each message promises (NodeFactory.promises); default false. */
  promises?: boolean;
  /** NodeFactory.implementsFeatures: the NodeFeatures switches it honours (default none). */
  implementsFeatures?: ImplementableFeature[];
  view: WireView;
}

export interface EffectsAnswer {
  type: 'effects';
  effects: WireEffect[];
  /**
   * A promise: the next this many ticks, if no other input comes first, have
   * no effects and change neither the view nor the state digest. The harness
   * then answers them itself and hands them over as `ticks` of the next step
   * (a crash drops them), which saves a round trip per idle tick.
   */
  quietTicks?: number;
  /** Omitted: the same as the node's last view (its log included). */
  view?: WireView;
}

export interface StateDigestAnswer {
  type: 'state-digest';
  digest: string;
}

/** The node hit an internal error (an assertion, an exception): the run fails with NodeException. */
export interface ErrorAnswer {
  type: 'error';
  message: string;
}

/** Every answer may echo the id of the request it answers (optional; once echoed, always). */
export type NodeLine = (ReadyAnswer | EffectsAnswer | StateDigestAnswer | ErrorAnswer) & { requestId?: number };
