/**
 * The system-under-test interface: the only way the simulator talks to a node.
 *
 * A node is a synchronous, deterministic state machine ("sans-IO"). The
 * simulator feeds it one input at a time and performs the effects it returns,
 * strictly in order. Nothing in a node may read a clock, draw unseeded
 * randomness, start a timer, await a promise or touch real I/O: everything it
 * needs arrives as an input, and everything it wants done leaves as an effect.
 *
 * Our Raft (src/raft) is one implementation; `NodeFactory` is how a user plugs
 * in another (see the README, "Plug in your own implementation").
 *
 * Ordering contract (how "persist before send" is enforced):
 * - The driver executes the effects of one step in the order given.
 * - `write`/`append` go to the file's page cache at once: they are visible to
 *   the node but NOT durable.
 * - `fsync` makes everything written to that file so far durable. It takes
 *   simulated time; the driver performs none of the effects after it, and
 *   feeds the node no new input, until it completes. A crash while it is in
 *   flight loses the unsynced bytes (possibly keeping a torn prefix of them)
 *   and every effect after the fsync, including sends.
 * - So a node that must not send before its state is durable simply returns
 *   `[append, fsync, send]`. Returning `[send, append, fsync]` is the classic
 *   bug, and the simulator will find it.
 */

import type { KvInput, KvOutput } from '@raft-check/checker';

export type NodeId = number;
export type ClientId = number;

/** A client command. (client, seq) identifies it across retries. */
export interface ClientRequest {
  client: ClientId;
  /** Per-client sequence number; a retry reuses it, a new operation increments it. */
  seq: number;
  op: KvInput;
}

export type ClientResponse =
  /** The operation took effect exactly once (or, for a get, was read linearizably). */
  | { kind: 'ok'; seq: number; output: KvOutput }
  /**
   * This node will not serve the request. Routing information only: it does not
   * prove the operation had no effect, so the client retries with the same seq.
   */
  | { kind: 'not-leader'; seq: number; leaderHint: NodeId | null };

export type NodeInput<Message> =
  /**
   * One logical clock tick (the simulator's tick interval, on the node's own
   * clock). The node's only sense of time. `missed`: ticks that passed while
   * the node was blocked or paused and that this late one stands for (absent
   * or 0 normally); a node measuring a lease must count them.
   */
  | { kind: 'tick'; missed?: number }
  /** A message from a peer. It may be delayed, duplicated or reordered; never corrupted. */
  | { kind: 'message'; from: NodeId; message: Message }
  /** A client request (first try or retry). */
  | { kind: 'client-request'; request: ClientRequest }
  /**
   * An operator's request (reconfiguration, leadership transfer), sent by the
   * simulator's plan. `id` pairs it with its `admin-reply`. A node that does
   * not support a kind answers 'rejected'.
   */
  | { kind: 'admin'; id: number; request: AdminRequest };

/** What an operator may ask of the cluster (issue 12). */
export type AdminRequest =
  /** Add `node` to the configuration (it starts empty and catches up first). */
  | { kind: 'add-node'; node: NodeId }
  /** Remove `node` (possibly the leader itself) from the configuration. */
  | { kind: 'remove-node'; node: NodeId }
  /** Hand leadership to `to` (section 3.10: catch it up, then TimeoutNow). */
  | { kind: 'transfer-leadership'; to: NodeId };

/**
 * The answer to an admin request. 'ok': done (for a membership change, the
 * new configuration is committed). 'not-leader': ask elsewhere. 'rejected':
 * refused (a change already in flight, an unknown node, unsupported).
 */
export type AdminOutcome = 'ok' | 'not-leader' | 'rejected';

export type NodeEffect<Message> =
  /** Append bytes at the end of a file (page cache, not durable). Creates the file if missing. */
  | { kind: 'append'; file: string; bytes: Uint8Array }
  /** Replace a file's whole content (page cache, not durable). */
  | { kind: 'write'; file: string; bytes: Uint8Array }
  /** Make a file durable; blocks the node's later effects and inputs until done. */
  | { kind: 'fsync'; file: string }
  /**
   * Atomically replace `to` with `from` (durably: the directory update is
   * modelled as synchronous). Only the durable bytes of `from` survive a later
   * crash, so fsync `from` first: write-temp, fsync, rename is the safe pattern.
   */
  | { kind: 'rename'; from: string; to: string }
  /** Remove a file (durable at once). */
  | { kind: 'delete'; file: string }
  /** Send a message to a peer. Messages are treated as immutable once sent. */
  | { kind: 'send'; to: NodeId; message: Message }
  /** Answer a client. */
  | { kind: 'reply'; to: ClientId; response: ClientResponse }
  /** A line for the trace, changing nothing (an exec node's stderr arrives this way). */
  | { kind: 'log'; text: string }
  /** Answer an `admin` input (may come in a later step than the request). */
  | { kind: 'admin-reply'; id: number; outcome: AdminOutcome; leaderHint?: NodeId | null };

export type Role = 'follower' | 'candidate' | 'leader';

/**
 * What the simulator's invariant checkers may observe of a node, read after
 * every step. Read-only; it must not change the node. Indexes are 1-based;
 * entries at or below `snapshotIndex` are compacted and not inspectable.
 */
