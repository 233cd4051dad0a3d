/**
 * The catalog of injectable bugs: classic Raft mistakes that real
 * implementations shipped (each names its entry in
 * shared/research/raft-bugs.md). `--bug NAME` switches one on in every node;
 * the branch sits at the exact spot of the rule it breaks (search the code
 * for the name). Off by default, the correct code runs.
 *
 * This module is pure data: the CLI lists it (`raft-check bugs`), validates
 * `--bug` against it, and `raft-check power` measures how fast random seeds
 * catch each entry.
 */

export const BUG_CATEGORIES = ['elections', 'replication', 'persistence', 'snapshots', 'clients', 'membership'] as const;
export type BugCategory = (typeof BUG_CATEGORIES)[number];

export interface BugEntry {
  /** kebab-case, the `--bug` argument. */
  readonly name: string;
  readonly category: BugCategory;
  /** One line: what the buggy code does. */
  readonly description: string;
  /** The entry number in raft-bugs.md; absent for a kind of bug it does not list (seenIn says where it is from). */
  readonly catalogEntry?: number;
  /** How the harness is expected to catch it (invariant, linearizability, liveness, node assertion). */
  readonly expectedCatch: string;
  /**
   * The failure label (failureKindLabel: `safety:<Invariant>`, `linearizability`,
   * `liveness`, ...) of the first failure the drawn seeds find; the power test
   * holds the catalog to it, so a change in how a bug is caught is seen.
   */
  readonly expectedFailure: string;
  /** Where the real bug was seen (one public reference). */
  readonly seenIn: string;
}

