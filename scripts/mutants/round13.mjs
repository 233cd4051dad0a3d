/**
 * Round 13's batch of the campaign, in two parts.
 *
 * MUTANTS_ROUND13_SHIPPED: bugs that implementations the earlier batches cite
 * least shipped (sofa-jraft, xraft, willemt/raft, async-raft, tikv/raft-rs and
 * TiKV, hashicorp/raft, canonical/raft, RedisLabs/raft, copycat, NuRaft,
 * Ratis, BookKeeper, goraft, dragonboat users), aimed at the files the
 * earlier 149 mutants touch least or not at all: candidate.js, check-quorum.js,
 * lease.js, membership.js, leader-stickiness.js, byte-slab.js and
 * record-framing.js. `seenIn` names the public report each is modelled on.
 *
 * MUTANTS_ROUND13_GENERIC: five slips of the kinds a grader injects by hand
 * without a source (an off-by-one in a quorum, a swapped term comparison, a
 * wrong field, a missing fsync, a forgotten reset), in files no earlier
 * mutant touched where such a slip exists there.
 *
 * Same shape as the other batches: a text patch of one BUILT file under
 * dist/src whose `find` occurs exactly once. Where a bug would reach
 * `becomeLeader` without a vote quorum, the patch fills the vote set first:
 * our node asserts that quorum itself, a user's node would not, and the
 * campaign asks whether the simulator's oracles see the leader it elects.
 */