export interface NodeView {
  readonly role: Role;
  readonly term: number;
  readonly commitIndex: number;
  /** Highest index applied to the state machine. */
  readonly appliedIndex: number;
  /** Index of the last entry covered by the latest snapshot (0 if none). */
  readonly snapshotIndex: number;
  readonly lastIndex: number;
  /** Term of entry i, for snapshotIndex <= i <= lastIndex (term of the snapshot's last entry at snapshotIndex; 0 at index 0). */
  termAt(index: number): number;
  /**
   * A string identifying the command of entry i (snapshotIndex < i <= lastIndex),
   * equal on two nodes exactly when the commands are the same, e.g. "c3#17 put x=..." or "noop".
   */
  entryDigest(index: number): string;
  /**
   * A digest of the applied state machine (including the client session table), so that
   * two nodes at the same appliedIndex can be compared. May be costly; called rarely.
   */
  stateDigest(): string;
  /**
   * Optional, leader only: the highest index the leader believes `peer`'s log
   * matches its own up to (Figure 2's matchIndex); 0 when unknown or not
   * leader. When present, the simulator checks it against the peer's real log
   * (src/sim/oracles/promises.ts, LeaderMatchIndex).
   */
  matchIndex?(peer: NodeId): number;
  /**
   * Optional: the voters of the configuration this node uses now (with
   * single-server changes, the latest configuration in its log, committed or
   * not). The simulator judges quorums against it (election and commit
   * safety, availability); without it, every node is taken to use the initial
   * cluster for the whole run.
   */
  configuration?(): readonly NodeId[];
  /** Optional, leader only: the next index it sends `peer` (Figure 2's nextIndex); 0 when not leader or `peer` is not its peer. Must stay above matchIndex. */
  nextIndex?(peer: NodeId): number;
}

/** Options the simulator passes to every node it starts. */
export interface NodeOptions {
  readonly id: NodeId;
  /**
   * The initial configuration: the node ids of the cluster when the run
   * starts. A node added later (an `add-node` admin request) is started with
   * the same list, which does not hold its own id: it learns the
   * configuration from the leader's log or snapshot.
   */
  readonly cluster: readonly NodeId[];
  /**
   * This node instance's random seed, derived by the simulator from the run's
   * seed, the node id and the incarnation (a restart gets a new one). A node
   * draws all its randomness from it.
   */
  readonly randomSeed: string;
  /**
   * The generator of `randomSeed` (e.g. for election timeout jitter): an
   * integer in [0, bound), `floor(alea(randomSeed)() * bound)` as seedrandom
   * computes it, so that a node outside the process can rebuild it exactly.
   */
  readonly randomInt: (bound: number) => number;
  /** Take a snapshot and compact the log every this many applied entries. */
  readonly snapshotEvery: number;
  /** Names of injected bugs to switch on (empty: the correct code). */
  readonly bugs: ReadonlySet<string>;
  /**
   * Implementation knobs the simulator draws per seed, so that every seed
   * explores another corner (batch caps that bite, heartbeats close to the
   * election timeout). A plugged-in system should honour what applies to it.
   */
  readonly tuning: NodeTuning;
  /**
   * Whether the node may abort on its own internal assertions. False means:
   * do not throw on self-checks (skip them or log them), and recover from
   * damaged files as best you can. The simulator's oracles still judge the
   * node from outside, so a bug must be caught without the node's help.
   */
  readonly selfChecks: boolean;
  /** Optional protocol features, drawn per seed (issue 12). A system without a feature ignores it. */
  readonly features: NodeFeatures;
  /**
   * The most a node's clock may run fast or slow against true time, as a
   * fraction (0.05: +-5%). Ticks arrive on the node's own clock; a lease must
   * allow for this bound (dissertation section 6.4.1).
   */
  readonly maxClockDrift: number;
}

/** Protocol features beyond Figure 2 (dissertation sections 9.6 and 6.4). */
export interface NodeFeatures {
  /** Ask for pre-votes before raising the term (section 9.6). */
  readonly preVote: boolean;
  /** A leader that has not heard from a majority within an election timeout steps down (section 6.2). */
  readonly checkQuorum: boolean;
  /** How a leader serves reads: through the log, by ReadIndex, or under a lease. */
  readonly readMode: ReadMode;
}

export type ReadMode = 'log' | 'read-index' | 'lease';

/** Timing and batching knobs, in ticks and entries. */
export interface NodeTuning {
  /** Most entries one AppendEntries may carry (>= 1). */
  readonly maxEntriesPerAppend: number;
  /** A leader's heartbeat interval. */
  readonly heartbeatTicks: number;
  /** The election timeout is drawn from [min, max) at every election start; heartbeatTicks < min < max. */
  readonly electionTimeoutMinTicks: number;
  readonly electionTimeoutMaxTicks: number;
  /**
   * Most AppendEntries a leader keeps unacknowledged to one follower while
   * pipelining to it (>= 1). 1: stop-and-wait, the next batch only after the
   * acknowledgement of the last.
   */
  readonly maxInflight: number;
}

