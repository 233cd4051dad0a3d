/**
 * Raft RPCs (Figure 2, plus Figure 13's InstallSnapshot with the whole
 * snapshot in one message). Every message carries the sender's currentTerm,
 * which the receiver compares before anything else (node.ts). Replies also
 * echo what they answer (prevLogIndex and entry count, snapshot index) so that
 * the leader updates progress from the request that was acknowledged.
 */

import type { MessagePromises, NodeId } from '../harness/api.js';
import type { KvSnapshot } from '../kv/kv-store.js';
import { unreachable } from '../util/assert.js';
import type { Entry } from './types.js';

export interface RequestVote {
  readonly kind: 'RequestVote';
  readonly term: number;
  readonly candidate: NodeId;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
  /**
   * The candidate stood because the leader handed over (TimeoutNow, section
   * 3.10): a voter's leader-stickiness rule must let it through.
   */
  readonly leadershipTransfer?: boolean;
}

export interface RequestVoteReply {
  readonly kind: 'RequestVoteReply';
  readonly term: number;
  readonly granted: boolean;
}

/**
 * Section 9.6: "would you vote for me in `term`?" `term` is the sender's
 * currentTerm + 1, a proposal: neither side adopts it, and the sender's own
 * term is `term - 1`.
 */
export interface PreVote {
  readonly kind: 'PreVote';
  readonly term: number;
  readonly candidate: NodeId;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

/**
 * `term` is the voter's real currentTerm (a newer one turns the pre-candidate
 * into its follower); `preTerm` echoes the proposed term, so that a grant
 * counts only for the election it was given for.
 */
export interface PreVoteReply {
  readonly kind: 'PreVoteReply';
  readonly term: number;
  readonly preTerm: number;
  readonly granted: boolean;
}

/** Section 3.10: the leader of `term` hands over; the receiver starts an election at once. */
export interface TimeoutNow {
  readonly kind: 'TimeoutNow';
  readonly term: number;
  readonly leader: NodeId;
}

export interface AppendEntries {
  readonly kind: 'AppendEntries';
  readonly term: number;
  readonly leader: NodeId;
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  readonly entries: readonly Entry[];
  readonly leaderCommit: number;
  /**
   * The repairToken of the follower's latest lost-entries reply, if any: an append sent after the
   * leader heard of that damage. Only such an append may complete the repair (storage/repair.ts).
   */
  readonly repairFor?: number;
  /** The leader's heartbeat round (ReadIndex and leases, read-index.ts), echoed in the reply; absent when reads go through the log. */
  readonly round?: number;
}

export interface AppendEntriesReply {
  readonly kind: 'AppendEntriesReply';
  readonly term: number;
  readonly success: boolean;
  /** Echo of the request: on success the follower holds the leader's entries up to prevLogIndex + entryCount. */
  readonly prevLogIndex: number;
  readonly entryCount: number;
  /** The follower's last index, a hint for backing nextIndex up past a short log in one step. */
  readonly followerLastIndex: number;
  /**
   * On a log-mismatch rejection, the fast-backoff hint (section 5.3): the term of the follower's entry at
   * prevLogIndex and the first index it holds of that term; absent term, index = its last index + 1 when its
   * log is too short. Absent on successes and on replies that are no log-check answer.
   */
  readonly conflictTerm?: number;
  readonly conflictIndex?: number;
  /** Set (true) only by a follower repairing damaged storage: it may have lost entries it acknowledged (issue 14). */
  readonly lostEntries?: true;
  /** With lostEntries: which damaged restart of the follower this is (storage/repair.ts); the leader echoes it in `repairFor`. */
  readonly repairToken?: number;
  /** Echo of the request's heartbeat round, if it had one. */
  readonly round?: number;
  /** Echo of the request's repairFor: the leader then knows the reply answers an append sent after it heard of the follower's damage. */
  readonly repairFor?: number;
}

export interface InstallSnapshot {
  readonly kind: 'InstallSnapshot';
  readonly term: number;
  readonly leader: NodeId;
  readonly lastIncludedIndex: number;
  readonly lastIncludedTerm: number;
  readonly state: KvSnapshot;
  /** The voters in force at lastIncludedIndex (membership.ts). */
  readonly configuration: readonly NodeId[];
}

export interface InstallSnapshotReply {
  readonly kind: 'InstallSnapshotReply';
  readonly term: number;
  /** Echo of the request: the follower now holds everything up to this index. */
  readonly lastIncludedIndex: number;
}

export type RaftMessage =
  | RequestVote
  | RequestVoteReply
  | AppendEntries
  | AppendEntriesReply
  | InstallSnapshot
  | InstallSnapshotReply
  | PreVote
  | PreVoteReply
  | TimeoutNow;

export type RaftMessageKind = RaftMessage['kind'];

export function describeRaftMessage(message: RaftMessage): string {
  switch (message.kind) {
    case 'RequestVote':
      return `RequestVote t${message.term} cand=${message.candidate} last=${message.lastLogIndex}@${message.lastLogTerm}${message.leadershipTransfer === true ? ' (transfer)' : ''}`;
    case 'RequestVoteReply':
      return `RequestVoteReply t${message.term} ${message.granted ? 'granted' : 'denied'}`;
    case 'AppendEntries': {
      const count = message.entries.length;
      const range = count === 0 ? 'heartbeat' : `${message.prevLogIndex + 1}..${message.prevLogIndex + count}`;
      return `AppendEntries t${message.term} prev=${message.prevLogIndex}@${message.prevLogTerm} ${range} commit=${message.leaderCommit}`;
    }
    case 'AppendEntriesReply':
      return `AppendEntriesReply t${message.term} ${message.success ? 'ok' : 'reject'} prev=${message.prevLogIndex}+${message.entryCount} last=${message.followerLastIndex}${message.conflictIndex !== undefined ? ` conflict=${message.conflictIndex}${message.conflictTerm !== undefined ? `@${message.conflictTerm}` : ''}` : ''}${message.lostEntries === true ? ' lost-entries' : ''}`;
    case 'InstallSnapshot':
      return `InstallSnapshot t${message.term} upto=${message.lastIncludedIndex}@${message.lastIncludedTerm}`;
    case 'InstallSnapshotReply':
      return `InstallSnapshotReply t${message.term} upto=${message.lastIncludedIndex}`;
    case 'PreVote':
      return `PreVote for t${message.term} cand=${message.candidate} last=${message.lastLogIndex}@${message.lastLogTerm}`;
    case 'PreVoteReply':
      return `PreVoteReply t${message.term} for t${message.preTerm} ${message.granted ? 'granted' : 'denied'}`;
    case 'TimeoutNow':
      return `TimeoutNow t${message.term}`;
    default:
      return unreachable(message);
  }
}

/** What each message commits its sender to (NodeFactory.promises), read off the fields Figure 2 gives it. */
export function raftMessagePromises(message: RaftMessage): MessagePromises {
  switch (message.kind) {
    case 'RequestVote':
      return {
        term: message.term,
        campaign: true,
        candidateLastLogIndex: message.lastLogIndex,
        candidateLastLogTerm: message.lastLogTerm,
        leadershipTransfer: message.leadershipTransfer === true,
      };
    case 'RequestVoteReply':
      return { term: message.term, voteGranted: message.granted };
    case 'AppendEntries':
      return { term: message.term, fromLeader: true, leaderCommit: message.leaderCommit };
    case 'AppendEntriesReply':
      return message.success ? { term: message.term, acknowledgedIndex: message.prevLogIndex + message.entryCount } : { term: message.term };
    case 'InstallSnapshot':
      return { term: message.term, fromLeader: true };
    case 'InstallSnapshotReply':
      // A rejection for an older term answers with index 0: it promises nothing.
      return message.lastIncludedIndex > 0 ? { term: message.term, snapshotInstalledIndex: message.lastIncludedIndex } : { term: message.term };
    case 'PreVote':
      // The proposed term is not the sender's: it promises only the term it has.
      return { term: message.term - 1, campaign: true };
    case 'PreVoteReply':
      // A pre-vote grant binds nothing: no voteGranted, so SingleVotePerTerm never counts it; preVoteTerm says which election it answers.
      return { term: message.term, preVoteTerm: message.preTerm, preVoteGranted: message.granted };
    case 'TimeoutNow':
      return { term: message.term };
    default:
      return unreachable(message);
  }
}