const SHIPPED = [
  // ---- elections ------------------------------------------------------------------------------------
  {
    name: 'vote-replies-counted-not-voters',
    file: 'raft/candidate.js',
    kind: 'wrong count',
    seenIn: 'xnnyygn/xraft #27 ("Duplicate vote response can make illegal leader without a quorum": granted replies were counted, not the voters that sent them)',
    what: 'a candidate counts granted RequestVoteReplies, so a grant the network duplicates counts twice (the vote set is filled only to get past our own quorum assertion)',
    find: '    node.votes.add(from);\n    if (hasVoteQuorum(node.votes, node.cluster))\n        node.becomeLeader();',
    replace: "    node.votes.add(from);\n    const counted = node.grantedReplies?.term === node.currentTerm ? node.grantedReplies.count + 1 : 2;\n    node.grantedReplies = { term: node.currentTerm, count: counted };\n    if (counted >= Math.floor(node.cluster.length / 2) + 1 || hasVoteQuorum(node.votes, node.cluster)) {\n        for (const id of node.cluster)\n            node.votes.add(id);\n        node.becomeLeader();\n    }",
  },
  {
    name: 'leader-grants-vote-keeps-leading',
    file: 'raft/node.js',
    kind: 'missing step',
    seenIn: 'willemt/raft #10 ("Once a leader always a leader": a leader granted a vote for a newer term and went on sending AppendEntries)',
    what: 'a leader that gets a RequestVote of a newer term takes the term and may grant its vote, but does not step down: it leads on in a term it was never elected in',
    find: '        if (message.term > this.currentTerm) {\n            const leader =',
    replace: "        if (message.term > this.currentTerm && message.kind === 'RequestVote' && this.role === 'leader') {\n            this.currentTerm = message.term;\n            this.votedFor = null;\n            this.saveHardState();\n        }\n        if (message.term > this.currentTerm) {\n            const leader =",
  },
  {
    name: 'leader-denies-vote-to-transferee',
    file: 'raft/leader-stickiness.js',
    kind: 'missing case',
    seenIn: 'canonical/raft PR #139 ("Grant our vote to the transferee if we\'re currently the leader")',
    what: 'leader stickiness lets a transfer election through on followers but not on the leader that asked for it: the old leader ignores its transferee\'s RequestVote',
    find: '    if (request.term <= node.currentTerm || request.leadershipTransfer === true || !stickinessOn(node.options.features))',
    replace: "    if (request.term <= node.currentTerm || (request.leadershipTransfer === true && node.role !== 'leader') || !stickinessOn(node.options.features))",
  },
  {
    name: 'pre-vote-grant-counts-as-leader-contact',
    file: 'raft/prevote.js',
    kind: 'wrong timer',
    seenIn: 'hashicorp/raft PR #609 ("Do not update leader last-contact when granting a pre-vote request")',
    what: 'granting a pre-vote restarts the voter\'s time since it heard a leader, so it then refuses other pre-votes and ignores the RequestVote of the very candidate it pre-voted for',
    find: "    const reply = { kind: 'PreVoteReply', term: node.currentTerm, preTerm: request.term, granted };",
    replace: "    if (granted)\n        node.ticksSinceLeaderHeard = 0;\n    const reply = { kind: 'PreVoteReply', term: node.currentTerm, preTerm: request.term, granted };",
  },
  // ---- CheckQuorum and leases -------------------------------------------------------------------------
  {
    name: 'check-quorum-counts-non-voters',
    file: 'raft/check-quorum.js',
    kind: 'wrong set',
    seenIn: 'atomix/copycat PR #155 ("Ensure non-ACTIVE members are not counted towards read quorums"); eBay/NuRaft PR #92 ("Do not count to-be-removed server in quorum")',
    what: 'CheckQuorum counts every peer heard this round, a learner being caught up or a server just removed included, against a majority of the voters',
    find: '    const heardMajority = hasVoteQuorum(node.heardThisRound, node.cluster);',
    replace: '    const heardMajority = node.heardThisRound.size >= Math.floor(node.cluster.length / 2) + 1;',
  },
  {
    name: 'check-quorum-checked-every-other-timeout',
    file: 'raft/check-quorum.js',
    kind: 'wrong bound',
    seenIn: 'sofastack/sofa-jraft PR #34 ("Fix/fix stale read": the step-down check ran too seldom, so a cut-off leader outlived the election of the next one)',
    what: 'a leader checks that a majority was heard only every second election timeout',
    find: '    if (node.checkQuorumElapsed < node.electionTimeout)\n        return;',
    replace: '    if (node.checkQuorumElapsed < 2 * node.electionTimeout)\n        return;',
  },
  {
    name: 'lease-read-checks-role-only',
    file: 'raft/lease.js',
    kind: 'missing check',
    seenIn: 'sofastack/sofa-jraft #25 ("ReadLease only checks that the state is LEADER"), fixed in PR #26; tikv/tikv #964',
    what: 'once a round is confirmed and its term committed, a leader serves lease reads for as long as it believes it leads, without timing the lease',
    find: '    if (node.ticks - start < leaseTicks(node)) {',
    replace: "    if (node.role === 'leader') {",
  },
  {
    name: 'lease-ignores-clock-drift',
    file: 'raft/lease.js',
    kind: 'wrong bound',
    seenIn: 'tikv/tikv PR #1127 ("add clock drift bound checking for lease read": the lease did not take clock drift into account)',
    what: 'the lease runs the minimum election timeout less one tick on the leader\'s clock, as if clocks never drifted',
    find: '    return Math.max(0, Math.floor((timerTicks * (1 - drift)) / (1 + drift)));',
    replace: '    return Math.max(0, timerTicks + 0 * drift);',
  },
  {
    name: 'read-quorum-counts-removed-leader',
    file: 'raft/read-index.js',
    kind: 'wrong set',
    seenIn: 'RedisLabs/raft PR #3 ("Fix for quorum_msg_id function": a leader being removed was still counted in the read quorum)',
    what: 'a leader whose latest configuration removes it still counts its own round toward the majority that confirms a read',
    find: '        return cluster.length === 0 ? 0 : quorumMatchIndex(roundScratch);',
    replace: '        if (cluster.length > 0 && !cluster.includes(self))\n            return quorumMatchIndex([this.round, ...roundScratch], Math.floor(cluster.length / 2) + 1);\n        return cluster.length === 0 ? 0 : quorumMatchIndex(roundScratch);',
  },
  // ---- configurations and snapshots ---------------------------------------------------------------------
  {
    name: 'snapshot-config-misses-entry-at-its-index',
    file: 'raft/membership.js',
    kind: 'off by one',
    seenIn: 'matrixorigin/matrixone PR #23281 (dragonboat: "just after a membership config change, the latest snapshot will not contain it"); OpenAtomFoundation/pikiwidb-raft #385',
    what: 'the configuration in force at an index is taken from the entries strictly below it, so a snapshot (and the compacted base) taken right at a configuration entry keeps the configuration before it',
    find: '            if (entry.index > index)\n                break;',
    replace: '            if (entry.index >= index)\n                break;',
  },
  {
    name: 'snapshot-install-takes-own-config',
    file: 'raft/follower.js',
    kind: 'wrong value',
    seenIn: 'async-raft/async-raft #133 ("memstore saves wrong membership config in finalize_snapshot_installation": the config of its own log up to the index, not the snapshot\'s); cubefs/cubefs PR #4039 ("The peers parameter is incorrectly ignored when applying a snapshot")',
    what: 'a follower installing a snapshot takes the configuration its own log had at the snapshot index, not the one the snapshot carries',
    find: '        node.membership.installSnapshot(index, request.configuration, log.lastIndex > index);',
    replace: '        node.membership.installSnapshot(index, node.membership.votersAt(index), log.lastIndex > index);',
  },
  {
    name: 'snapshot-refused-if-not-a-member',
    file: 'raft/follower.js',
    kind: 'wrong check',
    seenIn: 'tikv/raft-rs #472 ("Snapshot gets rejected unless the node is already a part of the ConfState")',
    what: 'a node refuses an InstallSnapshot whose configuration does not name it, so a new server that needs a snapshot to catch up never can',
    find: "    const staleInstalled = node.bug['stale-snapshot-installed'] && index >= node.log.snapshotIndex;",
    replace: "    if (!request.configuration.includes(node.id)) {\n        node.send(from, { kind: 'InstallSnapshotReply', term: node.currentTerm, lastIncludedIndex: 0 });\n        return;\n    }\n    const staleInstalled = node.bug['stale-snapshot-installed'] && index >= node.log.snapshotIndex;",
  },
  {
    name: 'rejected-heartbeat-ignored',
    file: 'raft/leader.js',
    kind: 'missing step',
    seenIn: 'sofastack/sofa-jraft PR #255 (fixes #254: a failed heartbeat did not start a probe, so a follower that lost its data was never repaired)',
    what: 'a leader ignores the rejection of an AppendEntries that carried no entries, so a follower it believes caught up is probed again only when a new entry is appended',
    find: '    // Fast backoff (section 5.3): past the whole conflicting term in one step, not one entry per round trip.\n    const hinted = backoffTarget(node, reply);',
    replace: "    if (reply.entryCount === 0) {\n        mark('stale-rejection-ignored');\n        return;\n    }\n    const hinted = backoffTarget(node, reply);",
  },
  // ---- framing and buffers ----------------------------------------------------------------------------------
  {
    name: 'frame-slab-reused-while-referenced',
    file: 'storage/byte-slab.js',
    kind: 'buffer reuse',
    seenIn: 'apache/ratis PR #1113 (RATIS-2114: "Corruption due to SegmentedRaftLogWorker queues LogEntry without reference counter"); apache/bookkeeper #1737 (a reused ByteBuffer retained by the memtable corrupted entries on replay)',
    what: 'a full slab starts over from its beginning instead of a new slab, so frames still held (cached entry frames, WAL writes not yet made) are overwritten by later ones',
    find: '    if (used + length > SLAB_BYTES) {\n        slab = new Uint8Array(SLAB_BYTES);\n        used = 0;\n    }',
    replace: '    if (used + length > SLAB_BYTES) {\n        used = 0;\n    }',
  },
  {
    name: 'framed-file-checksum-not-verified',
    file: 'storage/record-framing.js',
    kind: 'missing check',
    seenIn: 'goraft/raft PR #33 ("Check checksum before load snapshot"); canonical/raft #201 (no integrity check of snapshot data files)',
    what: 'reading the snapshot file and the hard-state slots, the CRC in each frame header is not compared with the payload\'s',
    find: "        if (crc32(bytes, start, start + length) !== checksum)\n            return { payloads, validLength: offset, damage: 'corrupt' };\n",
    replace: '',
  },
];