export interface SimNode<Message> {
  /**
   * Handle one input; return the effects, in the order the driver must honour.
   * `now` is the simulated time in ms (the simulator always passes it):
   * information only, as a node keeps time by ticks; the exec protocol
   * forwards it so that a node in another process can log it.
   */
  step(input: NodeInput<Message>, now?: number): NodeEffect<Message>[];
  view(): NodeView;
  /**
   * The instance is gone: crashed, or the run ended. Optional; a node that
   * lives in a subprocess kills (or recycles) it here. No other call follows.
   */
  stop?(): void;
}

export interface NodeFactory<Message> {
  /** Short name shown in the run header. */
  readonly name: string;
  /**
   * Start a node. `files` holds what survived on its disk: empty on first
   * boot, otherwise the durable bytes (possibly with a torn tail) after a crash.
   */
  start(options: NodeOptions, files: ReadonlyMap<string, Uint8Array>, now?: number): SimNode<Message>;
  /** One-line description of a message for traces and reports. */
  describeMessage(message: Message): string;
  /** The message's kind, for statistics and diagrams (e.g. "AppendEntries"). */
  messageKind(message: Message): string;
  /**
   * Optional: what a message promises, so that the simulator can hold its
   * sender to it from outside (src/sim/oracles/promises.ts). Return null for a
   * message that promises nothing. A system without it gets every other check.
   */
  promises?(message: Message): MessagePromises | null;
  /**
   * Optional: which of the NodeFeatures switches this system honours. The
   * simulator holds a node to a feature's promises only when it says it
   * implements it (with PreVote, a timeout never raises the term; with
   * CheckQuorum, a leader cut off from a majority steps down; with leadership
   * transfer, a leader refuses proposals while it hands over; with the read
   * mode, a read in 'log' or 'read-index' mode is confirmed by a majority heard
   * from after it arrived). Absent: none.
   */
  readonly implementsFeatures?: readonly ImplementableFeature[];
}

/**
 * The NodeFeatures switches whose behaviour the simulator can judge from
 * outside. 'readMode': the node serves reads as `readMode` says, so in the
 * 'log' and 'read-index' modes no read is served on a clock (no lease): each
 * is confirmed, after it arrived, by a majority of the node's voters (a round
 * of messages or a committed entry). A system that may serve leases whatever
 * the mode must not declare it.
 */
export type ImplementableFeature = 'preVote' | 'checkQuorum' | 'leadershipTransfer' | 'readMode';

/**
 * What one Raft message commits its sender to, in terms of Figure 2. The
 * simulator checks these against the sender's later views, and against what
 * it recovers after a crash; it never asks the node whether it kept them.
 */
export interface MessagePromises {
  /** The sender's current term: after any crash it comes back with at least this term. */
  readonly term: number;
  /** A vote granted to the receiver in `term` (a RequestVote reply): no other candidate gets one in that term. */
  readonly voteGranted?: boolean;
  /**
   * The sender holds the leader's log up to this index (a successful
   * AppendEntries reply: prevLogIndex + entries): the entry stays in its log,
   * across crashes, unless a leader of a newer term cuts it.
   */
  readonly acknowledgedIndex?: number;
  /** The sender installed (or already holds) a snapshot up to this index: it keeps that state across crashes. */
  readonly snapshotInstalledIndex?: number;
  /**
   * The sender is the leader of `term` (AppendEntries, InstallSnapshot): only
   * such a message may cut a follower's acknowledged entries, and only when
   * its term is newer than the acknowledgement's.
   */
  readonly fromLeader?: boolean;
  /** The leader's commit index it tells the receiver (AppendEntries): the receiver commits only what matches the leader's log. */
  readonly leaderCommit?: number;
  /**
   * The sender asks the receiver's vote or pre-vote for itself (RequestVote,
   * PreVote): it stands, which its election timer may start only a full
   * minimum election timeout after it last heard from the leader of its term.
   */
  readonly campaign?: boolean;
  /**
   * A PreVote reply (section 9.6): the term of the election it answers, the
   * pre-candidate's term + 1 (not the sender's own `term`). Present on grants
   * and refusals alike, so that the simulator knows the step that handled it.
   */
  readonly preVoteTerm?: number;
  /**
   * With `preVoteTerm`: the sender would vote for the receiver in that term.
   * It binds the sender to nothing, but it is all a pre-candidate may stand
   * on: it starts the election of `preVoteTerm` only once a majority of its
   * voters (itself included) granted a pre-vote for that very term, never on
   * grants given for an earlier one.
   */
  readonly preVoteGranted?: boolean;
  /**
   * A RequestVote (never a PreVote): the candidate's last log index and term
   * as the request carries them (both or neither). With them the simulator
   * knows a voter's refusal that Raft forbids: a request of its term, from a
   * candidate at least as up to date, when it voted for no one else.
   */
  readonly candidateLastLogIndex?: number;
  readonly candidateLastLogTerm?: number;
  /** With candidateLastLogIndex: the candidate stands on the leader's handover (section 3.10), which leader stickiness lets through. */
  readonly leadershipTransfer?: boolean;
}