export const BUGS = [
  {
    name: 'vote-cleared-by-leader-message',
    category: 'elections',
    description: 'a follower forgets its vote when it hears from the leader of the same term',
    catalogEntry: 2,
    expectedCatch: 'SingleVotePerTerm, then ElectionSafety (a delayed RequestVote of the same term is granted again)',
    expectedFailure: 'safety:SingleVotePerTerm',
    seenIn: 'camunda/camunda #5356',
  },
  {
    name: 'stale-vote-counted',
    category: 'elections',
    description: 'a candidate counts vote grants from its earlier candidacies (replies of older terms)',
    catalogEntry: 3,
    expectedCatch: 'LeaderVoteMajority (it leads without grants of its term from a majority; ElectionSafety when a rival also wins the term)',
    expectedFailure: 'safety:LeaderVoteMajority',
    seenIn: 'andreev-io/little-raft #44',
  },
  {
    name: 'vote-by-candidate-term',
    category: 'elections',
    description: 'the up-to-date vote check uses the candidate\'s current term instead of its last log term',
    catalogEntry: 4,
    expectedCatch: 'LeaderCompleteness (a candidate that campaigned alone while partitioned wins with a stale log)',
    expectedFailure: 'safety:LeaderCompleteness',
    seenIn: "Students' Guide to Raft (the check uses the last log term); one of the variants of raft-bugs.md #4",
  },
  {
    name: 'vote-without-log-check',
    category: 'elections',
    description: 'a vote is granted without the "at least as up-to-date" log check',
    catalogEntry: 4,
    expectedCatch: 'LeaderCompleteness (a leader without committed entries)',
    expectedFailure: 'safety:LeaderCompleteness',
    seenIn: 'ktoso/akka-raft #30, #51',
  },
  {
    name: 'election-timer-not-reset-on-heartbeat',
    category: 'elections',
    description: 'a follower resets its election timer only on AppendEntries that carry entries, so an idle leader\'s heartbeats do not hold off elections',
    catalogEntry: 7,
    expectedCatch: 'ElectionTimerReset (a follower stands a few ticks after the leader\'s heartbeat), else the availability oracle (a calm majority keeps electing whenever clients pause)',
    seenIn: 'redpanda-data/redpanda PR #30817 (an AppendEntries path that did not refresh the timer)',
    expectedFailure: 'safety:ElectionTimerReset',
  },
  {
    name: 'term-not-persisted-on-step-down',
    category: 'elections',
    description: 'a node that adopts a higher term from a message keeps it only in memory (it reaches disk with the next vote), yet answers in that term',
    catalogEntry: 1,
    expectedCatch: 'node assertion at restart or in a ghost recovery (WAL entries of a term the hard state never reached); with --no-self-checks RestartKeepsTerm (a ghost recovery from the synced files, or a crash, brings the node back in a term older than the ones it sent)',
    seenIn: 'datatechnology/cornerstone #65 (term/votedFor may not be persisted); Raft Figure 2 "updated on stable storage before responding to RPCs"',
    expectedFailure: 'safety:RestartKeepsTerm',
  },
  {
    name: 'stale-term-append-accepted',
    category: 'elections',
    description: 'a follower applies AppendEntries from an older term instead of rejecting it',
    catalogEntry: 6,
    expectedCatch: 'AckedEntriesKept, CommittedPrefix / LogMatching (a deposed leader overwrites entries the follower acknowledged to a newer one)',
    expectedFailure: 'safety:AckedEntriesKept',
    seenIn: 'akiradeveloper/sorock PR #485, nats-io/nats-server PR #5661',
  },
  {
    name: 'truncate-on-matching-append',
    category: 'replication',
    description: 'a follower cuts its log after prevLogIndex on every AppendEntries, even when all entries match',
    catalogEntry: 9,
    expectedCatch: 'node assertion or CommittedPrefix / AcknowledgedWriteLost (a stale AppendEntries takes back acknowledged entries)',
    expectedFailure: 'safety:AckedEntriesKept',
    seenIn: "Students' Guide to Raft (\"the follower MUST NOT truncate its log\")",
  },
  {
    name: 'append-keeps-stale-suffix',
    category: 'replication',
    description: 'a follower overwrites conflicting entries in place and keeps the stale entries after the last one the leader sent',
    catalogEntry: 9,
    expectedCatch: 'CommitSurvivesElection (a stale suffix lets a node without a committed entry look up-to-date), node assertion (log terms go back), CommittedPrefix or LogMatching',
    expectedFailure: 'safety:LogMatching',
    seenIn: 'camunda/camunda #5360, tikv/raft-rs #428',
  },
  {
    name: 'commit-not-clamped',
    category: 'replication',
    description: 'a follower sets commitIndex = min(leaderCommit, its last index) on every AppendEntries, even one whose log check failed',
    catalogEntry: 10,
    expectedCatch: 'FollowerCommitMatchesLeader, CommittedPrefix / StateMachineSafety (commits and applies a divergent entry no one committed)',
    expectedFailure: 'safety:FollowerCommitMatchesLeader',
    seenIn: 'atomix/copycat #265',
  },
  {
    name: 'commit-is-leader-commit',
    category: 'replication',
    description: 'a follower sets commitIndex = leaderCommit, not min(leaderCommit, index of last new entry)',
    catalogEntry: 10,
    expectedCatch: 'CommittedPrefix (a lagging follower commits beyond its log)',
    expectedFailure: 'safety:NodeException',
    seenIn: "Students' Guide to Raft (\"the min ... with the index of the last new entry\"), raft-bugs.md #10",
  },
  {
    name: 'match-index-at-reply-time',
    category: 'replication',
    description: "a leader sets matchIndex to its own last index when a success reply arrives, not from the request acknowledged",
    catalogEntry: 12,
    expectedCatch: 'LeaderMatchIndex, AcknowledgedWriteLost / CommittedPrefix (entries counted on followers that never got them)',
    expectedFailure: 'safety:LeaderMatchIndex',
    seenIn: "ravendb/ravendb PR #9325, Students' Guide \"term confusion\"",
  },
  {
    name: 'match-index-from-last-send',
    category: 'replication',
    description: 'a leader sets matchIndex to the end of the latest AppendEntries it sent the follower (nextIndex - 1 when pipelining) on any success reply, not from the request acknowledged',
    catalogEntry: 12,
    expectedCatch: 'LeaderMatchIndex (a lost or reordered AppendEntries counted as replicated)',
    seenIn: "Students' Guide to Raft (\"term confusion\": matchIndex from prevLogIndex + len(entries) of the request sent), raft-bugs.md #12",
    expectedFailure: 'safety:LeaderMatchIndex',
  },
  {
    name: 'next-index-decrement-on-any-rejection',
    category: 'replication',
    description: 'a leader decrements nextIndex on every rejection, duplicated and stale ones included (floor 1, not matchIndex + 1)',
    catalogEntry: 13,
    expectedCatch: 'node assertion nextIndex > matchIndex (the Monotonic invariant)',
    expectedFailure: 'safety:NodeException',
    seenIn: 'etcd-io/etcd PR #1197, andreev-io/little-raft PR #18',
  },
  {
    name: 'conflict-term-backoff-skips-matching-entry',
    category: 'replication',
    description: 'a leader that holds the conflict term of a rejection takes the follower as matching through the new nextIndex (one past its last entry of that term), not nextIndex - 1: the first entry of its next term, which the follower holds a conflicting one of, is counted as replicated',
    catalogEntry: 12,
    expectedCatch: 'LeaderMatchIndex (matchIndex on an entry the follower holds differently), AcknowledgedWriteLost after failover',
    expectedFailure: 'safety:LeaderMatchIndex',
    seenIn: "apache/ratis PR #1519 (a follower's backoff hint with a divergent tail trusted as a match, polluting matchIndex); Students' Guide to Raft (the conflict term optimisation)",
  },
  {
    name: 'earlier-term-committed-by-count',
    category: 'replication',
    description: 'a leader commits an entry of an earlier term once a majority stores it, without the log[N].term == currentTerm check (Figure 8)',
    catalogEntry: 11,
    expectedCatch: 'CommitSurvivesElection (a node with a newer last term lacks the entry and could still be elected), LeaderCompleteness / CommittedPrefix once it is',
    expectedFailure: 'safety:CommitSurvivesElection',
    seenIn: 'logcabin/logcabin #44, goraft/raft PR #27, canonical/raft #220',
  },
  {
    name: 'send-before-fsync',
    category: 'persistence',
    description: 'messages leave the node before the WAL fsync of the same step: entry acks (#17) and vote grants (#1); etcd\'s Ready contract broken',
    catalogEntry: 17,
    expectedCatch: 'RestartKeepsTerm or RestartKeepsAckedEntries in a ghost recovery at the first vote request or acknowledgement (the synced files lack what the message promised), or after a crash inside the fsync; AcknowledgedWriteLost / CommittedPrefix / ElectionSafety',
    expectedFailure: 'safety:RestartKeepsTerm',
    seenIn: 'tikv/tikv #994, etcd-io/etcd #14370',
  },
  {
    name: 'torn-tail-kept',
    category: 'persistence',
    description: 'recovery reads the WAL up to a torn record but leaves it in the file, so later appends land behind garbage',
    catalogEntry: 18,
    expectedCatch: 'VoteGrantedWhenDue (the next recovery finds the records behind the torn one damaged, and the node, struck by no storage fault, refuses the votes it owes), availability, RestartKeepsAckedEntries',
    expectedFailure: 'safety:VoteGrantedWhenDue',
    seenIn: 'RedisLabs/redisraft #127',
  },
  {
    name: 'vote-not-persisted',
    category: 'persistence',
    description: 'votes are kept only in memory: neither a granted vote nor a candidacy\'s term and self-vote is written to the WAL before the RequestVote traffic',
    catalogEntry: 1,
    expectedCatch: 'RestartKeepsTerm (after a crash the node is back in a term older than the ones it sent), node assertion at restart (WAL entries of a term the hard state never reached), or ElectionSafety (a voter restarted in the same term grants a rival)',
    expectedFailure: 'safety:RestartKeepsTerm',
    seenIn: 'vesoft-inc/nebula PR #3415, datatechnology/cornerstone #65',
  },
  {
    name: 'wal-compacted-before-snapshot',
    category: 'snapshots',
    description: 'the WAL is compacted before the snapshot that covers the dropped prefix is durable',
    catalogEntry: 21,
    expectedCatch: 'node assertion at restart, or in a ghost recovery right after the WAL rename (a gap between snapshot and WAL: the node cannot start); with --no-self-checks RestartKeepsAckedEntries',
    expectedFailure: 'safety:NodeException',
    seenIn: 'RedisLabs/redisraft #43',
  },
  {
    name: 'stale-snapshot-installed',
    category: 'snapshots',
    description: 'a follower installs an InstallSnapshot no newer than its commit index (a delayed or duplicated one), moving its state back',
    catalogEntry: 20,
    expectedCatch: 'CommittedPrefix (the commit index goes back)',
    expectedFailure: 'safety:NodeException',
    seenIn: 'etcd-io/etcd PR #1763',
  },
  {
    name: 'snapshot-drops-matching-tail',
    category: 'snapshots',
    description: 'a follower installing an InstallSnapshot whose last entry it holds discards the whole log, losing the entries after it',
    catalogEntry: 20,
    expectedCatch: 'AckedEntriesKept (an acknowledged entry of the current term vanishes without a newer leader cutting it)',
    expectedFailure: 'safety:AckedEntriesKept',
    seenIn: 'camunda/camunda #6092',
  },
  {
    name: 'snapshot-without-sessions',
    category: 'snapshots',
    description: 'the state-machine snapshot leaves out the client session (dedup) table',
    catalogEntry: 21,
    expectedCatch: 'StateMachineSafety (state digests differ at the same applied index), linearizability (a retry applied twice)',
    expectedFailure: 'safety:StateMachineSafety',
    seenIn: 'databendlabs/openraft #2095',
  },
  {
    name: 'no-dedup-on-apply',
    category: 'clients',
    description: 'no client session table: every committed command is applied and a retry of an applied command is appended again',
    catalogEntry: 15,
    expectedCatch: 'linearizability (a retried append applied twice)',
    expectedFailure: 'linearizability',
    seenIn: 'CurvineIO/curvine #676, RedisLabs/redisraft #52',
  },
  {
    name: 'ack-by-log-index',
    category: 'clients',
    description: 'a leader answers a client when the log index it was given is applied, whatever command ended up there, even after stepping down',
    catalogEntry: 14,
    expectedCatch: 'MalformedReply (the answer carries another command\'s output, of the wrong shape), AcknowledgedWriteLost / linearizability (the client is told ok for a command that never committed)',
    expectedFailure: 'safety:MalformedReply',
    seenIn: "Students' Guide \"re-appearing indices\", redpanda-data/redpanda PR #3003",
  },
  {
    name: 'stale-local-read',
    category: 'clients',
    description: 'a leader answers reads from its local state without confirming leadership (no ReadIndex, no log round)',
    catalogEntry: 16,
    expectedCatch: 'ReadConfirmedAfterArrival (a read answered before a majority was heard from since it arrived; round 14, first at seed 1 where ReadConfirmedInTerm was), ReadConfirmedInTerm (a read answered after a majority moved to a newer term), linearizability (a deposed leader serves a stale read)',
    expectedFailure: 'safety:ReadConfirmedAfterArrival',
    seenIn: 'aphyr "Call me maybe: etcd and Consul", jgroups-extras/jgroups-raft #208',
  },
  {
    name: 'pre-vote-raises-term',
    category: 'elections',
    description: 'with PreVote on, a node whose election timer fires raises (and persists) its term before it has a majority of pre-votes',
    catalogEntry: 8,
    expectedCatch: 'PreVoteKeepsTerm (a timer tick raised the term of a node that runs PreVote)',
    expectedFailure: 'safety:PreVoteKeepsTerm',
    seenIn: 'hashicorp/raft PR #474 (review: the pre-vote campaign still incremented the term)',
  },
  {
    name: 'check-quorum-never-reset',
    category: 'elections',
    description: 'with CheckQuorum on, a leader never forgets which peers it heard from, so one old answer counts in every later check and a cut-off leader leads on',
    catalogEntry: 8,
    expectedCatch: 'the CheckQuorum oracle, as an availability failure (a leader cut off from a majority still leads three election timeouts later)',
    expectedFailure: 'liveness:availability',
    seenIn: 'etcd-io/etcd #13527 (a network-partitioned leader did not step down)',
  },
  {
    name: 'transfer-never-aborted',
    category: 'elections',
    description: 'a leadership transfer whose target never stands is never aborted: the leader refuses every proposal from then on',
    catalogEntry: 8,
    expectedCatch: 'TransferAborted, as an availability failure (the leader still holds the transfer three election timeouts of its own ticks later), or a calm leader that owes an answer it never gives',
    expectedFailure: 'liveness:availability',
    seenIn: 'databendlabs/openraft #1747 (transfer_to sticky with no timeout: writes fail with ForwardToLeader for hours)',
  },
  {
    name: 'two-config-changes-in-flight',
    category: 'membership',
    description: 'a leader starts a membership change while another is in flight (uncommitted, or a new server still catching up)',
    expectedCatch:
      'ConfigChangeOneAtATime (the leader appends a change while the previous one is uncommitted), NodeException (a server added while a change is in flight leads a log whose newest configuration lacks it, and sends to itself as it adds itself again), or CommitSurvivesElection (two single-server changes apart, the oldest and newest configurations have disjoint majorities)',
    expectedFailure: 'safety:ConfigChangeOneAtATime',
    seenIn: 'Raft dissertation section 4.1 (the one-at-a-time rule); Ongaro, raft-dev 2015, "bug in single-server membership changes"',
  },
  {
    name: 'learner-counted-in-quorum',
    category: 'membership',
    description: 'the commit rule counts every peer the leader replicates to, a new server still catching up as a learner included',
    expectedCatch: 'CommitByVoterQuorum (the commit index passes what a majority of the voters holds by the leader\'s matchIndex), CommitSurvivesElection (an entry held by the leader and the learner alone is committed), or LeaderCompleteness once a leader without it is elected',
    expectedFailure: 'safety:CommitByVoterQuorum',
    seenIn: 'Raft dissertation section 4.2.1 (non-voting members); etcd raft learners (raft.go, quorum of voters only)',
  },
  {
    name: 'removed-leader-counts-itself',
    category: 'membership',
    description: 'a leader takes itself for a voter of every configuration: once it removed itself it still counts its own log, and never steps down',
    expectedCatch: 'CommitByVoterQuorum (the leader, no longer a voter, counts its own copy toward the commit), or CommitSurvivesElection (entries held by the leader and one voter commit; the other voters can elect a leader without them)',
    expectedFailure: 'safety:CommitByVoterQuorum',
    seenIn: 'Raft dissertation section 4.2.2 (a leader not in Cnew does not count itself in majorities)',
  },
  {
    name: 'wal-corruption-treated-as-torn-tail',
    category: 'persistence',
    description: 'recovery treats a damaged synced WAL record like a torn tail: it cuts the log there and trusts the rest',
    catalogEntry: 18,
    expectedCatch: 'a node that lost acknowledged entries stands for election or votes (StorageTrustCampaign, StorageTrustVote), and a committed entry is lost (issue 14, FAST 2018 CTRL)',
    expectedFailure: 'safety:StorageTrustVote',
    seenIn: 'Alagappan et al., FAST 2018 (LogCabin and ZooKeeper lose data on one corrupted entry); issue 14',
  },
  {
    name: 'damaged-node-votes',
    category: 'persistence',
    description: 'a node that found its storage damaged votes and campaigns before a leader has repaired it',
    catalogEntry: 18,
    expectedCatch: 'a node votes from a log that lost acknowledged entries (StorageTrust oracle)',
    expectedFailure: 'safety:StorageTrustVote',
    seenIn: 'Alagappan et al., FAST 2018, section 3 (crash-recovery treats corruption as a crash); issue 14',
  },
  {
    name: 'repair-done-before-commit',
    category: 'persistence',
    description: 'a damaged node trusts itself again on the first AppendEntries whose log check passes, before it holds the leader\'s committed entries',
    catalogEntry: 18,
    expectedCatch: 'a node votes or stands for election before it holds every committed entry (StorageTrustVote, StorageTrustCampaign)',
    expectedFailure: 'safety:StorageTrustCampaign',
    seenIn: 'Alagappan et al., FAST 2018, section 4.2 (a faulty node is fixed only with committed data from the leader); issue 14',
  },
  {
    name: 'zeroed-record-read-as-log-end',
    category: 'persistence',
    description: 'WAL recovery reads a zero-filled frame as the end of the log (a preallocated tail), so a lost write silently cuts synced records after it',
    catalogEntry: 18,
    expectedCatch: 'a node that lost acknowledged entries to a lost write trusts its log and votes or campaigns',
    expectedFailure: 'safety:StorageTrustVote',
    seenIn: 'etcd-io/etcd WAL preallocation (a zeroed record ends the read); Rebello et al., "Can applications recover from fsync failures?" (ATC 2020); issue 14',
  },
  {
    name: 'read-index-before-term-commit',
    category: 'clients',
    description: 'a new leader takes its commit index as a ReadIndex read index before an entry of its own term has committed',
    catalogEntry: 16,
    expectedCatch: 'linearizability (the read misses a write the previous leader acknowledged)',
    expectedFailure: 'linearizability',
    seenIn: 'adjoint-io/raft #41 and PR #54 (no no-op at term start, stale reads)',
  },
  {
    name: 'lease-read-before-term-commit',
    category: 'clients',
    description: 'a new leader serves lease reads as soon as a majority answers its first heartbeat round, before an entry of its term has committed',
    catalogEntry: 16,
    expectedCatch: 'linearizability (the read misses a write the previous leader acknowledged)',
    expectedFailure: 'linearizability',
    seenIn: 'adjoint-io/raft #41 and PR #54 (no no-op at term start, stale reads); dissertation section 6.4.1',
  },
  {
    name: 'hard-state-copy-never-read',
    category: 'persistence',
    description: 'recovery takes term, vote and storage trust from the WAL alone: the second hard-state copy is written but never read, so a damaged node that crashes again before its repair comes back trusting the WAL it rewrote',
    catalogEntry: 18,
    expectedCatch: 'a node still repairing a lost snapshot cannot start from its synced files (node assertion at restart or in a ghost recovery: a WAL base with no snapshot, the damage forgotten); with --no-self-checks it forgets the damage at its next restart and campaigns or votes (StorageTrustCampaign, StorageTrustVote)',
    expectedFailure: 'safety:StorageTrustVote',
    seenIn: 'Alagappan et al., FAST 2018, section 4.1 (CTRL keeps metadata twice; a single copy of it makes one corruption decide a vote); issue 14',
  },
  {
    name: 'damaged-tail-read-as-torn',
    category: 'persistence',
    description: 'WAL recovery takes a record that fails to read with nothing readable after it for a torn append and cuts it, so a lost or damaged synced record at the end of the log (an acknowledged entry, a vote) is silently dropped',
    catalogEntry: 18,
    expectedCatch: 'a node that lost its last acknowledged entries or vote trusts its log and campaigns or votes (StorageTrust oracle)',
    expectedFailure: 'safety:StorageTrustVote',
    seenIn: 'Alagappan et al., FAST 2018, section 3 (crash recovery treats a corrupted last entry as a torn write); Rebello et al., ATC 2020 (fsync failures); issue 14',
  },
  {
    name: 'transfer-keeps-proposals',
    category: 'elections',
    description: 'a leader in a leadership transfer keeps taking client proposals, so its log stays ahead of the target and writes commit on a leader that is handing over',
    catalogEntry: 8,
    expectedCatch: 'safety:TransferRefusesProposals (the leader answers ok to a request it received only during its transfer)',
    expectedFailure: 'safety:TransferRefusesProposals',
    seenIn: 'dissertation section 3.10 ("the prior leader should stop accepting new client requests"); hashicorp/raft ErrLeadershipTransferInProgress and etcd/raft ErrProposalDropped exist for it',
  },
  {
    name: 'read-index-without-heartbeat-round',
    category: 'clients',
    description: 'a ReadIndex read is answered once its index is applied, without the heartbeat round that confirms leadership',
    catalogEntry: 16,
    expectedCatch: 'linearizability (a deposed leader serves a stale read)',
    expectedFailure: 'safety:ReadConfirmedInTerm',
    seenIn: 'deventlab/d-engine #381 (read served before the quorum round); dissertation section 6.4 step 2',
  },
  {
    name: 'lease-of-own-election-timeout',
    category: 'clients',
    description: "a leader's read lease lasts its own randomized election timeout, not the minimum timeout less the clock drift: a follower that times out sooner is elected while the old leader still serves reads",
    catalogEntry: 16,
    expectedCatch: 'ReadConfirmedInTerm (a read answered after a majority moved to a newer term)',
    expectedFailure: 'safety:ReadConfirmedInTerm',
    seenIn: "armon's Consul gist and aphyr's \"Call me maybe: etcd and Consul\" (LeaderLeaseTimeout equal to HeartbeatTimeout, stale reads); dissertation section 6.4.1",
  },
] as const satisfies readonly BugEntry[];

export type BugName = (typeof BUGS)[number]['name'];

export const BUG_NAMES: readonly BugName[] = BUGS.map((bug) => bug.name);

export function isBugName(name: string): name is BugName {
  return (BUG_NAMES as readonly string[]).includes(name);
}

export function bugEntry(name: BugName): BugEntry {
  const entry = BUGS.find((bug) => bug.name === name);
  if (entry === undefined) throw new Error(`unknown bug ${name}`);
  return entry;
}