const GENERIC = [
  {
    name: 'candidate-majority-of-peers',
    file: 'raft/candidate.js',
    kind: 'off by one (quorum)',
    seenIn: 'generic: a majority computed over the peers (the other servers) instead of the voters',
    what: 'a candidate wins once its votes are more than half of its peers: right for an odd number of voters, one vote short for an even one (4 voters: 2 votes win); the vote set is filled only to get past our own quorum assertion',
    find: '    node.votes.add(from);\n    if (hasVoteQuorum(node.votes, node.cluster))\n        node.becomeLeader();',
    replace: '    node.votes.add(from);\n    if (node.votes.size > node.peers.length / 2) {\n        for (const id of node.cluster)\n            node.votes.add(id);\n        node.becomeLeader();\n    }',
  },
  {
    name: 'stickiness-term-comparison-swapped',
    file: 'raft/leader-stickiness.js',
    kind: 'swapped comparison (terms)',
    seenIn: 'generic: <= written >= in the term guard',
    what: 'leader stickiness skips requests of newer terms (the ones it exists for) and judges only those of our term or older',
    find: '    if (request.term <= node.currentTerm || request.leadershipTransfer === true || !stickinessOn(node.options.features))',
    replace: '    if (request.term >= node.currentTerm || request.leadershipTransfer === true || !stickinessOn(node.options.features))',
  },
  {
    name: 'wal-base-term-read-from-index',
    file: 'storage/wal-record.js',
    kind: 'wrong field',
    seenIn: 'generic: a decoder reads the wrong element of the record',
    what: 'decoding a compacted WAL\'s base record, the base term is read from the index field',
    find: "        return { type: 'base', index: value.b[0], term: value.b[1] };",
    replace: "        return { type: 'base', index: value.b[0], term: value.b[0] };",
  },
  {
    name: 'hard-state-slot-not-fsynced',
    file: 'storage/hard-state-copies.js',
    kind: 'missing persist before a reply',
    seenIn: 'generic: a write without its fsync before the messages that depend on it leave',
    what: 'the redundant hard-state slot is written but never fsynced, so the copy that must survive a damaged WAL may be lost in a crash',
    find: "        effects.push({ kind: 'fsync', file });",
    replace: '',
  },
  {
    name: 'check-quorum-round-timer-not-reset',
    file: 'raft/check-quorum.js',
    kind: 'forgotten reset',
    seenIn: 'generic: a round timer that is not restarted when its round ends',
    what: 'after its first CheckQuorum round the leader checks at every tick, so it must hear from a majority within each tick or step down',
    find: '    node.checkQuorumElapsed = 0;\n    node.heardThisRound.add(node.id);',
    replace: '    node.heardThisRound.add(node.id);',
  },
];

export const MUTANTS_ROUND13 = [...SHIPPED, ...GENERIC];
